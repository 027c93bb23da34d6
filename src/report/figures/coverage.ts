/**
 * Coverage of the confidence intervals against n (Morris, White & Crowther 2019, §5.2, Fig. 4): for one
 * estimand, one series per estimator × interval method × target (the truth, and for k-means its population
 * limit), each point the estimated coverage with ±2 MCSE error bars, a solid line at the nominal level and dashed
 * lines at level ± 2·√(level(1 − level)/R), the band in which an interval of exactly nominal coverage would
 * land 95 % of the time. Functions of the summary only, so the paper reuses them.
 */
import type { IntervalMethod, TargetName } from '../../performance/measureAccess.js';
import { readMeasure, measureByKey } from '../../performance/measureAccess.js';
import type { Summary, SummaryCell } from '../../results/summary.js';
import { estimandLabel } from '../estimandLabels.js';
import { figureId, type Figure } from '../figure.js';
import { formatEstimate, formatInt, formatNumber } from '../format.js';
import { estimatorStyles } from '../palette.js';
import { findMixture } from '../theory.js';
import { estimatorLayers, frameOf, horizontal, layeredSpec, type AxisOptions, type Reference, type TooltipField } from './layers.js';

/** One plotted series: an estimator's intervals of one method judged against one target. */
export interface CoverageSeries {
  readonly estimator: string;
  readonly interval: IntervalMethod;
  readonly target: TargetName;
  /** Legend text: `kmeans wald → truth`. */
  readonly label: string;
}

const TARGET_ORDER: readonly TargetName[] = ['truth', 'limit'];

/** The series a summary holds for `estimand` of `mixture`, in config order of estimators, then method, then target. */
export function coverageSeries(summary: Summary, mixture: string, estimand: string): CoverageSeries[] {
  const out: CoverageSeries[] = [];
  const cells = summary.cells.filter((c) => c.mixture === mixture && c.estimand === estimand);
  for (const e of summary.estimators) {
    const mine = cells.filter((c) => c.estimator === e.id && c.inference !== undefined);
    const methods = new Set(mine.flatMap((c) => Object.keys(c.inference ?? {}) as IntervalMethod[]));
    for (const interval of ['wald', 'percentile', 'basic', 'credible'] as const) {
      if (!methods.has(interval)) continue;
      for (const target of TARGET_ORDER) {
        if (!mine.some((c) => coverageOf(c, interval, target) !== null)) continue;
        out.push({ estimator: e.id, interval, target, label: `${e.id} ${interval} → ${target}` });
      }
    }
  }
  return out;
}

/** The stored coverage of one cell (null where absent). */
export function coverageOf(cell: SummaryCell, interval: IntervalMethod, target: TargetName): { value: number; mcse: number | null } | null {
  const v = readMeasure(cell, measureByKey('coverage'), target, interval);
  return v === null || v.value === null ? null : { value: v.value, mcse: v.mcse };
}

/** The nominal level of the intervals (null when the summary has none). */
export function nominalLevel(summary: Summary): number | null {
  for (const c of summary.cells) for (const set of Object.values(c.inference ?? {})) if (set !== undefined) return set.level;
  return null;
}

/** The coverage figure of `estimand` in `mixture`, or null without intervals; `only` restricts the series. */
export function coverageFigure(summary: Summary, mixture: string, estimand: string, only?: (s: CoverageSeries) => boolean): Figure | null {
  const series = coverageSeries(summary, mixture, estimand).filter((s) => only === undefined || only(s));
  const level = nominalLevel(summary);
  if (series.length === 0 || level === null) return null;
  const m = findMixture(summary, mixture);
  const label = estimandLabel(estimand, m.d, m.K);
  const frame = frameOf(summary.n);
  const styles = estimatorStyles(series.map((s) => s.label));
  const spread = 0.04;
  const points = series.flatMap((s, i) => {
    const factor = series.length > 1 ? 10 ** (spread * (i / (series.length - 1) - 0.5)) : 1;
    return summary.cells
      .filter((c) => c.mixture === mixture && c.estimand === estimand && c.estimator === s.estimator)
      .flatMap((c) => {
        const cov = coverageOf(c, s.interval, s.target);
        if (cov === null) return [];
        const half = cov.mcse === null ? 0 : 2 * cov.mcse;
        return [{ estimator: s.label, method: c.method, n: c.n, x: c.n * factor, value: cov.value, lo: Math.max(0, cov.value - half), hi: Math.min(1, cov.value + half), text: formatEstimate(cov.value, cov.mcse), nUsed: c.inference?.[s.interval]?.nUsed ?? 0 }];
      });
  });
  const R = summary.replications;
  const band = 2 * Math.sqrt((level * (1 - level)) / R);
  const refs: Reference[] = [
    horizontal(`nominal ${formatNumber(level)}`, level, [1, 0], frame),
    horizontal(`nominal + 2 MCSE (R = ${formatInt(R)})`, Math.min(1, level + band), [5, 3], frame),
    horizontal(`nominal − 2 MCSE (R = ${formatInt(R)})`, Math.max(0, level - band), [2, 2], frame),
  ];
  const y: AxisOptions = { title: 'coverage' };
  const tooltip: TooltipField[] = [
    { field: 'estimator', type: 'nominal', title: 'series' },
    { field: 'n', type: 'quantitative', title: 'n', format: ',' },
    { field: 'text', type: 'nominal', title: 'coverage ± MCSE' },
    { field: 'nUsed', type: 'quantitative', title: 'replications with an interval' },
  ];
  const where = summary.mixtures.length > 1 ? ` — ${mixture}` : '';
  const title = `Coverage of ${formatNumber(100 * level)}% intervals for the ${label.name}${where}`;
  const caption =
    `Share of the replications whose ${formatNumber(100 * level)}% interval for the ${label.name} ${label.symbol} contains the target, against n, ` +
    'per estimator, interval method (wald: estimate ± z·SE from the estimator’s own covariance, the delta method; percentile and basic: ' +
    'the bootstrap; credible: posterior draws) and target (the truth; for k-means also its population limit, which is what its intervals are ' +
    `consistent for: the same interval read as one for the truth is the naive one). Error bars span ±2 Monte Carlo SEs (binomial); the solid line is ` +
    `the nominal level and the dashed and dotted lines nominal ± 2·√(level(1 − level)/R), R = ${formatInt(R)}, where an exactly calibrated interval’s ` +
    'estimated coverage falls 95 % of the time (Morris, White & Crowther 2019).';
  const layers = estimatorLayers(points, styles, frame, y, tooltip);
  const spec = layeredSpec(title, caption, refs, frame, y, layers);
  return { id: figureId('coverage', estimand, mixture), title, caption, spec };
}
