/**
 * Classification EM (Celeux & Govaert 1992): k-means equivalence with equal weights and one σ, monotone
 * classification log-likelihood, the reported objective and log-likelihood against independent computations,
 * fixed-point property, edge cases. Data are simulated with createStream + normal().
 */
import { describe, expect, it } from 'vitest';
import { cem } from '../../src/estimators/mixture/cemDescriptor.js';
import { kmeans } from '../../src/estimators/kmeans/kmeans.js';
import { kmeansPlusPlus } from '../../src/estimators/kmeans/kmeansPlusPlus.js';
import type { CEMOptions, MixtureParameters } from '../../src/estimators/mixture/options.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';
import { maxAbsDiff, refLloyd } from './reference.js';

function simulate(seed: string, n: number, centres: number[][], sds: number[], weights: number[]): Dataset {
  const rng = createStream(seed, 'data');
  const d = centres[0].length;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let k = 0;
    while (k < weights.length - 1 && u >= weights[k]) {
      u -= weights[k];
      k++;
    }
    for (let j = 0; j < d; j++) x[i * d + j] = centres[k][j] + sds[k] * rng.normal();
  }
  return { x, n, d };
}

interface Params {
  means: Float64Array;
  sigmas: Float64Array;
  weights: Float64Array;
}

/** log πₖ N(xᵢ | μₖ, σₖ² I), from the formula. */
function logJoint(data: Dataset, p: Params, i: number, k: number): number {
  const d = data.d;
  let q = 0;
  for (let j = 0; j < d; j++) q += (data.x[i * d + j] - p.means[k * d + j]) ** 2;
  const s2 = p.sigmas[k] ** 2;
  return Math.log(p.weights[k]) - (d / 2) * Math.log(2 * Math.PI * s2) - q / (2 * s2);
}

/** max over partitions of CML(θ, z) = Σᵢ maxₖ log πₖ N(xᵢ | μₖ, σₖ² I), and the mixture log-likelihood. */
function refCriteria(data: Dataset, p: Params): { cml: number; logLik: number; labels: Int32Array } {
  const K = p.weights.length;
  let cml = 0;
  let logLik = 0;
  const labels = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) {
    const l = Array.from({ length: K }, (_, k) => logJoint(data, p, i, k));
    const m = Math.max(...l);
    labels[i] = l.indexOf(m);
    cml += m;
    logLik += m + Math.log(l.reduce((s, v) => s + Math.exp(v - m), 0));
  }
  return { cml, logLik, labels };
}



function expectFinite(f: Fit): void {
  for (const v of [...f.means, ...f.weights, ...(f.sigmas ?? [])]) expect(Number.isFinite(v)).toBe(true);
  expect(Number.isFinite(f.logLik)).toBe(true);
  expect(Number.isFinite(f.objective)).toBe(true);
}

const rng0 = () => createStream('cem-test', 'init');
const three = simulate('cem3', 1500, [[0, 0], [2.5, 0], [1, 2.5]], [1, 0.8, 1.1], [0.3, 0.3, 0.4]);

describe('cem: equal weights + one σ is k-means (Celeux & Govaert 1992)', () => {
  it('reaches the same local optimum as Lloyd from the same k-means++ seeds', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const seeds = kmeansPlusPlus(three, 3, createStream('cem-test', 'seeds', seed));
      const lloyd = refLloyd(three, seeds, 3);
      const start: MixtureParameters = {
        means: seeds,
        sigmas: Float64Array.from([1, 1, 1]),
        weights: Float64Array.from([1 / 3, 1 / 3, 1 / 3]),
      };
      const f = cem.fit(three, 3, { weights: 'equal', covariance: 'equal', init: start }, rng0());
      expect(f.converged).toBe(true);
      expect(f.status).toBe('ok');
      expect(maxAbsDiff(f.means, lloyd)).toBeLessThan(1e-12);
      // The k-means estimator draws the same k-means++ seeds from the same stream: same optimum again.
      const km = kmeans.fit(three, 3, { init: 'kmeans++', restarts: 1 }, createStream('cem-test', 'seeds', seed));
      expect(maxAbsDiff(f.means, km.means)).toBeLessThan(1e-12);
      const sameSeeds = createStream('cem-test', 'seeds', seed);
      const viaInit = cem.fit(three, 3, { weights: 'equal', init: 'kmeans++' }, sameSeeds);
      expect(maxAbsDiff(viaInit.means, lloyd)).toBeLessThan(1e-12);
      // Its σ is the k-means within-cluster variance per coordinate: inertia / (n d).
      expect(f.sigmas![0] ** 2).toBeCloseTo(km.objective / (three.n * three.d), 12);
    }
  });
});

