/**
 * The data behind the "measure vs n" figures: one point per (n, estimator) taken from the summary's cells,
 * with its Monte Carlo interval and a slightly shifted plotting position so the error bars of different
 * estimators at the same n do not hide each other (the tooltip still shows the true n).
 */
import { measureByKey, notAvailable, readMeasure, type MeasureKey, type TargetName } from '../../performance/measureAccess.js';
import type { ValueWithMcse } from '../../performance/types.js';
import type { Summary, SummaryCell } from '../../results/summary.js';
import { formatEstimate } from '../format.js';

/** Which performance measure of a cell: a key of the measure table (src/performance/measures.ts). */
export type Measure = MeasureKey;

/** A measure of a cell, a 'target' measure against `target` (the truth by default); all null where undefined. */
export function measureOf(cell: SummaryCell, measure: Measure, target: TargetName = 'truth'): ValueWithMcse {
  const spec = measureByKey(measure);
  return readMeasure(cell, spec, target) ?? notAvailable(spec);
}

export interface SeriesPoint {
  readonly estimator: string;
  readonly method: string;
  readonly n: number;
  /** Plotting position: n shifted by a small factor per estimator (log scale). */
  readonly x: number;
  readonly value: number;
  readonly mcse: number | null;
  /** value − k·MCSE and value + k·MCSE (both = value when the MCSE is undefined). */
  readonly lo: number;
  readonly hi: number;
  readonly nUsed: number;
  readonly nTotal: number;
  /** "2.357 ± 0.049" for tooltips. */
  readonly text: string;
}

export interface SeriesOptions {
  readonly mixture: string;
  readonly estimand: string;
  readonly measure: Measure;
  /** The target of a 'target' measure (default the truth). */
  readonly target?: TargetName;
  /** Half-width of the interval in MCSEs (2 for ≈95%, 1 for ±MCSE). */
  readonly mcseMultiple: number;
  /** Log-scale axis: a lower end ≤ 0 is raised to the value itself (only the upper half-bar is drawn). */
  readonly positive?: boolean;
  /** Total spread of the dodge in decades of n (default 0.03). */
  readonly dodge?: number;
}

/** Points in config order of estimators, then n; cells whose measure is undefined are left out. */
export function seriesOf(summary: Summary, opts: SeriesOptions): SeriesPoint[] {
  const estimators = summary.estimators.map((e) => e.id);
  const m = estimators.length;
  const spread = opts.dodge ?? 0.03;
  const points: SeriesPoint[] = [];
  for (const [i, estimator] of estimators.entries()) {
    const factor = m > 1 ? 10 ** (spread * (i / (m - 1) - 0.5)) : 1;
    for (const cell of summary.cells) {
      if (cell.mixture !== opts.mixture || cell.estimand !== opts.estimand || cell.estimator !== estimator) continue;
      const { value, mcse } = measureOf(cell, opts.measure, opts.target);
      if (value === null || !Number.isFinite(value)) continue;
      if (opts.positive === true && !(value > 0)) continue;
      const half = mcse !== null && Number.isFinite(mcse) ? opts.mcseMultiple * mcse : 0;
      let lo = value - half;
      if (opts.positive === true && !(lo > 0)) lo = value;
      points.push({
        estimator,
        method: cell.method,
        n: cell.n,
        x: cell.n * factor,
        value,
        mcse,
        lo,
        hi: value + half,
        nUsed: cell.nUsed,
        nTotal: cell.nTotal,
        text: formatEstimate(value, mcse),
      });
    }
  }
  const order = new Map(estimators.map((id, i) => [id, i]));
  return points.sort((a, b) => (order.get(a.estimator) ?? 0) - (order.get(b.estimator) ?? 0) || a.n - b.n);
}
