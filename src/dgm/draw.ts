/**
 * One sample from a study's mixture entry, whichever mechanism generates it: the built-in spherical Gaussian
 * mixture (./sphericalMixture.ts, into the caller's buffers) or a plugin mechanism (./mechanism.ts), whose sample
 * is checked — lengths, finite coordinates, labels in 0..K−1 — so a broken plugin fails that replication with a
 * message instead of feeding NaN to the estimators.
 */
import type { SphericalMixture } from '../mixture/spherical.js';
import type { Rng } from '../types.js';
import { mechanismOf, paramsWithDefaults, sampleProblem, type MechanismRef } from './mechanism.js';
import { sampleMixture, type MixtureSample, type SampleBuffers } from './sphericalMixture.js';

/** A config's mixture entry (src/config/types.ts MixtureSpec), structurally. */
export interface DrawnMixture extends SphericalMixture {
  readonly K: number;
  readonly d: number;
  readonly mechanism?: MechanismRef;
}

/** n points of `mixture` from `rng`; throws with the plugin's file named when its sampler fails or misbehaves. */
export function drawSample(mixture: DrawnMixture, n: number, rng: Rng, buffers?: SampleBuffers): MixtureSample {
  const ref = mixture.mechanism;
  if (ref === undefined) return sampleMixture(mixture, n, rng, buffers);
  const mechanism = mechanismOf(ref);
  let sample: unknown;
  try {
    sample = mechanism.sample(n, paramsWithDefaults(mechanism.params, ref.params), rng);
  } catch (err) {
    throw new Error(`data mechanism "${ref.module}" sample() threw: ${err instanceof Error ? err.message : String(err)}`);
  }
  const problem = sampleProblem(sample, n, mixture.K, mixture.d);
  if (problem !== null) throw new Error(`data mechanism "${ref.module}": ${problem}`);
  const { x, labels } = sample as MixtureSample['data'] & { labels: Int32Array };
  return { data: { x, n, d: mixture.d }, labels };
}
