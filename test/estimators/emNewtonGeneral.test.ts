import { describe, expect, it } from 'vitest';
import { em } from '../../src/estimators/mixture/emDescriptor.js';
import { createEMWork, eStep } from '../../src/estimators/mixture/emKernel.js';
import { freeParameters, observedInformation } from '../../src/estimators/mixture/mixtureInformation.js';
import { finishes, freeScore, MIN_WARM_N, runQuasiNewton } from '../../src/estimators/mixture/emNewtonGeneral.js';
import { likelihoodSlack } from '../../src/estimators/mixture/emStopping.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';

/** n points of Σ w_k N(μ_k, s_k² I) by Box–Muller, from a stream of its own. */
function simulate(n: number, means: number[][], weights: number[], sigmas: number[], seed: number): Dataset {
  const d = means[0].length;
  const K = means.length;
  const rng = createStream('emNewtonGeneral-test', seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let k = 0;
    while (k < K - 1 && u > weights[k]) {
      u -= weights[k];
      k++;
    }
    for (let j = 0; j < d; j++) {
      const a = 1 - rng.uniform();
      const b = rng.uniform();
      x[i * d + j] = means[k][j] + sigmas[k] * Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
    }
  }
  return { x, n, d };
}

/** An independent log-likelihood: Math.exp/Math.log per term and compensated (Neumaier) summation. */
function preciseLogLik(data: Dataset, fit: Fit): number {
  const { x, n, d } = data;
  const { K, means, weights } = fit;
  const sigmas = fit.sigmas as Float64Array;
  const terms = new Float64Array(K);
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) {
        const t = x[i * d + j] - means[k * d + j];
        q += t * t;
      }
      const s = sigmas[k];
      terms[k] = Math.log(weights[k]) - d * Math.log(s) - 0.5 * d * Math.log(2 * Math.PI) - q / (2 * s * s);
      max = Math.max(max, terms[k]);
    }
    let e = 0;
    for (let k = 0; k < K; k++) e += Math.exp(terms[k] - max);
    const v = max + Math.log(e);
    const t = sum + v;
    carry += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + carry;
}

const SHAPES = {
  d2K3: { means: [[0, 0], [3, 0], [1, 2.5]], weights: [0.4, 0.35, 0.25], sigmas: [1, 1, 1] },
  d5K4: { means: [[2, 0, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 2, 0, 0], [0, 0, 0, 2, 0]], weights: [0.3, 0.3, 0.2, 0.2], sigmas: [1, 1, 1, 1] },
  unequal1d: { means: [[0], [3], [6]], weights: [0.5, 0.3, 0.2], sigmas: [1, 0.5, 2] },
  closeK2: { means: [[0, 0], [1.5, 0]], weights: [0.7, 0.3], sigmas: [1, 1] },
};

describe('freeScore: the score over the free parameters from one E-step', () => {
  const models = [
    { covariance: 'unequal', weights: 'estimated' },
    { covariance: 'equal', weights: 'estimated' },
    { covariance: 'fixed', weights: 'equal' },
    { covariance: 'unequal', weights: 'equal' },
  ] as const;
  for (const model of models) {
    it(`equals the per-point score sum of mixtureInformation.ts (${model.covariance} σ, ${model.weights} weights)`, () => {
      const s = SHAPES.d2K3;
      const data = simulate(3000, s.means, s.weights, s.sigmas, 1);
      const K = 3;
      const d = 2;
      // A point away from the maximum, so the score is far from 0.
      const means = Float64Array.from([0.3, -0.2, 2.6, 0.4, 1.2, 2.1]);
      const sigmas = model.covariance === 'unequal' ? Float64Array.from([0.9, 1.2, 1.05]) : new Float64Array(K).fill(model.covariance === 'fixed' ? 1 : 1.1);
      const weights = model.weights === 'equal' ? new Float64Array(K).fill(1 / K) : Float64Array.from([0.5, 0.3, 0.2]);
      const theta = new Float64Array(K * d + 2 * K);
      theta.set(means, 0);
      theta.set(sigmas, K * d);
      theta.set(weights, K * d + K);
      const w = createEMWork(data, K, { covariance: model.covariance, weights: model.weights, fixedSigma: 1, floorVar: 1e-12 });
      eStep(w, theta);
      const fp = freeParameters(K, d, model);
      const g = new Float64Array(fp.P);
      freeScore(w, theta, fp, g);
      const fit: Fit = { K, d, means, sigmas, weights, logLik: null, objective: 0, iterations: 0, converged: true, status: 'ok' };
      const reference = observedInformation(data, fit, model).score;
      let scale = 0;
      for (let a = 0; a < fp.P; a++) scale = Math.max(scale, Math.abs(reference[a]));
      expect(scale).toBeGreaterThan(10);
      for (let a = 0; a < fp.P; a++) expect(Math.abs(g[a] - reference[a])).toBeLessThan(1e-9 * scale);
    });
  }
});

