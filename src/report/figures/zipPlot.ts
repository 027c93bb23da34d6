/**
 * The zip plot of one condition (Morris, White & Crowther 2019, §5.2 and Fig. 5): every replication's interval
 * drawn as a horizontal bar, ranked by |θ̂ᵢ − θ|/SEᵢ and placed at its fractional centile (0–100) on the y axis,
 * coloured by whether it covers the target θ (a vertical line). The intervals that miss are at the top; with
 * exact coverage they are the top (1 − level) of the bars, and a horizontal line marks that centile. An interval
 * that misses on one side only shows bias, too narrow intervals a dense band of misses; k-means' intervals read
 * against the truth miss all on one side. One panel per estimator × method × target.
 */
import type { IntervalMethod, TargetName } from '../../performance/measureAccess.js';
import type { ReplicationRow } from '../../results/rows.js';
import type { Summary } from '../../results/summary.js';
import { estimandLabel } from '../estimandLabels.js';
import { figureId, type Figure } from '../figure.js';
import { formatInt, formatNumber } from '../format.js';
import { findMixture } from '../theory.js';
import { coverageSeries, nominalLevel, type CoverageSeries } from './coverage.js';

/** One bar of the plot. */
export interface ZipBar {
  readonly series: string;
  /** 100·rank/R of |z| among the series' replications (the largest |z| at the top). */
  readonly centile: number;
  readonly lower: number;
  readonly upper: number;
  readonly covers: 'covers' | 'misses';
  readonly target: number;
}

/** The bars of one series: the replications used with a finite interval, ranked by |θ̂ − θ|/SE. */
export function zipBars(rows: readonly ReplicationRow[], condition: string, estimand: string, s: CoverageSeries, target: number): ZipBar[] {
  const items: { z: number; lower: number; upper: number }[] = [];
  for (const r of rows) {
    if (r.condition !== condition || r.estimator !== s.estimator || r.status !== 'ok') continue;
    const est = r.values[estimand];
    const iv = r.inference?.[s.interval]?.values[estimand];
    if (typeof est !== 'number' || iv === undefined || iv.se === null || iv.lower === null || iv.upper === null || !(iv.se > 0)) continue;
    items.push({ z: Math.abs(est - target) / iv.se, lower: iv.lower, upper: iv.upper });
  }
  items.sort((a, b) => a.z - b.z);
  const R = items.length;
  return items.map((it, i) => ({
    series: s.label,
    centile: (100 * (i + 1)) / R,
    lower: it.lower,
    upper: it.upper,
    covers: it.lower <= target && target <= it.upper ? 'covers' : 'misses',
    target,
  }));
}

/** The zip plot of `estimand` at `condition`, or null when no series has intervals there. */
export function zipPlotFigure(summary: Summary, rows: readonly ReplicationRow[], mixture: string, n: number, estimand: string): Figure | null {
  const level = nominalLevel(summary);
  const cellsHere = summary.cells.filter((c) => c.mixture === mixture && c.n === n && c.estimand === estimand);
  const condition = cellsHere[0]?.condition;
  if (level === null || condition === undefined) return null;
  const targetOf = (s: CoverageSeries): number | null => {
    const cell = cellsHere.find((c) => c.estimator === s.estimator);
    return cell === undefined ? null : s.target === 'truth' ? cell.truth : cell.limit;
  };
  const series = coverageSeries(summary, mixture, estimand).filter((s) => targetOf(s) !== null);
  const bars = series.flatMap((s) => zipBars(rows, condition, estimand, s, targetOf(s) as number));
  if (bars.length === 0) return null;
  const m = findMixture(summary, mixture);
  const label = estimandLabel(estimand, m.d, m.K);
  const title = `Zip plot of the intervals for the ${label.name}, n = ${formatInt(n)}`;
  const caption =
    `Each horizontal bar is one replication’s ${formatNumber(100 * level)}% interval for the ${label.name} ${label.symbol} at n = ${formatInt(n)}, ` +
    'ranked by |estimate − target|/SE and placed at its centile of that ranking (Morris, White & Crowther 2019, Fig. 5); blue bars cover the ' +
    `target (the vertical line), orange ones miss it. With exact coverage the misses fill the top ${formatNumber(100 * (1 - level))}% (above the ` +
    'horizontal line); misses on one side only mean a biased estimator, a wide band of misses intervals that are too narrow. One panel per ' +
    'estimator, interval method and target; the horizontal scale is each panel’s own.';
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: caption,
    title: { text: title, anchor: 'start', fontSize: 14 },
    background: 'white',
    padding: 8,
    data: { values: bars.map((b) => ({ ...b })) },
    facet: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.label) },
    columns: Math.min(3, series.length),
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 200,
      height: 220,
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 1 },
          encoding: {
            y: { field: 'centile', type: 'quantitative', title: 'centile of |z|', scale: { domain: [0, 100] } },
            x: { field: 'lower', type: 'quantitative', title: `interval for ${label.symbol}`, scale: { zero: false } },
            x2: { field: 'upper' },
            color: { field: 'covers', type: 'nominal', title: 'interval', scale: { domain: ['covers', 'misses'], range: ['#0072B2', '#D55E00'] } },
          },
        },
        { mark: { type: 'rule', color: '#000000', strokeWidth: 1.5 }, encoding: { x: { aggregate: 'min', field: 'target', type: 'quantitative' } } },
        { mark: { type: 'rule', color: '#444444', strokeDash: [4, 3] }, encoding: { y: { datum: 100 * level, type: 'quantitative' } } },
      ],
    },
    config: {
      axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal', grid: false },
      legend: { orient: 'bottom', labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
      header: { labelFontSize: 11 },
    },
  };
  return { id: figureId('zip', estimand, mixture, `n${n}`), title, caption, spec: spec as Figure['spec'], pngScale: 1.5 };
}

export type { IntervalMethod, TargetName };
