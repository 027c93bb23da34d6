import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { biasSignChanges, biasSignChange, separationBiasAt } from '../../src/theory/biasSign.js';
import { fixedPointResidual, twoMeansLimit1d } from '../../src/theory/twoMeans1d.js';
import { cellBySimpson, type Mix, mixPdf, simpson, window } from './helpers.js';

const stdPhi = (z: number): number => normalCdf(z, 0, 1);
const stdDensity = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** The test's own k-means objective and fixed-point residual at a split t, from Simpson integrals of the mixture density. */
function bySimpson(m: Mix, t: number) {
  const [lo, hi] = window(m);
  const left = cellBySimpson(m, lo, t, 8000);
  const right = cellBySimpson(m, t, hi, 8000);
  return {
    c1: left.mean,
    c2: right.mean,
    g: 0.5 * (left.mean + right.mean) - t,
    W: left.second(left.mean) + right.second(right.mean),
  };
}

/** All zeros of the Simpson-based residual, by a grid scan and bisection (independent of twoMeans1d's search). */
function simpsonZeros(m: Mix, grid = 120): number[] {
  const sMax = Math.max(...m.sigmas);
  const lo = Math.min(...m.means) - 2 * sMax;
  const hi = Math.max(...m.means) + 2 * sMax;
  const g = (t: number): number => bySimpson(m, t).g;
  const zeros: number[] = [];
  let t0 = lo;
  let g0 = g(t0);
  for (let i = 1; i <= grid; i++) {
    const t1 = lo + ((hi - lo) * i) / grid;
    const g1 = g(t1);
    if (g0 > 0 !== g1 > 0) {
      let a = t0;
      let b = t1;
      const ga = g0;
      for (let it = 0; it < 40; it++) {
        const mid = 0.5 * (a + b);
        if (g(mid) > 0 === ga > 0) a = mid;
        else b = mid;
      }
      zeros.push(0.5 * (a + b));
    }
    t0 = t1;
    g0 = g1;
  }
  return zeros;
}

/** Golden-section minimisation of the Simpson W(t) from the best point of a coarse grid. */
function simpsonArgminW(m: Mix): number {
  const sMax = Math.max(...m.sigmas);
  const lo = Math.min(...m.means) - 2 * sMax;
  const hi = Math.max(...m.means) + 2 * sMax;
  const W = (t: number): number => bySimpson(m, t).W;
  let best = lo;
  let bestW = Infinity;
  const N = 120;
  for (let i = 0; i <= N; i++) {
    const t = lo + ((hi - lo) * i) / N;
    const w = W(t);
    if (w < bestW) {
      bestW = w;
      best = t;
    }
  }
  let a = best - (hi - lo) / N;
  let b = best + (hi - lo) / N;
  const r = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const x1 = b - r * (b - a);
    const x2 = a + r * (b - a);
    if (W(x1) <= W(x2)) b = x2;
    else a = x1;
  }
  return 0.5 * (a + b);
}

