/**
 * The nonparametric bootstrap of one fit (Efron & Tibshirani 1993, ch. 6): B samples of n points drawn with
 * replacement from the replication's sample, each refitted by the same estimator with the same options, and the
 * refit's θ relabelled to the original fit's components by the permutation of least squared distance between
 * means (src/estimands/align.ts) — without it the quantiles of a component's mean would mix the two modes of the
 * label-switching distribution. Refits that fail (status not ok, or the estimator throws) are left out and
 * counted. Deterministic: every draw comes from the one stream the caller passes (src/runner/inferFit.ts keys it
 * by the replication), so the draws do not depend on worker count or order.
 */
import { alignComponents } from '../estimands/align.js';
import { thetaOfFit } from '../estimands/thetaEstimands.js';
import { fitMethod, type MethodSpec } from '../estimators/registry.js';
import type { Dataset, Fit, Rng } from '../types.js';
import { parameterCount } from '../types.js';

export interface BootstrapDraws {
  /** used×P row-major θ of the successful refits, in the original fit's component order. */
  readonly draws: Float64Array;
  readonly used: number;
  /** Refits left out because they failed. */
  readonly failed: number;
}

/** A resample of `data` (n indices uniform with replacement from `rng`) into `into`. */
export function resample(data: Dataset, rng: Rng, into: Float64Array): Dataset {
  const { n, d, x } = data;
  for (let i = 0; i < n; i++) {
    const j = Math.floor(rng.uniform() * n);
    for (let t = 0; t < d; t++) into[i * d + t] = x[j * d + t];
  }
  return { x: into.subarray(0, n * d), n, d };
}

/** θ of `refit` with its components put in the order of `original`'s (the least-squares matching of means). */
export function alignedTheta(refit: Fit, original: readonly (readonly number[])[]): Float64Array {
  const { K, d } = refit;
  const { perm } = alignComponents(refit.means, original, K, d);
  const theta = thetaOfFit(refit);
  const out = new Float64Array(theta.length);
  for (let k = 0; k < K; k++) {
    const j = perm[k];
    for (let t = 0; t < d; t++) out[k * d + t] = theta[j * d + t];
    out[K * d + k] = theta[K * d + j];
    if (refit.sigmas !== null) out[K * d + K + k] = theta[K * d + K + j];
  }
  return out;
}

/** B refits of `spec` on resamples of `data`, aligned to `fit`. */
export function bootstrapDraws(spec: MethodSpec, data: Dataset, fit: Fit, B: number, rng: Rng): BootstrapDraws {
  const { K, d } = fit;
  const P = parameterCount(K, d, fit.sigmas !== null);
  const original: number[][] = [];
  for (let k = 0; k < K; k++) original.push(Array.from(fit.means.subarray(k * d, (k + 1) * d)));
  const buffer = new Float64Array(data.n * d);
  const draws = new Float64Array(B * P);
  let used = 0;
  for (let b = 0; b < B; b++) {
    const sample = resample(data, rng, buffer);
    let refit: Fit;
    try {
      refit = fitMethod(spec, sample, K, rng);
    } catch {
      continue;
    }
    if (refit.status !== 'ok' || (refit.sigmas === null) !== (fit.sigmas === null)) continue;
    draws.set(alignedTheta(refit, original), used * P);
    used++;
  }
  return { draws: draws.slice(0, used * P), used, failed: B - used };
}
