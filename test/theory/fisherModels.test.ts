/**
 * The Fisher sd∞ of the separation under each estimator model (src/theory/fisher.ts) against computations that
 * share no code with it:
 * - d = 1: the scores are central differences (one Richardson step) of the log-density written out directly,
 *   and I = ∫ s sᵀ f is composite Simpson on a fine grid — no responsibilities, no score formulas, no
 *   Gauss–Kronrod;
 * - d > 1: Monte Carlo, the average of s sᵀ over points drawn by the test's own Box–Muller sampler, with the
 *   scores again numerical derivatives of the d-dimensional log-density in all parameters (every mean
 *   coordinate, not the production code's reduction to the line through the means); the tolerance is 4 of its
 *   Monte Carlo SEs, from the influence function of gᵀÎ⁻¹g.
 * Models: σ shared / per component / fixed, weights estimated / fixed, K = 2 and 3 in 1-D.
 */
import { describe, expect, it } from 'vitest';
import { type FisherModel, fisherSeparationSdFor } from '../../src/theory/fisher.js';
import { simpson } from './helpers.js';

interface Mix {
  weights: number[];
  means: number[][];
  sigmas: number[];
}

/** The free parameters of `model` at the truth, and the mixture they describe. */
function parametrise(truth: Mix, model: FisherModel): { theta: number[]; mixOf: (t: readonly number[]) => Mix } {
  const K = truth.weights.length;
  const d = truth.means[0].length;
  const theta: number[] = [];
  if (model.weights === 'estimated') theta.push(...truth.weights.slice(0, K - 1));
  for (const m of truth.means) theta.push(...m);
  if (model.covariance === 'equal') theta.push(truth.sigmas[0]);
  if (model.covariance === 'unequal') theta.push(...truth.sigmas);
  const mixOf = (t: readonly number[]): Mix => {
    let i = 0;
    let weights = truth.weights;
    if (model.weights === 'estimated') {
      const free = t.slice(0, K - 1);
      i = K - 1;
      weights = [...free, 1 - free.reduce((a, b) => a + b, 0)];
    }
    const means = Array.from({ length: K }, () => t.slice(i, (i += d)));
    let sigmas = truth.sigmas;
    if (model.covariance === 'equal') sigmas = new Array<number>(K).fill(t[i]);
    if (model.covariance === 'unequal') sigmas = t.slice(i, i + K);
    return { weights, means, sigmas };
  };
  return { theta, mixOf };
}

/** log f(x) written out: log Σ_k π_k (2πσ_k²)^(−d/2) exp(−|x − μ_k|²/2σ_k²), by log-sum-exp. */
function logDensity(m: Mix, x: readonly number[]): number {
  const d = x.length;
  const terms = m.weights.map((w, k) => {
    let r2 = 0;
    for (let j = 0; j < d; j++) r2 += (x[j] - m.means[k][j]) ** 2;
    return Math.log(w) - d * Math.log(m.sigmas[k]) - 0.5 * d * Math.log(2 * Math.PI) - r2 / (2 * m.sigmas[k] ** 2);
  });
  const mx = Math.max(...terms);
  return mx + Math.log(terms.reduce((a, t) => a + Math.exp(t - mx), 0));
}

/**
 * The numerical score x ↦ ∇_θ log f(x; θ). Precise: central differences with steps h and 2h combined
 * (Richardson, error O(h⁴) ≈ 1e-16, rounding ε/h ≈ 1e-12 with h = 1e-4). Otherwise one central difference with
 * h = 1e-6 (error ≈ 1e-10, far below a Monte Carlo SE). The perturbed mixtures do not depend on x: built once.
 */
function numericalScore(mixOf: (t: readonly number[]) => Mix, theta: readonly number[], precise: boolean): (x: readonly number[]) => number[] {
  const h = precise ? 1e-4 : 1e-6;
  const shifted = theta.map((_, i) =>
    (precise ? [h, -h, 2 * h, -2 * h] : [h, -h]).map((dt) => {
      const t = [...theta];
      t[i] += dt;
      return mixOf(t);
    }),
  );
  return (x) =>
    shifted.map(([p1, m1, p2, m2]) => {
      const D1 = (logDensity(p1, x) - logDensity(m1, x)) / (2 * h);
      if (!precise) return D1;
      const D2 = (logDensity(p2, x) - logDensity(m2, x)) / (4 * h);
      return (4 * D1 - D2) / 3;
    });
}

