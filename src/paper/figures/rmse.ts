/**
 * Figure 2, RMSE against n on log–log axes: the MLE follows the Fisher line sd∞/√n; k-means' RMSE about the
 * truth levels off at its bias (Pollard's CLT curve √(b² + s²/n)); k-means' RMSE about its own population
 * limit falls like s/√n — k-means is consistent, for the wrong target (Pollard 1981).
 */
import type { ValueWithMcse } from '../../performance/types.js';
import { fisherSdOf, kmeansSdOf } from '../../report/theory.js';
import { formatInt } from '../../report/format.js';
import { cell, nMax } from '../cells.js';
import { difference, formatZ, pm, scaled, th, zOf } from '../numbers.js';
import { dodge, nDomain, referenceLayer, seriesLayers, singleSpec, type AxisSpec, type Reference } from '../spec.js';
import { KMEANS, MLE, REF_DASH, seriesScales, type SeriesStyle } from '../style.js';
import type { PaperFigure, PaperInputs } from '../types.js';
import { canonicalContext } from './consistency.js';

const ML_TRUTH: SeriesStyle = { ...MLE, label: 'MLE: RMSE about the truth' };
const KM_TRUTH: SeriesStyle = { ...KMEANS, label: 'k-means: RMSE about the truth' };
const KM_LIMIT: SeriesStyle = { ...KMEANS, label: 'k-means: RMSE about its own limit', shape: 'triangle-down', dash: [4, 3] };

function logSpaced([a, b]: readonly [number, number], count = 50): number[] {
  const la = Math.log10(a);
  const lb = Math.log10(b);
  return Array.from({ length: count }, (_, i) => 10 ** (la + ((lb - la) * i) / (count - 1)));
}

