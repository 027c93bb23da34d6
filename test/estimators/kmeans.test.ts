import { describe, expect, it } from 'vitest';
import { assignNearest, kmeans } from '../../src/estimators/kmeans/kmeans.js';
import { kmeansPlusPlus } from '../../src/estimators/kmeans/kmeansPlusPlus.js';
import { accumulate, createLloydWork, repairEmpty, updateCentres } from '../../src/estimators/kmeans/lloyd.js';
import { kmeansExact1d } from '../../src/estimators/kmeans/kmeansExact1d.js';
import { validateInput } from '../../src/estimators/validateInput.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';
import { fitKMeansWith } from '../../src/estimators/kmeans/kmeans.js';
import { INDEX_MIN_N } from '../../src/estimators/kmeans/lloyd1d.js';

/**
 * n points in d dimensions from K spherical components; returns the data and the true labels.
 * means is K×d row-major.
 */
function sample(seed: number, n: number, d: number, means: number[], sd: number): { data: Dataset; labels: Int32Array } {
  const K = means.length / d;
  const rng = createStream(seed, 'kmeans-test', n, d);
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = Math.min(K - 1, Math.floor(rng.uniform() * K));
    labels[i] = k;
    for (let j = 0; j < d; j++) x[i * d + j] = means[k * d + j] + sd * rng.normal();
  }
  return { data: { x, n, d }, labels };
}

function mapData(data: Dataset, f: (v: number) => number): Dataset {
  return { x: data.x.map(f), n: data.n, d: data.d };
}

function expectFinite(fit: Fit): void {
  for (const v of fit.means) expect(Number.isFinite(v)).toBe(true);
  for (const v of fit.weights) expect(Number.isFinite(v)).toBe(true);
  expect(Number.isFinite(fit.objective)).toBe(true);
  expect(fit.objective).toBeGreaterThanOrEqual(0);
  expect(Math.abs(fit.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
}

/** Inertia and cluster sizes of `means` computed naively (independent of the implementation). */
function naiveInertia(data: Dataset, means: Float64Array, K: number): { inertia: number; counts: number[] } {
  const { x, n, d } = data;
  let inertia = 0;
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bk = 0;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] - means[k * d + j]) ** 2;
      if (s < best) {
        best = s;
        bk = k;
      }
    }
    inertia += best;
    counts[bk]++;
  }
  return { inertia, counts };
}

/** Best matching of fitted to true centres (all permutations; small K), returned as the max distance. */
function maxMatchedDistance(fitted: Float64Array, truth: Float64Array, K: number, d: number): number {
  let best = Infinity;
  const perm = Array.from({ length: K }, (_, k) => k);
  const permute = (m: number): void => {
    if (m === K) {
      let worst = 0;
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (fitted[k * d + j] - truth[perm[k] * d + j]) ** 2;
        worst = Math.max(worst, Math.sqrt(s));
      }
      best = Math.min(best, worst);
      return;
    }
    for (let q = m; q < K; q++) {
      [perm[m], perm[q]] = [perm[q], perm[m]];
      permute(m + 1);
      [perm[m], perm[q]] = [perm[q], perm[m]];
    }
  };
  permute(0);
  return best;
}

/** Per-cluster sample means of the true labelling. */
function trueGroupMeans(data: Dataset, labels: Int32Array, K: number): Float64Array {
  const { x, n, d } = data;
  const sums = new Float64Array(K * d);
  const counts = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    counts[labels[i]]++;
    for (let j = 0; j < d; j++) sums[labels[i] * d + j] += x[i * d + j];
  }
  return sums.map((s, idx) => s / counts[Math.floor(idx / d)]);
}