describe('population 2-means limit in 1-D (Bryant & Williamson 1978)', () => {
  it('canonical 0.5·N(−1,1) + 0.5·N(1,1): c = ±(2Φ(1) − 1 + 2φ(1)), separation 2.33326188235', () => {
    const r = twoMeansLimit1d({ weights: [0.5, 0.5], means: [-1, 1], sigmas: [1, 1] });
    const c = 2 * stdPhi(1) - 1 + 2 * stdDensity(1);
    expect(Math.abs(r.centers[1] - c)).toBeLessThan(1e-10);
    expect(Math.abs(r.centers[0] + c)).toBeLessThan(1e-10);
    expect(Math.abs(r.separation - 2 * c)).toBeLessThan(1e-10);
    expect(Math.abs(r.separation - 2.33326188235)).toBeLessThan(1e-10);
    expect(Math.abs(r.separationBias! - (2 * c - 2))).toBeLessThan(1e-10);
    expect(Math.abs(r.split)).toBeLessThan(1e-15);
    expect(r.proportions[0]).toBeCloseTo(0.5, 14);
    expect(r.unique).toBe(true);
    // W = total variance − between = 2 − c² (the centres are ±c with equal mass).
    expect(Math.abs(r.withinVariance - (2 - c * c))).toBeLessThan(1e-12);
  });

  it('tends to 2σ√(2/π) as Δ/σ → 0, for any weight', () => {
    for (const sigma of [1, 2.5]) {
      for (const w of [0.5, 0.7, 0.9, 0.97]) {
        const seps = [1e-2, 1e-3, 1e-4].map((ratio) => twoMeansLimit1d({ weights: [w, 1 - w], means: [0, ratio * sigma], sigmas: [sigma, sigma] }).separation);
        const target = 2 * sigma * Math.sqrt(2 / Math.PI);
        const errs = seps.map((s) => Math.abs(s - target));
        // The error must shrink with Δ (it is O(Δ²)) and be negligible at Δ = 1e-4σ.
        expect(errs[1]).toBeLessThan(errs[0]);
        expect(errs[2]).toBeLessThan(errs[1]);
        expect(errs[2] / sigma).toBeLessThan(1e-7);
      }
    }
    // Exactly one Gaussian (two identical components): exactly ±σ√(2/π).
    const one = twoMeansLimit1d({ weights: [0.3, 0.7], means: [1, 1], sigmas: [2, 2] });
    expect(Math.abs(one.separation - 4 * Math.sqrt(2 / Math.PI))).toBeLessThan(1e-13);
  });

  const cases: { name: string; mix: Mix }[] = [
    { name: 'canonical', mix: { weights: [0.5, 0.5], means: [-1, 1], sigmas: [1, 1] } },
    { name: 'w = 0.7, Δ = 3', mix: { weights: [0.7, 0.3], means: [0, 3], sigmas: [1, 1] } },
    { name: 'unequal σ', mix: { weights: [0.4, 0.6], means: [0, 2], sigmas: [0.7, 1.6] } },
    { name: 'w = 0.99, Δ = 8 (three fixed points)', mix: { weights: [0.99, 0.01], means: [0, 8], sigmas: [1, 1] } },
  ];
  for (const { name, mix } of cases) {
    it(`agrees with an independent Simpson computation: ${name}`, () => {
      const r = twoMeansLimit1d(mix);
      // Every zero of the independently computed residual is a fixed point found, and vice versa.
      const zeros = simpsonZeros(mix);
      expect(r.fixedPoints.map((f) => f.split).length).toBe(zeros.length);
      r.fixedPoints.forEach((f, i) => {
        expect(Math.abs(f.split - zeros[i])).toBeLessThan(1e-10);
        const s = bySimpson(mix, f.split);
        expect(Math.abs(f.centers[0] - s.c1)).toBeLessThan(1e-10);
        expect(Math.abs(f.centers[1] - s.c2)).toBeLessThan(1e-10);
        expect(Math.abs(f.withinVariance - s.W)).toBeLessThan(1e-11);
      });
      // The returned limit is the global minimiser of W over the split point.
      const tStar = simpsonArgminW(mix);
      expect(Math.abs(r.split - tStar)).toBeLessThan(1e-6); // W is flat at its minimum: golden section resolves t to ~√ε
      // (1e-11: the accuracy of the Simpson W established just above.)
      expect(r.withinVariance).toBeLessThanOrEqual(bySimpson(mix, tStar).W + 1e-11);
      // Local minima and maxima of W alternate, starting and ending with a minimum (g > 0 far left, < 0 far right).
      r.fixedPoints.forEach((f, i) => expect(f.kind).toBe(i % 2 === 0 ? 'minimum' : 'maximum'));
      expect(r.unique).toBe(r.fixedPoints.length === 1);
    });
  }

  it('the very unequal case keeps the global one and reports the others', () => {
    const r = twoMeansLimit1d({ weights: [0.99, 0.01], means: [0, 8], sigmas: [1, 1] });
    expect(r.fixedPoints.length).toBe(3);
    expect(r.unique).toBe(false);
    const minima = r.fixedPoints.filter((f) => f.kind === 'minimum');
    expect(minima.length).toBe(2);
    expect(r.withinVariance).toBe(Math.min(...minima.map((f) => f.withinVariance)));
    // Here the global minimiser splits the heavy component and lumps the small one in: separation ≪ Δ.
    expect(r.separation).toBeLessThan(4);
  });

  it('g is positive left of min μ − σmax and negative right of max μ + σmax (the bound the scan relies on)', () => {
    const mix = { weights: [0.2, 0.8], means: [-3, 5], sigmas: [2, 0.5] };
    for (let t = -30; t < -3 - 2; t += 0.5) expect(fixedPointResidual(mix, t)).toBeGreaterThan(0);
    for (let t = 5 + 2 + 0.01; t < 40; t += 0.5) expect(fixedPointResidual(mix, t)).toBeLessThan(0);
  });
});

describe('sign of the separation bias', () => {
  it('is positive for equal weights at every Δ/σ', () => {
    expect(biasSignChange(0.5)).toEqual([]);
    for (const ratio of [0.5, 2, 5, 10, 20, 40]) expect(separationBiasAt(0.5, ratio)).toBeGreaterThan(0);
  });

  for (const w of [0.7, 0.9]) {
    it(`changes sign once for w = ${w}: positive below, negative above`, () => {
      const changes = biasSignChanges(w);
      expect(changes.length).toBe(1);
      expect(changes[0].kind).toBe('root');
      const x = changes[0].ratio;
      // At the root the exact bias vanishes; either side it has the right sign (checked with the default scan grid).
      expect(Math.abs(separationBiasAt(w, x, 1, 2000))).toBeLessThan(1e-12);
      expect(separationBiasAt(w, x - 0.01, 1, 2000)).toBeGreaterThan(0);
      expect(separationBiasAt(w, x + 0.01, 1, 2000)).toBeLessThan(0);
      // Independent check of the sign either side from Simpson integrals (bias magnitude ≫ Simpson error there).
      for (const [ratio, sign] of [[x - 0.05, 1], [x + 0.05, -1]] as const) {
        const mix = { weights: [w, 1 - w], means: [0, ratio], sigmas: [1, 1] };
        const t = simpsonZeros(mix).find((z) => Math.abs(z - twoMeansLimit1d(mix).split) < 1e-8)!;
        const s = bySimpson(mix, t);
        expect(Math.sign(s.c2 - s.c1 - ratio)).toBe(sign);
      }
    });
  }

  it('follows the large-separation asymptote −σφ(h)(√r − 1/√r)², h = Δ/2σ, r = w/(1 − w)', () => {
    const w = 0.7;
    const r = w / (1 - w);
    const ratios = [10, 20, 40].map((D) => {
      const h = D / 2;
      return separationBiasAt(w, D) / (-stdDensity(h) * (Math.sqrt(r) - 1 / Math.sqrt(r)) ** 2);
    });
    for (const q of ratios) expect(q).toBeGreaterThan(0);
    // Relative error of the leading-order asymptote decreases with h.
    expect(Math.abs(ratios[1] - 1)).toBeLessThan(Math.abs(ratios[0] - 1));
    expect(Math.abs(ratios[2] - 1)).toBeLessThan(Math.abs(ratios[1] - 1));
  });
});
