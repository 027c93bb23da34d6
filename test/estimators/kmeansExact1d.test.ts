import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/estimators/kmeans/kmeans.js';
import { kmeansExact1d, sortFloat64 } from '../../src/estimators/kmeans/kmeansExact1d.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';

function data1d(values: ArrayLike<number>): Dataset {
  return { x: Float64Array.from(values), n: values.length, d: 1 };
}

/** Mixture sample: `n` points, component k (chosen with probability weights[k]) is N(means[k], sds[k]²). */
function mixture(seed: number, n: number, means: number[], sds: number[], weights?: number[]): Float64Array {
  const rng = createStream(seed, 'kmeansExact1d-test', n);
  const w = weights ?? means.map(() => 1 / means.length);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let k = 0;
    while (k < w.length - 1 && u >= w[k]) u -= w[k++];
    x[i] = means[k] + sds[k] * rng.normal();
  }
  return x;
}

/** SSE of a group by the textbook two-pass formula (independent of the implementation under test). */
function sse(values: number[]): number {
  if (values.length === 0) return 0;
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, v) => a + (v - m) * (v - m), 0);
}

/** Global optimum over every labelling of the points into K non-empty groups (K^n labellings: tiny n only). */
function bruteForceAllPartitions(x: ArrayLike<number>, K: number): number {
  const n = x.length;
  const labels = new Array<number>(n).fill(0);
  let best = Infinity;
  const total = K ** n;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let i = 0; i < n; i++) {
      labels[i] = c % K;
      c = Math.floor(c / K);
    }
    const groups: number[][] = Array.from({ length: K }, () => []);
    for (let i = 0; i < n; i++) groups[labels[i]].push(x[i]);
    if (groups.some((g) => g.length === 0)) continue;
    const v = groups.reduce((a, g) => a + sse(g), 0);
    if (v < best) best = v;
  }
  return best;
}

/** Global optimum over all splits of the sorted data into 2 or 3 contiguous non-empty groups. */
function bruteForceContiguous(x: ArrayLike<number>, K: 2 | 3): number {
  const s = Array.from(x).sort((a, b) => a - b);
  const n = s.length;
  let best = Infinity;
  if (K === 2) {
    for (let a = 1; a < n; a++) best = Math.min(best, sse(s.slice(0, a)) + sse(s.slice(a)));
  } else {
    for (let a = 1; a < n - 1; a++) {
      const left = sse(s.slice(0, a));
      for (let b = a + 1; b < n; b++) best = Math.min(best, left + sse(s.slice(a, b)) + sse(s.slice(b)));
    }
  }
  return best;
}