/** Gradient of the separation (K = 2: |μ2 − μ1|; K > 2: mean pairwise distance) in the parametrisation above. */
function separationGradient(truth: Mix, model: FisherModel, p: number): number[] {
  const K = truth.weights.length;
  const d = truth.means[0].length;
  const g = new Array<number>(p).fill(0);
  const first = model.weights === 'estimated' ? K - 1 : 0;
  const pairs = (K * (K - 1)) / 2;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const diff = truth.means[j].map((x, t) => x - truth.means[i][t]);
      const dist = Math.hypot(...diff);
      for (let t = 0; t < d; t++) {
        g[first + j * d + t] += diff[t] / dist / pairs;
        g[first + i * d + t] -= diff[t] / dist / pairs;
      }
    }
  }
  return g;
}

/** x = A⁻¹ b by Gaussian elimination with partial pivoting (test-only, no shared code). */
function solve(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** 1-D: I = ∫ s sᵀ f dx by Simpson (the scores numerical), then √(gᵀ I⁻¹ g). */
function sdBySimpson(truth: Mix, model: FisherModel): number {
  const { theta, mixOf } = parametrise(truth, model);
  const p = theta.length;
  const lo = Math.min(...truth.means.map((m, k) => m[0] - 14 * truth.sigmas[k]));
  const hi = Math.max(...truth.means.map((m, k) => m[0] + 14 * truth.sigmas[k]));
  // One pass over the grid for all entries: Simpson weights applied by hand.
  const N = 4000;
  const h = (hi - lo) / N;
  const I = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const score = numericalScore(mixOf, theta, true);
  for (let n = 0; n <= N; n++) {
    const x = lo + n * h;
    const wgt = ((n === 0 || n === N ? 1 : n % 2 === 1 ? 4 : 2) * h) / 3;
    const f = Math.exp(logDensity(truth, [x]));
    const s = score([x]);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) I[i][j] += wgt * f * s[i] * s[j];
  }
  const g = separationGradient(truth, model, p);
  const v = solve(I, g);
  return Math.sqrt(v.reduce((a, vi, i) => a + vi * g[i], 0));
}

/** Seeded uniform (splitmix32) on (0, 1) and standard normals from it by Box–Muller. */
function generators(seed: number): { uniform: () => number; normal: () => number } {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (((z ^ (z >>> 16)) >>> 0) + 0.5) / 4294967296;
  };
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  return { uniform, normal };
}

/** d > 1: Î = mean of s sᵀ over N draws; sd = √(gᵀ Î⁻¹ g) and its Monte Carlo SE. */
function sdByMonteCarlo(truth: Mix, model: FisherModel, N: number, seed: number): { sd: number; se: number } {
  const { theta, mixOf } = parametrise(truth, model);
  const p = theta.length;
  const { uniform, normal } = generators(seed);
  const score = numericalScore(mixOf, theta, false);
  const scores: number[][] = [];
  const I = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let n = 0; n < N; n++) {
    // The component by inversion of the cumulative weights, then the point.
    const u = uniform();
    let k = 0;
    let acc = truth.weights[0];
    while (u > acc && k < truth.weights.length - 1) acc += truth.weights[++k];
    const x = truth.means[k].map((m) => m + truth.sigmas[k] * normal());
    const s = score(x);
    scores.push(s);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) I[i][j] += (s[i] * s[j]) / N;
  }
  const g = separationGradient(truth, model, p);
  const v = solve(I, g);
  const sd2 = v.reduce((a, vi, i) => a + vi * g[i], 0);
  // Influence of point n on gᵀÎ⁻¹g: −((vᵀ s_n)² − sd²)/N, so Var(sd²) ≈ Var((vᵀ s)²)/N.
  const q = scores.map((s) => s.reduce((a, si, i) => a + si * v[i], 0) ** 2);
  const qMean = q.reduce((a, b) => a + b, 0) / N;
  const qVar = q.reduce((a, b) => a + (b - qMean) ** 2, 0) / (N - 1);
  const sd = Math.sqrt(sd2);
  return { sd, se: Math.sqrt(qVar / N) / (2 * sd) };
}

