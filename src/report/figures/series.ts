/**
 * The data behind the "measure vs n" figures: one point per (n, estimator) taken from the summary's cells,
 * with its Monte Carlo interval and a slightly shifted plotting position so the error bars of different
 * estimators at the same n do not hide each other (the tooltip still shows the true n).
 */
import type { ValueWithMcse } from '../../performance/types.js';
import type { Summary, SummaryCell } from '../../runner/summary.js';
import { formatEstimate } from '../format.js';

/** Which performance measure of a cell: the mean estimate, or a measure against the truth. */
export type Measure = 'mean' | 'empSE' | 'bias' | 'rmse';

export function measureOf(cell: SummaryCell, measure: Measure): ValueWithMcse {
  switch (measure) {
    case 'mean':
      return cell.mean;
    case 'empSE':
      return cell.empSE;
    case 'bias':
      return cell.vsTruth.bias;
    case 'rmse':
      return cell.vsTruth.rmse;
  }
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
      const { value, mcse } = measureOf(cell, opts.measure);
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