function expectFinite(fit: Fit): void {
  for (const v of fit.means) expect(Number.isFinite(v)).toBe(true);
  for (const v of fit.weights) expect(Number.isFinite(v)).toBe(true);
  expect(Number.isFinite(fit.objective)).toBe(true);
  expect(fit.objective).toBeGreaterThanOrEqual(0);
  expect(fit.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
}

/** The objective must be the SSE of the points around their nearest returned centre. */
function inertiaOf(x: Float64Array, means: Float64Array): number {
  let s = 0;
  for (const v of x) {
    let b = Infinity;
    for (const c of means) b = Math.min(b, (v - c) * (v - c));
    s += b;
  }
  return s;
}

const fitExact = (x: ArrayLike<number>, K: number): Fit => kmeansExact1d.fit(data1d(x), K, {}, createStream(0, 'unused'));

describe('kmeansExact1d: global optimum', () => {
  it('K = 2 equals the best of every labelling into two groups (small n)', () => {
    for (let seed = 0; seed < 12; seed++) {
      const n = 4 + (seed % 9); // 4..12 points
      const x = mixture(seed, n, [-1, 1], [1, 1]);
      const fit = fitExact(x, 2);
      const brute = bruteForceAllPartitions(x, 2);
      expect(Math.abs(fit.objective - brute)).toBeLessThanOrEqual(1e-12 * brute);
      expect(fit.status).toBe('ok');
      expectFinite(fit);
    }
  });

  it('K = 2 equals the best contiguous split for larger n and several shapes', () => {
    const cases: Array<[number[], number[], number[]]> = [
      [[-1, 1], [1, 1], [0.5, 0.5]],
      [[0, 0], [1, 1], [0.5, 0.5]], // one Gaussian: the split is at the mean
      [[0, 3], [1, 0.2], [0.9, 0.1]], // unequal weights and spreads
    ];
    cases.forEach(([means, sds, weights], c) => {
      for (const n of [50, 300]) {
        const x = mixture(100 + c, n, means, sds, weights);
        const fit = fitExact(x, 2);
        const brute = bruteForceContiguous(x, 2);
        expect(Math.abs(fit.objective - brute)).toBeLessThanOrEqual(1e-12 * brute);
        expect(Math.abs(fit.objective - inertiaOf(x, fit.means))).toBeLessThanOrEqual(1e-12 * brute);
      }
    });
  });

  it('K = 3 equals the best of every labelling into three groups (small n)', () => {
    for (let seed = 0; seed < 6; seed++) {
      const n = 5 + (seed % 4); // 5..8 points: 3^8 = 6561 labellings
      const x = mixture(200 + seed, n, [-2, 0, 2], [1, 1, 1]);
      const fit = fitExact(x, 3);
      const brute = bruteForceAllPartitions(x, 3);
      expect(Math.abs(fit.objective - brute)).toBeLessThanOrEqual(1e-12 * brute);
    }
  });

  it('K = 3 equals the best split into three contiguous groups', () => {
    for (let seed = 0; seed < 4; seed++) {
      const x = mixture(300 + seed, 60 + 20 * seed, [-3, 0, 2], [1, 0.5, 1]);
      const fit = fitExact(x, 3);
      const brute = bruteForceContiguous(x, 3);
      expect(Math.abs(fit.objective - brute)).toBeLessThanOrEqual(1e-12 * brute);
      expect(Math.abs(fit.objective - inertiaOf(x, fit.means))).toBeLessThanOrEqual(1e-12 * brute);
      expectFinite(fit);
    }
  });

  it('K = 4 and 5 are never worse than Lloyd from many starts, and match its best closely', () => {
    for (const K of [4, 5]) {
      const x = mixture(400 + K, 400, [-4, -1, 1, 4, 8], [1, 0.7, 0.7, 1, 0.5]);
      const exact = fitExact(x, K);
      const lloyd = kmeans.fit(data1d(x), K, { restarts: 20 }, createStream(1, 'lloyd', K));
      expect(exact.objective).toBeLessThanOrEqual(lloyd.objective * (1 + 1e-12));
      expectFinite(exact);
    }
  });

  it('means are ascending, weights are group proportions, iterations 1, converged', () => {
    const x = mixture(7, 500, [-2, 0, 3], [0.5, 0.5, 0.5]);
    const fit = fitExact(x, 3);
    expect(fit.means[0]).toBeLessThan(fit.means[1]);
    expect(fit.means[1]).toBeLessThan(fit.means[2]);
    // Each weight is (points nearest that centre)/n.
    for (let k = 0; k < 3; k++) {
      let count = 0;
      for (const v of x) {
        let bk = 0;
        for (let q = 1; q < 3; q++) if (Math.abs(v - fit.means[q]) < Math.abs(v - fit.means[bk])) bk = q;
        if (bk === k) count++;
      }
      expect(fit.weights[k]).toBe(count / x.length);
    }
    expect(fit.iterations).toBe(1);
    expect(fit.converged).toBe(true);
    expect(fit.sigmas).toBeNull();
    expect(fit.logLik).toBeNull();
    expect(kmeansExact1d.method).toBe('kmeans-exact');
  });
});

describe('kmeansExact1d vs Lloyd', () => {
  it('exact ≤ Lloyd inertia on every data set tried (K = 2, 3, 4; several seeds and inits)', () => {
    for (let seed = 0; seed < 10; seed++) {
      const x = mixture(500 + seed, 200 + 37 * seed, [-1, 1, 2.5], [1, 1, 0.6], [0.4, 0.4, 0.2]);
      for (const K of [2, 3, 4]) {
        const exact = fitExact(x, K);
        for (const init of ['kmeans++', 'random'] as const) {
          const lloyd = kmeans.fit(data1d(x), K, { init }, createStream(seed, 'lloyd', K, init));
          expect(exact.objective).toBeLessThanOrEqual(lloyd.objective * (1 + 1e-12));
        }
      }
    }
  });
});

describe('kmeansExact1d: numerics and edge cases', () => {
  /** Values with 20 fractional bits, so that adding 1e8 is exact and the offset data are the same problem. */
  function dyadic(seed: number, n: number): Float64Array {
    const x = mixture(seed, n, [-1, 1], [1, 1]);
    return x.map((v) => Math.round(v * 2 ** 20) / 2 ** 20);
  }

  it('data offset by 1e8: the same partition, SSE and (shifted) means', () => {
    for (const K of [2, 3]) {
      const y = dyadic(600 + K, 2000);
      const off = y.map((v) => v + 1e8);
      const a = fitExact(y, K);
      const b = fitExact(off, K);
      expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
      expect(Math.abs(b.objective - a.objective)).toBeLessThanOrEqual(1e-11 * a.objective);
      for (let k = 0; k < K; k++) expect(Math.abs(b.means[k] - 1e8 - a.means[k])).toBeLessThanOrEqual(3e-8);
    }
  });

  it('scaling by 2^-20 scales the fit exactly; σ = 1e-6 data give the scaled fit to 1e-12', () => {
    for (const K of [2, 3]) {
      const y = mixture(700 + K, 1500, [-1, 1, 3], [1, 1, 1]);
      const a = fitExact(y, K);
      const p = fitExact(
        y.map((v) => v * 2 ** -20),
        K,
      );
      expect(p.objective).toBe(a.objective * 2 ** -40);
      expect(Array.from(p.means)).toEqual(Array.from(a.means).map((m) => m * 2 ** -20));
      const s = fitExact(
        y.map((v) => v * 1e-6),
        K,
      );
      expect(Array.from(s.weights)).toEqual(Array.from(a.weights));
      expect(Math.abs(s.objective - a.objective * 1e-12)).toBeLessThanOrEqual(1e-12 * a.objective * 1e-12);
    }
  });

  // A far component below the others makes the prefix sums of y² huge before the tight group is split: plain
  // double prefix sums (simple-statistics' ckmeans) return 205.8 instead of 115.8 for K = 3 at −1e8.
  it('one component far away (±1e6, ±1e8): still the global optimum, tight groups split exactly', () => {
    for (const far of [1e6, 1e8, -1e6, -1e8]) {
      const near = mixture(800, 150, [0], [1]);
      const x = new Float64Array(200);
      x.set(near);
      const f = mixture(801, 50, [far], [1]);
      x.set(f, 150);
      const fit3 = fitExact(x, 3);
      const brute3 = bruteForceContiguous(x, 3);
      expect(Math.abs(fit3.objective - brute3)).toBeLessThanOrEqual(1e-12 * brute3);
      const fit2 = fitExact(x, 2);
      const brute2 = bruteForceContiguous(x, 2);
      expect(Math.abs(fit2.objective - brute2)).toBeLessThanOrEqual(1e-12 * brute2);
      expect(fit2.weights[0]).toBe(far > 0 ? 0.75 : 0.25);
      expectFinite(fit3);
    }
  });

  it('K = 1: the mean and n times the variance', () => {
    const x = mixture(900, 1000, [5], [2]);
    const fit = fitExact(x, 1);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    expect(Math.abs(fit.means[0] - mean)).toBeLessThanOrEqual(1e-14 * 10);
    expect(Math.abs(fit.objective - sse(Array.from(x)))).toBeLessThanOrEqual(1e-12 * fit.objective);
    expect(fit.weights[0]).toBe(1);
    expect(fit.status).toBe('ok');
  });

  it('n = K: every point is its own group, objective 0', () => {
    for (const K of [2, 3, 5]) {
      const x = mixture(910 + K, K, [0], [1]);
      const fit = fitExact(x, K);
      expect(fit.objective).toBe(0);
      expect(Array.from(fit.means)).toEqual(Array.from(x).sort((a, b) => a - b));
      expect(fit.status).toBe('ok');
    }
  });

  it('duplicated points: the optimum of the distinct values with multiplicities, never splitting ties', () => {
    const base = mixture(920, 30, [-1, 1], [1, 1]);
    const x = new Float64Array(90);
    for (let i = 0; i < 90; i++) x[i] = base[i % 30];
    for (const K of [2, 3]) {
      const fit = fitExact(x, K);
      const brute = bruteForceContiguous(x, K as 2 | 3);
      expect(Math.abs(fit.objective - brute)).toBeLessThanOrEqual(1e-12 * brute);
      // Tripled data: each weight is a multiple of 3/90.
      for (const w of fit.weights) expect(Math.round(w * 30) / 30).toBeCloseTo(w, 14);
      expect(fit.status).toBe('ok');
    }
  });

  it('all points identical: K = 1 ok; K = 2, 3 a degenerate global optimum reported as empty-cluster', () => {
    const x = new Array<number>(50).fill(3.7);
    expect(fitExact(x, 1).status).toBe('ok');
    for (const K of [2, 3]) {
      const fit = fitExact(x, K);
      expect(fit.status).toBe('empty-cluster');
      expect(fit.message).toMatch(/distinct/);
      expect(fit.objective).toBe(0);
      for (const m of fit.means) expect(m).toBe(3.7);
      expectFinite(fit);
    }
  });

  it('fewer distinct values than K (two values, K = 3) is empty-cluster with objective 0', () => {
    const fit = fitExact([1, 1, 1, 2, 2, 2, 2], 3);
    expect(fit.status).toBe('empty-cluster');
    expect(fit.objective).toBe(0);
    expectFinite(fit);
  });

  it('does not depend on the order of the input or on the rng', () => {
    const x = mixture(930, 400, [-1, 1, 4], [1, 1, 1]);
    const reversed = x.slice().reverse();
    const a = kmeansExact1d.fit(data1d(x), 3, {}, createStream(1, 'a'));
    const b = kmeansExact1d.fit(data1d(reversed), 3, {}, createStream(2, 'b'));
    expect(b).toEqual(a);
  });

  it('does not modify the input', () => {
    const x = mixture(940, 100, [0, 2], [1, 1]);
    const copy = x.slice();
    fitExact(x, 2);
    fitExact(x, 3);
    expect(x).toEqual(copy);
  });
});

describe('sortFloat64 (radix sort)', () => {
  it('equals Float64Array.prototype.sort bit for bit, including ±0, subnormals, extremes and ties', () => {
    const rng = createStream(1000, 'sort');
    for (const n of [5, 4095, 4096, 5000, 70_000]) {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng.uniform();
        if (u < 0.1) x[i] = Math.round(rng.normal() * 3); // many ties, including −0 and +0 below
        else if (u < 0.2) x[i] = rng.normal() * 1e-310; // subnormal
        else if (u < 0.3) x[i] = rng.normal() * 1e300;
        else x[i] = rng.normal() * 10 ** Math.floor(rng.uniform() * 20 - 10);
      }
      if (n > 4) {
        x[0] = -0;
        x[1] = 0;
        x[2] = Number.MAX_VALUE;
        x[3] = -Number.MAX_VALUE;
        x[4] = Number.MIN_VALUE;
      }
      const expected = x.slice().sort();
      const got = sortFloat64(x);
      expect(got.length).toBe(n);
      let mismatches = 0;
      for (let i = 0; i < n; i++) if (!Object.is(got[i], expected[i])) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it('reads a subarray view correctly and leaves the input untouched', () => {
    const rng = createStream(1001, 'sort');
    const big = new Float64Array(12000).map(() => rng.normal());
    const view = big.subarray(500, 10600);
    const copy = view.slice();
    expect(Array.from(sortFloat64(view))).toEqual(Array.from(copy.slice().sort()));
    expect(view).toEqual(copy);
  });
});

describe('kmeansExact1d: invalid input throws a clear error', () => {
  it('rejects d ≠ 1', () => {
    const data: Dataset = { x: new Float64Array(20), n: 10, d: 2 };
    expect(() => kmeansExact1d.fit(data, 2, {}, createStream(0))).toThrow(/1-D data.*d = 2/);
  });
  it('rejects bad K, n < K, NaN', () => {
    expect(() => fitExact([1, 2, 3], 0)).toThrow(/K must be a positive integer, got 0/);
    expect(() => fitExact([1, 2, 3], 4)).toThrow(/n = 3 points is fewer than K = 4/);
    expect(() => fitExact([1, NaN, 3], 2)).toThrow('data: point 1, coordinate 0 is NaN');
    expect(() => fitExact([1, 2, -Infinity], 2)).toThrow('data: point 2, coordinate 0 is -Infinity');
  });
});
