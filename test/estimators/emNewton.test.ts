/**
 * Newton–EM for d = 1, K = 2 with a shared σ (src/estimators/mixture/emNewton.ts): the pass's log-likelihood, score
 * and Hessian against a naive log-likelihood written here (Math.exp/Math.log, no shared code) and its finite
 * differences; its EM map against the general kernel's; whole fits against plain EM run to a far tighter
 * tolerance, for every free/fixed combination of σ and the weights.
 */
import { describe, expect, it } from 'vitest';
import { em } from '../../src/estimators/mixture/emDescriptor.js';
import { createEMWork, emPass, type EMWorkSettings } from '../../src/estimators/mixture/emKernel.js';
import { createNewtonScratch, DECREMENT, NEWTON_OK, newtonPass, runNewton, runNewtonWarm } from '../../src/estimators/mixture/emNewton.js';
import type { EMOptions } from '../../src/estimators/mixture/options.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';

function simulate(seed: string, n: number, m1: number, m2: number, sd: number, w2: number, offset = 0): Dataset {
  const rng = createStream(seed, 'newton-data');
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = offset + (rng.uniform() < w2 ? m2 : m1) + sd * rng.normal();
  return { x, n, d: 1 };
}

/** log L at (μ₁, μ₂, s = log σ², π₂), straight from the formula with a stable log-sum-exp. */
function naiveLogLik(x: Float64Array, m1: number, m2: number, s: number, p2: number): number {
  const v = Math.exp(s);
  let L = 0;
  for (const xi of x) {
    const a = Math.log(1 - p2) - 0.5 * Math.log(2 * Math.PI * v) - (xi - m1) ** 2 / (2 * v);
    const b = Math.log(p2) - 0.5 * Math.log(2 * Math.PI * v) - (xi - m2) ** 2 / (2 * v);
    const mx = Math.max(a, b);
    L += mx + Math.log(Math.exp(a - mx) + Math.exp(b - mx));
  }
  return L;
}

/**
 * log L(b) − log L(a) of two fits, summed point by point from the naive formula: the per-point differences are
 * tiny, so the sum is exact to ~1e-16 of them, where each log-likelihood alone carries the rounding of n terms
 * (1e-10 and more for n = 1e4 of well-separated components, in any implementation).
 */
function naiveGap(x: Float64Array, a: Fit, b: Fit): number {
  const term = (f: Fit, xi: number, k: number): number => {
    const s = f.sigmas?.[k] ?? NaN;
    return Math.log(f.weights[k]) - Math.log(s) - (xi - f.means[k]) ** 2 / (2 * s * s);
  };
  const logp = (f: Fit, xi: number): number => {
    const u = term(f, xi, 0);
    const v = term(f, xi, 1);
    const m = Math.max(u, v);
    return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
  };
  let gap = 0;
  for (const xi of x) gap += logp(b, xi) - logp(a, xi);
  return gap;
}

function theta(m1: number, m2: number, sigma: number, p2: number): Float64Array {
  return Float64Array.from([m1, m2, sigma, sigma, 1 - p2, p2]);
}

const settings = (over: Partial<EMWorkSettings> = {}): EMWorkSettings => ({
  covariance: 'equal',
  weights: 'estimated',
  fixedSigma: NaN,
  floorVar: 1e-12,
  ...over,
});

