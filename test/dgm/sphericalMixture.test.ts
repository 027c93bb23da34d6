import { describe, expect, it } from 'vitest';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import { MixtureError, toSphericalMixture, type SphericalMixture } from '../../src/mixture/spherical.js';
import { createStream } from '../../src/rng/stream.js';

const spec3: SphericalMixture = {
  weights: [0.2, 0.5, 0.3],
  means: [
    [-2, 0],
    [1, 1],
    [3, -1],
  ],
  sigmas: [0.5, 1, 2],
};

describe('sampleMixture: reproducibility and draw order', () => {
  it('samples of smaller n are exact prefixes of larger ones (nested designs)', () => {
    const big = sampleMixture(spec3, 5000, createStream(11, 'nested'));
    for (const m of [0, 1, 137, 4999]) {
      const small = sampleMixture(spec3, m, createStream(11, 'nested'));
      expect(small.data.n).toBe(m);
      expect(Array.from(small.data.x)).toEqual(Array.from(big.data.x.subarray(0, m * 2)));
      expect(Array.from(small.labels)).toEqual(Array.from(big.labels.subarray(0, m)));
    }
  });

  it('draws per point one uniform (label by inverse CDF) then d normals', () => {
    const n = 2000;
    const got = sampleMixture(spec3, n, createStream(3, 'order'));
    const ref = createStream(3, 'order');
    const cum = [0.2, 0.7, 1];
    for (let p = 0; p < n; p++) {
      const u = ref.uniform();
      const k = cum.findIndex((c) => u < c);
      expect(got.labels[p]).toBe(k);
      for (let j = 0; j < 2; j++) {
        expect(got.data.x[p * 2 + j]).toBe(spec3.means[k][j] + spec3.sigmas![k] * ref.normal());
      }
    }
  });

  it('a shared sigma (the written form, normalised) gives the same data as the same value repeated in sigmas', () => {
    const a = sampleMixture(toSphericalMixture({ weights: [0.5, 0.5], means: [[-1], [1]], sigma: 0.7 }), 1000, createStream(1, 's'));
    const b = sampleMixture({ weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [0.7, 0.7] }, 1000, createStream(1, 's'));
    expect(Array.from(a.data.x)).toEqual(Array.from(b.data.x));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });

  it('returns the Dataset shape (row-major n×d) and handles n = 0', () => {
    const { data, labels } = sampleMixture(spec3, 10, createStream(1));
    expect([data.n, data.d, data.x.length, labels.length]).toEqual([10, 2, 20, 10]);
    const empty = sampleMixture(spec3, 0, createStream(1));
    expect([empty.data.x.length, empty.labels.length]).toEqual([0, 0]);
  });
});

describe('sampleMixture: distribution (n = 2e5, 5 SE tolerances)', () => {
  const n = 200_000;
  const { data, labels } = sampleMixture(spec3, n, createStream(2024, 'moments'));
  const K = 3;
  const d = 2;
  const counts = new Float64Array(K);
  const sums = new Float64Array(K * d);
  const sq = new Float64Array(K); // Σ ‖x − μ_k‖² over the component's points
  for (let p = 0; p < n; p++) {
    const k = labels[p];
    counts[k]++;
    for (let j = 0; j < d; j++) {
      const v = data.x[p * d + j];
      sums[k * d + j] += v;
      sq[k] += (v - spec3.means[k][j]) ** 2;
    }
  }

  it('label frequencies match the weights', () => {
    for (let k = 0; k < K; k++) {
      const w = spec3.weights[k];
      expect(Math.abs(counts[k] / n - w)).toBeLessThan(5 * Math.sqrt((w * (1 - w)) / n));
    }
  });

  it('each component has mean μ_k and variance σ_k² per coordinate', () => {
    for (let k = 0; k < K; k++) {
      const s = spec3.sigmas![k];
      for (let j = 0; j < d; j++) {
        const mean = sums[k * d + j] / counts[k];
        expect(Math.abs(mean - spec3.means[k][j])).toBeLessThan((5 * s) / Math.sqrt(counts[k]));
      }
      // Known-mean variance estimate from counts·d squared deviations: SE = σ²√(2/(counts·d)).
      const v = sq[k] / (counts[k] * d);
      expect(Math.abs(v - s * s)).toBeLessThan(5 * s * s * Math.sqrt(2 / (counts[k] * d)));
    }
  });

  it('never draws a zero-weight component, wherever it sits', () => {
    const zeroSpec: SphericalMixture = { weights: [0, 0.6, 0, 0.4, 0], means: [[0], [1], [2], [3], [4]], sigmas: [1, 1, 1, 1, 1] };
    const { labels: l } = sampleMixture(zeroSpec, 50_000, createStream(5, 'zero'));
    const seen = new Set(l);
    expect([...seen].sort()).toEqual([1, 3]);
  });
});

