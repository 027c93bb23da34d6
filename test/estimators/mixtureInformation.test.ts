/**
 * The mixture MLE's observed information and sandwich (src/estimators/mixture/mixtureInformation.ts) against an
 * independent, naive log-likelihood written here with plain loops: its central-difference Hessian (the
 * information) and the outer products of its per-point central-difference gradients (J), for σ shared, per
 * component and fixed, weights estimated and held, d ∈ {1, 2, 3}, K ∈ {2, 3}; the map to θ; the large-n
 * agreement of √n·SE(separation) with the Fisher sd of src/theory/fisher.ts; and the statuses of singular and
 * indefinite informations.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, Fit } from '../../src/types.js';
import { parameterCount } from '../../src/types.js';
import { em } from '../../src/estimators/mixture/emDescriptor.js';
import { fitEM } from '../../src/estimators/mixture/em.js';
import { freeParameters, mixtureCovariance, observedInformation, type MixtureModel } from '../../src/estimators/mixture/mixtureInformation.js';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import { createStream } from '../../src/rng/stream.js';
import { fisherSeparationSdFor } from '../../src/theory/fisher.js';
import type { SphericalMixture } from '../../src/mixture/spherical.js';

/** η as the module orders it: means (K·d), π_1…π_{K−1} if estimated, σ or σ_1…σ_K if estimated. */
interface Point {
  means: number[];
  weights: number[];
  sigmas: number[];
}

function fromEta(eta: readonly number[], base: Point, K: number, d: number, model: MixtureModel): Point {
  let i = 0;
  const means = eta.slice(0, K * d);
  i = K * d;
  let weights = base.weights.slice();
  if (model.weights === 'estimated') {
    weights = eta.slice(i, i + K - 1);
    weights.push(1 - weights.reduce((a, b) => a + b, 0));
    i += K - 1;
  }
  let sigmas = base.sigmas.slice();
  if (model.covariance === 'equal') sigmas = Array.from({ length: K }, () => eta[i]);
  else if (model.covariance === 'unequal') sigmas = eta.slice(i, i + K);
  return { means, weights, sigmas };
}

function toEta(p: Point, K: number, d: number, model: MixtureModel): number[] {
  const eta = p.means.slice(0, K * d);
  if (model.weights === 'estimated') eta.push(...p.weights.slice(0, K - 1));
  if (model.covariance === 'equal') eta.push(p.sigmas[0]);
  else if (model.covariance === 'unequal') eta.push(...p.sigmas);
  return eta;
}

/** log Σ_k π_k (2πσ_k²)^{−d/2} exp(−|x − μ_k|²/(2σ_k²)) of one point, naively. */
function naivePointLogLik(x: Float64Array, i: number, d: number, p: Point, K: number): number {
  let f = 0;
  for (let k = 0; k < K; k++) {
    let q = 0;
    for (let j = 0; j < d; j++) q += (x[i * d + j] - p.means[k * d + j]) ** 2;
    f += p.weights[k] * Math.pow(2 * Math.PI * p.sigmas[k] * p.sigmas[k], -d / 2) * Math.exp(-q / (2 * p.sigmas[k] * p.sigmas[k]));
  }
  return Math.log(f);
}

function naiveLogLik(data: Dataset, p: Point, K: number): number {
  let s = 0;
  for (let i = 0; i < data.n; i++) s += naivePointLogLik(data.x, i, data.d, p, K);
  return s;
}

/** Central-difference Hessian with steps h_a, Richardson-extrapolated (h and h/2) so truncation is O(h⁴). */
function fdHessian(f: (eta: number[]) => number, eta: readonly number[], h: readonly number[]): number[][] {
  const P = eta.length;
  const at = (a: number, sa: number, b: number, sb: number, scale: number): number => {
    const e = eta.slice();
    e[a] += sa * h[a] * scale;
    e[b] += sb * h[b] * scale;
    return f(e);
  };
  const once = (scale: number): number[][] =>
    Array.from({ length: P }, (_, a) =>
      Array.from({ length: P }, (_, b) => (at(a, 1, b, 1, scale) - at(a, 1, b, -1, scale) - at(a, -1, b, 1, scale) + at(a, -1, b, -1, scale)) / (4 * h[a] * h[b] * scale * scale)),
    );
  const H1 = once(1);
  const H2 = once(0.5);
  return H1.map((row, a) => row.map((v, b) => (4 * H2[a][b] - v) / 3));
}

