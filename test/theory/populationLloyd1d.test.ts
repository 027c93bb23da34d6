import { describe, expect, it } from 'vitest';
import { kmeansCltCovariance1d, kmeansHessian1d } from '../../src/theory/kmeansClt.js';
import { populationLloyd1d, populationWithinVariance } from '../../src/theory/populationLloyd1d.js';
import { twoMeansLimit1d } from '../../src/theory/twoMeans1d.js';
import { cellBySimpson, type Mix, window } from './helpers.js';

/** W(c) = ∫ min_j (x − c_j)² f(x) dx by Simpson over the Voronoi cells (independent of the truncated-normal code). */
function simpsonW(m: Mix, centers: readonly number[]): number {
  const c = [...centers].sort((a, b) => a - b);
  const [lo, hi] = window(m);
  let W = 0;
  for (let j = 0; j < c.length; j++) {
    const a = j === 0 ? lo : 0.5 * (c[j - 1] + c[j]);
    const b = j === c.length - 1 ? hi : 0.5 * (c[j] + c[j + 1]);
    W += cellBySimpson(m, a, b, 6000).second(c[j]);
  }
  return W;
}

describe('population Lloyd for K ≥ 2 in 1-D', () => {
  it('K = 2 reproduces the exact fixed-point solution', () => {
    for (const mix of [
      { weights: [0.5, 0.5], means: [-1, 1], sigmas: [1, 1] },
      { weights: [0.8, 0.2], means: [0, 2.5], sigmas: [1, 0.6] },
    ]) {
      const a = populationLloyd1d(mix, 2);
      const b = twoMeansLimit1d(mix);
      expect(a.converged).toBe(true);
      for (let j = 0; j < 2; j++) expect(Math.abs(a.centers[j] - b.centers[j])).toBeLessThan(1e-12);
      expect(Math.abs(a.withinVariance - b.withinVariance)).toBeLessThan(1e-14);
    }
  });

  it('K = 3: every centre is the Simpson mean of its cell, and no perturbation lowers W', () => {
    const mix = { weights: [0.3, 0.3, 0.4], means: [-2, 0, 3], sigmas: [1, 0.5, 1.5] };
    const r = populationLloyd1d(mix, 3);
    expect(r.converged).toBe(true);
    const [lo, hi] = window(mix);
    const b = [lo, ...r.boundaries, hi];
    for (let j = 0; j < 3; j++) {
      const s = cellBySimpson(mix, b[j], b[j + 1], 8000);
      expect(Math.abs(r.centers[j] - s.mean)).toBeLessThan(1e-10);
      expect(Math.abs(r.proportions[j] - s.mass)).toBeLessThan(1e-12);
    }
    expect(Math.abs(r.withinVariance - simpsonW(mix, r.centers))).toBeLessThan(1e-11);
    for (let j = 0; j < 3; j++) {
      for (const dx of [-1e-3, 1e-3]) {
        const c = [...r.centers];
        c[j] += dx;
        expect(simpsonW(mix, c)).toBeGreaterThan(r.withinVariance);
      }
    }
  });

  it('K = 4 on one Gaussian is symmetric (the Lloyd–Max quantizer of N(0,1): ±0.4528, ±1.5104)', () => {
    const r = populationLloyd1d({ weights: [1], means: [0], sigmas: [1] }, 4);
    expect(Math.abs(r.centers[0] + r.centers[3])).toBeLessThan(1e-12);
    expect(Math.abs(r.centers[1] + r.centers[2])).toBeLessThan(1e-12);
    // Max (1960), Table I, N = 4: outputs 0.4528 and 1.510 (4 decimals published).
    expect(Math.abs(r.centers[2] - 0.4528)).toBeLessThan(5e-5);
    expect(Math.abs(r.centers[3] - 1.510)).toBeLessThan(5e-4);
  });

  it('Hessian with the moving-boundary terms equals finite differences of the Simpson W', () => {
    const mix = { weights: [0.3, 0.3, 0.4], means: [-2, 0, 3], sigmas: [1, 0.5, 1.5] };
    const c = populationLloyd1d(mix, 3).centers;
    const { diagonal, offDiagonal } = kmeansHessian1d(mix, c);
    const h = 1e-3;
    const W = (cc: number[]): number => simpsonW(mix, cc);
    const shifted = (i: number, di: number, j: number, dj: number): number[] => {
      const x = [...c];
      x[i] += di;
      x[j] += dj;
      return x;
    };
    for (let i = 0; i < 3; i++) {
      const fd = (W(shifted(i, h, i, 0)) - 2 * W([...c]) + W(shifted(i, -h, i, 0))) / (h * h);
      expect(Math.abs(fd - diagonal[i])).toBeLessThan(2e-6); // central differences: O(h²) ≈ 1e-6 truncation
    }
    for (let i = 0; i < 2; i++) {
      const fd = (W(shifted(i, h, i + 1, h)) - W(shifted(i, h, i + 1, -h)) - W(shifted(i, -h, i + 1, h)) + W(shifted(i, -h, i + 1, -h))) / (4 * h * h);
      expect(Math.abs(fd - offDiagonal[i])).toBeLessThan(2e-6);
    }
    // The internal W agrees with Simpson away from the fixed point too.
    expect(Math.abs(populationWithinVariance(mix, [-1, 0.5, 2]) - simpsonW(mix, [-1, 0.5, 2]))).toBeLessThan(1e-11);
  });

  it('the CLT covariance is symmetric positive definite and symmetric under reflection of a symmetric mixture', () => {
    const { covariance: S } = kmeansCltCovariance1d({ weights: [0.5, 0.5], means: [-1, 1], sigmas: [1, 1] }, twoMeansLimit1d({ weights: [0.5, 0.5], means: [-1, 1], sigmas: [1, 1] }).centers);
    expect(Math.abs(S[0][1] - S[1][0])).toBeLessThan(1e-15);
    expect(Math.abs(S[0][0] - S[1][1])).toBeLessThan(1e-14);
    expect(S[0][0] * S[1][1] - S[0][1] ** 2).toBeGreaterThan(0);
  });
});