describe('validation', () => {
  const base = { weights: [0.5, 0.5], means: [[0, 0], [1, 1]], sigmas: [1, 1] };
  const cases: [string, unknown, string][] = [
    ['weights sum', { ...base, weights: [0.5, 0.7] }, 'weights: must sum to 1 (got 1.2)'],
    ['weights sum just outside 1e-9', { ...base, weights: [0.5, 0.5 + 2e-9] }, 'weights: must sum to 1 (got 1.000000002)'],
    ['negative weight', { ...base, weights: [1.1, -0.1] }, 'weights[1]: must be ≥ 0 (got -0.1)'],
    ['NaN weight', { ...base, weights: [NaN, 1] }, 'weights[0]: must be finite (got NaN)'],
    ['string weight', { ...base, weights: ['0.5', 0.5] }, 'weights[0]: must be a number (got string)'],
    ['no components', { weights: [], means: [], sigmas: [] }, 'weights: must have at least one component (got 0)'],
    ['K mismatch in means', { ...base, means: [[0, 0]] }, 'means: has 1 row, expected K = 2 (one per weight)'],
    ['ragged means', { ...base, means: [[0, 0], [1, 1, 1]] }, 'means[1]: has 3 coordinates, expected 2 (as means[0])'],
    ['zero-dimensional', { ...base, means: [[], []] }, 'means[0]: has 0 coordinates, expected at least 1'],
    ['NaN coordinate', { ...base, means: [[0, NaN], [1, 1]] }, 'means[0][1]: must be finite (got NaN)'],
    ['infinite coordinate', { ...base, means: [[0, 0], [Infinity, 1]] }, 'means[1][0]: must be finite (got Infinity)'],
    ['zero sigma', { ...base, sigmas: [0, 1] }, 'sigmas[0]: must be > 0 (got 0)'],
    ['negative sigma', { ...base, sigmas: [1, -2] }, 'sigmas[1]: must be > 0 (got -2)'],
    ['infinite sigma', { ...base, sigmas: [Infinity, 1] }, 'sigmas[0]: must be finite (got Infinity)'],
    ['K mismatch in sigmas', { ...base, sigmas: [1, 1, 1] }, 'sigmas: has 3 entries, expected K = 2 (one per weight)'],
    ['single sigma for two', { ...base, sigmas: [1] }, 'sigmas: has 1 entry, expected K = 2 (one per weight)'],
    ['one coordinate short', { ...base, means: [[0, 0], [1]] }, 'means[1]: has 1 coordinate, expected 2 (as means[0])'],
    ['no sigmas', { weights: [1], means: [[0]] }, 'needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got neither)'],
  ];

  it.each(cases)('%s', (_name, spec, message) => {
    let caught: unknown;
    try {
      sampleMixture(spec as SphericalMixture, 5, createStream(1));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MixtureError);
    expect((caught as MixtureError).message).toBe(message);
    const { path } = caught as MixtureError;
    expect(path === '' ? message : message.startsWith(`${path}: `)).toBeTruthy();
  });

  it('accepts weights that sum to 1 within 1e-9 (decimal rounding)', () => {
    expect(() => sampleMixture({ ...base, weights: [0.1 + 0.2, 0.7] }, 5, createStream(1))).not.toThrow();
  });

  it.each([-1, 1.5, NaN])('rejects n = %s', (n) => {
    expect(() => sampleMixture(base, n, createStream(1))).toThrow(`n: must be a non-negative integer (got ${n})`);
  });
});

describe('sampleMixture into lent buffers', () => {
  it('writes the same sample into views of the buffers, and rejects buffers that are too short', () => {
    const buffers = { x: new Float64Array(3000 * 2 + 7).fill(NaN), labels: new Int32Array(3000 + 3).fill(-1) };
    for (const n of [3000, 10, 0]) {
      const fresh = sampleMixture(spec3, n, createStream(5, 'lend', n));
      const lent = sampleMixture(spec3, n, createStream(5, 'lend', n), buffers);
      expect(lent.data.x.buffer).toBe(buffers.x.buffer);
      expect(Array.from(lent.data.x)).toEqual(Array.from(fresh.data.x));
      expect(Array.from(lent.labels)).toEqual(Array.from(fresh.labels));
    }
    expect(() => sampleMixture(spec3, 4000, createStream(5), buffers)).toThrow(/need 8000 and 4000/);
  });
});
