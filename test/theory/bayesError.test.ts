/**
 * The Bayes error (src/theory/bayesError.ts) against computations that share none of its code: the closed form
 * Φ(−Δ/2σ) for two equal components, adaptive quadrature of ∫ (Σ w_k φ_k − max_k w_k φ_k) in 1-D, and a
 * tensor-product midpoint rule of the same integrand in 2-D for the exact (collinear) and Monte Carlo cases.
 */
import { describe, expect, it } from 'vitest';
import { bayesError, bayesError1d } from '../../src/theory/bayesError.js';
import { Phi } from '../../src/theory/normal.js';
import { integrate } from '../../src/theory/quadrature.js';
import { readSummary } from '../../src/results/summary.js';
import { syntheticConfig, writeSyntheticResults } from '../report/fixtures.js';

const density1 = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));

/** ∫ over a box of Σ w φ − max w φ in 2-D by the midpoint rule on a g × g grid. */
function grid2d(w: number[], means: number[][], sigmas: number[], half = 9, g = 700): number {
  const lo = [Math.min(...means.map((m) => m[0])) - half, Math.min(...means.map((m) => m[1])) - half];
  const hi = [Math.max(...means.map((m) => m[0])) + half, Math.max(...means.map((m) => m[1])) + half];
  const hx = (hi[0] - lo[0]) / g;
  const hy = (hi[1] - lo[1]) / g;
  let total = 0;
  for (let i = 0; i < g; i++) {
    const x = lo[0] + (i + 0.5) * hx;
    for (let j = 0; j < g; j++) {
      const y = lo[1] + (j + 0.5) * hy;
      let sum = 0;
      let top = 0;
      for (let k = 0; k < w.length; k++) {
        const s = sigmas[k];
        const f = (w[k] * Math.exp(-((x - means[k][0]) ** 2 + (y - means[k][1]) ** 2) / (2 * s * s))) / (2 * Math.PI * s * s);
        sum += f;
        if (f > top) top = f;
      }
      total += sum - top;
    }
  }
  return total * hx * hy;
}

describe('bayesError', () => {
  it('two equal components: Φ(−Δ/2σ) exactly', () => {
    for (const [delta, sigma] of [[2, 1], [0.5, 1], [6, 0.7], [30, 1]]) {
      const r = bayesError({ weights: [0.5, 0.5], means: [[-delta / 2], [delta / 2]], sigmas: [sigma, sigma] });
      expect(r.method).toBe('exact');
      expect(r.value / Phi(-delta / (2 * sigma)) - 1).toBeLessThan(1e-12);
    }
  });

  it('1-D, unequal weights and σ, K = 3: equals adaptive quadrature of Σ w φ − max w φ', () => {
    const w = [0.2, 0.5, 0.3];
    const mu = [-2, 0.3, 2.5];
    const s = [0.6, 1.4, 0.9];
    const f = (x: number) => {
      const v = w.map((wk, k) => wk * density1(x, mu[k], s[k]));
      return v.reduce((a, b) => a + b, 0) - Math.max(...v);
    };
    const q = integrate(f, [-20, -5, -2, 0, 2, 5, 25], { absTol: 1e-13, relTol: 1e-11 });
    const exact = bayesError1d(w, mu, s);
    expect(exact).toBeGreaterThan(0.05);
    expect(Math.abs(exact - q.value[0])).toBeLessThan(1e-9);
  });

  it('one component has no error; identical components err with the smaller weight', () => {
    expect(bayesError({ weights: [1], means: [[0, 0]], sigmas: [1] }).value).toBe(0);
    expect(bayesError1d([0.3, 0.7], [1, 1], [1, 1])).toBeCloseTo(0.3, 14);
  });

  it('2-D, equal σ, collinear means: exact by projection, matches a 2-D grid', () => {
    const m = { weights: [0.3, 0.3, 0.4], means: [[0, 0], [1.5, 1.5], [3, 3]], sigmas: [1, 1, 1] };
    const r = bayesError(m);
    expect(r.method).toBe('exact');
    expect(Math.abs(r.value - grid2d(m.weights, m.means, m.sigmas))).toBeLessThan(2e-5);
  });

  it('2-D, K = 3 not collinear: the seeded Monte Carlo agrees with a 2-D grid within 4 of its stated SEs', () => {
    const m = { weights: [0.3, 0.3, 0.4], means: [[0, 0], [2.5, 0], [1, 2]], sigmas: [1, 0.8, 1.2] };
    const r = bayesError(m);
    expect(r.method).toBe('monte-carlo');
    expect(r.mcse).toBeGreaterThan(0);
    expect(r.mcse).toBeLessThan(1e-3);
    const grid = grid2d(m.weights, m.means, m.sigmas);
    expect(Math.abs(r.value - grid)).toBeLessThan(4 * r.mcse + 2e-5);
    expect(bayesError(m).value).toBe(r.value); // seeded: the same bytes every time
  });

  it('summary.json carries it as a theory value of each mechanism, and reads back with it', () => {
    const config = syntheticConfig({
      mixtures: [
        { id: 'one-d', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 },
        { id: 'two-d', weights: [0.3, 0.3, 0.4], means: [[0, 0], [2.5, 0], [1, 2]], sigma: 1 },
      ],
      estimators: [
        { id: 'km', method: 'kmeans' },
        { id: 'mle', method: 'em', options: { covariance: 'equal', weights: 'estimated' } },
      ],
      estimands: ['separation', 'misclassification'],
      n: [20],
      replications: 2,
    });
    const { dir } = writeSyntheticResults({ config, theory: false });
    const read = readSummary(dir);
    for (const m of config.mixtures) {
      const theory = read.mixtures.find((x) => x.id === m.id)?.theory;
      expect(theory?.bayesError).toEqual(bayesError(m));
    }
    expect(read.mixtures[0].theory.bayesError?.value).toBeCloseTo(Phi(-1), 14);
  });
});
