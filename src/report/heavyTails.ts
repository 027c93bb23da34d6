/**
 * Cells whose estimates are heavy-tailed, named in the report. The MCSEs of the empirical SE, the RMSE and the
 * MSE are valid whatever the distribution of the estimates (jackknife and SE of a mean, src/performance/mcse.ts),
 * but when the spread comes from a few far-off replications (EM near a merging-components ridge at small n), one
 * study's MCSE is itself very uncertain: in the canonical study at n = 200 and R = 100 (sample kurtosis ≈ 30) the
 * SD of the EmpSE across studies was 1.4 times the mean reported MCSE, though the root-mean-square MCSE matched it
 * (README "Monte Carlo SEs"). The report says where this applies, so no MCSE there is read as sharper than it is.
 * Kurtosis is m₄/m₂² of the used estimates (3 for a normal distribution).
 */
import { DIAGNOSTICS, FIT_DIAGNOSTICS_PREFIX } from '../estimands/names.js';
import { moments } from '../performance/moments.js';
import type { ReplicationRow } from '../results/rows.js';
import type { Inline } from './document.js';
import { formatNumber } from './format.js';

/** Above this kurtosis the MCSE of a spread measure rests on a handful of replications at the usual R (≤ 1000). */
export const HEAVY_TAIL_KURTOSIS = 10;

export interface HeavyTailedCell {
  readonly condition: string;
  readonly estimator: string;
  readonly estimand: string;
  readonly kurtosis: number;
  readonly replications: number;
}

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);

/** Every (condition, estimator, estimand) cell of `rows` whose finite estimates have kurtosis above the threshold, largest first. */
export function heavyTailedCells(rows: readonly ReplicationRow[], threshold = HEAVY_TAIL_KURTOSIS): HeavyTailedCell[] {
  const groups = new Map<string, { condition: string; estimator: string; estimand: string; values: number[] }>();
  for (const row of rows) {
    for (const [estimand, v] of Object.entries(row.values)) {
      // Diagnostics, the fixed ones and an estimator's own (`diag.`: R̂, ESS), are not estimates.
      if (DIAGNOSTIC_KEYS.has(estimand) || estimand.startsWith(FIT_DIAGNOSTICS_PREFIX) || v === null || !Number.isFinite(v)) continue;
      const key = `${row.condition}\u0000${row.estimator}\u0000${estimand}`;
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = { condition: row.condition, estimator: row.estimator, estimand, values: [] }));
      g.values.push(v);
    }
  }
  const out: HeavyTailedCell[] = [];
  for (const g of groups.values()) {
    const { R, ss, s4 } = moments(g.values);
    if (R < 4 || !(ss > 0)) continue;
    const kurtosis = (R * s4) / (ss * ss); // (s4/R) / (ss/R)²
    if (kurtosis > threshold) out.push({ condition: g.condition, estimator: g.estimator, estimand: g.estimand, kurtosis, replications: R });
  }
  return out.sort((a, b) => b.kurtosis - a.kurtosis);
}

/** The report's paragraph, or null when no cell is heavy-tailed. */
export function heavyTailText(rows: readonly ReplicationRow[]): Inline[] | null {
  const cells = heavyTailedCells(rows);
  if (cells.length === 0) return null;
  const shown = cells.slice(0, 5).map((c) => `${c.estimator} ${c.estimand} at ${c.condition} (kurtosis ${formatNumber(c.kurtosis, 3)}, R = ${c.replications})`);
  return [
    { em: 'Heavy tails.' },
    ` In ${cells.length} cell${cells.length === 1 ? '' : 's'} the estimates have a sample kurtosis above ${HEAVY_TAIL_KURTOSIS} (a normal distribution has 3): `,
    shown.join('; '),
    cells.length > shown.length ? `; and ${cells.length - shown.length} more` : '',
    '. There the empirical SE, RMSE and MSE are driven by a few far-off replications, and their MCSEs, though unbiased in the mean square, ',
    'vary a lot from study to study (at R = 100 and kurtosis ≈ 30 by about a factor of 2; README "Monte Carlo SEs"): read them as rough, and raise R where they matter.',
  ];
}