const M: Record<string, FisherModel> = {
  equal: { covariance: 'equal', weights: 'estimated' },
  unequal: { covariance: 'unequal', weights: 'estimated' },
  fixedSigma: { covariance: 'fixed', weights: 'estimated' },
  unequalKnownWeights: { covariance: 'unequal', weights: 'fixed' },
  equalKnownWeights: { covariance: 'equal', weights: 'fixed' },
  meansOnly: { covariance: 'fixed', weights: 'fixed' },
};

describe('Fisher sd∞ per model, d = 1, against Simpson integration of numerical scores', () => {
  const unequalExample: Mix = { weights: [0.75, 0.25], means: [[0], [3]], sigmas: [1, 1] };

  it('0.75·N(0,1) + 0.25·N(3,1): the per-component-σ model gives 3.783 (scipy quadrature), the common-σ one 2.680', () => {
    const unequal = fisherSeparationSdFor(unequalExample, M.unequal);
    const equal = fisherSeparationSdFor(unequalExample, M.equal);
    expect(Math.abs(unequal - 3.783)).toBeLessThan(5e-4);
    expect(Math.abs(equal - 2.680)).toBeLessThan(5e-4);
  });

  const cases: { name: string; mix: Mix; models: FisherModel[] }[] = [
    { name: '0.75/0.25, Δ = 3, σ = 1', mix: unequalExample, models: Object.values(M) },
    { name: 'unequal true σ', mix: { weights: [0.4, 0.6], means: [[0], [2]], sigmas: [0.7, 1.6] }, models: [M.unequal, M.fixedSigma, M.unequalKnownWeights, M.meansOnly] },
    { name: 'K = 3, equal σ', mix: { weights: [0.3, 0.45, 0.25], means: [[-2], [0.5], [3]], sigmas: [1, 1, 1] }, models: [M.equal, M.unequal, M.meansOnly] },
    { name: 'K = 3, unequal σ', mix: { weights: [0.3, 0.45, 0.25], means: [[-2], [0.5], [3]], sigmas: [1, 0.8, 1.2] }, models: [M.unequal, M.unequalKnownWeights] },
  ];
  for (const { name, mix, models } of cases) {
    it(name, () => {
      for (const model of models) {
        const got = fisherSeparationSdFor(mix, model);
        const ref = sdBySimpson(mix, model);
        // Numerical scores are good to ~1e-12 (see numericalScore), Simpson on 4000 panels of a smooth
        // Gaussian-decaying integrand about as good: measured agreement ≤ 4e-12 relative; 1e-9 leaves room for
        // the conditioning of I (8 parameters for K = 3) and still fails any wrong score or missing term.
        expect(Math.abs(got / ref - 1), `${model.covariance}/${model.weights}: ${got} vs ${ref}`).toBeLessThan(1e-9);
      }
    });
  }
});

describe('Fisher sd∞ per model, d > 1, against Monte Carlo of numerical scores', () => {
  const cases: { name: string; mix: Mix; models: FisherModel[] }[] = [
    { name: 'd = 2, 0.75/0.25, means off the axes, σ = 1', mix: { weights: [0.75, 0.25], means: [[0.3, -0.2], [2.4, 1.9]], sigmas: [1, 1] }, models: [M.equal, M.unequal, M.equalKnownWeights] },
    { name: 'd = 3, unequal true σ', mix: { weights: [0.4, 0.6], means: [[0, 0, 1], [2, 1, 0]], sigmas: [0.8, 1.3] }, models: [M.unequal, M.meansOnly] },
  ];
  cases.forEach(({ name, mix, models }, c) => {
    it(name, () => {
      const values = models.map((model, i) => {
        const got = fisherSeparationSdFor(mix, model);
        const mc = sdByMonteCarlo(mix, model, 30_000, 1000 * c + i);
        expect(Math.abs(got - mc.sd), `${model.covariance}/${model.weights}: ${got} vs MC ${mc.sd} ± ${mc.se}`).toBeLessThan(4 * mc.se);
        // The SE is small enough for the comparison to mean something (< 2 % of the sd; the models differ by 4–10 %).
        expect(mc.se).toBeLessThan(0.02 * got);
        return got;
      });
      // The models give clearly different values (the point of computing each estimator's own).
      expect(new Set(values.map((v) => v.toPrecision(3))).size).toBe(values.length);
    });
  });
});
