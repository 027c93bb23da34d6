/**
 * The estimands of one parameter vector θ (docs/ARCHITECTURE.md §3 Uncertainty: means K·d, weights K, σ's K
 * when the fit has them, in the fit's own component order), aligned to the true components by a given
 * permutation — the one measureFit found for the fit (./align.ts). Bootstrap refits and posterior draws are
 * pushed through this map one by one, so their intervals refer to exactly the keys and the alignment of the
 * estimates (./measureFit.ts writes both through `writeComponentValues`).
 */
import type { Fit } from '../types.js';
import { parameterCount } from '../types.js';
import { writeComponentValues, type Measurement } from './measureFit.js';
import type { EstimandName } from './names.js';

/** The θ of a fit, in its own component order (src/types.ts `parameterCount`). */
export function thetaOfFit(fit: Fit): Float64Array {
  const { K, d } = fit;
  const theta = new Float64Array(parameterCount(K, d, fit.sigmas !== null));
  theta.set(fit.means, 0);
  theta.set(fit.weights, K * d);
  if (fit.sigmas !== null) theta.set(fit.sigmas, K * d + K);
  return theta;
}

/** Where the entries of a fit component live in θ. */
export interface ThetaLayout {
  readonly K: number;
  readonly d: number;
  readonly hasSigmas: boolean;
}

export const meanIndex = (l: ThetaLayout, j: number, t: number): number => j * l.d + t;
export const weightIndex = (l: ThetaLayout, j: number): number => l.K * l.d + j;
export const sigmaIndex = (l: ThetaLayout, j: number): number => l.K * l.d + l.K + j;

/**
 * The separation, means, weights and σ keys of θ (the other estimands are not functions of θ and are left out),
 * true component k being fit component perm[k]. `theta` may be a row of a larger S×P array (`offset`).
 */
export function estimandsOfTheta(
  theta: ArrayLike<number>,
  layout: ThetaLayout,
  perm: Int32Array,
  want: ReadonlySet<EstimandName>,
  offset = 0,
): Measurement {
  const { K, d, hasSigmas } = layout;
  const means = new Float64Array(K * d);
  const weights = new Float64Array(K);
  const sigmas = hasSigmas ? new Float64Array(K) : null;
  for (let k = 0; k < K; k++) {
    const j = perm[k];
    for (let t = 0; t < d; t++) means[k * d + t] = theta[offset + meanIndex(layout, j, t)];
    weights[k] = theta[offset + weightIndex(layout, j)];
    if (sigmas !== null) sigmas[k] = theta[offset + sigmaIndex(layout, j)];
  }
  const out: Measurement = {};
  writeComponentValues(out, want, means, weights, sigmas, K, d);
  return out;
}