describe('cem: criterion and reported values', () => {
  const start: MixtureParameters = {
    means: Float64Array.from([0.5, 0.5, 1.5, 0.5, 1, 1]),
    sigmas: Float64Array.from([1, 1, 1]),
    weights: Float64Array.from([0.2, 0.3, 0.5]),
  };

  it('the classification log-likelihood never decreases C-step by C-step', () => {
    for (const covariance of ['equal', 'unequal'] as const) {
      let prev = -Infinity;
      let increased = 0;
      for (let m = 1; m <= 12; m++) {
        const f = cem.fit(three, 3, { covariance, init: start, maxIter: m }, rng0());
        // CML is a sum of n rounded terms: allow that rounding (16 ulp) and no more.
        const rounding = 16 * Number.EPSILON * Math.abs(f.objective);
        expect(f.objective).toBeGreaterThanOrEqual(prev - rounding);
        if (f.objective > prev + rounding) increased++;
        prev = f.objective;
      }
      expect(increased).toBeGreaterThanOrEqual(4);
    }
  });

  it('objective = CML at the returned θ and its partition, logLik = mixture log-likelihood there', () => {
    for (const covariance of ['equal', 'unequal'] as const) {
      for (const weights of ['estimated', 'equal'] as const) {
        const f = cem.fit(three, 3, { covariance, weights }, rng0());
        expect(f.status).toBe('ok');
        const ref = refCriteria(three, f as Params);
        expect(Math.abs(f.objective - ref.cml)).toBeLessThan(1e-10 * Math.abs(ref.cml));
        expect(Math.abs(f.logLik! - ref.logLik)).toBeLessThan(1e-10 * Math.abs(ref.logLik));
        expect(f.logLik!).toBeGreaterThan(f.objective);
      }
    }
  });

  it('the result is a fixed point: the M-step of its own argmax partition', () => {
    for (const covariance of ['equal', 'unequal'] as const) {
      const f = cem.fit(three, 3, { covariance }, rng0());
      const { labels } = refCriteria(three, f as Params);
      const { x, n, d } = three;
      const counts = new Float64Array(3);
      const sums = new Float64Array(6);
      for (let i = 0; i < n; i++) {
        counts[labels[i]]++;
        for (let j = 0; j < d; j++) sums[labels[i] * d + j] += x[i * d + j];
      }
      const ss = new Float64Array(3);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) ss[labels[i]] += (x[i * d + j] - sums[labels[i] * d + j] / counts[labels[i]]) ** 2;
      }
      for (let k = 0; k < 3; k++) {
        expect(f.weights[k]).toBeCloseTo(counts[k] / n, 14);
        for (let j = 0; j < d; j++) expect(f.means[k * d + j]).toBeCloseTo(sums[k * d + j] / counts[k], 12);
        const s2 = covariance === 'equal' ? (ss[0] + ss[1] + ss[2]) / (n * d) : ss[k] / (counts[k] * d);
        expect(f.sigmas![k] ** 2).toBeCloseTo(s2, 12);
      }
      // Restarting from the result: the first C-step finds this partition, its M-step reproduces θ, and the
      // second C-step sees no change (the first has no previous partition to compare with).
      const again = cem.fit(three, 3, { covariance, init: f as Params }, rng0());
      expect(again.iterations).toBe(2);
      expect(again.converged).toBe(true);
      expect(maxAbsDiff(again.means, f.means)).toBeLessThan(1e-14);
    }
  });

  it('maxIter = 1 from a poor start is reported as not converged', () => {
    const f = cem.fit(three, 3, { init: start, maxIter: 1 }, rng0());
    expect(f.converged).toBe(false);
    expect(f.status).toBe('not-converged');
    expect(f.iterations).toBe(1);
    expectFinite(f);
  });
});

describe('cem: edge cases', () => {
  it('K = 1: sample mean and ML σ', () => {
    const data = simulate('k1', 300, [[5, -5]], [2], [1]);
    const f = cem.fit(data, 1, {}, rng0());
    let m0 = 0;
    let m1 = 0;
    for (let i = 0; i < 300; i++) {
      m0 += data.x[2 * i] / 300;
      m1 += data.x[2 * i + 1] / 300;
    }
    let ss = 0;
    for (let i = 0; i < 300; i++) ss += (data.x[2 * i] - m0) ** 2 + (data.x[2 * i + 1] - m1) ** 2;
    expect(f.means[0]).toBeCloseTo(m0, 12);
    expect(f.means[1]).toBeCloseTo(m1, 12);
    expect(f.sigmas![0] ** 2).toBeCloseTo(ss / 600, 12);
    expect(f.objective).toBeCloseTo(f.logLik!, 8);
  });

  it('all points identical: degenerate, finite, no throw', () => {
    const data = { x: new Float64Array(40).fill(1e8), n: 40, d: 1 };
    for (const covariance of ['equal', 'unequal'] as const) {
      const f = cem.fit(data, 2, { covariance }, rng0());
      expectFinite(f);
      expect(['degenerate', 'empty-cluster']).toContain(f.status);
      expect(f.message).toBeDefined();
    }
  });

  it('a cluster that receives no point: empty-cluster, weight 0, never NaN', () => {
    const start: MixtureParameters = {
      means: Float64Array.from([0, 0, 2.5, 0, 1e4, 1e4]),
      sigmas: Float64Array.from([1, 1, 1]),
      weights: Float64Array.from([0.4, 0.4, 0.2]),
    };
    const f = cem.fit(three, 3, { init: start }, rng0());
    expectFinite(f);
    expect(f.status).toBe('empty-cluster');
    expect(f.message).toMatch(/component 3 of 3 is an empty cluster/);
    expect(f.weights[2]).toBe(0);
  });

  const invalid: [string, () => unknown][] = [
    ['K = 0', () => cem.fit(three, 0, {}, rng0())],
    ['n < K', () => cem.fit({ x: Float64Array.from([1]), n: 1, d: 1 }, 2, {}, rng0())],
    ['Infinity in data', () => cem.fit({ x: Float64Array.from([1, Infinity]), n: 2, d: 1 }, 1, {}, rng0())],
    ["covariance 'fixed'", () => cem.fit(three, 2, { covariance: 'fixed' } as unknown as CEMOptions, rng0())],
    ['maxIter 0', () => cem.fit(three, 2, { maxIter: 0 }, rng0())],
    ['restarts 1.5', () => cem.fit(three, 2, { restarts: 1.5 }, rng0())],
  ];
  for (const [name, f] of invalid) it(`throws on ${name}`, () => expect(f).toThrow());
});
