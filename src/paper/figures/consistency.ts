/**
 * Figure 1, consistency versus bias: the mean estimated separation against n for k-means and the MLE on
 * 0.5·N(−1, 1) + 0.5·N(1, 1), with ±2 MCSE bands, the truth and the k-means population limit.
 */
import { formatInt } from '../../report/format.js';
import type { Summary } from '../../results/summary.js';
import { cell, failureSentence, nMax, requireEstimator } from '../cells.js';
import { difference, formatZ, pm, signed, th, zOf } from '../numbers.js';
import { axis, dodge, nDomain, referenceLayer, seriesLayers, singleSpec, type AxisSpec, type Reference } from '../spec.js';
import { KMEANS, MLE, REF_DASH, seriesScales } from '../style.js';
import type { PaperFigure, PaperInputs } from '../types.js';

/** The canonical mixture of the canonical experiment and its truth and limit. */
export function canonicalContext(summary: Summary) {
  const mixture = summary.mixtures[0];
  const canonical =
    mixture !== undefined &&
    JSON.stringify(mixture.weights) === '[0.5,0.5]' &&
    JSON.stringify(mixture.means) === '[[-1],[1]]' &&
    JSON.stringify(mixture.sigmas) === '[1,1]';
  if (!canonical) throw new Error(`${summary.name}: the paper's text describes 0.5·N(−1, 1) + 0.5·N(1, 1); the first mixture must be exactly that`);
  requireEstimator(summary, 'kmeans', ['kmeans-exact']);
  requireEstimator(summary, 'mle', ['em']);
  const top = cell(summary, mixture.id, nMax(summary), 'kmeans', 'separation');
  if (top.truth === null || top.limit === null) throw new Error(`${summary.name}: the k-means separation cells need a truth and a limit`);
  return { mixture, truth: top.truth, limit: top.limit };
}

export function consistencyFigure(inputs: PaperInputs): PaperFigure {
  const summary = inputs.results.canonical.summary;
  const { mixture, truth, limit } = canonicalContext(summary);
  const styles = [KMEANS, MLE];
  const ids = ['kmeans', 'mle'];
  const domain = nDomain(summary.n);
  const x: AxisSpec = { field: 'x', title: 'sample size n (log scale)', log: true, domain, format: ',' };
  const y: AxisSpec = { field: 'value', title: 'separation |μ̂₂ − μ̂₁|' };
  const values = ids.flatMap((id, i) =>
    summary.n.map((n) => {
      const c = cell(summary, mixture.id, n, id, 'separation');
      const v = c.mean.value ?? NaN;
      const half = 2 * (c.mean.mcse ?? 0);
      return { series: styles[i].label, n, x: dodge(n, i, ids.length, 0.02), value: v, lo: v - half, hi: v + half, text: pm(c.mean), used: `${c.nUsed} of ${c.nTotal}` };
    }),
  );
  const refs: Reference[] = [
    { label: `truth ${th(truth)}`, dash: REF_DASH.truth, points: domain.map((p) => ({ x: p, y: truth })) },
    { label: `k-means population limit ${th(limit)}`, dash: REF_DASH.limit, points: domain.map((p) => ({ x: p, y: limit })) },
  ];
  const layers = [
    referenceLayer(refs, x, y),
    ...seriesLayers(values, x, y, seriesScales(styles), [
      { field: 'series', title: 'estimator' },
      { field: 'n', title: 'n', type: 'quantitative', format: ',' },
      { field: 'text', title: 'mean ± MCSE' },
      { field: 'used', title: 'fits used' },
    ], { interval: 'band' }),
  ];

  const N = nMax(summary);
  const km = cell(summary, mixture.id, N, 'kmeans', 'separation');
  const ml = cell(summary, mixture.id, N, 'mle', 'separation');
  const kmVsLimit = difference(km.mean, limit);
  const mlVsTruth = difference(ml.mean, truth);
  const small = cell(summary, mixture.id, summary.n[0], 'kmeans', 'separation');
  const smallGap = difference(small.mean, limit);
  const title = 'The MLE converges to the true separation, k-means to its own limit';
  const caption =
    `Mean estimated separation |μ̂₂ − μ̂₁| of 0.5·N(−1, 1) + 0.5·N(1, 1) against the sample size n (log scale), ` +
    `R = ${formatInt(summary.replications)} replications per n (nested samples: each smaller sample is a prefix of the largest, so the curves are paired across n); ` +
    `bands span ±2 Monte Carlo standard errors (MCSE). k-means is the globally optimal 1-D k-means, the MLE is EM with one shared σ and estimated weights. ` +
    `Grey lines: the true separation ${th(truth)} (dotted) and the k-means population limit 2(2Φ(1) − 1 + 2φ(1)) = ${th(limit)} (dashed). ` +
    `At n = ${formatInt(N)} k-means gives ${pm(km.mean)} (minus its limit: ${signed(kmVsLimit)}, ${formatZ(zOf(kmVsLimit))}) and the MLE ${pm(ml.mean)} ` +
    `(minus the truth: ${signed(mlVsTruth)}, ${formatZ(zOf(mlVsTruth))}). The bias of k-means against the truth, ${signed(km.vsTruth.bias)}, is its population bias ` +
    `${th(limit - truth)}: it does not shrink with n. At n = ${formatInt(summary.n[0])} k-means minus its limit is ${signed(smallGap)} (${formatZ(zOf(smallGap))}` +
    `${Math.abs(zOf(smallGap) ?? 0) > 3 ? ': a finite-sample bias on top of the population bias' : ''}).` +
    failureSentence(summary, 'mle', 'The MLE') +
    failureSentence(summary, 'kmeans', 'k-means');
  return {
    figure: { id: 'fig1-consistency', title, caption, spec: singleSpec(title, caption, { layer: layers }) },
    lead: [
      'As n grows the MLE closes in on the true separation while k-means settles, just as precisely, on a different number: the separation of the means of the two ',
      { em: 'truncated' },
      ' halves of the mixture.',
    ],
    checks: [
      { what: `Fig. 1: k-means separation at n = ${formatInt(N)} vs its population limit`, simulation: pm(km.mean), theory: th(limit), z: zOf(kmVsLimit) },
      { what: `Fig. 1: MLE separation at n = ${formatInt(N)} vs the truth`, simulation: pm(ml.mean), theory: th(truth), z: zOf(mlVsTruth) },
    ],
    key: {
      n: formatInt(N),
      kmeans: pm(km.mean),
      mle: pm(ml.mean),
      limit: th(limit),
      truth: th(truth),
      kmeansBias: signed(km.vsTruth.bias),
      R: formatInt(summary.replications),
    },
  };
}