describe('EM on n ≥ 1e4 outside the canonical shape: quasi-Newton from a subsample fit', () => {
  const cases: { name: keyof typeof SHAPES; options: Record<string, unknown> }[] = [
    { name: 'd2K3', options: { covariance: 'unequal' } },
    { name: 'd5K4', options: { covariance: 'unequal' } },
    { name: 'd5K4', options: { covariance: 'fixed', sigma: 1 } },
    { name: 'unequal1d', options: { covariance: 'unequal' } },
    { name: 'unequal1d', options: { covariance: 'equal', weights: 'equal' } },
    { name: 'closeK2', options: { covariance: 'unequal' } },
  ];
  for (const { name, options } of cases) {
    it(`${name} ${JSON.stringify(options)}: the maximum SQUAREM reaches at tol 1e-16, in fewer passes than SQUAREM at the default tol`, () => {
      const s = SHAPES[name];
      const data = simulate(2 * MIN_WARM_N, s.means, s.weights, s.sigmas, 7);
      const K = s.means.length;
      const quasi = em.fit(data, K, options, createStream('fit', 1));
      const squarem = em.fit(data, K, { ...options, accelerate: 'squarem' }, createStream('fit', 1));
      const tight = em.fit(data, K, { ...options, accelerate: 'squarem', tol: 1e-16 }, createStream('fit', 1));
      expect(quasi.status).toBe('ok');
      const top = preciseLogLik(data, tight);
      const reached = preciseLogLik(data, quasi);
      // tol 1e-10 (the default) plus four rounding units of |log L| for the two evaluations.
      const rounding = 4 * Number.EPSILON * Math.abs(top);
      expect(top - reached).toBeLessThanOrEqual(1e-10 + rounding);
      expect(reached - top).toBeLessThanOrEqual(rounding);
      // The reported log-likelihood (possibly the quadratic model's, for a point returned unevaluated) is the
      // point's own to within tol plus the kernel's rounding scale (emStopping.ts likelihoodSlack).
      expect(Math.abs((quasi.logLik as number) - reached)).toBeLessThanOrEqual(1e-10 + likelihoodSlack(reached, data.n, data.d));
      expect(quasi.iterations).toBeLessThan(0.6 * squarem.iterations);
    });
  }

  it('initialises on about 1e4 points, not on the deepest subsample: the same maximum as SQUAREM from the full-data start on samples where a 1000-point k-means start fell short', () => {
    // With the k-means start on the 1000-point level, these two samples ended 167 and 178 log-likelihood units
    // below SQUAREM (a spurious component of weight ≈ 0.03).
    const means = [[0, 0, 0], [2, 0, 0], [0, 2, 0], [0, 0, 2], [2, 2, 2]];
    for (const seed of [38, 118]) {
      const data = simulate(MIN_WARM_N, means, [0.2, 0.2, 0.2, 0.2, 0.2], [1, 0.7, 1.3, 1, 0.8], seed);
      const quasi = em.fit(data, 5, { covariance: 'unequal' }, createStream('fit', seed));
      const squarem = em.fit(data, 5, { covariance: 'unequal', accelerate: 'squarem' }, createStream('fit', seed));
      expect(Math.abs((quasi.logLik as number) - (squarem.logLik as number))).toBeLessThan(1e-6);
    }
  });

  it('honours maxIter: not-converged after at most maxIter full-data passes', () => {
    const s = SHAPES.d5K4;
    const data = simulate(MIN_WARM_N, s.means, s.weights, s.sigmas, 4);
    for (const maxIter of [1, 3, 12]) {
      const fit = em.fit(data, 4, { covariance: 'unequal', maxIter }, createStream('fit', 3));
      expect(fit.iterations).toBeLessThanOrEqual(maxIter);
      if (maxIter < 4) expect(fit.status).toBe('not-converged');
    }
  });

  it('is equivariant: fit(a·x + b) = a·fit(x) + b', () => {
    const s = SHAPES.d2K3;
    const data = simulate(MIN_WARM_N + 123, s.means, s.weights, s.sigmas, 3);
    const a = -1e-3;
    const b = [5e4, -2e4];
    const moved = new Float64Array(data.x.length);
    for (let i = 0; i < data.n; i++) for (let j = 0; j < 2; j++) moved[i * 2 + j] = a * data.x[i * 2 + j] + b[j];
    const f = em.fit(data, 3, { covariance: 'unequal' }, createStream('fit', 2));
    const g = em.fit({ x: moved, n: data.n, d: 2 }, 3, { covariance: 'unequal' }, createStream('fit', 2));
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 2; j++) expect(Math.abs(g.means[k * 2 + j] - (a * f.means[k * 2 + j] + b[j]))).toBeLessThan(1e-9 * Math.abs(a) * 10);
      expect(Math.abs((g.sigmas as Float64Array)[k] / Math.abs(a) / (f.sigmas as Float64Array)[k] - 1)).toBeLessThan(1e-9);
      expect(Math.abs(g.weights[k] - f.weights[k])).toBeLessThan(1e-9);
    }
    expect(g.iterations).toBe(f.iterations);
  });

  it('gives up to SQUAREM without losing the maximum on a flat, heavily overlapping likelihood', () => {
    // 0.5·N(−1, 1) + 0.5·N(1, 1.5²): with this seed the quasi-Newton steps stall (two slow steps in a row)
    // and SQUAREM finishes from the best point reached.
    const data = simulate(MIN_WARM_N, [[-1], [1]], [0.5, 0.5], [1, 1.5], 6);
    const quasi = em.fit(data, 2, { covariance: 'unequal' }, createStream('fit', 0));
    const tight = em.fit(data, 2, { covariance: 'unequal', accelerate: 'squarem', tol: 1e-16 }, createStream('fit', 0));
    expect(quasi.status).toBe('ok');
    const top = preciseLogLik(data, tight);
    const rounding = 4 * Number.EPSILON * Math.abs(top);
    expect(top - preciseLogLik(data, quasi)).toBeLessThanOrEqual(1e-10 + rounding);
  });
});

