/**
 * Figure 9, the Bayesian estimators beside k-means and the MLE on 0.5·N(−1, 1) + 0.5·N(1, 1): left, the mean
 * estimated separation against n — the posterior mean by Gibbs sampling (one σ, as the MLE) and the
 * variational posterior mean (scikit-learn's model, a σ per component) converge to the truth with the MLE
 * (Bernstein–von Mises), the prior pulling them at small n; right, the coverage of their 95 % credible
 * intervals for the separation (Gibbs and variational) and of the MLE's Wald interval where the run has one,
 * against the nominal 0.95 — the variational intervals' under-coverage measured, not assumed.
 */
import { formatInt } from '../../report/format.js';
import type { ValueWithMcse } from '../../performance/types.js';
import type { Summary, SummaryCell } from '../../results/summary.js';
import { cell, failureSentence, nMax, nMin, requireEstimator } from '../cells.js';
import { difference, formatZ, pm, th, zOf } from '../numbers.js';
import { axis, concatSpec, dodge, nDomain, referenceLayer, seriesLayers, type AxisSpec, type Panel, type Reference } from '../spec.js';
import { KMEANS, MLE, REF_DASH, seriesScales, type SeriesStyle } from '../style.js';
import type { PaperFigure, PaperInputs } from '../types.js';
import { OKABE_ITO } from '../../report/palette.js';

const GIBBS: SeriesStyle = { label: 'posterior mean (Gibbs)', colour: OKABE_ITO[2], shape: 'triangle-up', dash: [1, 0] };
const VB: SeriesStyle = { label: 'variational posterior mean', colour: OKABE_ITO[4], shape: 'diamond', dash: [3, 2] };

/** The coverage of the truth by one interval method in a cell, or null when the run has none. */
function coverageOf(c: SummaryCell, method: 'credible' | 'wald'): ValueWithMcse | null {
  const block = c.inference?.[method];
  const v = block?.vsTruth?.coverage;
  return v === undefined || v.value === null ? null : v;
}

