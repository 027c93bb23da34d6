/**
 * The report's account of a run with precision targets (src/runner/precision.ts): per condition the R it
 * stopped at, whether it met its targets (or reached the cap), and the MCSE furthest from its target there,
 * read from summary.json's `precision` block. Null for a fixed-R run.
 */
import type { Summary } from '../results/summary.js';
import type { Table } from './document.js';
import { formatInt, formatNumber } from './format.js';

export function precisionTable(summary: Summary): Table | null {
  const p = summary.precision;
  if (p === undefined) return null;
  const nOf = new Map(summary.cells.map((c) => [c.condition, { mixture: c.mixture, n: c.n }]));
  const several = summary.mixtures.length > 1;
  return {
    id: 'table-precision',
    caption:
      `Replications per condition, run in batches of ${formatInt(p.batch)} until every precision target was met ` +
      `(at most ${formatInt(p.maxReplications)}).`,
    columns: [
      ...(several ? [{ header: 'mixture', align: 'left' as const }] : []),
      { header: 'n', align: 'right' },
      { header: 'R', align: 'right' },
      { header: 'target met', align: 'left' },
      { header: 'worst MCSE (target)', align: 'left' },
    ],
    rows: p.conditions.map((c) => {
      const at = nOf.get(c.condition);
      const w = c.worst;
      const worst = w === null ? '—' : `${w.estimator} ${w.measure} of ${w.estimand}: ${formatNumber(w.mcse)} (≤ ${formatNumber(w.target)})`;
      return [...(several ? [at?.mixture ?? c.condition] : []), at === undefined ? c.condition : formatInt(at.n), formatInt(c.replications), c.met ? 'yes' : 'no: cap reached', worst];
    }),
    note:
      'Each condition was judged only at the end of a complete batch, from its own replications, so R does not depend on ' +
      'worker count or resumes; stopping on an estimated MCSE is a small sequential rule (README "Precision targets"). ' +
      `Each condition's measures use its own R; where this report names one R (${formatInt(summary.replications)}), it is the largest.`,
  };
}
