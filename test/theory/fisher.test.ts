import { describe, expect, it } from 'vitest';
import { fisherInformation, fisherSeparationSd, separationSdFromInformation } from '../../src/theory/fisher.js';
import { normalPdf, simpson } from './helpers.js';

/** Expected log-likelihood Λ(θ) = ∫ f_θ0 log f_θ, by Simpson — no scores, no responsibilities. */
function expectedLogLik(
  truth: { w: number; mu: [number, number]; s: [number, number] },
  theta: number[],
  sigmaModel: 'equal' | 'unequal',
): number {
  const [w, m1, m2] = theta;
  const s1 = theta[3];
  const s2 = sigmaModel === 'equal' ? theta[3] : theta[4];
  const lo = Math.min(truth.mu[0] - 14 * truth.s[0], truth.mu[1] - 14 * truth.s[1]);
  const hi = Math.max(truth.mu[0] + 14 * truth.s[0], truth.mu[1] + 14 * truth.s[1]);
  return simpson(
    (x) => {
      const f0 = truth.w * normalPdf(x, truth.mu[0], truth.s[0]) + (1 - truth.w) * normalPdf(x, truth.mu[1], truth.s[1]);
      const f = w * normalPdf(x, m1, s1) + (1 - w) * normalPdf(x, m2, s2);
      return f0 * Math.log(f);
    },
    lo,
    hi,
    6000,
  );
}

/** −Hessian of Λ at the truth by central differences with one Richardson step: I = −∇²Λ(θ0). */
function informationByFiniteDifferences(truth: { w: number; mu: [number, number]; s: [number, number] }, sigmaModel: 'equal' | 'unequal'): number[][] {
  const theta0 = sigmaModel === 'equal' ? [truth.w, truth.mu[0], truth.mu[1], truth.s[0]] : [truth.w, truth.mu[0], truth.mu[1], truth.s[0], truth.s[1]];
  const p = theta0.length;
  const L = (t: number[]): number => expectedLogLik(truth, t, sigmaModel);
  const second = (i: number, j: number, h: number): number => {
    const at = (di: number, dj: number): number => {
      const t = [...theta0];
      t[i] += di;
      t[j] += dj;
      return L(t);
    };
    if (i === j) return (at(h, 0) - 2 * L(theta0) + at(-h, 0)) / (h * h);
    return (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
  };
  const I = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const h = 2e-3;
      const d = (4 * second(i, j, h) - second(i, j, 2 * h)) / 3;
      I[i][j] = I[j][i] = -d;
    }
  }
  return I;
}