describe('validateInput', () => {
  const ok: Dataset = { x: new Float64Array([1, 2, 3, 4, 5, 6]), n: 3, d: 2 };
  it('accepts valid input', () => {
    expect(() => validateInput(ok, 1)).not.toThrow();
    expect(() => validateInput(ok, 3)).not.toThrow();
  });
  it('names the problem', () => {
    expect(() => validateInput(ok, 0)).toThrow('K must be a positive integer, got 0');
    expect(() => validateInput(ok, 1.5)).toThrow('K must be a positive integer, got 1.5');
    expect(() => validateInput(ok, NaN)).toThrow('K must be a positive integer, got NaN');
    expect(() => validateInput(ok, 4)).toThrow('data: n = 3 points is fewer than K = 4 clusters');
    expect(() => validateInput({ ...ok, d: 0, n: 3 }, 1)).toThrow('data: d must be a positive integer, got 0');
    expect(() => validateInput({ ...ok, n: 4 }, 1)).toThrow('data: x.length is 6, expected n·d = 4·2 = 8');
    expect(() => validateInput({ ...ok, n: -1 }, 1)).toThrow('data: n must be a non-negative integer, got -1');
    const x = new Float64Array(40);
    x[35] = NaN;
    expect(() => validateInput({ x, n: 20, d: 2 }, 2)).toThrow('data: point 17, coordinate 1 is NaN');
    x[35] = 0;
    x[6] = Infinity;
    expect(() => validateInput({ x, n: 20, d: 2 }, 2)).toThrow('data: point 3, coordinate 0 is Infinity');
  });
  it('is what kmeans and kmeansPlusPlus throw', () => {
    const bad: Dataset = { x: new Float64Array([1, NaN, 3]), n: 3, d: 1 };
    expect(() => kmeans.fit(bad, 2, {}, createStream(1))).toThrow('data: point 1, coordinate 0 is NaN');
    expect(() => kmeansPlusPlus(bad, 2, createStream(1))).toThrow('data: point 1, coordinate 0 is NaN');
    expect(() => kmeans.fit(ok, 4, {}, createStream(1))).toThrow(/fewer than K = 4/);
  });
  it('kmeans rejects invalid options', () => {
    expect(() => kmeans.fit(ok, 2, { restarts: 0 }, createStream(1))).toThrow(/restarts must be a positive integer/);
    expect(() => kmeans.fit(ok, 2, { maxIter: 0 }, createStream(1))).toThrow(/maxIter must be a positive integer/);
    expect(() => kmeans.fit(ok, 2, { tol: -1 }, createStream(1))).toThrow(/tol must be a finite number/);
    expect(() => kmeans.fit(ok, 2, { tol: NaN }, createStream(1))).toThrow(/tol must be a finite number/);
  });
});

describe('kmeansPlusPlus', () => {
  it('returns K data points, distinct when the data have ≥ K distinct points, and fills `out`', () => {
    const { data } = sample(1, 200, 3, [0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0, 5], 1);
    const out = new Float64Array(4 * 3);
    const c = kmeansPlusPlus(data, 4, createStream(1, 'pp'), out);
    expect(c).toBe(out);
    const seen = new Set<string>();
    for (let k = 0; k < 4; k++) {
      const row = Array.from(c.subarray(k * 3, k * 3 + 3));
      let isPoint = false;
      for (let i = 0; i < data.n && !isPoint; i++) {
        isPoint = row.every((v, j) => v === data.x[i * 3 + j]);
      }
      expect(isPoint).toBe(true);
      seen.add(row.join(','));
    }
    expect(seen.size).toBe(4);
  });

  it('seeds one centre in each of 6 well-separated clusters (50 seeds)', () => {
    const means = [0, 0, 100, 0, 0, 100, 100, 100, 200, 0, 0, 200];
    const { data, labels } = sample(2, 600, 2, means, 1);
    for (let s = 0; s < 50; s++) {
      const c = kmeansPlusPlus(data, 6, createStream(2, 'pp', s));
      const hit = new Set<number>();
      for (let k = 0; k < 6; k++) {
        for (let i = 0; i < data.n; i++) {
          if (data.x[2 * i] === c[2 * k] && data.x[2 * i + 1] === c[2 * k + 1]) hit.add(labels[i]);
        }
      }
      expect(hit.size).toBe(6);
    }
  });

  it('all points identical or fewer distinct points than K: returns K copies, terminates', () => {
    const same: Dataset = { x: new Float64Array(30).fill(-2.5), n: 30, d: 1 };
    expect(Array.from(kmeansPlusPlus(same, 5, createStream(3)))).toEqual([-2.5, -2.5, -2.5, -2.5, -2.5]);
    const two: Dataset = { x: Float64Array.from([1, 1, 1, 1, 7, 7]), n: 6, d: 1 };
    const c = Array.from(kmeansPlusPlus(two, 4, createStream(4))).sort((a, b) => a - b);
    // Both distinct values must be present: the second seed is drawn only among points at positive distance.
    expect(c[0]).toBe(1);
    expect(c[3]).toBe(7);
  });

  it('is deterministic for a given stream and rejects a wrong `out`', () => {
    const { data } = sample(5, 300, 2, [0, 0, 3, 3], 1);
    expect(kmeansPlusPlus(data, 3, createStream(9, 'a'))).toEqual(kmeansPlusPlus(data, 3, createStream(9, 'a')));
    expect(() => kmeansPlusPlus(data, 3, createStream(9), new Float64Array(5))).toThrow(/out has length 5/);
  });
});

