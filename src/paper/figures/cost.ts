/**
 * Figure 5, cost: wall time per fit against n (median and interquartile range over replications, from
 * timings.ndjson) for exact 1-D k-means, Lloyd's k-means and EM, and the iterations each iterative method
 * needs (mean ± 2 MCSE from the summary). Times are machine- and load-dependent; the caption says where and
 * under what load they were measured.
 */
import type { ValueWithMcse } from '../../performance/types.js';
import { quantile } from '../../report/figures/distribution.js';
import { formatInt } from '../../report/format.js';
import { cell, nMax, nMin, requireEstimator } from '../cells.js';
import { num, pm } from '../numbers.js';
import { concatSpec, dodge, nDomain, referenceLayer, seriesLayers, type AxisSpec, type Panel, type Reference } from '../spec.js';
import { KMEANS, LLOYD, MLE, REF_DASH, seriesScales, type SeriesStyle } from '../style.js';
import type { PaperFigure, PaperInputs } from '../types.js';

interface TimeStats {
  readonly count: number;
  readonly median: number;
  readonly q25: number;
  readonly q75: number;
  readonly mean: ValueWithMcse;
}

function stats(xs: number[]): TimeStats {
  const s = [...xs].sort((a, b) => a - b);
  const R = s.length;
  const mean = s.reduce((a, x) => a + x, 0) / R;
  const sd = R > 1 ? Math.sqrt(s.reduce((a, x) => a + (x - mean) ** 2, 0) / (R - 1)) : NaN;
  return { count: R, median: quantile(s, 0.5), q25: quantile(s, 0.25), q75: quantile(s, 0.75), mean: { value: mean, mcse: R > 1 ? sd / Math.sqrt(R) : null } };
}

/** Milliseconds, two significant digits on their own, or with the MCSE's precision. */
const ms = (s: number): string => `${num(s * 1000, 2)} ms`;
const msPm = (v: ValueWithMcse): string => `${pm({ value: v.value === null ? null : v.value * 1000, mcse: v.mcse === null ? null : v.mcse * 1000 })} ms`;

