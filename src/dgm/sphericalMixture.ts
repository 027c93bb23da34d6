/**
 * Samples a spherical Gaussian mixture Σ_k π_k N(μ_k, σ_k² I) (docs/ARCHITECTURE.md §1), returning the data and the
 * true component labels.
 *
 * Draw order, point by point: one uniform picks the label by inverse CDF on the cumulative weights, then d
 * standard normals give x = μ_k + σ_k z. Because nothing is drawn in bulk or ahead, the first m points of a
 * sample of size n equal a sample of size m from an identical stream — the runner samples the largest n
 * once and uses its prefixes for the smaller n (nested designs; fewer data draws, less MC noise between
 * sample sizes). Any change of this order changes every data set: treat it as part of the seeding contract.
 */
import type { Dataset, Rng } from '../types.js';
import { validateMixture, type SphericalMixture } from '../mixture/spherical.js';
import { Stream } from '../rng/stream.js';

export interface MixtureSample {
  readonly data: Dataset;
  /** True component of each point, 0..K−1. */
  readonly labels: Int32Array;
}

/**
 * Upper ends of the label intervals of [0, 1): weights normalised by their sum (so the ≤ 1e-9 slack allowed by
 * validation does not bias one component), and +∞ from the last positive-weight component on, so a rounding
 * shortfall of the cumulative sum below 1 can neither run past the end nor select a zero-weight component.
 */
function cumulativeThresholds(weights: readonly number[]): Float64Array {
  const K = weights.length;
  let total = 0;
  for (const w of weights) total += w;
  let lastPositive = 0;
  for (let k = 0; k < K; k++) if (weights[k] > 0) lastPositive = k;
  const cum = new Float64Array(K);
  let acc = 0;
  for (let k = 0; k < K; k++) {
    acc += weights[k];
    cum[k] = k >= lastPositive ? Infinity : acc / total;
  }
  return cum;
}

/** Memory a caller lends the sampler (long enough for n·d values and n labels); see `sampleMixture`. */
export interface SampleBuffers {
  readonly x: Float64Array;
  readonly labels: Int32Array;
}

/**
 * n points from `spec` (validated first, src/mixture/spherical.ts; throws a `MixtureError` or a RangeError for a
 * bad n). Zero weights are allowed: such a component is never drawn. With `buffers`, the sample is written into
 * views of them instead of fresh arrays: a fresh 0.8 MB array costs ~1 ms of page faults here, as much as
 * drawing its 1e5 points, so the runner lends one pair per worker.
 */
export function sampleMixture(spec: SphericalMixture, n: number, rng: Rng, buffers?: SampleBuffers): MixtureSample {
  const { K, d } = validateMixture(spec);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n: must be a non-negative integer (got ${n})`);
  const mu = new Float64Array(K * d); // K×d row-major
  spec.means.forEach((row, k) => mu.set(row, k * d));
  const sigma = Float64Array.from(spec.sigmas);
  const cum = cumulativeThresholds(spec.weights);
  if (buffers !== undefined && (buffers.x.length < n * d || buffers.labels.length < n)) {
    throw new RangeError(`sampleMixture: buffers hold ${buffers.x.length} values and ${buffers.labels.length} labels, need ${n * d} and ${n}`);
  }
  const x = buffers === undefined ? new Float64Array(n * d) : buffers.x.subarray(0, n * d);
  const labels = buffers === undefined ? new Int32Array(n) : buffers.labels.subarray(0, n);
  if (rng instanceof Stream) {
    rng.fillLabelledNormals({ cum, mu, sigma, d, x, labels });
    return { data: { x, n, d }, labels };
  }
  for (let p = 0, row = 0; p < n; p++, row += d) {
    const u = rng.uniform();
    let k = 0;
    while (u >= cum[k]) k++; // zero-weight components have empty intervals [cum[k-1], cum[k])
    labels[p] = k;
    const s = sigma[k];
    const m = k * d;
    for (let j = 0; j < d; j++) x[row + j] = mu[m + j] + s * rng.normal();
  }
  return { data: { x, n, d }, labels };
}