function fitAt(p: Point, K: number, d: number): Fit {
  return {
    K,
    d,
    means: Float64Array.from(p.means),
    weights: Float64Array.from(p.weights),
    sigmas: Float64Array.from(p.sigmas),
    logLik: null,
    objective: 0,
    iterations: 0,
    converged: true,
    status: 'ok',
  };
}

const MODELS: MixtureModel[] = [
  { covariance: 'equal', weights: 'estimated' },
  { covariance: 'unequal', weights: 'estimated' },
  { covariance: 'fixed', weights: 'estimated' },
  { covariance: 'equal', weights: 'equal' },
  { covariance: 'unequal', weights: 'equal' },
  { covariance: 'fixed', weights: 'equal' },
];

/** A sample in units far from 1 and away from the origin (scale 3.7, offset 10), and a θ near, not at, the MLE. */
function problem(K: number, d: number, model: MixtureModel, seed: number): { data: Dataset; p: Point } {
  const means = Array.from({ length: K }, (_, k) => Array.from({ length: d }, (_, j) => 10 + 3.7 * (2.5 * k - 2 + 0.3 * j)));
  const sigmas = Array.from({ length: K }, (_, k) => 3.7 * (model.covariance === 'unequal' ? 0.8 + 0.3 * k : 1));
  const weights = model.weights === 'equal' ? Array.from({ length: K }, () => 1 / K) : Array.from({ length: K }, (_, k) => (k + 2) / ((K * (K + 3)) / 2));
  const mix: SphericalMixture = { weights, means, sigmas };
  const { data } = sampleMixture(mix, 150, createStream('mixtureInformation', seed, K, d));
  const p: Point = {
    means: means.flat().map((m, i) => m + 0.4 * Math.sin(i + 1)),
    weights: model.weights === 'equal' ? weights : weights.map((w, k) => w + (k === 0 ? 0.03 : k === 1 ? -0.03 : 0)),
    sigmas: sigmas.map((s, k) => (model.covariance === 'fixed' ? s : s * (model.covariance === 'equal' ? 1.07 : 1.05 + 0.04 * k))),
  };
  return { data, p };
}

describe('observed information against a finite-difference Hessian of a naive log-likelihood', () => {
  for (const model of MODELS) {
    for (const d of [1, 2, 3]) {
      for (const K of [2, 3]) {
        it(`σ ${model.covariance}, weights ${model.weights}, d = ${d}, K = ${K}`, () => {
          const { data, p } = problem(K, d, model, 1);
          const info = observedInformation(data, fitAt(p, K, d), model);
          const eta = toEta(p, K, d, model);
          expect(info.P).toBe(eta.length);
          const h = eta.map((_, a) => (a >= info.weightOffset && a < info.sigmaOffset ? 1e-3 : 1e-2));
          const H = fdHessian((e) => naiveLogLik(data, fromEta(e, p, K, d, model), K), eta, h);
          let worst = 0;
          for (let a = 0; a < info.P; a++) {
            for (let b = 0; b < info.P; b++) {
              const scale = Math.sqrt(info.information[a * info.P + a] * info.information[b * info.P + b]);
              worst = Math.max(worst, Math.abs(info.information[a * info.P + b] + H[a][b]) / scale);
            }
          }
          expect(worst).toBeLessThan(1e-5);
          // J = Σ g gᵀ from per-point central-difference gradients of the same naive log-likelihood.
          const J = Array.from({ length: info.P }, () => new Array<number>(info.P).fill(0));
          for (let i = 0; i < data.n; i++) {
            const g = eta.map((_, a) => {
              const up = eta.slice();
              const dn = eta.slice();
              up[a] += h[a] * 1e-2;
              dn[a] -= h[a] * 1e-2;
              return (naivePointLogLik(data.x, i, d, fromEta(up, p, K, d, model), K) - naivePointLogLik(data.x, i, d, fromEta(dn, p, K, d, model), K)) / (2 * h[a] * 1e-2);
            });
            for (let a = 0; a < info.P; a++) for (let b = 0; b < info.P; b++) J[a][b] += g[a] * g[b];
          }
          let worstJ = 0;
          for (let a = 0; a < info.P; a++) {
            for (let b = 0; b < info.P; b++) {
              const scale = Math.sqrt(info.scoreOuter[a * info.P + a] * info.scoreOuter[b * info.P + b]);
              worstJ = Math.max(worstJ, Math.abs(info.scoreOuter[a * info.P + b] - J[a][b]) / scale);
            }
          }
          expect(worstJ).toBeLessThan(1e-5);
        });
      }
    }
  }
});

