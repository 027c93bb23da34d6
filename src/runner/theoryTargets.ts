/**
 * Theory beside the simulation: for each data-generating mechanism, the population k-means limit (Bryant &
 * Williamson 1978; Pollard 1981) and, for each maximum-likelihood estimator, the Fisher sd∞ of the separation
 * under that estimator's own model (src/theory/fisher.ts), and from them the per-estimand targets an estimator
 * converges to. k-means-type methods converge to the limit centres, not to the truth, so their cells carry
 * `limit` as a second target; the MLE's target is the truth itself.
 *
 * A theory value that cannot be computed never stops a run: it is null, and the reason is recorded beside it
 * (`reason` of a Fisher entry) or in `notes` (the k-means limit and its sd).
 */
import type { EstimatorSpec, MixtureSpec } from '../config/index.js';
import { alignComponents } from '../estimands/align.js';
import { mechanismTheory, notSpherical } from './mechanismTheory.js';
import { targetOf, type MethodSpec } from '../estimators/registry.js';
import { type FisherModel, MEANS_ONLY } from '../theory/fisher.js';
import { fisherSeparationSdOrReason } from '../theory/fisherOrReason.js';
import { bayesError } from '../theory/bayesError.js';
import { kmeansLimit } from '../theory/kmeansLimit.js';
import type { EstimatorFisher, FisherValue, MixtureTheory } from '../results/summary.js';

/** Methods whose population target is the k-means limit rather than the truth. */

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

const allEqual = (xs: readonly number[]): boolean => xs.every((x) => x === xs[0]);

/**
 * The model an EM estimator fits (as a Fisher model), or why the Fisher sd∞ at the truth does not describe it:
 * a model that imposes equal σ, a fixed σ or equal weights the truth does not have is misspecified, and its MLE
 * converges to a pseudo-true value instead (the same cases src/check/invariants.ts skips). Null for methods that
 * are not maximum likelihood.
 */
export function fisherModelOf(est: EstimatorSpec, mixture: MixtureSpec): { model: FisherModel; reason?: string } | null {
  const target = targetOf(est);
  if (target.kind !== 'mixture-mle') return null;
  const covariance = target.covariance;
  const weights = target.weights === 'equal' ? 'fixed' : 'estimated';
  const model: FisherModel = { covariance, weights };
  const pseudo = 'the MLE converges to a pseudo-true value, not to the truth';
  if (mixture.mechanism !== undefined) return { model, reason: `${notSpherical(mixture.mechanism)}: ${pseudo}` };
  if (covariance === 'equal' && !allEqual(mixture.sigmas)) return { model, reason: `the model has one σ but the true σ differ (${mixture.sigmas.join(', ')}): ${pseudo}` };
  if (covariance === 'fixed' && !mixture.sigmas.every((s) => s === target.sigma)) {
    return { model, reason: `σ is fixed at ${target.sigma} but the true σ is ${[...new Set(mixture.sigmas)].join(', ')}: ${pseudo}` };
  }
  if (weights === 'fixed' && !mixture.weights.every((w) => Math.abs(w - 1 / mixture.K) <= 1e-12)) {
    return { model, reason: `the weights are held at 1/K but the true weights are ${mixture.weights.join(', ')}: ${pseudo}` };
  }
  return { model };
}


export function mixtureTheory(mixture: MixtureSpec, estimators: readonly EstimatorSpec[] = []): MixtureTheory {
  if (mixture.mechanism !== undefined) return mechanismTheory(mixture, mixture.mechanism, estimators);
  const notes: string[] = [];
  let limit: MixtureTheory['kmeansLimit'] = null;
  try {
    const l = kmeansLimit(mixture, mixture.K);
    limit = {
      centers: l.centers,
      proportions: l.proportions,
      separation: finite(l.separation),
      separationBias: finite(l.separationBias),
      unique: l.unique,
      fixedPoints: l.fixedPoints.length,
      kmeansSd: finite(l.kmeansSd),
    };
    if (limit.kmeansSd === null) notes.push('no Pollard sd of the k-means separation: computed for K = 2 with a unique line solution only');
  } catch (err) {
    notes.push(`no exact k-means limit: ${err instanceof Error ? err.message : String(err)}`);
  }
  // One computation per distinct model.
  const cache = new Map<string, FisherValue>();
  const valueFor = (model: FisherModel): FisherValue => {
    const key = `${model.covariance}/${model.weights}`;
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = fisherSeparationSdOrReason(mixture, model)));
    return v;
  };
  const byEstimator: Record<string, EstimatorFisher> = {};
  for (const est of estimators) {
    const m = fisherModelOf(est, mixture);
    if (m === null) continue;
    const value = m.reason !== undefined ? { sd: null, reason: m.reason } : valueFor(m.model);
    byEstimator[est.id] = { covariance: m.model.covariance, weights: m.model.weights, ...value };
  }
  return { kmeansLimit: limit, fisher: { meansOnly: valueFor(MEANS_ONLY), estimators: byEstimator }, notes, bayesError: bayesError(mixture) };
}

/** Estimand key → the limit the method converges to (k-means: its population centres, aligned to the truth). */
export function theoryTargets(theory: MixtureTheory, estimator: MethodSpec, mixture: MixtureSpec): Record<string, number> {
  const limit = theory.kmeansLimit;
  if (targetOf(estimator).kind !== 'kmeans-limit' || limit === null) return {};
  const { K, d } = mixture;
  const flat = Float64Array.from(limit.centers.flat());
  const { perm } = alignComponents(flat, mixture.means, K, d);
  const targets: Record<string, number> = {};
  const distances: number[] = [];
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (flat[perm[j] * d + t] - flat[perm[i] * d + t]) ** 2;
      distances.push(Math.sqrt(s));
      if (K > 2) targets[`separation.${i}-${j}`] = Math.sqrt(s);
    }
  }
  targets.separation = distances.reduce((a, b) => a + b, 0) / distances.length;
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < d; t++) targets[`means.${k}.${t}`] = flat[perm[k] * d + t];
    targets[`weights.${k}`] = limit.proportions[perm[k]];
  }
  return targets;
}