describe('newtonPass: log-likelihood, score and Hessian', () => {
  const data = simulate('derivatives', 2000, -1, 1.5, 1.2, 0.35);
  const points: [number, number, number, number][] = [
    [-1.3, 1.7, 1.0, 0.4],
    [-0.2, 0.3, 0.6, 0.5],
    [2, -1, 1.5, 0.2],
    [-1, 1.5, 1.2, 0.35],
  ];
  for (const [m1, m2, sig, p2] of points) {
    it(`match the naive log-likelihood and its finite differences at θ = (${m1}, ${m2}, ${sig}, ${p2})`, () => {
      const w = createEMWork(data, 2, settings());
      const sc = createNewtonScratch(w);
      const L = newtonPass(w, sc, theta(m1, m2, sig, p2), new Float64Array(6), new Float64Array(6));
      const at = [m1, m2, Math.log(sig * sig), p2];
      const f = (p: number[]): number => naiveLogLik(data.x, p[0], p[1], p[2], p[3]);
      expect(Math.abs(L - f(at))).toBeLessThan(1e-11 * Math.abs(L));
      const h = [1e-4, 1e-4, 1e-4, 1e-5];
      const shifted = (i: number, di: number, j = -1, dj = 0): number[] =>
        at.map((v, k) => v + (k === i ? di : 0) + (k === j ? dj : 0));
      for (let i = 0; i < 4; i++) {
        const fd = (f(shifted(i, h[i])) - f(shifted(i, -h[i]))) / (2 * h[i]);
        // Central differences: truncation ~h²·f‴ and rounding ~1e-16·|L|/h, both below 1e-3 here.
        expect(Math.abs(sc.g[i] - fd)).toBeLessThan(1e-3 + 1e-6 * Math.abs(fd));
        for (let j = 0; j < 4; j++) {
          const fdd =
            (f(shifted(i, h[i], j, h[j])) -
              f(shifted(i, h[i], j, -h[j])) -
              f(shifted(i, -h[i], j, h[j])) +
              f(shifted(i, -h[i], j, -h[j]))) /
            (4 * h[i] * h[j]);
          expect(Math.abs(sc.H[i * 4 + j] - fdd)).toBeLessThan(5e-3 * Math.max(1, Math.abs(fdd)));
        }
      }
    });
  }

  it('writes the same EM map F(θ) as the general kernel', () => {
    for (const over of [{}, { weights: 'equal' as const }, { covariance: 'fixed' as const, fixedSigma: 0.9 }]) {
      const w = createEMWork(data, 2, settings(over));
      const sc = createNewtonScratch(w);
      const t = theta(-0.7, 1.1, over.covariance === 'fixed' ? 0.9 : 1.3, over.weights === 'equal' ? 0.5 : 0.3);
      const fNewton = new Float64Array(6);
      const L1 = newtonPass(w, sc, t, fNewton, new Float64Array(6));
      const general = createEMWork(data, 2, settings(over));
      general.generalOnly = true;
      const fGeneral = new Float64Array(6);
      const L2 = emPass(general, t, fGeneral);
      expect(Math.abs(L1 - L2)).toBeLessThan(1e-11 * Math.abs(L2));
      for (let i = 0; i < 6; i++) expect(Math.abs(fNewton[i] - fGeneral[i])).toBeLessThan(1e-12 * (1 + Math.abs(fGeneral[i])));
    }
  });

  it('reports no Newton step where −H is not positive definite (a start with both means together)', () => {
    const w = createEMWork(data, 2, settings());
    const sc = createNewtonScratch(w);
    // μ₁ = μ₂ is a saddle of L in the direction that separates the means.
    newtonPass(w, sc, theta(0.2, 0.2, 1.5, 0.5), new Float64Array(6), new Float64Array(6));
    expect(sc.sums[NEWTON_OK]).toBe(0);
  });
});

