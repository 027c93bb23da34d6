/**
 * The variates of src/estimators/bayes/random.ts against their distributions: gamma moments (mean a, variance a,
 * third central moment 2a) for shapes on both sides of the shape < 1 boost, a Kolmogorov–Smirnov test of
 * Gamma(2) against its closed-form CDF 1 − (1 + x)e^{−x}, Dirichlet means and the Beta marginal's variance,
 * and that every draw is a function of the stream alone.
 */
import { describe, expect, it } from 'vitest';
import { categorical, dirichletVariate, gammaVariate, inverseGammaVariate } from '../../../src/estimators/bayes/random.js';
import { createStream } from '../../../src/rng/stream.js';

function moments(xs: Float64Array): { mean: number; variance: number; third: number } {
  const n = xs.length;
  let m = 0;
  for (const x of xs) m += x;
  m /= n;
  let v = 0;
  let t = 0;
  for (const x of xs) {
    v += (x - m) ** 2;
    t += (x - m) ** 3;
  }
  return { mean: m, variance: v / (n - 1), third: t / n };
}

describe('gammaVariate (Marsaglia–Tsang)', () => {
  for (const a of [0.3, 1, 2.5, 40]) {
    it(`Gamma(${a}) has mean a, variance a and third central moment 2a within 5 standard errors`, () => {
      const rng = createStream('gamma', a);
      const N = 200_000;
      const xs = new Float64Array(N);
      for (let i = 0; i < N; i++) xs[i] = gammaVariate(rng, a);
      const m = moments(xs);
      expect(Math.abs(m.mean - a)).toBeLessThan(5 * Math.sqrt(a / N));
      // Var of the sample variance ≈ (μ4 − σ⁴)/N with μ4 = 3a² + 6a for the gamma.
      expect(Math.abs(m.variance - a)).toBeLessThan(5 * Math.sqrt((3 * a * a + 6 * a - a * a) / N));
      expect(Math.abs(m.third - 2 * a)).toBeLessThan(0.1 * 2 * a + 0.05);
      expect(Math.min(...xs.subarray(0, 1000))).toBeGreaterThanOrEqual(0);
    });
  }

  it('Gamma(2) passes a Kolmogorov–Smirnov test against its CDF (D·√N < 1.63, the 1 % critical value)', () => {
    const rng = createStream('gamma-ks');
    const N = 20_000;
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = gammaVariate(rng, 2);
    xs.sort();
    let D = 0;
    for (let i = 0; i < N; i++) {
      const F = 1 - (1 + xs[i]) * Math.exp(-xs[i]);
      D = Math.max(D, Math.abs(F - i / N), Math.abs(F - (i + 1) / N));
    }
    expect(D * Math.sqrt(N)).toBeLessThan(1.63);
  });

  it('rejects a shape that is not positive and finite', () => {
    const rng = createStream('x');
    for (const a of [0, -1, NaN, Infinity]) expect(() => gammaVariate(rng, a)).toThrow(RangeError);
  });

  it('is a function of the stream alone', () => {
    const a = createStream('same');
    const b = createStream('same');
    for (let i = 0; i < 100; i++) expect(gammaVariate(a, 0.7)).toBe(gammaVariate(b, 0.7));
  });

  it('inverse gamma is scale over a gamma: IG(5, 8) has mean 8/4 = 2', () => {
    const rng = createStream('ig');
    let s = 0;
    const N = 100_000;
    for (let i = 0; i < N; i++) s += inverseGammaVariate(rng, 5, 8);
    // sd of IG(5, 8) = 2/√3.
    expect(Math.abs(s / N - 2)).toBeLessThan(5 * (2 / Math.sqrt(3)) / Math.sqrt(N));
  });
});

describe('dirichletVariate', () => {
  it('Dirichlet(1, 2, 3) has means α/Σα and Beta(αₖ, Σα − αₖ) marginal variances', () => {
    const rng = createStream('dir');
    const alpha = [1, 2, 3];
    const N = 100_000;
    const sums = [0, 0, 0];
    const sq = [0, 0, 0];
    const out = new Float64Array(3);
    for (let i = 0; i < N; i++) {
      dirichletVariate(rng, alpha, out);
      expect(Math.abs(out[0] + out[1] + out[2] - 1)).toBeLessThan(1e-12);
      for (let k = 0; k < 3; k++) {
        sums[k] += out[k];
        sq[k] += out[k] ** 2;
      }
    }
    for (let k = 0; k < 3; k++) {
      const mean = alpha[k] / 6;
      const variance = (mean * (1 - mean)) / 7;
      expect(Math.abs(sums[k] / N - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
      expect(Math.abs(sq[k] / N - (sums[k] / N) ** 2 - variance)).toBeLessThan(0.03 * variance);
    }
  });
});

describe('categorical', () => {
  it('draws index k with probability p[k]/Σp and never an index of zero weight', () => {
    const rng = createStream('cat');
    const p = [0.2, 0, 0.5, 0.3];
    const counts = [0, 0, 0, 0];
    const N = 100_000;
    for (let i = 0; i < N; i++) counts[categorical(rng, p, 1)]++;
    expect(counts[1]).toBe(0);
    for (const k of [0, 2, 3]) expect(Math.abs(counts[k] / N - p[k])).toBeLessThan(5 * Math.sqrt((p[k] * (1 - p[k])) / N));
  });
});
