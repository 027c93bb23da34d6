/**
 * The true mixture a data set was drawn from: the θ every estimand is measured against (the "E" and the
 * targets of ADEMP; Morris, White & Crowther 2019, Stat Med 38:2074–2102, §3 and Table 6, where θ enters
 * every performance measure). Arrays are readonly so a config's mixture spec can be passed without copying.
 */

/** K components in d dimensions: weights π_k, means μ_k (K×d), standard deviations σ_k (covariance σ_k²·I). */
export interface TruthMixture {
  readonly weights: readonly number[];
  readonly means: readonly (readonly number[])[];
  readonly sigmas: readonly number[];
}

/**
 * K and d of a truth, after checking that its arrays agree. Shapes are checked here rather than trusted
 * because a ragged `means` would otherwise silently read `undefined` as NaN deep inside the alignment.
 */
export function truthShape(truth: TruthMixture): { K: number; d: number } {
  const K = truth.weights.length;
  if (K < 1) throw new RangeError('truth: at least one component is required');
  if (truth.means.length !== K) throw new RangeError(`truth: ${K} weights but ${truth.means.length} means`);
  if (truth.sigmas.length !== K) throw new RangeError(`truth: ${K} weights but ${truth.sigmas.length} sigmas`);
  const d = truth.means[0].length;
  if (d < 1) throw new RangeError('truth: means must have at least one coordinate');
  for (let k = 1; k < K; k++) {
    if (truth.means[k].length !== d) throw new RangeError(`truth: means[${k}] has ${truth.means[k].length} coordinates, means[0] has ${d}`);
  }
  return { K, d };
}
