/**
 * The Bayes error (src/theory/bayesError.ts) does not change when the data are moved and rescaled, x ↦ a·x + b:
 * a mixture far from the origin in small units has the error of the same mixture at the origin in units of 1.
 * Computed in the original units, the posterior-boundary quadratic loses every digit to μ²/σ² and the error
 * came out as 0.4 instead of 0.159 for two components 2σ apart at −10⁶ with σ = 10⁻³.
 */
import { describe, expect, it } from 'vitest';
import { bayesError, bayesError1d } from '../../src/theory/bayesError.js';
import { Phi } from '../../src/theory/normal.js';

describe('bayesError under a change of location and scale', () => {
  const cases: { w: number[]; mu: number[]; s: number[] }[] = [
    { w: [0.5, 0.5], mu: [0, 2], s: [1, 1] },
    { w: [0.4, 0.6], mu: [0, 2], s: [1, 1] },
    { w: [0.4, 0.6], mu: [0, 2], s: [1, 1.5] },
    { w: [0.2, 0.5, 0.3], mu: [-2, 0.3, 2.5], s: [0.6, 1.4, 0.9] },
  ];
  for (const [b, a] of [[-1e6, 1e-3], [1e7, 1], [3e4, 1e-4]]) {
    it(`x ↦ ${a}·x + ${b}: the same error as at unit scale`, () => {
      for (const { w, mu, s } of cases) {
        const unit = bayesError1d(w, mu, s);
        const moved = bayesError1d(w, mu.map((m) => a * m + b), s.map((x) => a * x));
        expect(Math.abs(moved - unit), JSON.stringify({ w, mu, s })).toBeLessThan(1e-6);
      }
    });
  }

  it('two equal components 2σ apart far from the origin: Φ(−1)', () => {
    const r = bayesError({ weights: [0.5, 0.5], means: [[-1e6], [-1e6 + 2e-3]], sigmas: [1e-3, 1e-3] });
    expect(Math.abs(r.value - Phi(-1))).toBeLessThan(1e-6);
  });
});