export function bayesFigure(inputs: PaperInputs): PaperFigure {
  const summary: Summary = inputs.results.bayes.summary;
  const mixture = summary.mixtures[0];
  requireEstimator(summary, 'kmeans', ['kmeans-exact']);
  requireEstimator(summary, 'mle', ['em']);
  requireEstimator(summary, 'gibbs', ['gibbs']);
  requireEstimator(summary, 'vb', ['vb']);
  const top = cell(summary, mixture.id, nMax(summary), 'kmeans', 'separation');
  if (top.truth === null || top.limit === null) throw new Error(`${summary.name}: the k-means separation cells need a truth and a limit`);
  const truth = top.truth;
  const limit = top.limit;
  const domain = nDomain(summary.n);
  const x: AxisSpec = { field: 'x', title: 'sample size n (log scale)', log: true, domain, format: ',' };

  const styles = [KMEANS, MLE, GIBBS, VB];
  const ids = ['kmeans', 'mle', 'gibbs', 'vb'];
  const ySep: AxisSpec = { field: 'value', title: 'separation |μ̂₂ − μ̂₁|' };
  const sepValues = ids.flatMap((id, i) =>
    summary.n.map((n) => {
      const c = cell(summary, mixture.id, n, id, 'separation');
      const v = c.mean.value ?? NaN;
      const half = 2 * (c.mean.mcse ?? 0);
      return { series: styles[i].label, n, x: dodge(n, i, ids.length, 0.03), value: v, lo: v - half, hi: v + half, text: pm(c.mean), used: `${c.nUsed} of ${c.nTotal}` };
    }),
  );
  const sepRefs: Reference[] = [
    { label: `truth ${th(truth)}`, dash: REF_DASH.truth, points: domain.map((p) => ({ x: p, y: truth })) },
    { label: `k-means population limit ${th(limit)}`, dash: REF_DASH.limit, points: domain.map((p) => ({ x: p, y: limit })) },
  ];
  const tips = [
    { field: 'series', title: 'estimator' },
    { field: 'n', title: 'n', type: 'quantitative' as const, format: ',' },
    { field: 'text', title: 'value ± MCSE' },
    { field: 'used', title: 'fits used' },
  ];
  const left: Panel = {
    title: 'mean estimated separation',
    layer: [referenceLayer(sepRefs, x, ySep), ...seriesLayers(sepValues, x, ySep, seriesScales(styles), tips, { interval: 'band' })],
  };

  // Coverage: credible intervals of the Bayesian fits, the MLE's Wald interval when the run computed one.
  const covSeries: { id: string; method: 'credible' | 'wald'; style: SeriesStyle }[] = [
    { id: 'gibbs', method: 'credible', style: GIBBS },
    { id: 'vb', method: 'credible', style: VB },
    { id: 'mle', method: 'wald', style: MLE },
  ];
  const present = covSeries.filter((s) => summary.n.some((n) => coverageOf(cell(summary, mixture.id, n, s.id, 'separation'), s.method) !== null));
  const yCov: AxisSpec = { field: 'value', title: 'coverage of the truth', domain: [0.5, 1] };
  const level = 0.95;
  const covValues = present.flatMap((s, i) =>
    summary.n.flatMap((n) => {
      const v = coverageOf(cell(summary, mixture.id, n, s.id, 'separation'), s.method);
      if (v === null) return [];
      const value = v.value as number;
      const half = 2 * (v.mcse ?? 0);
      return [{ series: s.style.label, n, x: dodge(n, i, present.length, 0.03), value, lo: value - half, hi: value + half, text: pm(v), used: s.method }];
    }),
  );
  const right: Panel = {
    title: `coverage of ${level * 100} % intervals for the separation`,
    layer: [
      referenceLayer([{ label: `nominal ${level}`, dash: REF_DASH.truth, points: domain.map((p) => ({ x: p, y: level })) }], x, yCov),
      // The same scales as the left panel: the concatenated panels share one colour legend.
      ...seriesLayers(covValues, x, yCov, seriesScales(styles), [...tips.slice(0, 3), { field: 'used', title: 'interval' }], { interval: 'bars' }),
    ],
  };

  const N = nMax(summary);
  const n0 = nMin(summary);
  const gibbsTop = cell(summary, mixture.id, N, 'gibbs', 'separation');
  const vbTop = cell(summary, mixture.id, N, 'vb', 'separation');
  const mleTop = cell(summary, mixture.id, N, 'mle', 'separation');
  const gibbsSmall = cell(summary, mixture.id, n0, 'gibbs', 'separation');
  const mleSmall = cell(summary, mixture.id, n0, 'mle', 'separation');
  const gVsTruth = difference(gibbsTop.mean, truth);
  const vVsTruth = difference(vbTop.mean, truth);
  const gCov = coverageOf(gibbsTop, 'credible');
  const vCov = coverageOf(vbTop, 'credible');
  const covText = (v: ValueWithMcse | null): string => (v === null ? 'not computed (the run has no inference block)' : pm(v));
  const title = 'Bayesian posterior means converge to the truth; variational intervals cover less';
  const caption =
    `Left: mean estimated separation of 0.5·N(−1, 1) + 0.5·N(1, 1) against n (log scale), R = ${formatInt(summary.replications)} replications per n, ` +
    `±2 MCSE bands, for exact k-means, the MLE (EM, one σ), the posterior mean by Gibbs sampling (one σ; conjugate prior: Dirichlet(1) weights, ` +
    `means N(data mean, σ²/0.01), 1/σ² ~ Gamma(½, rate v̂/2); 4 chains, relabelled by ordering the means) and the variational posterior mean ` +
    `(scikit-learn's BayesianGaussianMixture model, a σ per component, the same prior). Grey: the truth ${th(truth)} (dotted) and the k-means limit ${th(limit)} (dashed). ` +
    `At n = ${formatInt(N)} the Gibbs posterior mean gives ${pm(gibbsTop.mean)} (${formatZ(zOf(gVsTruth))} from the truth), the variational one ${pm(vbTop.mean)} ` +
    `(${formatZ(zOf(vVsTruth))}), the MLE ${pm(mleTop.mean)}; at n = ${formatInt(n0)} the prior's pull shows as Gibbs ${pm(gibbsSmall.mean)} against the MLE's ${pm(mleSmall.mean)}. ` +
    `Right: the share of replications whose 95 % interval for the separation covers the truth (bars ±2 MCSE, binomial), against the nominal 0.95; ` +
    `at n = ${formatInt(N)} Gibbs credible intervals cover ${covText(gCov)}, variational ones ${covText(vCov)}. ` +
    `Only fits with status ok enter: a Gibbs fit whose split-R̂ exceeds 1.01 or whose bulk ESS is below the config's bound is "not-mixed", a variational fit that empties a component "degenerate".` +
    failureSentence(summary, 'gibbs', 'Gibbs') +
    failureSentence(summary, 'vb', 'Variational Bayes') +
    failureSentence(summary, 'mle', 'The MLE');
  return {
    figure: { id: 'fig9-bayes', title, caption, spec: concatSpec(title, caption, [left, right]) },
    lead: [
      'The third estimator the source names, the Bayesian posterior mean, converges to the truth beside the MLE; its credible intervals are judged by their coverage, and the variational ones fall short of it.',
    ],
    checks: [
      { what: `Fig. 9: Gibbs posterior-mean separation at n = ${formatInt(N)} vs the truth`, simulation: pm(gibbsTop.mean), theory: th(truth), z: zOf(gVsTruth) },
      { what: `Fig. 9: variational posterior-mean separation at n = ${formatInt(N)} vs the truth`, simulation: pm(vbTop.mean), theory: th(truth), z: zOf(vVsTruth) },
      ...(gCov === null ? [] : [{ what: `Fig. 9: Gibbs 95 % credible coverage at n = ${formatInt(N)} vs 0.95`, simulation: pm(gCov), theory: th(level), z: zOf(difference(gCov, level)) }]),
    ],
    key: { n: formatInt(N), gibbs: pm(gibbsTop.mean), vb: pm(vbTop.mean), gibbsCoverage: covText(gCov), vbCoverage: covText(vCov) },
  };
}