export function costFigure(inputs: PaperInputs): PaperFigure {
  const { summary, timings, manifest } = inputs.results.cost;
  requireEstimator(summary, 'kmeans', ['kmeans-exact']);
  requireEstimator(summary, 'lloyd', ['kmeans']);
  requireEstimator(summary, 'mle', ['em']);
  const mixture = summary.mixtures[0];
  const ids = ['kmeans', 'lloyd', 'mle'];
  const styles: SeriesStyle[] = [
    { ...KMEANS, label: 'k-means, exact 1-D (sort + scan)' },
    { ...LLOYD, label: 'k-means, Lloyd (one k-means++ start)' },
    MLE,
  ];
  const nOf = new Map(summary.cells.map((c) => [c.condition, c.n]));
  const groups = new Map<string, number[]>();
  for (const t of timings) {
    const n = nOf.get(t.condition);
    if (n === undefined || !Number.isFinite(t.seconds)) continue;
    const key = `${t.estimator}|${n}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [t.seconds]);
    else list.push(t.seconds);
  }
  const statsOf = (id: string, n: number): TimeStats => {
    const xs = groups.get(`${id}|${n}`);
    if (xs === undefined || xs.length === 0) throw new Error(`${summary.name}: no timings for ${id} at n = ${n}`);
    return stats(xs);
  };
  const domain = nDomain(summary.n);
  const x: AxisSpec = { field: 'x', title: 'sample size n (log scale)', log: true, domain, format: ',' };
  const yT: AxisSpec = { field: 'value', title: 'seconds per fit (log scale)', log: true };
  const timeValues = ids.flatMap((id, i) =>
    summary.n.map((n) => {
      const s = statsOf(id, n);
      return { series: styles[i].label, n, x: dodge(n, i, ids.length, 0.04), value: s.median, lo: s.q25, hi: s.q75, text: `${ms(s.median)} (IQR ${ms(s.q25)}–${ms(s.q75)})`, mean: msPm(s.mean) };
    }),
  );
  const N = nMax(summary);
  const n0 = nMin(summary);
  const anchor = statsOf('mle', N).median;
  const refs: Reference[] = [{ label: 'time ∝ n (through the MLE at the largest n)', dash: REF_DASH.truth, points: domain.map((n) => ({ x: n, y: (anchor * n) / N })) }];
  const scales = seriesScales(styles);
  const panelTime: Panel = {
    title: 'wall time per fit: median and interquartile range',
    width: 380,
    layer: [
      referenceLayer(refs, x, yT, 'guide'),
      ...seriesLayers(timeValues, x, yT, scales, [
        { field: 'series', title: 'estimator' },
        { field: 'n', title: 'n', type: 'quantitative', format: ',' },
        { field: 'text', title: 'median (IQR)' },
        { field: 'mean', title: 'mean ± MCSE' },
      ]),
    ],
  };
  const yI: AxisSpec = { field: 'value', title: 'iterations (mean ± 2 MCSE)', zero: true };
  const iterValues = ['lloyd', 'mle'].flatMap((id) => {
    const i = ids.indexOf(id);
    return summary.n.map((n) => {
      const c = cell(summary, mixture.id, n, id, 'iterations');
      const v = c.mean.value ?? NaN;
      const h = 2 * (c.mean.mcse ?? 0);
      return { series: styles[i].label, n, x: dodge(n, i, ids.length, 0.04), value: v, lo: v - h, hi: v + h, text: pm(c.mean) };
    });
  });
  const panelIter: Panel = {
    title: 'iterations (Lloyd steps; EM passes over the data)',
    width: 330,
    layer: seriesLayers(iterValues, x, yI, scales, [
      { field: 'series', title: 'estimator' },
      { field: 'n', title: 'n', type: 'quantitative', format: ',' },
      { field: 'text', title: 'mean ± MCSE' },
    ]),
  };

  const env = manifest.environment;
  const workers = [...new Set(manifest.sessions.filter((s) => s.tasksRun > 0).map((s) => s.workers))].join(', ');
  const load = inputs.costLoad;
  const loadText =
    load === null
      ? 'The load of the machine during the run was not recorded.'
      : `1-minute load average ${num(load.before[0], 2)} before and ${num(load.after[0], 2)} after the run on ${load.cores} cores (other processes compete for the CPU when it exceeds the core count).`;
  const at = (id: string, n: number) => statsOf(id, n);
  const it = (id: string, n: number) => cell(summary, mixture.id, n, id, 'iterations').mean;
  const mEm = at('mle', N).mean;
  const mKm = at('kmeans', N).mean;
  const ratio: ValueWithMcse =
    mEm.value === null || mKm.value === null || mEm.mcse === null || mKm.mcse === null
      ? { value: null, mcse: null }
      : { value: mEm.value / mKm.value, mcse: (mEm.value / mKm.value) * Math.hypot(mEm.mcse / mEm.value, mKm.mcse / mKm.value) };
  const title = 'Cost: time per fit and iterations against n';
  const caption =
    `Wall time of each fit alone (sampling and measuring excluded) on 0.5·N(−1, 1) + 0.5·N(1, 1), R = ${formatInt(summary.replications)} replications per n, ` +
    `measured on ${env.cpu} × ${env.cores} with ${workers} thread(s) running fits, Node ${env.node}. ${loadText} ` +
    `Left: median (point) and interquartile range (bar); the grey dotted line has slope 1. At n = ${formatInt(N)}: exact k-means ${ms(at('kmeans', N).median)} ` +
    `(IQR ${ms(at('kmeans', N).q25)}–${ms(at('kmeans', N).q75)}; mean ${msPm(at('kmeans', N).mean)}), Lloyd ${ms(at('lloyd', N).median)} (mean ${msPm(at('lloyd', N).mean)}), ` +
    `EM ${ms(at('mle', N).median)} (IQR ${ms(at('mle', N).q25)}–${ms(at('mle', N).q75)}; mean ${msPm(at('mle', N).mean)}). ` +
    `Right: iterations to convergence, mean ± 2 MCSE — Lloyd ${pm(it('lloyd', n0))} at n = ${formatInt(n0)} and ${pm(it('lloyd', N))} at n = ${formatInt(N)}; ` +
    `EM (Newton steps on the log-likelihood until the predicted gain still to come is ≤ 1e-10, started from k-means, from n = 10,000 on refined on subsamples whose passes are not counted) ${pm(it('mle', n0))} and ${pm(it('mle', N))}. ` +
    `Exact 1-D k-means does not iterate (one sort and one scan of the prefix sums). Times depend on the machine and its load; compare the estimators with each other, not across machines.`;
  return {
    figure: { id: 'fig5-cost', title, caption, spec: concatSpec(title, caption, [panelTime, panelIter]) },
    lead: [
      `Per fit, EM takes ${pm(ratio)} times as long as exact k-means at n = ${formatInt(N)} (ratio of mean times, ± MCSE), ${ms(at('mle', N).median)} against ${ms(at('kmeans', N).median)} (medians).`,
    ],
    checks: [],
    key: { emMs: ms(at('mle', N).median), kmMs: ms(at('kmeans', N).median), n: formatInt(N) },
  };
}