describe('em with Newton steps (accelerate auto/newton)', () => {
  const cases: [string, Dataset, EMOptions][] = [
    ['canonical, n = 1e4', simulate('fit-canonical', 10000, -1, 1, 1, 0.5), {}],
    ['unequal weights 0.9/0.1', simulate('fit-unequal', 20000, 0, 2.5, 1, 0.1), {}],
    ['well separated', simulate('fit-far', 5000, -4, 4, 1, 0.3), {}],
    ['offset by 1e8', simulate('fit-canonical', 10000, -1, 1, 1, 0.5, 1e8), {}],
    ['weights held equal', simulate('fit-eqw', 10000, -1, 1.2, 1, 0.4), { weights: 'equal' }],
    ['σ fixed', simulate('fit-fixed', 10000, -1, 1.2, 1, 0.4), { covariance: 'fixed', sigma: 0.8 }],
  ];
  for (const [name, data, options] of cases) {
    it(`reaches the maximum plain EM reaches at tol 1e-15: ${name}`, () => {
      const newton = em.fit(data, 2, { ...options, accelerate: 'newton' }, createStream(name, 'fit'));
      const plain = em.fit(data, 2, { ...options, accelerate: 'none', tol: 1e-15, maxIter: 100000 }, createStream(name, 'fit'));
      expect(newton.converged).toBe(true);
      expect(newton.status).toBe('ok');
      expect(Math.abs(newton.weights[0] + newton.weights[1] - 1)).toBeLessThanOrEqual(Number.EPSILON);
      // The stopping rule bounds the remaining gain by tol = 1e-10 (emStopping.ts).
      const gap = naiveGap(data.x, newton, plain);
      expect(gap).toBeLessThan(1e-10);
      expect(gap).toBeGreaterThan(-1e-10);
      const scale = data.x[0] > 1e7 ? 1e8 : 1;
      // The two runs may label the components in either order (their k-means starts differ): align by the means.
      const order = (f: typeof plain): number[] => (f.means[0] <= f.means[1] ? [0, 1] : [1, 0]);
      const [on, op] = [order(newton), order(plain)];
      for (let k = 0; k < 2; k++) {
        expect(Math.abs(newton.means[on[k]] - plain.means[op[k]])).toBeLessThan(2e-4 + 1e-15 * scale);
        expect(Math.abs((newton.sigmas?.[on[k]] ?? NaN) - (plain.sigmas?.[op[k]] ?? NaN))).toBeLessThan(2e-4);
        expect(Math.abs(newton.weights[on[k]] - plain.weights[op[k]])).toBeLessThan(2e-4);
      }
      // And in no more passes than SQUAREM, which spends one more, uncounted, E-step on the final log-likelihood.
      const squarem = em.fit(data, 2, { ...options, accelerate: 'squarem' }, createStream(name, 'fit'));
      expect(newton.iterations).toBeLessThanOrEqual(squarem.iterations + 1);
    });
  }

  it('takes Newton steps for a fixed σ below the variance floor (the floor is for estimated σ only)', () => {
    const data = simulate('tiny-eps', 20000, -1, 1, 1, 0.5);
    // σ² = 1e-10 is below the floor 1e-8 × (data variance ≈ 2); Newton must still apply, as SQUAREM ignores the floor.
    const options: EMOptions = { covariance: 'fixed', sigma: 1e-5 };
    const newton = em.fit(data, 2, { ...options, accelerate: 'newton', warmStart: 'none' }, createStream('tiny', 'fit'));
    const plain = em.fit(data, 2, { ...options, accelerate: 'none', tol: 1e-15 }, createStream('tiny', 'fit'));
    expect(newton.converged).toBe(true);
    expect(newton.iterations).toBeLessThanOrEqual(4);
    for (let k = 0; k < 2; k++) expect(Math.abs(newton.means[k] - plain.means[k])).toBeLessThan(1e-9);
  });

  it('its log-likelihood is the exact log-likelihood of the returned parameters', () => {
    const data = simulate('exact-L', 3000, -1, 1, 1, 0.5);
    const fit = em.fit(data, 2, {}, createStream('exact-L', 'fit'));
    const s = fit.sigmas?.[0] ?? NaN;
    const L = naiveLogLik(data.x, fit.means[0], fit.means[1], Math.log(s * s), fit.weights[1]);
    expect(Math.abs((fit.logLik ?? NaN) - L)).toBeLessThan(1e-11 * Math.abs(L));
  });

  it("'auto' uses Newton exactly where it applies and SQUAREM elsewhere", () => {
    const d1 = simulate('auto', 4000, -1, 1, 1, 0.5);
    const a = em.fit(d1, 2, {}, createStream('auto', 1));
    const b = em.fit(d1, 2, { accelerate: 'newton' }, createStream('auto', 1));
    expect(a).toEqual(b);
    const c = em.fit(d1, 2, { covariance: 'unequal' }, createStream('auto', 2));
    const e = em.fit(d1, 2, { covariance: 'unequal', accelerate: 'squarem' }, createStream('auto', 2));
    expect(c).toEqual(e);
    const f = em.fit(d1, 3, {}, createStream('auto', 3));
    const g = em.fit(d1, 3, { accelerate: 'squarem' }, createStream('auto', 3));
    expect(f).toEqual(g);
  });

  it("'newton' where it does not apply is a clear error", () => {
    const d1 = simulate('bad', 500, -1, 1, 1, 0.5);
    const d2: Dataset = { x: new Float64Array(1000).map((_, i) => Math.sin(i)), n: 500, d: 2 };
    expect(() => em.fit(d1, 3, { accelerate: 'newton' }, createStream(1))).toThrow(/needs d = 1, K = 2/);
    expect(() => em.fit(d2, 2, { accelerate: 'newton' }, createStream(1))).toThrow(/needs d = 1, K = 2/);
    expect(() => em.fit(d1, 2, { accelerate: 'newton', covariance: 'unequal' }, createStream(1))).toThrow(/covariance 'equal' or 'fixed'/);
  });

  it('stops by the Newton decrement: the remaining predicted gain at the returned θ is ≤ tol (1e-10)', () => {
    const data = simulate('decrement', 20000, -1, 1, 1, 0.5);
    const fit = em.fit(data, 2, {}, createStream('decrement', 'fit'));
    const w = createEMWork(data, 2, settings());
    const sc = createNewtonScratch(w);
    const s = fit.sigmas?.[0] ?? NaN;
    const L = newtonPass(w, sc, theta(fit.means[0], fit.means[1], s, fit.weights[1]), new Float64Array(6), new Float64Array(6));
    expect(sc.sums[NEWTON_OK]).toBe(1);
    expect(sc.sums[DECREMENT]).toBeLessThanOrEqual(1e-10);
    expect(Number.isFinite(L)).toBe(true);
  });
});

