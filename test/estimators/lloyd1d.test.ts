import { describe, expect, it } from 'vitest';
import { fitKMeansWith, kmeans } from '../../src/estimators/kmeans/kmeans.js';
import { kmeansPlusPlus } from '../../src/estimators/kmeans/kmeansPlusPlus.js';
import { accumulate, createLloydWork } from '../../src/estimators/kmeans/lloyd.js';
import {
  accumulateIndexed,
  bucketOf,
  buildValueIndex,
  INDEX_MIN_N,
  seedPlusPlusIndexed,
  type ValueIndex1d,
} from '../../src/estimators/kmeans/lloyd1d.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';
import type { KMeansOptions } from '../../src/estimators/kmeans/kmeans.js';

/** A two-component 1-D Gaussian mixture: weight p at −sep/2 (sd 1), the rest at +sep/2 (sd sd2); then f(x). */
function mixture(seed: number, n: number, sep: number, p: number, sd2: number, f: (v: number) => number = (v) => v): Dataset {
  const rng = createStream(seed, 'lloyd1d-test', n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = f(rng.uniform() < p ? -sep / 2 + rng.normal() : sep / 2 + sd2 * rng.normal());
  return { x, n, d: 1 };
}

/** The data sets every comparison runs on: overlap and separation, ties, duplicates, offsets, tiny spread. */
function dataSets(n: number, seed: number): Array<[string, Dataset]> {
  return [
    ['overlapping', mixture(seed, n, 2, 0.5, 1)],
    ['separated, unequal', mixture(seed + 1, n, 12, 0.2, 3)],
    ['grid of 1/8 (ties)', mixture(seed + 2, n, 2, 0.5, 1, (v) => Math.round(v * 8) / 8)],
    ['three values (heavy duplicates)', mixture(seed + 3, n, 2, 0.5, 1, (v) => (v < -0.5 ? -1.5 : v < 0.7 ? 0.25 : 2))],
    ['90% one value', mixture(seed + 4, n, 2, 0.9, 1, (v) => (v < 0 ? 3.5 : v))],
    ['offset 1e8', mixture(seed + 5, n, 2, 0.5, 1, (v) => 1e8 + v)],
    ['σ = 1e-9', mixture(seed + 6, n, 2, 0.5, 1, (v) => 1e-9 * v)],
    ['σ = 1e-9 offset by 1', mixture(seed + 7, n, 2, 0.5, 1, (v) => 1 + 1e-9 * v)],
    ['one far outlier', mixture(seed + 8, n, 2, 0.5, 1, (v) => (v > 3.2 ? 1e6 : v))],
  ];
}

/** Exact reference of the d=1, K=2 pass: count and Σ(x − shift) over the points with x > mid. */
function exactAbove(data: Dataset, mid: number, shift: number): { count: number; sum: number; scale: number } {
  let count = 0;
  let sum = 0;
  let scale = 0;
  for (let i = 0; i < data.n; i++) {
    const v = data.x[i];
    if (v > mid) {
      count++;
      sum += v - shift;
      scale += Math.abs(v - shift);
    }
  }
  return { count, sum, scale };
}

function minMax(x: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

/** Thresholds worth checking: random ones in and beyond the data range, data values, bucket edges and their neighbours. */
function thresholds(data: Dataset, ix: ValueIndex1d, seed: number): number[] {
  const [lo, hi] = minMax(data.x);
  const span = hi - lo;
  const rng = createStream(seed, 'thresholds');
  const t: number[] = [lo, hi, lo - span, hi + span, -Infinity, Infinity, 0.5 * (lo + hi), -1e300, 1e300];
  for (let q = 0; q < 40; q++) t.push(lo - 0.25 * span + 1.5 * span * rng.uniform());
  for (let q = 0; q < 20; q++) t.push(data.x[Math.floor(rng.uniform() * data.n)]);
  for (let q = 0; q < 20; q++) {
    // The lower edge of a random bucket, and the doubles next to it.
    const b = Math.floor(rng.uniform() * ix.B);
    const edge = ix.lo + b / ix.scale;
    t.push(edge, edge * (1 + Number.EPSILON), edge * (1 - Number.EPSILON), edge + Number.MIN_VALUE);
  }
  return t;
}

describe('value index (lloyd1d)', () => {
  it('holds a permutation of the data in bucket order, index order within a bucket', () => {
    for (const [name, data] of dataSets(3000, 1)) {
      const ix = buildValueIndex(data.x, data.n);
      expect(ix.B, name).toBeGreaterThan(0);
      expect(ix.start[0]).toBe(0);
      expect(ix.start[ix.B]).toBe(data.n);
      expect(Array.from(ix.sorted).sort((a, b) => a - b)).toEqual(Array.from(data.x).sort((a, b) => a - b));
      let prev = -1;
      for (let b = 0; b < ix.B; b++) {
        for (let p = ix.start[b]; p < ix.start[b + 1]; p++) expect(bucketOf(ix, ix.sorted[p])).toBe(b);
        if (ix.start[b + 1] > ix.start[b]) {
          expect(b).toBeGreaterThan(prev);
          prev = b;
        }
      }
      // Index order within a bucket: the bucket's values appear as they do in x.
      const b0 = bucketOf(ix, data.x[0]);
      const inX = Array.from(data.x).filter((v) => bucketOf(ix, v) === b0);
      expect(Array.from(ix.sorted.subarray(ix.start[b0], ix.start[b0 + 1]))).toEqual(inX);
    }
  });

  it('bucketOf is monotone, clamped, and defined for thresholds outside the data', () => {
    const data = mixture(2, 5000, 2, 0.5, 1);
    const ix = buildValueIndex(data.x, data.n);
    const t = thresholds(data, ix, 2).sort((a, b) => a - b);
    for (let q = 1; q < t.length; q++) expect(bucketOf(ix, t[q])).toBeGreaterThanOrEqual(bucketOf(ix, t[q - 1]));
    expect(bucketOf(ix, -Infinity)).toBe(0);
    expect(bucketOf(ix, Infinity)).toBe(ix.B - 1);
  });

  it('computes the moments bit-identically to the unindexed work', () => {
    for (const [name, data] of dataSets(2000, 3)) {
      const a = createLloydWork(data, 2);
      const b = createLloydWork(data, 2, 1);
      expect(a.index.B).toBe(0);
      expect(b.index.B, name).toBeGreaterThan(0);
      expect(Array.from(b.shift), name).toEqual(Array.from(a.shift));
      expect(Array.from(b.shiftedTotal), name).toEqual(Array.from(a.shiftedTotal));
      expect(Array.from(b.variance), name).toEqual(Array.from(a.variance));
    }
  });

  it('is built from n ≥ INDEX_MIN_N on, and never for constant data, d > 1 or K ≠ 2', () => {
    const below = mixture(4, INDEX_MIN_N - 1, 2, 0.5, 1);
    const at = mixture(4, INDEX_MIN_N, 2, 0.5, 1);
    expect(createLloydWork(below, 2, INDEX_MIN_N).index.B).toBe(0);
    expect(createLloydWork(at, 2, INDEX_MIN_N).index.B).toBeGreaterThan(0);
    expect(createLloydWork(at, 3, INDEX_MIN_N).index.B).toBe(0);
    expect(createLloydWork({ x: at.x, n: at.n / 2, d: 2 }, 2, INDEX_MIN_N).index.B).toBe(0);
    const constant: Dataset = { x: new Float64Array(1000).fill(-7.25), n: 1000, d: 1 };
    expect(createLloydWork(constant, 2, INDEX_MIN_N).index.B).toBe(0);
    // Sampled points (every third here) all equal but the data are not: the full range is used.
    const x = new Float64Array(1000).fill(2.5);
    x[1] = 3;
    x[998] = -1;
    const ix = buildValueIndex(x, 1000);
    expect(ix.B).toBeGreaterThan(0);
    expect(ix.lo).toBe(-1);
  });

  it('the bucketed assignment equals the exact O(n) one (counts exactly, sums to 1e-12)', () => {
    const out = new Float64Array(2);
    for (const n of [INDEX_MIN_N - 1, INDEX_MIN_N, INDEX_MIN_N + 1, 4000]) {
      for (const [name, data] of dataSets(n, 10 + n)) {
        const ix = buildValueIndex(data.x, data.n);
        expect(ix.B, name).toBeGreaterThan(0);
        for (const mid of thresholds(data, ix, n)) {
          accumulateIndexed(ix, mid, out);
          const ref = exactAbove(data, mid, ix.shift);
          expect(out[0], `${name}, n = ${n}, mid = ${mid}`).toBe(ref.count);
          expect(Math.abs(out[1] - ref.sum), `${name}, n = ${n}, mid = ${mid}`).toBeLessThanOrEqual(1e-12 * ref.scale);
        }
      }
    }
  });

  it('the Lloyd pass with the index matches the O(n) pass for random centres', () => {
    for (const [name, data] of dataSets(3000, 20)) {
      const plain = createLloydWork(data, 2);
      const indexed = createLloydWork(data, 2, 1);
      const [lo, hi] = minMax(data.x);
      const rng = createStream(20, name);
      for (let q = 0; q < 50; q++) {
        const c = Float64Array.from([lo + (hi - lo) * (1.4 * rng.uniform() - 0.2), lo + (hi - lo) * (1.4 * rng.uniform() - 0.2)]);
        accumulate(data, c, plain);
        accumulate(data, c, indexed);
        expect(Array.from(indexed.counts), name).toEqual(Array.from(plain.counts));
        for (let k = 0; k < 2; k++) {
          const tolerance = 1e-12 * data.n * Math.sqrt(plain.variance[0]) + 1e-300;
          expect(Math.abs(indexed.sums[k] - plain.sums[k]), name).toBeLessThanOrEqual(tolerance);
        }
      }
    }
  });

  it('an unchanged partition gives bit-identical sums when the midpoint moves to another bucket', () => {
    // A gap between −1 and 1 spans many buckets: every midpoint in it gives the same partition.
    const n = 4000;
    const x = new Float64Array(n);
    const rng = createStream(30);
    for (let i = 0; i < n; i++) x[i] = (i % 2 === 0 ? -3 : 3) + rng.uniform() * 2 * (i % 2 === 0 ? 1 : -1);
    const ix = buildValueIndex(x, n);
    const out = new Float64Array(2);
    accumulateIndexed(ix, -0.9, out);
    const first = Array.from(out);
    const seen = new Set<number>();
    for (let q = 0; q <= 36; q++) {
      const mid = -0.9 + q * 0.05;
      seen.add(bucketOf(ix, mid));
      accumulateIndexed(ix, mid, out);
      expect(Array.from(out)).toEqual(first);
    }
    expect(seen.size).toBeGreaterThan(3);
  });
});

describe('k-means++ seeding on the index', () => {
  /** Seeds of the general implementation and of the indexed one from the same stream; also the next draw. */
  function bothSeeds(data: Dataset, ix: ValueIndex1d, key: number, slack: number): [number[], number[]] {
    const r1 = createStream(key, 'seeds');
    const general = Array.from(kmeansPlusPlus(data, 2, r1));
    const r2 = createStream(key, 'seeds');
    const out = new Float64Array(2);
    seedPlusPlusIndexed(data.x, data.n, r2, out, ix, slack);
    return [
      [...general, r1.uniform()],
      [...Array.from(out), r2.uniform()],
    ];
  }

  it('chooses the same seeds as seedPlusPlus and consumes the same draws', () => {
    for (const n of [INDEX_MIN_N, 3000]) {
      for (const [name, data] of dataSets(n, 40 + n)) {
        const ix = buildValueIndex(data.x, data.n);
        for (let key = 0; key < 40; key++) {
          const [general, indexed] = bothSeeds(data, ix, key, 1);
          expect(indexed, `${name}, n = ${n}, key = ${key}`).toEqual(general);
        }
      }
    }
  });

  it('gives the same seeds whatever the rounding bounds (exact fallbacks included)', () => {
    // Widened bounds send the targets and the candidate comparison through the exact O(n) paths; symmetric
    // data make exact ties of the potentials common (seedPlusPlus then keeps the first candidate).
    const symmetric: Dataset = (() => {
      const n = 1400;
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = ((i * 37) % 7) - 3;
      return { x, n, d: 1 };
    })();
    const shiftedSymmetric: Dataset = { x: symmetric.x.map((v) => 0.1 * v + 1 / 3), n: symmetric.n, d: 1 };
    const sets: Array<[string, Dataset]> = [
      ['symmetric integers', symmetric],
      ['symmetric, scaled and shifted', shiftedSymmetric],
      ...dataSets(1500, 50).slice(0, 4),
      // Σ(x − c₀)² overflows: seedPlusPlus draws the second seed uniformly.
      ['squares overflow', mixture(51, 1500, 2, 0.5, 1, (v) => 1e160 * v)],
    ];
    for (const [name, data] of sets) {
      const ix = buildValueIndex(data.x, data.n);
      for (const slack of [1, 1e4, 1e8, 1e12, 1e20]) {
        for (let key = 0; key < 25; key++) {
          const [general, indexed] = bothSeeds(data, ix, key, slack);
          expect(indexed, `${name}, slack = ${slack}, key = ${key}`).toEqual(general);
        }
      }
    }
  });
});

describe('k-means on the index equals the general path', () => {
  function expectSameFit(a: Fit, b: Fit, what: string): void {
    expect(b.iterations, what).toBe(a.iterations);
    expect(b.status, what).toBe(a.status);
    expect(b.converged, what).toBe(a.converged);
    expect(b.message, what).toBe(a.message);
    expect(Array.from(b.weights), what).toEqual(Array.from(a.weights));
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(b.means[k] - a.means[k]), what).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a.means[k])));
    }
    expect(Math.abs(b.objective - a.objective), what).toBeLessThanOrEqual(1e-12 * a.objective);
  }

  it('on 240 random mixtures (both inits, restarts, tolerances, maxIter)', () => {
    const gen = createStream(60, 'mixtures');
    for (let s = 0; s < 240; s++) {
      const n = INDEX_MIN_N + Math.floor(gen.uniform() * 12000);
      const sep = 4 * gen.uniform();
      const p = 0.05 + 0.9 * gen.uniform();
      const sd2 = 0.25 + 2 * gen.uniform();
      const offset = gen.uniform() < 0.2 ? 1e8 : 0;
      const scale = gen.uniform() < 0.2 ? 1e-6 : 1;
      const data = mixture(600 + s, n, sep, p, sd2, (v) => offset + scale * v);
      const options: KMeansOptions = {
        init: gen.uniform() < 0.7 ? 'kmeans++' : 'random',
        restarts: 1 + Math.floor(gen.uniform() * 3),
        tol: gen.uniform() < 0.3 ? 0 : 1e-10,
        maxIter: gen.uniform() < 0.15 ? 3 : 300,
      };
      const general = fitKMeansWith(data, 2, options, createStream(61, s), Infinity);
      const indexed = kmeans.fit(data, 2, options, createStream(61, s));
      expectSameFit(general, indexed, `mixture ${s}: n = ${n}, ${JSON.stringify(options)}`);
    }
  });

  it('on ties, duplicates, offsets, tiny spread and outliers', () => {
    for (const [name, data] of dataSets(2500, 70)) {
      for (const init of ['kmeans++', 'random'] as const) {
        for (let r = 0; r < 5; r++) {
          const general = fitKMeansWith(data, 2, { init }, createStream(71, r, init), Infinity);
          const indexed = fitKMeansWith(data, 2, { init }, createStream(71, r, init), 1);
          expectSameFit(general, indexed, `${name}, ${init}, ${r}`);
        }
      }
    }
  });

  it('reports empty clusters as before', () => {
    // Two distinct values, 80% of the points at the larger: random seeds often both land on it, the midpoint
    // rule then leaves the upper cluster empty and the first pass repairs it. With maxIter = 1 a repaired fit
    // is 'not-converged', an unrepaired one (the perfect partition at once) is 'ok'.
    const x = new Float64Array(1000);
    for (let i = 0; i < 1000; i++) x[i] = i % 5 === 0 ? -1.25 : 4.75;
    const two: Dataset = { x, n: 1000, d: 1 };
    let repaired = 0;
    for (let r = 0; r < 30; r++) {
      for (const maxIter of [1, 300]) {
        const general = fitKMeansWith(two, 2, { init: 'random', maxIter }, createStream(80, r), Infinity);
        const indexed = fitKMeansWith(two, 2, { init: 'random', maxIter }, createStream(80, r), 1);
        expectSameFit(general, indexed, `two values, ${r}, maxIter ${maxIter}`);
        if (maxIter === 1 && indexed.status === 'not-converged') repaired++;
        if (maxIter === 300) expect(indexed.status).toBe('ok');
      }
    }
    expect(repaired).toBeGreaterThan(5);
    // All points identical (no index can be built): empty-cluster, as on the general path.
    const same: Dataset = { x: new Float64Array(1000).fill(0.75), n: 1000, d: 1 };
    for (const init of ['kmeans++', 'random'] as const) {
      const general = fitKMeansWith(same, 2, { init, restarts: 2 }, createStream(81, init), Infinity);
      const indexed = kmeans.fit(same, 2, { init, restarts: 2 }, createStream(81, init));
      expect(indexed.status).toBe('empty-cluster');
      expect(indexed).toEqual(general);
    }
  });
});