describe('the d = 1, K = 2 moment kernel equals the general pass', () => {
  for (const model of MODELS) {
    it(`σ ${model.covariance}, weights ${model.weights}`, () => {
      const { data, p } = problem(2, 1, model, 3);
      const fit = fitAt(p, 2, 1);
      const fast = observedInformation(data, fit, model, 'auto');
      const general = observedInformation(data, fit, model, 'general');
      for (const key of ['information', 'scoreOuter'] as const) {
        for (let a = 0; a < fast.P; a++) {
          for (let b = 0; b < fast.P; b++) {
            const scale = Math.sqrt(general[key][a * fast.P + a] * general[key][b * fast.P + b]);
            expect(Math.abs(fast[key][a * fast.P + b] - general[key][a * fast.P + b])).toBeLessThan(1e-11 * scale);
          }
        }
      }
    });
  }
});

/** Gauss–Jordan inverse, independent of the module's eigendecomposition. */
function inverse(M: number[][]): number[][] {
  const n = M.length;
  const A = M.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    const v = A[c][c];
    for (let j = 0; j < 2 * n; j++) A[c][j] /= v;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r][c];
      for (let j = 0; j < 2 * n; j++) A[r][j] -= f * A[c][j];
    }
  }
  return A.map((row) => row.slice(n));
}

describe('covariance of θ = (means, weights, σ)', () => {
  for (const model of MODELS) {
    it(`σ ${model.covariance}, weights ${model.weights}: A·I⁻¹·Aᵀ, its constraints, and the sandwich`, () => {
      const K = 3;
      const d = 2;
      const { data, p } = problem(K, d, model, 2);
      const fit = fitAt(p, K, d);
      const info = observedInformation(data, fit, model);
      const P = info.P;
      const I = Array.from({ length: P }, (_, a) => Array.from({ length: P }, (_, b) => info.information[a * P + b]));
      const Iinv = inverse(I);
      const cov = mixtureCovariance(data, fit, model, 'observed');
      expect(cov.status).toBe('ok');
      if (cov.status !== 'ok') return;
      const R = parameterCount(K, d, true);
      expect(cov.matrix.length).toBe(R * R);
      const c = (a: number, b: number): number => cov.matrix[a * R + b];
      const rel = (x: number, y: number): number => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);
      // Means block: the inverse information's.
      for (let a = 0; a < K * d; a++) for (let b = 0; b < K * d; b++) expect(rel(c(a, b), Iinv[a][b])).toBeLessThan(1e-8);
      const W = K * d;
      const S = K * d + K;
      if (model.weights === 'estimated') {
        // Σ π = 1: every weight row sums to 0; the last weight's variance is that of the sum of the free ones.
        for (let a = 0; a < R; a++) {
          let sum = 0;
          for (let k = 0; k < K; k++) sum += c(a, W + k);
          expect(Math.abs(sum)).toBeLessThanOrEqual(1e-9 * Math.sqrt(c(a, a) * c(W, W)));
        }
        let v = 0;
        for (let s = 0; s < K - 1; s++) for (let t = 0; t < K - 1; t++) v += Iinv[info.weightOffset + s][info.weightOffset + t];
        expect(rel(c(W + K - 1, W + K - 1), v)).toBeLessThan(1e-8);
      } else {
        for (let a = 0; a < R; a++) for (let k = 0; k < K; k++) expect(c(a, W + k)).toBe(0);
      }
      if (model.covariance === 'fixed') {
        for (let a = 0; a < R; a++) for (let k = 0; k < K; k++) expect(c(a, S + k)).toBe(0);
      } else if (model.covariance === 'equal') {
        for (let k = 0; k < K; k++) expect(rel(c(S + k, S), Iinv[info.sigmaOffset][info.sigmaOffset])).toBeLessThan(1e-8);
      } else {
        for (let k = 0; k < K; k++) expect(rel(c(S + k, S + k), Iinv[info.sigmaOffset + k][info.sigmaOffset + k])).toBeLessThan(1e-8);
      }
      // Sandwich: I⁻¹ J I⁻¹ on the means block.
      const sw = mixtureCovariance(data, fit, model, 'sandwich');
      expect(sw.status).toBe('ok');
      if (sw.status !== 'ok') return;
      expect(sw.kind).toBe('sandwich');
      expect(cov.kind).toBe('observed-information');
      for (let a = 0; a < K * d; a++) {
        for (let b = 0; b < K * d; b++) {
          let v = 0;
          for (let s = 0; s < P; s++) for (let t = 0; t < P; t++) v += Iinv[a][s] * info.scoreOuter[s * P + t] * Iinv[t][b];
          expect(rel(sw.matrix[a * R + b], v)).toBeLessThan(1e-8);
        }
      }
    });
  }
});

