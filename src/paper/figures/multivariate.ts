/**
 * Figure 7, beyond one dimension: for a d = 2, K = 3 and a d = 5, K = 4 spherical mixture, the bias of the
 * mean pairwise distance between the fitted centres against n — k-means (Lloyd with restarts) against its
 * Monte Carlo population limit (with that limit's SE as a grey band), the MLE against the truth (zero).
 */
import { formatInt } from '../../report/format.js';
import { cell, failureSentence, nMax, requireEstimator } from '../cells.js';
import { difference, formatZ, num, pm, signed, th, zOf } from '../numbers.js';
import { axis, concatSpec, dodge, nDomain, referenceLayer, seriesLayers, type AxisSpec, type Layer, type Panel, type Reference } from '../spec.js';
import { KMEANS, MLE, REF_DASH, seriesScales } from '../style.js';
import { meanPairwiseDistance } from '../../theory/pairwiseLimit.js';
import type { Check, PaperFigure, PaperInputs } from '../types.js';

export function multivariateFigure(inputs: PaperInputs): PaperFigure {
  const { summary } = inputs.results.multivariate;
  requireEstimator(summary, 'kmeans', ['kmeans']);
  requireEstimator(summary, 'mle', ['em']);
  const kmSpec = summary.estimators.find((e) => e.id === 'kmeans');
  const restarts = kmSpec?.method === 'kmeans' ? ((kmSpec.options as { restarts?: number }).restarts ?? 1) : 1;
  const styles = [KMEANS, MLE];
  const ids = ['kmeans', 'mle'];
  const scales = seriesScales(styles);
  const domain = nDomain(summary.n);
  const N = nMax(summary);
  const x: AxisSpec = { field: 'x', title: 'sample size n (log scale)', log: true, domain, format: ',' };
  const y: AxisSpec = { field: 'value', title: 'bias, mean pairwise distance' };
  const checks: Check[] = [];
  const sentences: string[] = [];
  const panels: Panel[] = summary.mixtures.map((m, index) => {
    const limit = inputs.limits[m.id];
    if (limit === undefined) throw new Error(`no Monte Carlo k-means limit for mixture ${m.id}`);
    const truth = meanPairwiseDistance(m.means);
    const limitBias = limit.separation - truth;
    const values = ids.flatMap((id, i) =>
      summary.n.map((n) => {
        const c = cell(summary, m.id, n, id, 'separation');
        const v = c.vsTruth.bias.value ?? NaN;
        const h = 2 * (c.vsTruth.bias.mcse ?? 0);
        return { series: styles[i].label, n, x: dodge(n, i, ids.length, 0.03), value: v, lo: v - h, hi: v + h, text: pm(c.vsTruth.bias), used: `${c.nUsed} of ${c.nTotal}` };
      }),
    );
    const refs: Reference[] = [
      { label: 'zero bias (the truth)', dash: REF_DASH.zero, points: domain.map((p) => ({ x: p, y: 0 })) },
      { label: 'k-means limit − truth (Monte Carlo, ±2 SE)', dash: REF_DASH.limit, points: domain.map((p) => ({ x: p, y: limitBias })) },
    ];
    const band: Layer = {
      data: { values: domain.map((p) => ({ x: p, lo: limitBias - 2 * limit.se, hi: limitBias + 2 * limit.se })) },
      mark: { type: 'area', color: '#888888', opacity: 0.25 },
      encoding: { x: axis(x), y: axis({ ...y, field: 'lo' }), y2: { field: 'hi' } },
    };
    const layers: Layer[] = [
      band,
      referenceLayer(refs, x, y, 'theory', index === 0),
      ...seriesLayers(values, x, y, scales, [
        { field: 'series', title: 'estimator' },
        { field: 'n', title: 'n', type: 'quantitative', format: ',' },
        { field: 'text', title: 'bias ± MCSE' },
        { field: 'used', title: 'fits used' },
      ]),
    ];
    const km = cell(summary, m.id, N, 'kmeans', 'separation');
    const ml = cell(summary, m.id, N, 'mle', 'separation');
    const kmVsLimit = difference(km.mean, limit.separation, limit.se);
    const mlVsTruth = km.truth === null ? { value: null, mcse: null } : difference(ml.mean, truth);
    const limitText = pm({ value: limit.separation, mcse: limit.se });
    sentences.push(
      `${m.id} (d = ${m.d}, K = ${m.K}; weights ${m.weights.join(', ')}; means ${m.means.map((row) => `(${row.map((v) => num(v)).join(', ')})`).join(', ')}; true mean pairwise distance ${th(truth)}): at n = ${formatInt(N)} k-means gives ${pm(km.mean)} against its ` +
        `Monte Carlo limit ${limitText} (difference ${signed(kmVsLimit)}, ${formatZ(zOf(kmVsLimit))}), a bias of ${signed(km.vsTruth.bias)} against the truth ` +
        `(limit bias ${signed({ value: limitBias, mcse: limit.se })}); the MLE gives ${pm(ml.mean)} (bias ${signed(ml.vsTruth.bias)}, ${formatZ(zOf(mlVsTruth))})`,
    );
    checks.push(
      { what: `Fig. 7: k-means, ${m.id}, n = ${formatInt(N)} vs Monte Carlo limit`, simulation: pm(km.mean), theory: limitText, z: zOf(kmVsLimit) },
      { what: `Fig. 7: MLE, ${m.id}, n = ${formatInt(N)} vs truth`, simulation: pm(ml.mean), theory: th(truth), z: zOf(mlVsTruth) },
    );
    return { title: `${m.id}: d = ${m.d}, K = ${m.K}`, width: 340, layer: layers };
  });
  const settings = Object.values(inputs.limits)[0]?.settings;
  const title = 'Beyond one dimension: k-means converges to its own limit, the MLE to the truth';
  const caption =
    `Bias of the mean pairwise distance between the K fitted centres (after aligning them to the true components) against n, ±2 MCSE, ` +
    `R = ${formatInt(summary.replications)} replications per n (nested samples), spherical components with σ = 1. k-means is Lloyd's algorithm with k-means++ seeding ` +
    `and ${restarts} restarts; the MLE is EM with one shared σ and estimated weights, started from k-means. ` +
    `The dashed line is the k-means population limit, approximated by src/theory/kmeansLimitMonteCarlo` +
    (settings === undefined
      ? ''
      : ` (${settings.batches} independent batches, each averaging the centres of ${settings.repeatsPerBatch} samples of n = ${formatInt(settings.n)} fitted with ${settings.restarts} restarts; the band is ±2 SE across batches)`) +
    `. ${sentences.join('. ')}.` +
    failureSentence(summary, 'mle', 'The MLE') +
    failureSentence(summary, 'kmeans', 'k-means');
  return {
    figure: { id: 'fig7-multivariate', title, caption, spec: concatSpec(title, caption, panels) },
    lead: ['The same picture in two and five dimensions with three and four components: k-means settles on its own population limit, the MLE on the truth.'],
    checks,
    key: {},
  };
}