export function rmseFigure(inputs: PaperInputs): PaperFigure {
  const summary = inputs.results.canonical.summary;
  const { mixture, truth, limit } = canonicalContext(summary);
  // The sd∞ of the model the 'mle' estimator fits (src/runner/theoryTargets.ts).
  const fisher = fisherSdOf(summary, mixture.id, 'mle')?.sd ?? null;
  const s = kmeansSdOf(summary, mixture.id);
  if (fisher === null || s === null) throw new Error(`${summary.name}: the canonical mixture needs its Fisher sd∞ and the Pollard sd of k-means`);
  const b = limit - truth;
  const styles = [KM_TRUTH, KM_LIMIT, ML_TRUTH];
  const measure = (label: string, n: number): ValueWithMcse => {
    if (label === ML_TRUTH.label) return cell(summary, mixture.id, n, 'mle', 'separation').vsTruth.rmse;
    const c = cell(summary, mixture.id, n, 'kmeans', 'separation');
    if (label === KM_TRUTH.label) return c.vsTruth.rmse;
    if (c.vsLimit === null) throw new Error(`${summary.name}: k-means cells need their measures against the limit`);
    return c.vsLimit.rmse;
  };
  const domain = nDomain(summary.n);
  const x: AxisSpec = { field: 'x', title: 'sample size n (log scale)', log: true, domain, format: ',' };
  const yBase: AxisSpec = { field: 'value', title: 'RMSE (log scale)', log: true };
  const values = styles.flatMap((st, i) =>
    summary.n.flatMap((n) => {
      const m = measure(st.label, n);
      if (m.value === null || !(m.value > 0)) return [];
      const half = m.mcse ?? 0;
      const lo = m.value - half > 0 ? m.value - half : m.value;
      return [{ series: st.label, n, x: dodge(n, i, styles.length, 0.03), value: m.value, lo, hi: m.value + half, text: pm(m) }];
    }),
  );
  const y: AxisSpec = { ...yBase, domain: [0.8 * Math.min(...values.map((v) => v.lo)), 1.25 * Math.max(...values.map((v) => v.hi))] };
  const grid = logSpaced(domain);
  const refs: Reference[] = [
    { label: `MLE: sd∞/√n (Fisher information)`, dash: REF_DASH.fisher, points: grid.map((n) => ({ x: n, y: fisher / Math.sqrt(n) })) },
    { label: `k-means about the truth: √(b² + s²/n)`, dash: REF_DASH.limit, points: grid.map((n) => ({ x: n, y: Math.sqrt(b * b + (s * s) / n) })) },
    { label: `k-means about its limit: s/√n (Pollard’s CLT)`, dash: REF_DASH.pollard, points: grid.map((n) => ({ x: n, y: s / Math.sqrt(n) })) },
  ];
  const layers = [
    referenceLayer(refs, x, y),
    ...seriesLayers(values, x, y, seriesScales(styles), [
      { field: 'series', title: 'series' },
      { field: 'n', title: 'n', type: 'quantitative', format: ',' },
      { field: 'text', title: 'RMSE ± MCSE' },
    ], { interval: 'bars', legendTitle: 'estimator and target' }),
  ];

  const N = nMax(summary);
  const root = Math.sqrt(N);
  const mlN = scaled(measure(ML_TRUTH.label, N), root);
  const kmLimitN = scaled(measure(KM_LIMIT.label, N), root);
  const kmTruth = measure(KM_TRUTH.label, N);
  const kmTheory = Math.sqrt(b * b + (s * s) / N);
  const n0 = summary.n[0];
  const ml0 = measure(ML_TRUTH.label, n0);
  // The smallest n from which on every √n × RMSE of the MLE is within 2 MCSE of sd∞.
  let settled: number | null = null;
  for (const n of [...summary.n].reverse()) {
    const z = zOf(difference(scaled(measure(ML_TRUTH.label, n), Math.sqrt(n)), fisher));
    if (z === null || Math.abs(z) > 2) break;
    settled = n;
  }
  const title = 'RMSE: the MLE falls like 1/√n, k-means levels off at its bias';
  const caption =
    `Root mean squared error of the separation estimates on log–log axes (R = ${formatInt(summary.replications)} per n; error bars ±1 MCSE). ` +
    `Against the truth, the MLE follows sd∞/√n with sd∞ = ${th(fisher)} from the Fisher information (weights, means and σ estimated): at n = ${formatInt(N)}, ` +
    `√n × RMSE = ${pm(mlN)} (${formatZ(zOf(difference(mlN, fisher)))} against sd∞). ` +
    `k-means' RMSE about the truth levels off at its bias b = ${th(b)}: ${pm(kmTruth)} at n = ${formatInt(N)}, against √(b² + s²/n) = ${th(kmTheory)} with ` +
    `s = ${th(s)} from Pollard's (1982) central limit theorem (${formatZ(zOf(difference(kmTruth, kmTheory)))}). Measured about its own population limit ` +
    `instead, k-means' RMSE falls like s/√n — √n × RMSE = ${pm(kmLimitN)} at n = ${formatInt(N)} (${formatZ(zOf(difference(kmLimitN, s)))} against s): k-means is consistent, ` +
    `but for the limit, not for the means of the components (Pollard 1981). At n = ${formatInt(n0)} the MLE's RMSE is ${pm(ml0)} against sd∞/√n = ${th(fisher / Math.sqrt(n0), 4)}: ` +
    (settled === null
      ? 'at no sample size here are all larger ones within 2 MCSE of the Fisher line.'
      : settled === n0
        ? `√n × RMSE of the MLE is within 2 MCSE of sd∞ at every sample size here.`
        : `from n = ${formatInt(settled)} on, √n × RMSE of the MLE is within 2 MCSE of sd∞ at every sample size.`);
  return {
    figure: { id: 'fig2-rmse', title, caption, spec: singleSpec(title, caption, { layer: layers }) },
    lead: [
      'The MLE’s error falls at the rate the Fisher information predicts; k-means’ error about the truth stops falling at its bias, ',
      'while its error about its own limit keeps falling like 1/√n.',
    ],
    checks: [
      { what: `Fig. 2: √n × RMSE of the MLE at n = ${formatInt(N)} vs Fisher sd∞`, simulation: pm(mlN), theory: th(fisher), z: zOf(difference(mlN, fisher)) },
      { what: `Fig. 2: k-means RMSE about the truth at n = ${formatInt(N)} vs √(b² + s²/n)`, simulation: pm(kmTruth), theory: th(kmTheory), z: zOf(difference(kmTruth, kmTheory)) },
      { what: `Fig. 2: √n × RMSE of k-means about its limit at n = ${formatInt(N)} vs Pollard s`, simulation: pm(kmLimitN), theory: th(s), z: zOf(difference(kmLimitN, s)) },
    ],
    key: { mleRootN: pm(mlN), fisher: th(fisher), kmeansRmse: pm(kmTruth), kmeansLimitRootN: pm(kmLimitN), pollard: th(s) },
  };
}