describe('Fisher information of a two-component mixture', () => {
  const cases = [
    { name: 'canonical', truth: { w: 0.5, mu: [-1, 1] as [number, number], s: [1, 1] as [number, number] }, model: 'equal' as const },
    { name: 'w = 0.3, Δ = 3, σ = 1.5', truth: { w: 0.3, mu: [0, 3] as [number, number], s: [1.5, 1.5] as [number, number] }, model: 'equal' as const },
    { name: 'unequal σ (σ1, σ2 estimated)', truth: { w: 0.4, mu: [0, 2] as [number, number], s: [0.7, 1.6] as [number, number] }, model: 'unequal' as const },
  ];
  for (const { name, truth, model } of cases) {
    it(`equals minus the Hessian of the expected log-likelihood (finite differences): ${name}`, () => {
      const info = fisherInformation({ weights: [truth.w, 1 - truth.w], means: [[truth.mu[0]], [truth.mu[1]]], sigmas: truth.s }, { covariance: model, weights: 'estimated' });
      const fd = informationByFiniteDifferences(truth, model);
      const scale = Math.max(...info.matrix.flat().map(Math.abs));
      // Finite differences of a Simpson integral are good to ~1e-9 of the matrix scale (measured: 1.1–1.3e-9).
      for (let i = 0; i < fd.length; i++) for (let j = 0; j < fd.length; j++) expect(Math.abs(info.matrix[i][j] - fd[i][j])).toBeLessThan(1e-8 * scale);
      // The sd∞ from either matrix agrees too.
      const sdFd = separationSdFromInformation({ names: info.names, matrix: fd });
      expect(Math.abs(separationSdFromInformation(info) / sdFd - 1)).toBeLessThan(1e-6);
    });
  }

  it('means-only information is the (μ1, μ2) block of the full one', () => {
    const mix = { weights: [0.3, 0.7], means: [[0], [3]], sigmas: [1.5, 1.5] };
    const all = fisherInformation(mix, { covariance: 'equal', weights: 'estimated' }).matrix;
    const means = fisherInformation(mix, { covariance: 'fixed', weights: 'fixed' }).matrix;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(means[i][j] - all[i + 1][j + 1])).toBeLessThan(1e-13 * Math.abs(all[1][1]));
  });

  it('for well separated components both sd∞ tend to σ√(1/w + 1/(1 − w)) (two independent sample means)', () => {
    for (const [w, sigma] of [[0.5, 1], [0.2, 2]]) {
      const r = fisherSeparationSd({ weights: [w, 1 - w], means: [[0], [40 * sigma]], sigmas: [sigma, sigma] });
      const target = sigma * Math.sqrt(1 / w + 1 / (1 - w));
      expect(Math.abs(r.sdMeansOnly / target - 1)).toBeLessThan(1e-10);
      expect(Math.abs(r.sdAllParameters / target - 1)).toBeLessThan(1e-10);
    }
  });

  it('estimating w and σ costs precision: sdAllParameters ≥ sdMeansOnly', () => {
    for (const D of [1, 2, 3, 5]) {
      const r = fisherSeparationSd({ weights: [0.6, 0.4], means: [[0], [D]], sigmas: [1, 1] });
      expect(r.sdAllParameters).toBeGreaterThan(r.sdMeansOnly);
    }
  });

  it('in d > 1 with a common σ, the orthogonal coordinates add 2(d − 1)/σ² to the σσ information only (checked by the (y, ρ) integral)', () => {
    for (const d of [2, 4]) {
      const mix = { weights: [0.35, 0.65], means: [Array.from({ length: d }, (_, j) => (j === 0 ? -1 : 0.5)), Array.from({ length: d }, (_, j) => (j === 0 ? 1.4 : 0.5))], sigmas: [1.3, 1.3] };
      const reduced = fisherInformation(mix, { covariance: 'equal', weights: 'estimated' });
      const nested = fisherInformation(mix, { covariance: 'equal', weights: 'estimated' }, { integration: 'nested' });
      const scale = Math.max(...reduced.matrix.flat().map(Math.abs));
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(Math.abs(reduced.matrix[i][j] - nested.matrix[i][j])).toBeLessThan(1e-9 * scale);
      const oneD = fisherInformation({ weights: mix.weights, means: [[-1], [1.4]], sigmas: mix.sigmas }, { covariance: 'equal', weights: 'estimated' });
      expect(Math.abs(reduced.matrix[3][3] - oneD.matrix[3][3] - (2 * (d - 1)) / 1.3 ** 2)).toBeLessThan(1e-12 * scale);
      // Means-only sd∞ is the same as in 1-D; the all-parameter one is smaller (σ better known).
      const sdD = fisherSeparationSd(mix);
      const sd1 = fisherSeparationSd({ weights: mix.weights, means: [[-1], [1.4]], sigmas: mix.sigmas });
      expect(Math.abs(sdD.sdMeansOnly - sd1.sdMeansOnly)).toBeLessThan(1e-12 * sd1.sdMeansOnly);
      expect(sdD.sdAllParameters).toBeLessThan(sd1.sdAllParameters);
    }
  });

  it('is singular (sd NaN) when the means coincide', () => {
    const r = fisherSeparationSd({ weights: [0.5, 0.5], means: [[0, 0], [0, 0]], sigmas: [1, 1] });
    expect(r.sdMeansOnly).toBeNaN();
  });
});
