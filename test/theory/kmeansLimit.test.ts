import { describe, expect, it } from 'vitest';
import { kmeansLimit } from '../../src/theory/kmeansLimit.js';
import { twoMeansLimit1d } from '../../src/theory/twoMeans1d.js';
import { normalPdf } from './helpers.js';

/**
 * W of the 2-means partition of w·N((a1,0), σ1²I) + (1−w)·N((a2,0), σ2²I) in R² by the half-plane
 * {x·n > b}, n = (cos θ, sin θ), with centres at the cell means. In coordinates rotated to n each component is
 * a product of independent normals, so only the coordinate along n needs integrating (Simpson here).
 */
function tiltedW(w: number, a: [number, number], s: [number, number], theta: number, b: number): number {
  const pis = [w, 1 - w];
  const xm = a.map((ak) => ak * Math.cos(theta)); // component means along n
  const ym = a.map((ak) => -ak * Math.sin(theta)); // and along n⊥
  let W = 0;
  for (const side of [-1, 1]) {
    // Per component: mass, ∫(x' − b), ∫(x' − b)² on the cell (x' < b or x' > b), one Simpson pass each.
    const mom = [0, 1].map((k) => {
      const lo = side < 0 ? xm[k] - 12 * s[k] : b;
      const hi = side < 0 ? b : xm[k] + 12 * s[k];
      if (!(hi > lo)) return [0, 0, 0];
      const n = 3000;
      const h = (hi - lo) / n;
      const acc = [0, 0, 0];
      for (let i = 0; i <= n; i++) {
        const x = lo + i * h;
        const f = (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * pis[k] * normalPdf(x, xm[k], s[k]);
        acc[0] += f;
        acc[1] += f * (x - b);
        acc[2] += f * (x - b) ** 2;
      }
      return acc.map((v) => (v * h) / 3);
    });
    const P = mom[0][0] + mom[1][0];
    const cx = (mom[0][1] + mom[1][1]) / P; // relative to b
    const cy = (mom[0][0] * ym[0] + mom[1][0] * ym[1]) / P;
    for (let k = 0; k < 2; k++) {
      W += mom[k][2] - 2 * cx * mom[k][1] + cx * cx * mom[k][0];
      W += mom[k][0] * (s[k] * s[k] + (ym[k] - cy) ** 2);
    }
  }
  return W;
}

function bestOverB(f: (b: number) => number, lo: number, hi: number): number {
  const N = 30;
  let best = lo;
  let bestV = Infinity;
  for (let i = 0; i <= N; i++) {
    const b = lo + ((hi - lo) * i) / N;
    const v = f(b);
    if (v < bestV) {
      bestV = v;
      best = b;
    }
  }
  // Golden section on the bracket around the best grid point, one new evaluation per step.
  let a = best - (hi - lo) / N;
  let c = best + (hi - lo) / N;
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = c - r * (c - a);
  let x2 = a + r * (c - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let it = 0; it < 45; it++) {
    if (f1 <= f2) {
      c = x2;
      x2 = x1;
      f2 = f1;
      x1 = c - r * (c - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + r * (c - a);
      f2 = f(x2);
    }
  }
  return Math.min(f1, f2);
}

describe('two spherical components in d > 1 dimensions: reduction to the line through the means', () => {
  it('lifts the 1-D solution onto the line and adds the orthogonal variance', () => {
    const d3 = kmeansLimit({ weights: [0.5, 0.5], means: [[0, 0, 0], [1.2, 1.6, 0]], sigmas: [1, 1] });
    const line = twoMeansLimit1d({ weights: [0.5, 0.5], means: [0, 2], sigmas: [1, 1] });
    const u = [0.6, 0.8, 0];
    for (let j = 0; j < 2; j++) d3.centers[j].forEach((x, i) => expect(Math.abs(x - line.centers[j] * u[i])).toBeLessThan(1e-14));
    expect(Math.abs(d3.separation! - line.separation)).toBeLessThan(1e-14);
    expect(Math.abs(d3.separationBias! - line.separationBias!)).toBeLessThan(1e-14);
    expect(Math.abs(d3.withinVariance - (line.withinVariance + 2))).toBeLessThan(1e-14);
    // The perpendicular split is a fixed point too, and worse: W = total − (2/π)σ̄².
    const perp = d3.fixedPoints.find((f) => f.kind === 'saddle')!;
    expect(Math.abs(perp.withinVariance - (1 + 3 - 2 / Math.PI))).toBeLessThan(1e-14);
    expect(d3.unique).toBe(true);
    expect(d3.kmeansSd).toBeGreaterThan(0);
  });

  for (const { name, w, a, s } of [
    { name: 'equal σ', w: 0.3, a: [0, 1.5] as [number, number], s: [1, 1] as [number, number] },
    { name: 'unequal σ', w: 0.4, a: [0, 1] as [number, number], s: [0.6, 2] as [number, number] },
  ]) {
    it(`no tilted half-plane beats the cut orthogonal to the line (independent 2-D computation, ${name})`, () => {
      const lim = kmeansLimit({ weights: [w, 1 - w], means: [[a[0], 0], [a[1], 0]], sigmas: s });
      const span = [Math.min(...a) - 2 * Math.max(...s), Math.max(...a) + 2 * Math.max(...s)];
      const byAngle = [0, 0.15, 0.4, 0.8, 1.2, Math.PI / 2].map((theta) => bestOverB((b) => tiltedW(w, a, s, theta, b), span[0], span[1]));
      // θ = 0 reproduces the exact limit; every tilt is worse; θ = π/2 is the perpendicular split.
      expect(Math.abs(byAngle[0] - lim.withinVariance)).toBeLessThan(1e-10);
      for (let i = 1; i < byAngle.length; i++) expect(byAngle[i]).toBeGreaterThan(byAngle[0]);
      const perp = lim.fixedPoints.find((f) => f.kind === 'saddle')!;
      expect(Math.abs(byAngle[byAngle.length - 1] - perp.withinVariance)).toBeLessThan(1e-10);
    });
  }

  it('the line solution beats the perpendicular split whenever μ1 ≠ μ2, and ties when μ1 = μ2', () => {
    for (const w of [0.1, 0.5, 0.9]) {
      for (const s2 of [0.1, 1, 10]) {
        for (const D of [0.01, 0.5, 3]) {
          const r = kmeansLimit({ weights: [w, 1 - w], means: [[0, 0], [D, 0]], sigmas: [1, s2] }, 2, { twoMeans: { gridSize: 400 } });
          const perp = r.fixedPoints[r.fixedPoints.length - 1];
          expect(perp.global).toBe(false);
          expect(perp.withinVariance).toBeGreaterThan(r.withinVariance);
        }
      }
    }
    const tie = kmeansLimit({ weights: [0.5, 0.5], means: [[1, 1], [1, 1]], sigmas: [1, 3] });
    expect(tie.unique).toBe(false);
    expect(tie.kmeansSd).toBeNull();
  });

  it('refuses cases without an exact reduction (they go to the Monte Carlo approximation)', () => {
    expect(() => kmeansLimit({ weights: [0.5, 0.5], means: [[0, 0], [2, 0]], sigmas: [1, 1] }, 3)).toThrow(/Monte ?Carlo/);
  });

  it('K > 2 in 1-D uses population Lloyd and reports the distinct local minima', () => {
    const r = kmeansLimit({ weights: [0.3, 0.3, 0.4], means: [[-2], [0], [3]], sigmas: [1, 0.5, 1.5] }, 3);
    expect(r.method).toBe('population-lloyd');
    expect(r.fixedPoints[0].global).toBe(true);
    for (const f of r.fixedPoints) expect(f.withinVariance).toBeGreaterThanOrEqual(r.withinVariance);
  });
});
