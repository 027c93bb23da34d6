/** The built-in spherical mixture under the plugin contract (src/dgm/sphericalMechanism.ts) and the sample checks of src/dgm/mechanism.ts. */
import { describe, expect, it } from 'vitest';
import { sampleProblem } from '../../src/dgm/mechanism.js';
import { sphericalMixtureMechanism } from '../../src/dgm/sphericalMechanism.js';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import { createStream } from '../../src/rng/stream.js';

const mixture = { weights: [0.3, 0.7], means: [[-1, 0], [2, 1]], sigmas: [1, 0.5] };

describe('the spherical mixture as a mechanism', () => {
  it('samples what sampleMixture samples, point by point, and states the mixture as its truth', () => {
    const a = sphericalMixtureMechanism.sample(500, mixture, createStream(1, 'm'));
    const b = sampleMixture(mixture, 500, createStream(1, 'm'));
    expect(Array.from(a.x)).toEqual(Array.from(b.data.x));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    const prefix = sphericalMixtureMechanism.sample(200, mixture, createStream(1, 'm'));
    expect(Array.from(prefix.x)).toEqual(Array.from(a.x.subarray(0, 400)));
    expect(sphericalMixtureMechanism.truth(mixture)).toEqual({ means: mixture.means, weights: mixture.weights, sigmas: mixture.sigmas });
    expect(sampleProblem(a, 500, 2, 2)).toBeNull();
  });

  it('sampleProblem names what is wrong with a plugin\'s sample', () => {
    expect(sampleProblem({ x: new Float64Array(3), labels: new Int32Array(2) }, 2, 2, 2)).toBe('sample().x has 3 values, expected n·d = 2·2 = 4');
    expect(sampleProblem({ x: Float64Array.from([0, NaN]), labels: new Int32Array(2) }, 2, 2, 1)).toBe('sample().x[1] is NaN (point 1): data must be finite');
    expect(sampleProblem({ x: new Float64Array(2), labels: Int32Array.from([0, 2]) }, 2, 2, 1)).toBe('sample().labels[1] is 2, expected 0..1');
    expect(sampleProblem({ x: [0, 1], labels: new Int32Array(2) }, 2, 2, 1)).toBe('sample().x must be a Float64Array');
  });
});
