import { describe, expect, it } from 'vitest';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import type { SphericalMixture } from '../../src/mixture/spherical.js';
import { createStream } from '../../src/rng/stream.js';
import type { Rng } from '../../src/types.js';

/** The reference order of draws: the point-by-point loop through the Rng interface (a Stream hidden behind a wrapper). */
function viaInterface(spec: SphericalMixture, n: number, seed: number): { x: Float64Array; labels: Int32Array } {
  const s = createStream(seed, 'labelled');
  const wrapped: Rng = { uniform: () => s.uniform(), normal: () => s.normal() };
  const out = sampleMixture(spec, n, wrapped);
  return { x: out.data.x, labels: out.labels };
}

const named: [string, SphericalMixture][] = [
  ['canonical', { weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] }],
  ['unequal', { weights: [0.9, 0.1], means: [[0], [3]], sigmas: [1, 0.25] }],
  ['zero-weight', { weights: [0.3, 0, 0.7], means: [[0, 0], [5, 5], [1e8, -2]], sigmas: [2, 2, 2] }],
  ['k4d3', { weights: [0.1, 0.2, 0.3, 0.4], means: [[0, 0, 0], [1, 1, 1], [2, 0, 1], [-3, 4, 0]], sigmas: [0.5, 0.5, 0.5, 0.5] }],
];
const specs = named.map(([, s]) => s);

describe('fused labelled-normal draws (Stream.fillLabelledNormals)', () => {
  for (const [name, spec] of named) {
    it(`are bit-identical to one uniform + d normals per point through the Rng interface: ${name}`, () => {
      for (const seed of [1, 2, 3]) {
        const n = 20000;
        const ref = viaInterface(spec, n, seed);
        const fused = sampleMixture(spec, n, createStream(seed, 'labelled'));
        expect(fused.labels).toEqual(ref.labels);
        // toEqual on Float64Array compares with Object.is per element: −0 and +0 differ, NaN equals NaN.
        expect(fused.data.x).toEqual(ref.x);
      }
    });
  }

  it('leaves the stream where the point-by-point loop leaves it (later draws agree too)', () => {
    const spec = specs[1];
    const a = createStream(9, 'after');
    const b = createStream(9, 'after');
    sampleMixture(spec, 12345, a);
    const wrapped: Rng = { uniform: () => b.uniform(), normal: () => b.normal() };
    sampleMixture(spec, 12345, wrapped);
    for (let i = 0; i < 100; i++) expect(a.uniform()).toBe(b.uniform());
  });

  it('takes the ziggurat tail and wedge paths (|z| beyond r = 3.654 occurs) and still matches', () => {
    const spec = specs[0];
    const n = 200000;
    const ref = viaInterface(spec, n, 42);
    const fused = sampleMixture(spec, n, createStream(42, 'labelled'));
    let tail = 0;
    for (let i = 0; i < n; i++) if (Math.abs(fused.data.x[i] - (fused.labels[i] === 0 ? -1 : 1)) > 3.6541528853610088) tail++;
    expect(tail).toBeGreaterThan(10);
    expect(fused.data.x).toEqual(ref.x);
  });
});
