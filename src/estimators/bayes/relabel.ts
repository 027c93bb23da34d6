/**
 * Relabelling of posterior draws of a mixture (the label-switching problem: the likelihood and an exchangeable
 * prior are invariant under permutations of the components, so a component index means nothing across draws
 * until each draw is permuted to a common labelling; Stephens 2000, JRSS B 62:795–809).
 * - d = 1: order the components of every draw by their mean (the identifiability constraint μ₁ < … < μ_K).
 * - d > 1: pivotal reordering (Marin, Mengersen & Robert 2005, "Bayesian modelling and inference on mixtures of
 *   distributions", Handbook of Statistics 25, §4.2): the pivot is the draw of highest posterior density, and
 *   every draw is permuted to the permutation of least total squared distance between its means and the
 *   pivot's (src/estimands/align.ts, the matching the estimands use against the truth; exhaustive, K ≤ 8).
 *
 * Draws are S×P row-major θ = (means K·d, weights K, σ's K) as src/types.ts parameterCount lays them out.
 */
import { alignComponents } from '../../estimands/align.js';

/** Permutes the components of draw `s` in place: new component k is old component perm[k]. */
function permuteDraw(draws: Float64Array, s: number, P: number, K: number, d: number, perm: ArrayLike<number>, tmp: Float64Array): void {
  const o = s * P;
  tmp.set(draws.subarray(o, o + P));
  for (let k = 0; k < K; k++) {
    const j = perm[k];
    for (let t = 0; t < d; t++) draws[o + k * d + t] = tmp[j * d + t];
    draws[o + K * d + k] = tmp[K * d + j];
    draws[o + K * d + K + k] = tmp[K * d + K + j];
  }
}

/** d = 1: sorts every draw's components by their mean (ties keep their order). */
export function relabelByOrder(draws: Float64Array, S: number, K: number): void {
  const P = 3 * K;
  const tmp = new Float64Array(P);
  const perm = new Int32Array(K);
  for (let s = 0; s < S; s++) {
    const o = s * P;
    for (let k = 0; k < K; k++) perm[k] = k;
    perm.sort((a, b) => draws[o + a] - draws[o + b] || a - b);
    let identity = true;
    for (let k = 0; k < K; k++) if (perm[k] !== k) identity = false;
    if (!identity) permuteDraw(draws, s, P, K, 1, perm, tmp);
  }
}

/** Pivotal reordering of every draw to the means of draw `pivot` (in place). */
export function relabelToPivot(draws: Float64Array, S: number, K: number, d: number, pivot: number): void {
  const P = K * d + 2 * K;
  const pivotMeans: number[][] = [];
  for (let k = 0; k < K; k++) pivotMeans.push(Array.from(draws.subarray(pivot * P + k * d, pivot * P + (k + 1) * d)));
  const tmp = new Float64Array(P);
  for (let s = 0; s < S; s++) {
    const { perm } = alignComponents(draws.subarray(s * P, s * P + K * d), pivotMeans, K, d);
    let identity = true;
    for (let k = 0; k < K; k++) if (perm[k] !== k) identity = false;
    if (!identity) permuteDraw(draws, s, P, K, d, perm, tmp);
  }
}