describe('warm start from a subsample (runNewtonWarm)', () => {
  it('reaches the cold start’s maximum, in fewer full-data passes on the canonical mixture', () => {
    let warmPasses = 0;
    let coldPasses = 0;
    for (let r = 0; r < 6; r++) {
      const data = simulate(`warm-${r}`, 50000, -1, 1, 1, 0.5);
      const w = createEMWork(data, 2, settings());
      const start = theta(-1.17, 1.17, 0.8, 0.5);
      const bufs = [0, 1, 2, 3].map(() => new Float64Array(6)) as unknown as [Float64Array, Float64Array, Float64Array, Float64Array];
      const cold = runNewton(w, start, bufs, 1e-10, 1000);
      const coldL = cold?.logLik ?? NaN;
      coldPasses += cold?.iterations ?? NaN;
      const warm = runNewtonWarm(w, (_, out) => out.set(start), bufs, 1e-10, 1000);
      warmPasses += warm.iterations;
      expect(warm.converged).toBe(true);
      expect(Math.abs(warm.logLik - coldL)).toBeLessThan(1e-10 * Math.abs(coldL));
    }
    expect(warmPasses).toBeLessThan(coldPasses);
  });

  it('falls back to the cold start when the subsample’s maximum is not in a Newton basin (overlapping components)', () => {
    let fellBack = 0;
    for (let r = 0; r < 30; r++) {
      const data = simulate(`overlap-${r}`, 20000, -0.5, 0.5, 1, 0.5);
      const w = createEMWork(data, 2, settings());
      const start = theta(-0.9, 0.9, 0.75, 0.5);
      const bufs = [0, 1, 2, 3].map(() => new Float64Array(6)) as unknown as [Float64Array, Float64Array, Float64Array, Float64Array];
      const cold = runNewton(w, start, bufs, 1e-10, 100000);
      const coldL = cold?.logLik ?? NaN;
      const coldIt = cold?.iterations ?? NaN;
      const warm = runNewtonWarm(w, (_, out) => out.set(start), bufs, 1e-10, 100000);
      // Never a worse maximum than the cold start, and never much more work (the wasted passes are counted).
      expect(warm.logLik).toBeGreaterThanOrEqual(coldL - 1e-10 * Math.abs(coldL));
      expect(warm.iterations).toBeLessThanOrEqual(coldIt + 25);
      if (warm.iterations > coldIt) fellBack++;
    }
    // The fallback path is exercised by this design (it was 2 in 40 at n = 1e5 in the measurements).
    expect(fellBack).toBeGreaterThan(0);
  });
});