describe('runQuasiNewton: giving up', () => {
  it('with a useless curvature (B = 1e-9·I), stops on slow steps long before its pass limit and hands back its best point, which gained likelihood', () => {
    const s = SHAPES.d2K3;
    const data = simulate(5000, s.means, s.weights, s.sigmas, 2);
    const K = 3;
    const w = createEMWork(data, K, { covariance: 'unequal', weights: 'estimated', fixedSigma: NaN, floorVar: 1e-12 });
    const theta = Float64Array.from([0.2, 0.1, 2.7, 0.2, 1.1, 2.3, 1.1, 0.9, 1.2, 0.4, 0.3, 0.3]);
    const fp = freeParameters(K, 2, { covariance: 'unequal', weights: 'estimated' });
    const B = new Float64Array(fp.P * fp.P);
    for (let a = 0; a < fp.P; a++) B[a * fp.P + a] = 1e-9;
    const L0 = eStep(w, theta);
    const result = runQuasiNewton(w, theta, B, 1e-10, 1000);
    expect(result.outcome).toBeNull();
    // Secant updates make B right along each step taken, so a few steps pass before two slow ones in a row.
    expect(result.passes).toBeLessThanOrEqual(10);
    expect(result.best).not.toBeNull();
    expect(eStep(w, result.best as Float64Array)).toBeGreaterThan(L0);
  });
});

describe('finishes: when the next point may be returned unevaluated', () => {
  it('only when the last step matched its model to 10 % and gain·(gain/previous) ≤ tol/10', () => {
    const tol = 1e-10;
    // A decrement sequence seen on d = 5, K = 4: 3e-6 → 1.7e-8 → 1.1e-10 → 6.5e-13.
    expect(finishes(1.7e-8, 3e-6, 3.05e-6, tol)).toBe(false); // 1.7e-8 · 5.7e-3 = 9.6e-11 > 1e-11
    expect(finishes(1.1e-10, 1.7e-8, 1.68e-8, tol)).toBe(true); // 1.1e-10 · 6.5e-3 = 7e-13
    expect(finishes(1.1e-10, 1.7e-8, 2.0e-8, tol)).toBe(false); // the step gained 18 % more than its model
    expect(finishes(2e-12, 1e-12, 1e-12, tol)).toBe(false); // not falling
    expect(finishes(1e-12, 0, 0, tol)).toBe(false);
  });
});
