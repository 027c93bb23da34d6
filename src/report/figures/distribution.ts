/**
 * The spread of the per-replication estimates at each n (from `replications.ndjson`, not the summary): median,
 * interquartile range and central 95% range per estimator. Where the mean-vs-n figure shows where estimates
 * are centred, this one shows k-means concentrating ever more tightly around its limit rather than the truth.
 */
import type { ReplicationRow } from '../../results/rows.js';
import type { Summary } from '../../results/summary.js';
import { estimandLabel } from '../estimandLabels.js';
import { figureId, type Figure } from '../figure.js';
import { formatInt, formatNumber } from '../format.js';
import { estimatorScales, estimatorStyles } from '../palette.js';
import { findMixture, kmeansLimitOf, truthOf } from '../theory.js';
import { estimatorLayers, frameOf, horizontal, layeredSpec, xEncoding, yEncoding, type AxisOptions, type Layer, type Reference } from './layers.js';
import { REFERENCE_DASH } from './measureFigures.js';

/** Sample quantile, linear interpolation between order statistics (Hyndman & Fan 1996 type 7, R's default). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface DistributionPoint {
  readonly estimator: string;
  readonly n: number;
  readonly x: number;
  readonly count: number;
  readonly q025: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly q975: number;
}

/** Quantiles of the status-ok, finite values of `estimand` per (n, estimator) of one mixture. */
export function distributionOf(summary: Summary, rows: readonly ReplicationRow[], mixtureId: string, estimand: string, dodge = 0.03): DistributionPoint[] {
  const conditions = new Map<string, number>();
  for (const c of summary.cells) if (c.mixture === mixtureId) conditions.set(c.condition, c.n);
  const estimators = summary.estimators.map((e) => e.id);
  const groups = new Map<string, number[]>();
  for (const row of rows) {
    if (row.status !== 'ok' || !conditions.has(row.condition)) continue;
    const v = row.values[estimand];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const key = `${row.condition}\u0000${row.estimator}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [v]);
    else list.push(v);
  }
  const m = estimators.length;
  const out: DistributionPoint[] = [];
  for (const [i, estimator] of estimators.entries()) {
    const factor = m > 1 ? 10 ** (dodge * (i / (m - 1) - 0.5)) : 1;
    for (const [condition, n] of [...conditions].sort((a, b) => a[1] - b[1])) {
      const values = groups.get(`${condition}\u0000${estimator}`);
      if (values === undefined) continue;
      const s = [...values].sort((a, b) => a - b);
      out.push({ estimator, n, x: n * factor, count: s.length, q025: quantile(s, 0.025), q25: quantile(s, 0.25), median: quantile(s, 0.5), q75: quantile(s, 0.75), q975: quantile(s, 0.975) });
    }
  }
  return out;
}

export interface DistributionFigureOptions {
  readonly mixture: string;
  readonly estimand?: string;
}

/** Median (point), IQR (thick bar) and 2.5–97.5% range (thin bar) per n and estimator, with truth and limit. */
export function distributionFigure(summary: Summary, rows: readonly ReplicationRow[], opts: DistributionFigureOptions): Figure {
  const estimand = opts.estimand ?? 'separation';
  const mixture = findMixture(summary, opts.mixture);
  const label = estimandLabel(estimand, mixture.d, mixture.K);
  const styles = estimatorStyles(summary.estimators.map((e) => e.id));
  const scales = estimatorScales(styles);
  const frame = frameOf(summary.n);
  const truth = truthOf(summary, mixture.id, estimand);
  const limit = kmeansLimitOf(summary, mixture.id, estimand);
  const points = distributionOf(summary, rows, mixture.id, estimand);
  const y: AxisOptions = { title: `${label.estimate}, per replication` };
  const refs: Reference[] = [];
  const notes: string[] = [];
  if (truth !== null) {
    refs.push(horizontal(`truth ${label.symbol} = ${formatNumber(truth)}`, truth, REFERENCE_DASH.truth, frame));
    notes.push(`the true value ${formatNumber(truth)} (dotted)`);
  }
  if (limit !== null) {
    refs.push(horizontal(`k-means population limit = ${formatNumber(limit)}`, limit, REFERENCE_DASH.limit, frame));
    notes.push(`the k-means population limit ${formatNumber(limit)} (dashed)`);
  }
  // The thin 2.5–97.5% bars come from the shared estimator layers (lo/hi); the IQR is an extra thick rule.
  const layers = estimatorLayers(
    points.map((p) => ({ ...p, value: p.median, lo: p.q025, hi: p.q975 })),
    styles,
    frame,
    y,
    [
      { field: 'estimator', type: 'nominal', title: 'estimator' },
      { field: 'n', type: 'quantitative', title: 'n', format: ',' },
      { field: 'count', type: 'quantitative', title: 'successful fits' },
      { field: 'median', type: 'quantitative', title: 'median', format: '.4~g' },
      { field: 'q25', type: 'quantitative', title: '25%', format: '.4~g' },
      { field: 'q75', type: 'quantitative', title: '75%', format: '.4~g' },
      { field: 'q025', type: 'quantitative', title: '2.5%', format: '.4~g' },
      { field: 'q975', type: 'quantitative', title: '97.5%', format: '.4~g' },
    ],
    { line: false },
  );
  const iqr: Layer = {
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'rule', strokeWidth: 5 },
    encoding: {
      x: xEncoding(frame),
      y: yEncoding('q25', y),
      y2: { field: 'q75' },
      color: { field: 'estimator', type: 'nominal', title: 'estimator', scale: scales.colour },
    },
  };
  layers.splice(1, 0, iqr);
  const where = summary.mixtures.length > 1 ? ` — ${mixture.id}` : '';
  const title = `Distribution of ${label.estimate} across replications${where}`;
  const caption =
    `Spread of the per-replication estimates of the ${label.name} ${label.symbol} among the fits with status ok ` +
    `(up to ${formatInt(summary.replications)} per sample size): median (point), interquartile range (thick bar) and ` +
    `2.5–97.5% range (thin bar), sample quantiles with linear interpolation.` +
    (notes.length > 0 ? ` Grey reference lines: ${notes.join('; ')}.` : '');
  return { id: figureId('distribution', estimand, mixture.id), title, caption, spec: layeredSpec(title, caption, refs, frame, y, layers) };
}
