/**
 * What one fit measured against the truth: the per-replication values θ̂ᵢ that the performance measures
 * (bias, empirical SE, MSE, … with Monte Carlo SEs; Morris, White & Crowther 2019, Stat Med 38:2074–2102,
 * Table 6) later summarise, plus `trueValues`, the θ of the same keys for bias. Both go through one writer
 * so a measured key and its target can never disagree on name or alignment.
 *
 * Values are finite numbers or null (never NaN/±∞), because results are NDJSON, where NaN would silently
 * become null anyway; null lets the performance layer count the value as missing instead of averaging it.
 */
import { type SphericalMixture, validateMixture } from '../mixture/spherical.js';
import type { Dataset, Fit } from '../types.js';
import { alignComponents } from './align.js';
import { misclassificationRate } from './classify.js';
import { estimandKeys, FIT_DIAGNOSTICS_PREFIX, requested, type EstimandName } from './names.js';

/** A flat record keyed as documented in {@link estimandKeys}. */
export type Measurement = Record<string, number | null>;

function finite(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

/**
 * Write separation, means, weights and σ for components already in true-component order.
 * `means` is K×d row-major; `sigmas` null where the model has none. Also the map θ → estimands that the
 * uncertainty of a fit is pushed through (./thetaEstimands.ts), so an SE and its estimate share one definition.
 */
export function writeComponentValues(
  out: Measurement,
  want: ReadonlySet<EstimandName>,
  means: Float64Array,
  weights: ArrayLike<number>,
  sigmas: ArrayLike<number> | null,
  K: number,
  d: number,
): void {
  if (want.has('separation')) {
    if (K === 1) {
      out.separation = null;
    } else {
      // Pairwise distances are written after the overall value so key order matches estimandKeys.
      const pairs: number[] = [];
      let total = 0;
      for (let i = 0; i < K; i++) {
        for (let j = i + 1; j < K; j++) {
          let s = 0;
          for (let t = 0; t < d; t++) {
            const diff = means[j * d + t] - means[i * d + t];
            s += diff * diff;
          }
          const dist = Math.sqrt(s);
          pairs.push(dist);
          total += dist;
        }
      }
      out.separation = finite(total / pairs.length);
      if (K > 2) {
        let p = 0;
        for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) out[`separation.${i}-${j}`] = finite(pairs[p++]);
      }
    }
  }
  if (want.has('means')) for (let k = 0; k < K; k++) for (let t = 0; t < d; t++) out[`means.${k}.${t}`] = finite(means[k * d + t]);
  if (want.has('weights')) for (let k = 0; k < K; k++) out[`weights.${k}`] = finite(weights[k]);
  if (want.has('sigma')) for (let k = 0; k < K; k++) out[`sigma.${k}`] = sigmas === null ? null : finite(sigmas[k]);
}

/**
 * Measure one fit against the truth its data came from (the θ of every estimand: the mixture that generated
 * the data, validated by src/mixture/spherical.ts, so a ragged `means` cannot be read as NaN deep inside the
 * alignment).
 *
 * Fitted components are first aligned to true ones (./align.ts); every component-named key refers to the
 * true component index. `labels` are the true component of each point (0..K−1).
 * The diagnostics `alignmentMargin`, `objective`, `logLik` (null for k-means), `iterations`, `converged`
 * (1/0), `globalOptimum` (1/0, null when the fit does not say) and `restartsAtBest` (null unless the fit came
 * from restarted local search) are always included (./names.ts).
 *
 * @throws RangeError when the fit, data, labels and truth disagree in K, d or n, or K exceeds the alignment
 *   limit; a MixtureError (a RangeError) for an invalid truth.
 */
export function measureFit(
  data: Dataset,
  labels: Int32Array,
  fit: Fit,
  truth: SphericalMixture,
  estimands: readonly EstimandName[],
): Measurement {
  const { K, d } = validateMixture(truth);
  if (fit.K !== K) throw new RangeError(`measureFit: fit has K = ${fit.K}, truth has K = ${K}`);
  if (fit.d !== d || data.d !== d) throw new RangeError(`measureFit: fit d = ${fit.d}, data d = ${data.d}, truth d = ${d}`);
  if (fit.means.length !== K * d || fit.weights.length !== K || (fit.sigmas !== null && fit.sigmas.length !== K)) {
    throw new RangeError('measureFit: fit arrays do not have K·d means, K weights and K sigmas');
  }
  const want = requested(estimands);
  const { perm, margin } = alignComponents(fit.means, truth.means, K, d);

  const means = new Float64Array(K * d);
  const weights = new Float64Array(K);
  const sigmas = fit.sigmas === null ? null : new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const j = perm[k];
    means.set(fit.means.subarray(j * d, (j + 1) * d), k * d);
    weights[k] = fit.weights[j];
    if (sigmas !== null && fit.sigmas !== null) sigmas[k] = fit.sigmas[j];
  }

  const out: Measurement = {};
  writeComponentValues(out, want, means, weights, sigmas, K, d);
  if (want.has('misclassification')) out.misclassification = finite(misclassificationRate(data, labels, fit, perm));
  out.alignmentMargin = finite(margin);
  out.objective = finite(fit.objective);
  out.logLik = finite(fit.logLik);
  out.iterations = finite(fit.iterations);
  out.converged = fit.converged ? 1 : 0;
  const search = fit.search;
  out.globalOptimum = search === undefined ? null : search.global ? 1 : 0;
  out.restartsAtBest = search === undefined || search.global ? null : search.restartsAtBest;
  if (fit.diagnostics !== undefined) writeFitDiagnostics(out, fit.diagnostics, perm);
  return out;
}

/**
 * A fit's own diagnostics (`Fit.diagnostics`, e.g. MCMC split-R̂ and ESS per estimand) under
 * FIT_DIAGNOSTICS_PREFIX (./names.ts), with a component index after `means.`, `weights.` or `sigma.` renamed
 * from the fit's component to the true component it is aligned with (perm[k] = fitted index of true k), so
 * `diag.rhat.means.0.0` is the R̂ of the estimate stored under `means.0.0`.
 */
function writeFitDiagnostics(out: Measurement, diagnostics: Readonly<Record<string, number>>, perm: Int32Array): void {
  const trueIndex = new Int32Array(perm.length);
  for (let k = 0; k < perm.length; k++) trueIndex[perm[k]] = k;
  for (const [key, value] of Object.entries(diagnostics)) {
    const renamed = key.replace(/^(\w+)\.(means|weights|sigma)\.(\d+)/, (_m, stat: string, name: string, k: string) => `${stat}.${name}.${trueIndex[Number(k)]}`);
    out[FIT_DIAGNOSTICS_PREFIX + renamed] = finite(value);
  }
}

/**
 * The estimand values of the truth itself — the θ each measured key is compared with — under exactly the keys
 * measureFit writes for the same estimands. Keys without a target here are null: `misclassification` (its
 * natural target, the Bayes error rate, is an integral that belongs to src/theory) and the diagnostics.
 */
export function trueValues(truth: SphericalMixture, estimands: readonly EstimandName[]): Measurement {
  const { K, d } = validateMixture(truth);
  const want = requested(estimands);
  const means = new Float64Array(K * d);
  for (let k = 0; k < K; k++) for (let t = 0; t < d; t++) means[k * d + t] = truth.means[k][t];
  const out: Measurement = {};
  writeComponentValues(out, want, means, truth.weights, truth.sigmas, K, d);
  for (const key of estimandKeys(estimands, K, d)) if (!(key in out)) out[key] = null;
  return out;
}