describe('assignNearest', () => {
  it('labels each point with its nearest centre (ties to the lower index) and returns the inertia', () => {
    const data: Dataset = { x: Float64Array.from([0, 0, 1, 0, 3, 0, 2, 0]), n: 4, d: 2 };
    const centres = Float64Array.from([0, 0, 4, 0]);
    const labels = new Int32Array(4);
    const inertia = assignNearest(data, centres, 2, labels);
    expect(Array.from(labels)).toEqual([0, 0, 1, 0]); // x = 2 is equidistant: cluster 0
    expect(inertia).toBe(0 + 1 + 1 + 4);
  });
});

describe('kmeans (Lloyd)', () => {
  it('finds the true partition of well-separated clusters: centres are the true group means', () => {
    const cases: Array<[number, number[]]> = [
      [1, [-20, 20]],
      [1, [-30, 0, 30]],
      [2, [0, 0, 40, 0, 0, 40]],
      [10, Array.from({ length: 40 }, (_, i) => (i % 11 === 0 ? 40 : 0))], // 4 components in 10-D
    ];
    for (const [d, means] of cases) {
      const K = means.length / d;
      const { data, labels } = sample(10 + K, 2000, d, means, 1);
      const fit = kmeans.fit(data, K, {}, createStream(10, 'sep', d, K));
      const truth = trueGroupMeans(data, labels, K);
      expect(maxMatchedDistance(fit.means, truth, K, d)).toBeLessThan(1e-9);
      expect(fit.status).toBe('ok');
      expect(fit.converged).toBe(true);
      expectFinite(fit);
    }
  });

  it('objective is the inertia of the returned centres and weights are that partition’s proportions', () => {
    for (const [d, K] of [
      [1, 2],
      [1, 3],
      [2, 3],
      [10, 4],
    ]) {
      const means = Array.from({ length: K * d }, (_, i) => ((i * 7) % 5) - 2);
      const { data } = sample(20 + d + K, 1500, d, means, 1);
      const fit = kmeans.fit(data, K, { maxIter: 3 + d }, createStream(20, d, K)); // also when not converged
      const naive = naiveInertia(data, fit.means, K);
      expect(Math.abs(fit.objective - naive.inertia)).toBeLessThanOrEqual(1e-12 * naive.inertia);
      expect(Array.from(fit.weights)).toEqual(naive.counts.map((c) => c / data.n));
      expect(fit.sigmas).toBeNull();
      expect(fit.logLik).toBeNull();
      expect(fit.K).toBe(K);
      expect(fit.d).toBe(d);
      expect(fit.iterations).toBeGreaterThanOrEqual(1);
      expect(fit.iterations).toBeLessThanOrEqual(3 + d);
      if (!fit.converged) expect(fit.status).toBe('not-converged');
    }
  });

  it('a converged fit is a Lloyd fixed point: each centre is the mean of its points', () => {
    const { data } = sample(30, 3000, 2, [0, 0, 2, 0, 1, 2], 1);
    const fit = kmeans.fit(data, 3, { tol: 0 }, createStream(30));
    expect(fit.converged).toBe(true);
    const labels = new Int32Array(data.n);
    assignNearest(data, fit.means, 3, labels);
    const groupMeans = trueGroupMeans(data, labels, 3);
    for (let q = 0; q < 6; q++) expect(Math.abs(fit.means[q] - groupMeans[q])).toBeLessThan(1e-12);
  });

  it('maxIter stops the iterations and reports not-converged', () => {
    const { data } = sample(31, 5000, 1, [-1, 1], 1);
    const fit = kmeans.fit(data, 2, { maxIter: 1, init: 'random' }, createStream(31));
    expect(fit.iterations).toBe(1);
    // One Lloyd step from two random points is almost never a fixed point of overlapping Gaussians.
    expect(fit.converged).toBe(false);
    expect(fit.status).toBe('not-converged');
    expect(fit.message).toMatch(/1 iterations/);
  });

  it('restarts never worsen the inertia (the first restart repeats the single-start fit)', () => {
    for (let s = 0; s < 15; s++) {
      const { data } = sample(40 + s, 300, 2, [0, 0, 2, 0, 1, 2, 3, 3], 1);
      for (const init of ['kmeans++', 'random'] as const) {
        const one = kmeans.fit(data, 4, { init }, createStream(40, s, init));
        const many = kmeans.fit(data, 4, { init, restarts: 6 }, createStream(40, s, init));
        expect(many.objective).toBeLessThanOrEqual(one.objective);
      }
    }
  });

  it('restarts find better optima than a single start somewhere (restarts actually restart)', () => {
    let improved = 0;
    for (let s = 0; s < 15; s++) {
      const { data } = sample(60 + s, 300, 2, [0, 0, 2, 0, 1, 2, 3, 3], 1);
      const one = kmeans.fit(data, 4, { init: 'random' }, createStream(60, s));
      const many = kmeans.fit(data, 4, { init: 'random', restarts: 10 }, createStream(60, s));
      if (many.objective < one.objective * (1 - 1e-9)) improved++;
    }
    expect(improved).toBeGreaterThan(0);
  });

  it('is deterministic for the same stream key and differs for another key', () => {
    const { data } = sample(50, 2000, 2, [0, 0, 1.5, 0, 0, 1.5], 1);
    const a = kmeans.fit(data, 3, { restarts: 3 }, createStream(7, 'cond', 1));
    const b = kmeans.fit(data, 3, { restarts: 3 }, createStream(7, 'cond', 1));
    expect(b).toEqual(a);
    const seeds = new Set<string>();
    for (let r = 0; r < 5; r++) seeds.add(Array.from(kmeansPlusPlus(data, 3, createStream(7, 'cond', r))).join());
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('is never better than the exact 1-D optimum, and often equals it', () => {
    let equal = 0;
    for (let s = 0; s < 10; s++) {
      const { data } = sample(70 + s, 1000, 1, [-1, 1], 1);
      const exact = kmeansExact1d.fit(data, 2, {}, createStream(0));
      const fit = kmeans.fit(data, 2, {}, createStream(70, s));
      expect(fit.objective).toBeGreaterThanOrEqual(exact.objective * (1 - 1e-12));
      // A finite sample has several nearby local optima (boundary points), so Lloyd need not hit the global one.
      if (Math.abs(fit.objective - exact.objective) <= 1e-12 * exact.objective) equal++;
    }
    expect(equal).toBeGreaterThan(0);
  });

  it('the d=1, K=2 value-index path (n ≥ INDEX_MIN_N) gives the fit of the O(n) path', () => {
    for (const n of [INDEX_MIN_N, 5000]) {
      for (let s = 0; s < 10; s++) {
        const { data } = sample(85 + s, n, 1, [-1, 1], 1);
        for (const init of ['kmeans++', 'random'] as const) {
          const fast = kmeans.fit(data, 2, { init, restarts: 2 }, createStream(85, n, s, init));
          const plain = fitKMeansWith(data, 2, { init, restarts: 2 }, createStream(85, n, s, init), Infinity);
          expect(fast.iterations).toBe(plain.iterations);
          expect(fast.status).toBe(plain.status);
          expect(Array.from(fast.weights)).toEqual(Array.from(plain.weights));
          expect(Math.abs(fast.objective - plain.objective)).toBeLessThanOrEqual(1e-12 * plain.objective);
          for (let k = 0; k < 2; k++) expect(Math.abs(fast.means[k] - plain.means[k])).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('the d=1, K=2 fast path agrees with the general path (same problem embedded in 2-D)', () => {
    const { data } = sample(80, 4000, 1, [-1, 1], 1);
    const fit1 = kmeans.fit(data, 2, { init: 'random' }, createStream(80));
    const x2 = new Float64Array(2 * data.n);
    for (let i = 0; i < data.n; i++) x2[2 * i] = data.x[i];
    const fit2 = kmeans.fit({ x: x2, n: data.n, d: 2 }, 2, { init: 'random' }, createStream(80));
    expect(fit2.iterations).toBe(fit1.iterations);
    expect(Math.abs(fit2.objective - fit1.objective)).toBeLessThanOrEqual(1e-12 * fit1.objective);
    for (let k = 0; k < 2; k++) expect(Math.abs(fit2.means[2 * k] - fit1.means[k])).toBeLessThan(1e-12);
  });
});

describe('kmeans edge cases', () => {
  it('K = 1: the centre is the mean, one or two iterations, objective n·variance', () => {
    const { data } = sample(90, 500, 3, [1, 2, 3], 2);
    const fit = kmeans.fit(data, 1, {}, createStream(90));
    for (let j = 0; j < 3; j++) {
      let m = 0;
      for (let i = 0; i < data.n; i++) m += data.x[i * 3 + j];
      expect(Math.abs(fit.means[j] - m / data.n)).toBeLessThan(1e-13);
    }
    expect(fit.weights[0]).toBe(1);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(2);
  });

  it('n = K with distinct points: every point its own centre, objective 0', () => {
    for (const [d, K] of [
      [1, 2],
      [1, 4],
      [3, 5],
    ]) {
      const { data } = sample(100 + K, K, d, new Array<number>(d).fill(0), 1);
      for (const init of ['kmeans++', 'random'] as const) {
        const fit = kmeans.fit(data, K, { init }, createStream(100, d, K, init));
        // Centres are shift + (x − shift): the point itself up to one rounding of O(1) values.
        expect(fit.objective).toBeLessThan(1e-29);
        expect(fit.status).toBe('ok');
        for (const w of fit.weights) expect(w).toBe(1 / K);
        const matched = new Set<number>();
        for (let k = 0; k < K; k++) {
          for (let i = 0; i < K; i++) {
            let far = 0;
            for (let j = 0; j < d; j++) far = Math.max(far, Math.abs(fit.means[k * d + j] - data.x[i * d + j]));
            if (far < 1e-15) matched.add(i);
          }
        }
        expect(matched.size).toBe(K);
      }
    }
  });

  it('all points identical: K = 1 ok; K > 1 reports empty-cluster without throwing or NaN', () => {
    for (const d of [1, 2]) {
      const data: Dataset = { x: new Float64Array(40 * d).fill(4.25), n: 40, d };
      expect(kmeans.fit(data, 1, {}, createStream(1)).status).toBe('ok');
      for (const K of [2, 3]) {
        for (const init of ['kmeans++', 'random'] as const) {
          const fit = kmeans.fit(data, K, { init, restarts: 2 }, createStream(2, d, K, init));
          expect(fit.status).toBe('empty-cluster');
          expect(fit.converged).toBe(false);
          expect(fit.message).toMatch(/empty/);
          expect(fit.objective).toBe(0);
          for (const m of fit.means) expect(m).toBe(4.25);
          expect(fit.weights.filter((w) => w === 0).length).toBe(K - 1);
          expectFinite(fit);
        }
      }
    }
  });

  it('fewer distinct points than K (two values, K = 3): empty-cluster, objective 0', () => {
    const data: Dataset = { x: Float64Array.from([0, 0, 0, 0, 5, 5, 5]), n: 7, d: 1 };
    const fit = kmeans.fit(data, 3, {}, createStream(3));
    expect(fit.status).toBe('empty-cluster');
    expect(fit.objective).toBe(0);
    expectFinite(fit);
  });

  it('duplicated points: the same centres as the distinct points (random seeds from the same points)', () => {
    const { data } = sample(110, 200, 2, [0, 0, 3, 0, 0, 3], 1);
    const tripled = new Float64Array(3 * data.x.length);
    for (let r = 0; r < 3; r++) tripled.set(data.x, r * data.x.length);
    const dataT: Dataset = { x: tripled, n: 3 * data.n, d: 2 };
    const fit = kmeans.fit(dataT, 3, { restarts: 5 }, createStream(110));
    const base = kmeans.fit(data, 3, { restarts: 5 }, createStream(111));
    expect(fit.status).toBe('ok');
    expect(Math.abs(fit.objective - 3 * base.objective)).toBeLessThanOrEqual(1e-9 * fit.objective);
    for (const w of fit.weights) expect(Math.round(w * data.n * 3) % 3).toBe(0);
    expectFinite(fit);
  });

  it('empty clusters are repaired: 4 distinct values (25 copies each), K = 4, random seeds', () => {
    // Random seeds often coincide (two copies of one value): the duplicate centre owns no point, and only the
    // repair can give it one. With 4 distinct values every partition Lloyd can stop at without an empty
    // cluster is the perfect one, so each run must end there.
    const values = [0, 10, 20, 35];
    const x = new Float64Array(100);
    for (let i = 0; i < 100; i++) x[i] = values[(i * 7) % 4];
    const data: Dataset = { x, n: 100, d: 1 };
    // Four distinct indices out of 100 show four distinct values with probability (75·50·25)/(99·98·97) ≈ 0.1,
    // so about 27 of the 30 runs below start with coincident centres and need the repair.
    for (let s = 0; s < 30; s++) {
      const fit = kmeans.fit(data, 4, { init: 'random' }, createStream(120, s));
      expect(fit.status).toBe('ok');
      expect(fit.objective).toBeLessThan(1e-25);
      expect(Array.from(fit.means).sort((a, b) => a - b).map((m) => Math.round(m))).toEqual(values);
      for (const w of fit.weights) expect(w).toBe(0.25);
    }
  });

  it('repairEmpty moves the empty centre onto the point farthest from its centre', () => {
    const data: Dataset = { x: Float64Array.from([0, 1, 2, 10, 11, 30]), n: 6, d: 1 };
    const c = Float64Array.from([1, 1, 10.5]); // centre 1 duplicates centre 0: it owns nothing
    const w = createLloydWork(data, 3);
    accumulate(data, c, w);
    expect(Array.from(w.counts)).toEqual([3, 0, 3]);
    expect(repairEmpty(data, c, w)).toBe(-1);
    // 30 is 19.5 from its centre 10.5, farther than any other point from its own centre.
    expect(Array.from(w.counts)).toEqual([3, 1, 2]);
    updateCentres(c, w);
    expect(Array.from(c)).toEqual([1, 30, 10.5]);
    // A cluster whose only candidates sit on their centres cannot be repaired.
    const same: Dataset = { x: Float64Array.from([2, 2, 2]), n: 3, d: 1 };
    const w2 = createLloydWork(same, 2);
    const c2 = Float64Array.from([2, 2]);
    accumulate(same, c2, w2);
    expect(repairEmpty(same, c2, w2)).toBe(1);
  });

  it('data offset by 1e8: the same fit, shifted', () => {
    for (const [d, K] of [
      [1, 2],
      [2, 3],
    ]) {
      const means = K === 2 ? [-1, 1] : [0, 0, 2, 0, 0, 2];
      const { data } = sample(130 + K, 3000, d, means, 1);
      // 20 fractional bits: adding 1e8 is exact, so both runs see the same differences between points.
      const y = mapData(data, (v) => Math.round(v * 2 ** 20) / 2 ** 20);
      const off = mapData(y, (v) => v + 1e8);
      const a = kmeans.fit(y, K, {}, createStream(130, K));
      const b = kmeans.fit(off, K, {}, createStream(130, K));
      expect(b.status).toBe('ok');
      expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
      expect(Math.abs(b.objective - a.objective)).toBeLessThanOrEqual(1e-9 * a.objective);
      for (let q = 0; q < K * d; q++) expect(Math.abs(b.means[q] - 1e8 - a.means[q])).toBeLessThan(1e-7);
    }
  });

  it('σ = 1e-6 scale: the same partition and a scaled fit; 2^-20 scaling is bit-exact', () => {
    const { data } = sample(140, 3000, 2, [0, 0, 2, 0, 0, 2], 1);
    const a = kmeans.fit(data, 3, {}, createStream(140));
    const p = kmeans.fit(
      mapData(data, (v) => v * 2 ** -20),
      3,
      {},
      createStream(140),
    );
    expect(Array.from(p.means)).toEqual(Array.from(a.means).map((m) => m * 2 ** -20));
    expect(p.objective).toBe(a.objective * 2 ** -40);
    expect(p.iterations).toBe(a.iterations);
    const s = kmeans.fit(
      mapData(data, (v) => v * 1e-6),
      3,
      {},
      createStream(140),
    );
    expect(s.status).toBe('ok');
    expect(Array.from(s.weights)).toEqual(Array.from(a.weights));
    expect(Math.abs(s.objective - a.objective * 1e-12)).toBeLessThanOrEqual(1e-9 * a.objective * 1e-12);
  });

  it('one component far away: found, and the near components are split as without it', () => {
    for (const far of [1e4, 1e8]) {
      const { data } = sample(150, 3000, 1, [-1, 1], 1);
      const x = new Float64Array(3100);
      x.set(data.x);
      for (let i = 0; i < 100; i++) x[3000 + i] = far + data.x[i];
      const withFar: Dataset = { x, n: 3100, d: 1 };
      const fit = kmeans.fit(withFar, 3, { restarts: 3 }, createStream(150));
      const exact = kmeansExact1d.fit(withFar, 3, {}, createStream(0));
      expect(fit.status).toBe('ok');
      expect(fit.objective).toBeGreaterThanOrEqual(exact.objective * (1 - 1e-12));
      const sortedMeans = Array.from(fit.means).sort((a, b) => a - b);
      expect(Math.abs(sortedMeans[2] - (far + Array.from(data.x.subarray(0, 100)).reduce((a, b) => a + b) / 100))).toBeLessThan(1e-6);
      expectFinite(fit);
    }
  });

  it('never returns NaN over a sweep of shapes, inits and tolerances', () => {
    for (const [d, K] of [
      [1, 2],
      [1, 5],
      [2, 3],
      [5, 6],
    ]) {
      for (const n of [K, K + 1, 50]) {
        const { data } = sample(160 + n, n, d, new Array<number>(K * d).fill(0), 1);
        for (const init of ['kmeans++', 'random'] as const) {
          for (const tol of [0, 1e-4]) {
            const fit = kmeans.fit(data, K, { init, tol, restarts: 2 }, createStream(160, n, d, K, init, tol));
            expectFinite(fit);
          }
        }
      }
    }
  });
});