describe('√n·SE(separation) from the observed information at large n ≈ the Fisher sd (src/theory/fisher.ts)', () => {
  // At n = 2e5 the observed information per point differs from the Fisher information by O(1/√n) (≈ 0.2 % per
  // entry); 2 % leaves room for that, the √n·SE being a smooth function of those entries.
  const cases: { name: string; mix: SphericalMixture; options: Parameters<typeof fitEM>[2]; fisher: Parameters<typeof fisherSeparationSdFor>[1] }[] = [
    { name: 'canonical, σ equal, weights estimated', mix: { weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] }, options: {}, fisher: { covariance: 'equal', weights: 'estimated' } },
    { name: 'unequal weights and σ', mix: { weights: [0.3, 0.7], means: [[-1.5], [1.5]], sigmas: [0.8, 1.2] }, options: { covariance: 'unequal' }, fisher: { covariance: 'unequal', weights: 'estimated' } },
    { name: 'σ fixed, weights held, d = 2', mix: { weights: [0.5, 0.5], means: [[-1, 0], [1, 0]], sigmas: [1, 1] }, options: { covariance: 'fixed', sigma: 1, weights: 'equal' }, fisher: { covariance: 'fixed', weights: 'fixed' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const n = 200000;
      const { data } = sampleMixture(c.mix, n, createStream('fisherAgreement', c.name));
      const fit = fitEM(data, 2, c.options, createStream('fisherAgreement-fit', c.name));
      expect(fit.status).toBe('ok');
      const cov = em.covariance!(data, fit, c.options);
      expect(cov.status).toBe('ok');
      if (cov.status !== 'ok') return;
      const d = data.d;
      const R = parameterCount(2, d, true);
      // Delta method for |μ2 − μ1|: gradient ±(μ2 − μ1)/|μ2 − μ1| on the two mean rows.
      const diff = Array.from({ length: d }, (_, j) => fit.means[d + j] - fit.means[j]);
      const len = Math.hypot(...diff);
      const grad = new Float64Array(R);
      for (let j = 0; j < d; j++) {
        grad[j] = -diff[j] / len;
        grad[d + j] = diff[j] / len;
      }
      let v = 0;
      for (let a = 0; a < R; a++) for (let b = 0; b < R; b++) v += grad[a] * cov.matrix[a * R + b] * grad[b];
      const sdHat = Math.sqrt(n * v);
      const sdFisher = fisherSeparationSdFor(c.mix, c.fisher);
      expect(Math.abs(sdHat / sdFisher - 1)).toBeLessThan(0.02);
    });
  }
});

