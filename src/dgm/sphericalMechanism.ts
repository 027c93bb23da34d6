/**
 * The built-in spherical Gaussian mixture (./sphericalMixture.ts) as a data mechanism of the plugin contract
 * (./mechanism.ts): its parameters are the mixture itself — weights, means, one σ per component, validated by
 * src/mixture/spherical.ts where a config gives them (src/config/schema.ts) rather than by a flat `params`
 * declaration — its truth is those parameters, and it samples point by point. The runner samples built-in
 * mixtures through `sampleMixture` directly (src/dgm/draw.ts), into reused buffers; this view gives the same
 * draws, for code written against the contract.
 */
import type { SphericalMixture } from '../mixture/spherical.js';
import type { DataMechanism } from './mechanism.js';
import { sampleMixture } from './sphericalMixture.js';

export const sphericalMixtureMechanism: DataMechanism<SphericalMixture> = {
  name: 'spherical-mixture',
  summary: 'a spherical Gaussian mixture Σ_k π_k N(μ_k, σ_k² I)',
  params: {},
  truth: (m) => ({ means: m.means, weights: m.weights, sigmas: m.sigmas }),
  describe: (m, num) => m.weights.map((w, k) => `${num(w)}·N((${m.means[k].map(num).join(', ')}), ${num(m.sigmas[k] ** 2)}·I)`).join(' + '),
  sample: (n, m, rng) => {
    const { data, labels } = sampleMixture(m, n, rng);
    return { x: data.x, labels };
  },
};
