/**
 * The k-means population limit of the mean pairwise distance between the K centres, for mixtures without an
 * exact limit (K > 2 in d > 1; the paper's figure 7, src/paper/figures/multivariate.ts), from
 * kmeansLimitMonteCarlo.ts — with a Monte Carlo SE. That function averages the centres of a few large samples
 * but does not return per-sample pairwise distances, so it is called `batches` times with independent seeds
 * (each averaging `repeatsPerBatch` samples of size n): the batch results are independent and identically
 * distributed, and their mean and sd/√batches are the limit and its SE. Averaging centres before taking
 * distances biases a distance by O(Var(centre)) = O(1/n), negligible against the SE at n = 10⁵.
 */
import type { SphericalMixture } from '../mixture/spherical.js';
import { kmeansLimitMonteCarlo } from './kmeansLimitMonteCarlo.js';

export interface PairwiseLimitSettings {
  /** Points per sample. */
  readonly n: number;
  /** Independent batches (≥ 2, for the SE). */
  readonly batches: number;
  /** Samples averaged per batch. */
  readonly repeatsPerBatch: number;
  /** k-means restarts per sample. */
  readonly restarts: number;
}

export interface PairwiseLimitEstimate {
  /** Mean pairwise distance of the limit centres. */
  readonly separation: number;
  readonly se: number;
  /** Per-batch values, in batch order. */
  readonly batchValues: number[];
}

/** Mean of the K(K−1)/2 Euclidean distances between the rows of `c`. */
export function meanPairwiseDistance(c: readonly (readonly number[])[]): number {
  let s = 0;
  let pairs = 0;
  for (let i = 0; i < c.length; i++) {
    for (let j = i + 1; j < c.length; j++) {
      s += Math.hypot(...c[i].map((x, t) => x - c[j][t]));
      pairs++;
    }
  }
  return s / pairs;
}

/** The limit for K clusters of `mixture`; batch b draws from the seed `${seed}|batch=${b}`. */
export function pairwiseLimit(mixture: SphericalMixture, K: number, settings: PairwiseLimitSettings, seed: string): PairwiseLimitEstimate {
  if (settings.batches < 2) throw new RangeError('pairwiseLimit: at least two batches are needed for an SE');
  const batchValues: number[] = [];
  for (let b = 0; b < settings.batches; b++) {
    const l = kmeansLimitMonteCarlo({ weights: mixture.weights, means: mixture.means, sigmas: mixture.sigmas }, K, {
      n: settings.n,
      repeats: settings.repeatsPerBatch,
      restarts: settings.restarts,
      seed: `${seed}|batch=${b}`,
    });
    batchValues.push(meanPairwiseDistance(l.centers));
  }
  const B = batchValues.length;
  const mean = batchValues.reduce((a, x) => a + x, 0) / B;
  const sd = Math.sqrt(batchValues.reduce((a, x) => a + (x - mean) ** 2, 0) / (B - 1));
  return { separation: mean, se: sd / Math.sqrt(B), batchValues };
}