describe('singular and indefinite informations get a status and a reason, never NaNs', () => {
  const K = 2;
  const d = 1;
  const { data } = sampleMixture({ weights: [0.5, 0.5], means: [[-2], [2]], sigmas: [1, 1] }, 400, createStream('statuses'));
  it('two coinciding components at the one-Gaussian MLE: the weight is not identified (singular)', () => {
    const one = sampleMixture({ weights: [1], means: [[0]], sigmas: [1] }, 400, createStream('statuses-one')).data;
    let mean = 0;
    for (let i = 0; i < one.n; i++) mean += one.x[i] / one.n;
    let v = 0;
    for (let i = 0; i < one.n; i++) v += (one.x[i] - mean) ** 2 / one.n;
    const fit = fitAt({ means: [mean, mean], weights: [0.5, 0.5], sigmas: [Math.sqrt(v), Math.sqrt(v)] }, K, d);
    const cov = mixtureCovariance(one, fit, { covariance: 'equal', weights: 'estimated' });
    expect(cov.status).toBe('singular');
    if (cov.status !== 'ok') expect(cov.reason).toMatch(/singular/);
  });
  it('coinciding components away from the MLE of a bimodal sample (a saddle): not negative definite', () => {
    const fit = fitAt({ means: [0, 0], weights: [0.5, 0.5], sigmas: [1, 1] }, K, d);
    expect(mixtureCovariance(data, fit, { covariance: 'equal', weights: 'estimated' }).status).toBe('not-negative-definite');
  });
  it('a component far from every point (no responsibility): singular', () => {
    const fit = fitAt({ means: [-2, 2, 1e4], weights: [0.45, 0.45, 0.1], sigmas: [1, 1, 1] }, 3, d);
    const cov = mixtureCovariance(data, fit, { covariance: 'unequal', weights: 'estimated' });
    expect(cov.status).toBe('singular');
    if (cov.status !== 'ok') expect(cov.reason).toMatch(/mean\.2\.0/);
  });
  it('merged components of a bimodal sample with σ fixed at 1 (a saddle of the likelihood): not negative definite', () => {
    const fit = fitAt({ means: [0.01, -0.01], weights: [0.5, 0.5], sigmas: [1, 1] }, K, d);
    const cov = mixtureCovariance(data, fit, { covariance: 'fixed', weights: 'equal' });
    expect(cov.status).toBe('not-negative-definite');
    if (cov.status !== 'ok') expect(cov.reason).toMatch(/not positive definite/);
  });
  it('a weight of 0 with estimated weights: singular (boundary of the parameter space)', () => {
    const fit = fitAt({ means: [-2, 2], weights: [1, 0], sigmas: [1, 1] }, K, d);
    expect(mixtureCovariance(data, fit, { covariance: 'equal', weights: 'estimated' }).status).toBe('singular');
  });
  it('unusable parameters (NaN mean, σ = 0): unavailable', () => {
    expect(mixtureCovariance(data, fitAt({ means: [NaN, 2], weights: [0.5, 0.5], sigmas: [1, 1] }, K, d), { covariance: 'equal', weights: 'estimated' }).status).toBe('unavailable');
    expect(mixtureCovariance(data, fitAt({ means: [-2, 2], weights: [0.5, 0.5], sigmas: [0, 1] }, K, d), { covariance: 'unequal', weights: 'estimated' }).status).toBe('unavailable');
  });
  it('a regular fit is ok and every entry is finite', () => {
    const fit = fitEM(data, 2, {}, createStream('statuses-fit'));
    const cov = em.covariance!(data, fit, {});
    expect(cov.status).toBe('ok');
    if (cov.status === 'ok') expect(Array.from(cov.matrix).every(Number.isFinite)).toBe(true);
  });
});

describe('the em descriptor declares the seMethod option', () => {
  it("defaults to 'observed' and offers 'sandwich'", () => {
    const spec = em.options.seMethod;
    expect(spec.type).toBe('enum');
    if (spec.type === 'enum') {
      expect(spec.values).toEqual(['observed', 'sandwich']);
      expect(spec.default).toBe('observed');
    }
    expect(freeParameters(2, 1, { covariance: 'equal', weights: 'estimated' }).P).toBe(4);
  });
});
