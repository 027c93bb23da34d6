/**
 * EM for spherical mixtures: checked against independent reference computations written here (naive
 * log-likelihood and responsibilities with Math.exp/Math.log, a plain Lloyd loop), against theory (EM
 * monotonicity, score equations at the MLE, closed forms for K = 1, the σ → 0 limit = k-means) and on
 * numerically hostile data. Data are simulated with createStream + normal(), independent of src/dgm.
 */
import { describe, expect, it } from 'vitest';
import { em } from '../../src/estimators/mixture/emDescriptor.js';
import { kmeansPlusPlus } from '../../src/estimators/kmeans/kmeansPlusPlus.js';
import type { EMOptions, MixtureParameters } from '../../src/estimators/mixture/options.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';
import { maxAbsDiff, refLloyd } from './reference.js';

// ---------- simulation and reference computations (independent of the implementation) ----------

/** n points from Σ wₖ N(centreₖ, sdₖ² I) in d = centres[0].length dimensions. */
function simulate(seed: string, n: number, centres: number[][], sds: number[], weights: number[]): Dataset {
  const rng = createStream(seed, 'data');
  const d = centres[0].length;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let k = 0;
    while (k < weights.length - 1 && u >= weights[k]) {
      u -= weights[k];
      k++;
    }
    for (let j = 0; j < d; j++) x[i * d + j] = centres[k][j] + sds[k] * rng.normal();
  }
  return { x, n, d };
}

const canonical = (n: number, seed = 'canonical'): Dataset => simulate(seed, n, [[-1], [1]], [1, 1], [0.5, 0.5]);

interface Params {
  means: Float64Array;
  sigmas: Float64Array;
  weights: Float64Array;
}

/** log πₖ N(xᵢ | μₖ, σₖ² I) for all i, k (n×K), straight from the formula. */
function logJoint(data: Dataset, p: Params): Float64Array {
  const { x, n, d } = data;
  const K = p.weights.length;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += (x[i * d + j] - p.means[k * d + j]) ** 2;
      const s2 = p.sigmas[k] ** 2;
      out[i * K + k] = Math.log(p.weights[k]) - (d / 2) * Math.log(2 * Math.PI * s2) - q / (2 * s2);
    }
  }
  return out;
}

function refLogLik(data: Dataset, p: Params): number {
  const K = p.weights.length;
  const lj = logJoint(data, p);
  let ll = 0;
  for (let i = 0; i < data.n; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, lj[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(lj[i * K + k] - m);
    ll += m + Math.log(s);
  }
  return ll;
}

function refResponsibilities(data: Dataset, p: Params): Float64Array {
  const K = p.weights.length;
  const lj = logJoint(data, p);
  for (let i = 0; i < data.n; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, lj[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(lj[i * K + k] - m);
    for (let k = 0; k < K; k++) lj[i * K + k] = Math.exp(lj[i * K + k] - m) / s;
  }
  return lj;
}


function given(means: number[], sigmas: number[], weights: number[]): MixtureParameters {
  return { means: Float64Array.from(means), sigmas: Float64Array.from(sigmas), weights: Float64Array.from(weights) };
}


function expectFinite(f: Fit): void {
  for (const v of [...f.means, ...f.weights, ...(f.sigmas ?? [])]) expect(Number.isFinite(v)).toBe(true);
  expect(Number.isFinite(f.logLik)).toBe(true);
  expect(Number.isFinite(f.objective)).toBe(true);
}

const rng0 = () => createStream('em-test', 'init');

// ---------- tests ----------

describe('em: contract and reported log-likelihood', () => {
  it('reports the exact log-likelihood of the returned parameters, objective = logLik, shared σ repeated', () => {
    const data = canonical(3000);
    for (const covariance of ['equal', 'unequal'] as const) {
      const f = em.fit(data, 2, { covariance }, rng0());
      expect(em.method).toBe('em');
      expect(f.K).toBe(2);
      expect(f.d).toBe(1);
      expect(f.status).toBe('ok');
      expect(f.converged).toBe(true);
      expect(f.objective).toBe(f.logLik);
      expect(f.sigmas).not.toBeNull();
      const ref = refLogLik(data, f as Params);
      expect(Math.abs((f.logLik ?? NaN) - ref)).toBeLessThan(1e-10 * Math.abs(ref));
      expect(f.weights[0] + f.weights[1]).toBeCloseTo(1, 14);
      if (covariance === 'equal') expect(f.sigmas![0]).toBe(f.sigmas![1]);
      else expect(f.sigmas![0]).not.toBe(f.sigmas![1]);
    }
  });

  it('gives the same log-likelihood on the general (d, K) path: 2-D, K = 3', () => {
    const data = simulate('2d3', 2000, [[0, 0], [4, 0], [0, 4]], [1, 0.7, 1.3], [0.3, 0.3, 0.4]);
    const f = em.fit(data, 3, { covariance: 'unequal' }, rng0());
    expect(f.status).toBe('ok');
    const ref = refLogLik(data, f as Params);
    expect(Math.abs((f.logLik ?? NaN) - ref)).toBeLessThan(1e-10 * Math.abs(ref));
  });
});

describe('em: monotonicity of plain EM (Dempster, Laird & Rubin 1977)', () => {
  const cases: { name: string; data: Dataset; K: number; options: EMOptions; start: MixtureParameters }[] = [
    {
      name: '1-D K=2 equal σ (fast kernel)',
      data: canonical(2000, 'mono1'),
      K: 2,
      options: { covariance: 'equal' },
      start: given([-0.2, 0.3], [2, 2], [0.3, 0.7]),
    },
    {
      name: '1-D K=2 unequal σ (fast kernel)',
      data: simulate('mono2', 2000, [[-1], [2]], [0.5, 1.5], [0.4, 0.6]),
      K: 2,
      options: { covariance: 'unequal' },
      start: given([-0.5, 0.5], [1, 1.2], [0.5, 0.5]),
    },
    {
      name: '2-D K=3 unequal σ (general kernel)',
      data: simulate('mono3', 1500, [[0, 0], [3, 0], [0, 3]], [1, 0.6, 1.4], [0.3, 0.3, 0.4]),
      K: 3,
      options: { covariance: 'unequal' },
      start: given([1, 1, 1.5, 1, 1, 1.5], [1, 1, 1], [0.2, 0.3, 0.5]),
    },
    {
      name: '3-D K=2 fixed σ, equal weights',
      data: simulate('mono4', 1000, [[0, 0, 0], [2, 2, 0]], [1, 1], [0.5, 0.5]),
      K: 2,
      options: { covariance: 'fixed', sigma: 0.8, weights: 'equal' },
      start: given([0.5, 0.5, 0, 1, 1, 0], [0.8, 0.8], [0.5, 0.5]),
    },
  ];
  for (const c of cases) {
    it(`log-likelihood never decreases pass by pass: ${c.name}`, () => {
      let prev = -Infinity;
      let increased = 0;
      for (let m = 1; m <= 25; m++) {
        const f = em.fit(c.data, c.K, { ...c.options, accelerate: 'none', init: c.start, tol: 0, maxIter: m }, rng0());
        expect(f.iterations).toBe(m);
        const L = f.logLik ?? NaN;
        // Once EM has converged to the last bits, L is a sum of n rounded terms: allow that rounding (16 ulp of L).
        const rounding = 16 * Number.EPSILON * Math.abs(L);
        expect(L).toBeGreaterThanOrEqual(prev - rounding);
        if (L > prev + rounding) increased++;
        prev = L;
      }
      // Not a vacuous pass: the start is far from the optimum, so the likelihood rises for many passes.
      expect(increased).toBeGreaterThanOrEqual(10);
    });
  }
});

describe('em: SQUAREM (Varadhan & Roland 2008)', () => {
  it('reaches the plain-EM optimum in fewer passes: canonical 0.5·N(−1,1)+0.5·N(1,1), n = 1e4', () => {
    const data = canonical(10_000, 'squarem');
    const start = given([-0.5, 0.4], [1.3, 1.3], [0.5, 0.5]);
    const plain = em.fit(data, 2, { accelerate: 'none', init: start, tol: 1e-15 }, rng0());
    const fast = em.fit(data, 2, { accelerate: 'squarem', init: start, tol: 1e-15 }, rng0());
    expect(plain.converged).toBe(true);
    expect(fast.converged).toBe(true);
    expect(maxAbsDiff(plain.means, fast.means)).toBeLessThan(1e-6);
    expect(maxAbsDiff(plain.sigmas!, fast.sigmas!)).toBeLessThan(1e-6);
    expect(maxAbsDiff(plain.weights, fast.weights)).toBeLessThan(1e-6);
    expect(fast.logLik!).toBeGreaterThanOrEqual(plain.logLik! - 1e-12 * Math.abs(plain.logLik!));
    expect(fast.iterations).toBeLessThan(plain.iterations / 2);
  });

  it('reaches the plain-EM optimum in fewer passes: 2-D, K = 3, unequal σ', () => {
    const data = simulate('sq2', 3000, [[0, 0], [3, 0], [0, 3]], [1, 0.6, 1.4], [0.3, 0.3, 0.4]);
    const start = given([1, 1, 1.5, 1, 1, 1.5], [1, 1, 1], [0.2, 0.3, 0.5]);
    const options: EMOptions = { covariance: 'unequal', init: start, tol: 1e-15 };
    const plain = em.fit(data, 3, { ...options, accelerate: 'none' }, rng0());
    const fast = em.fit(data, 3, { ...options, accelerate: 'squarem' }, rng0());
    expect(plain.converged && fast.converged).toBe(true);
    expect(maxAbsDiff(plain.means, fast.means)).toBeLessThan(1e-6);
    expect(maxAbsDiff(plain.sigmas!, fast.sigmas!)).toBeLessThan(1e-6);
    expect(maxAbsDiff(plain.weights, fast.weights)).toBeLessThan(1e-6);
    expect(fast.iterations).toBeLessThan(plain.iterations);
  });
});

describe('em: the optimum is the MLE', () => {
  it('satisfies the score equations (means, weights, σ) on the general path', () => {
    const data = simulate('score', 4000, [[0, 0], [2.5, 0.5], [0.5, 3]], [1, 0.8, 1.2], [0.3, 0.3, 0.4]);
    const { n, d, x } = data;
    const K = 3;
    const f = em.fit(data, K, { covariance: 'unequal', tol: 1e-14 }, rng0());
    expect(f.status).toBe('ok');
    const r = refResponsibilities(data, f as Params);
    for (let k = 0; k < K; k++) {
      let Nk = 0;
      let ss = 0;
      const grad = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        const rik = r[i * K + k];
        Nk += rik;
        for (let j = 0; j < d; j++) {
          const t = x[i * d + j] - f.means[k * d + j];
          grad[j] += (rik * t) / f.sigmas![k] ** 2;
          ss += rik * t * t;
        }
      }
      // ∂L/∂μₖ = Σᵢ rᵢₖ (xᵢ − μₖ)/σₖ²; ∂L/∂σₖ = Σᵢ rᵢₖ (‖xᵢ − μₖ‖² − dσₖ²)/σₖ³; weights: Nₖ/n = πₖ.
      for (let j = 0; j < d; j++) expect(Math.abs(grad[j]) / n).toBeLessThan(1e-6);
      expect(Math.abs(ss - d * Nk * f.sigmas![k] ** 2) / f.sigmas![k] ** 3 / n).toBeLessThan(1e-6);
      expect(Math.abs(Nk / n - f.weights[k])).toBeLessThan(1e-7);
    }
  });

  it('1-D equal σ: no higher log-likelihood anywhere near the solution (brute-force probing)', () => {
    const data = canonical(5000, 'brute');
    const f = em.fit(data, 2, { tol: 1e-14 }, rng0());
    const L = refLogLik(data, f as Params);
    // Free parameters (μ₁, μ₂, σ, π₁), probed along the axes and 40 random directions at several radii.
    const base = [f.means[0], f.means[1], f.sigmas![0], f.weights[0]];
    const at = (p: number[]): number =>
      refLogLik(data, {
        means: Float64Array.from([p[0], p[1]]),
        sigmas: Float64Array.from([p[2], p[2]]),
        weights: Float64Array.from([p[3], 1 - p[3]]),
      });
    const dirRng = createStream('em-test', 'directions');
    const dirs: number[][] = [];
    for (let a = 0; a < 4; a++) for (const s of [1, -1]) dirs.push([0, 1, 2, 3].map((b) => (b === a ? s : 0)));
    for (let t = 0; t < 40; t++) {
      const v = [dirRng.normal(), dirRng.normal(), dirRng.normal(), dirRng.normal()];
      const norm = Math.hypot(...v);
      dirs.push(v.map((z) => z / norm));
    }
    let probes = 0;
    for (const h of [0.1, 1e-2, 1e-3, 1e-4]) {
      for (const v of dirs) {
        const p = base.map((b, i) => b + h * v[i]);
        if (!(p[2] > 0 && p[3] > 0 && p[3] < 1)) continue;
        expect(at(p)).toBeLessThan(L);
        probes++;
      }
    }
    expect(probes).toBeGreaterThan(150);
  });

  it('K = 1 is the closed form: sample mean, ML σ, −(nd/2)(log 2πσ² + 1)', () => {
    const data = simulate('k1', 777, [[3, -1, 10]], [2], [1]);
    const { x, n, d } = data;
    const mean = [0, 0, 0];
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
    let ss = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) ss += (x[i * d + j] - mean[j]) ** 2;
    const s2 = ss / (n * d);
    for (const covariance of ['equal', 'unequal'] as const) {
      for (const init of ['kmeans', 'kmeans++'] as const) {
        const f = em.fit(data, 1, { covariance, init }, rng0());
        expect(f.status).toBe('ok');
        expect(f.converged).toBe(true);
        for (let j = 0; j < d; j++) expect(Math.abs(f.means[j] - mean[j])).toBeLessThan(1e-12);
        expect(Math.abs(f.sigmas![0] ** 2 - s2) / s2).toBeLessThan(1e-12);
        expect(f.weights[0]).toBe(1);
        const closed = -(n * d / 2) * (Math.log(2 * Math.PI * s2) + 1);
        expect(Math.abs(f.logLik! - closed) / Math.abs(closed)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('em: covariance and weight models', () => {
  it('fixed σ → 0 gives the k-means centres from the same start (the εI bridge)', () => {
    const data = canonical(600, 'bridge');
    const seeds = kmeansPlusPlus(data, 2, createStream('em-test', 'seeds'));
    const lloyd = refLloyd(data, seeds, 2);
    const errs: number[] = [];
    for (const sigma of [0.5, 0.1, 0.02, 1e-3]) {
      const f = em.fit(
        data,
        2,
        { covariance: 'fixed', sigma, weights: 'equal', init: given(Array.from(seeds), [1, 1], [0.5, 0.5]) },
        rng0(),
      );
      expect(f.converged).toBe(true);
      expect(f.sigmas![0]).toBe(sigma);
      errs.push(maxAbsDiff(f.means, lloyd));
    }
    expect(errs[0]).toBeGreaterThan(errs[1]);
    expect(errs[1]).toBeGreaterThan(errs[2]);
    expect(errs[3]).toBeLessThan(1e-9);
    // The soft fit really differs at σ = 0.5: the limit is not trivially reached.
    expect(errs[0]).toBeGreaterThan(1e-2);
  });

  it("weights 'equal' are held at 1/K and the means still solve their score equations", () => {
    const data = simulate('eqw', 3000, [[-2.5], [2.5]], [1, 1], [0.3, 0.7]);
    for (const accelerate of ['none', 'squarem'] as const) {
      const f = em.fit(data, 2, { weights: 'equal', accelerate, tol: 1e-15 }, rng0());
      expect(f.converged).toBe(true);
      expect(Array.from(f.weights)).toEqual([0.5, 0.5]);
      const r = refResponsibilities(data, f as Params);
      for (let k = 0; k < 2; k++) {
        let g = 0;
        for (let i = 0; i < data.n; i++) g += r[i * 2 + k] * (data.x[i] - f.means[k]);
        expect(Math.abs(g) / data.n).toBeLessThan(1e-6);
      }
      const free = em.fit(data, 2, { tol: 1e-14 }, rng0());
      expect(Math.abs(free.weights[0] - 0.5)).toBeGreaterThan(0.1);
      expect(free.logLik!).toBeGreaterThan(f.logLik!);
    }
  });

  it("covariance 'fixed' validates σ and never reports its own σ as degenerate", () => {
    const data = canonical(200, 'fixed');
    expect(() => em.fit(data, 2, { covariance: 'fixed' }, rng0())).toThrow(/sigma/);
    expect(() => em.fit(data, 2, { covariance: 'fixed', sigma: 0 }, rng0())).toThrow(/sigma/);
    expect(() => em.fit(data, 2, { covariance: 'fixed', sigma: -1 }, rng0())).toThrow(/sigma/);
    expect(() => em.fit(data, 2, { covariance: 'fixed', sigma: NaN }, rng0())).toThrow(/sigma/);
    // σ² = 1e-12 is far below the variance floor (1e-8 × total variance): it is the user's model, not a collapse.
    const f = em.fit(data, 2, { covariance: 'fixed', sigma: 1e-6 }, rng0());
    expect(f.status).toBe('ok');
    expect(Array.from(f.sigmas!)).toEqual([1e-6, 1e-6]);
    expectFinite(f);
  });

  it('restarts keep the best log-likelihood (the first restart is the 1-restart fit)', () => {
    const centres = [[0, 0], [3, 0], [0, 3], [3, 3]];
    const data = simulate('restarts', 1500, centres, [0.8, 0.8, 0.8, 0.8], [0.25, 0.25, 0.25, 0.25]);
    const one = em.fit(data, 4, { init: 'kmeans++' }, createStream('em-test', 'restarts'));
    const five = em.fit(data, 4, { init: 'kmeans++', restarts: 5 }, createStream('em-test', 'restarts'));
    expect(five.logLik!).toBeGreaterThanOrEqual(one.logLik!);
  });
});

describe('em: convergence reporting', () => {
  it('maxIter = 2 is reported as not converged, for plain and accelerated EM', () => {
    const data = canonical(1000, 'maxiter');
    for (const accelerate of ['none', 'squarem'] as const) {
      const f = em.fit(data, 2, { accelerate, maxIter: 2, init: given([-0.1, 0.1], [1, 1], [0.5, 0.5]) }, rng0());
      expect(f.converged).toBe(false);
      expect(f.status).toBe('not-converged');
      expect(f.iterations).toBe(2);
      expect(f.message).toMatch(/no convergence/);
      expectFinite(f);
    }
  });

  it('a converged fit stopped by the stated rule: it is within tol (in log-likelihood) of the maximum', () => {
    const data = canonical(2000, 'stoprule');
    for (const accelerate of ['none', 'squarem', 'newton'] as const) {
      const tol = 1e-9;
      const f = em.fit(data, 2, { accelerate, tol }, rng0());
      expect(f.converged).toBe(true);
      const next = em.fit(data, 2, { accelerate: 'none', tol: 0, maxIter: 1, init: f as Params }, rng0());
      const max = em.fit(data, 2, { accelerate: 'none', tol: 1e-16, maxIter: 100000, init: f as Params }, rng0());
      expect(max.converged).toBe(true);
      // EM never loses likelihood (up to the rounding of L), and the maximum is no more than tol away.
      expect(next.logLik! - f.logLik!).toBeGreaterThanOrEqual(-16 * Number.EPSILON * Math.abs(f.logLik!));
      expect(max.logLik! - f.logLik!).toBeLessThanOrEqual(tol);
    }
  });
});

describe('em: numerically hostile data', () => {
  const start = given([-0.5, 0.5], [1, 1], [0.5, 0.5]);

  it('duplicated points: every point three times gives the same MLE and 3× the log-likelihood', () => {
    const data = canonical(1000, 'dup');
    const x3 = new Float64Array(3000);
    for (let i = 0; i < 1000; i++) x3[3 * i] = x3[3 * i + 1] = x3[3 * i + 2] = data.x[i];
    const dup = { x: x3, n: 3000, d: 1 };
    for (const covariance of ['equal', 'unequal'] as const) {
      const f1 = em.fit(data, 2, { covariance, init: start, tol: 1e-14 }, rng0());
      const f3 = em.fit(dup, 2, { covariance, init: start, tol: 1e-14 }, rng0());
      expect(f1.status).toBe('ok');
      expect(maxAbsDiff(f1.means, f3.means)).toBeLessThan(1e-7);
      expect(maxAbsDiff(f1.sigmas!, f3.sigmas!)).toBeLessThan(1e-7);
      expect(Math.abs(f3.logLik! - 3 * f1.logLik!)).toBeLessThan(1e-10 * Math.abs(f3.logLik!));
    }
  });

  it('all points identical: degenerate, finite, no throw, for every model and init', () => {
    const x = new Float64Array(2 * 50);
    for (let i = 0; i < 50; i++) {
      x[2 * i] = 3;
      x[2 * i + 1] = -2;
    }
    const data = { x, n: 50, d: 2 };
    for (const covariance of ['equal', 'unequal'] as const) {
      for (const init of ['kmeans', 'kmeans++'] as const) {
        for (const accelerate of ['none', 'squarem'] as const) {
          const f = em.fit(data, 2, { covariance, init, accelerate }, rng0());
          expectFinite(f);
          expect(f.status).toBe('degenerate');
          expect(f.message).toMatch(/floor/);
          for (let k = 0; k < 2; k++) expect([f.means[2 * k], f.means[2 * k + 1]]).toEqual([3, -2]);
          expect(f.weights[0] + f.weights[1]).toBeCloseTo(1, 14);
        }
      }
    }
  });

  it('n = K: each component collapses onto a point, reported as degenerate without NaN', () => {
    const data = { x: Float64Array.from([-1, 0.5, 4]), n: 3, d: 1 };
    for (const covariance of ['equal', 'unequal'] as const) {
      const f = em.fit(data, 3, { covariance }, rng0());
      expectFinite(f);
      expect(f.status).toBe('degenerate');
      expect(Array.from(f.means).sort((a, b) => a - b)).toEqual([-1, 0.5, 4]);
    }
  });

  it('data offset by 1e8 gives the same fit shifted by 1e8', () => {
    // Well-separated components: a sharp optimum, so parameters are pinned down to 1e-6 by the stopping rule.
    const data = simulate('offset', 2000, [[-2], [2]], [1, 0.8], [0.4, 0.6]);
    const shifted = { ...data, x: data.x.map((v) => v + 1e8) };
    const s0 = given([-0.5, 0.5], [1, 1], [0.5, 0.5]);
    const s8 = given([1e8 - 0.5, 1e8 + 0.5], [1, 1], [0.5, 0.5]);
    for (const covariance of ['equal', 'unequal'] as const) {
      const f0 = em.fit(data, 2, { covariance, init: s0, tol: 1e-15 }, rng0());
      const f8 = em.fit(shifted, 2, { covariance, init: s8, tol: 1e-15 }, rng0());
      expect(f8.status).toBe('ok');
      for (let k = 0; k < 2; k++) expect(Math.abs(f8.means[k] - 1e8 - f0.means[k])).toBeLessThan(1e-6);
      expect(maxAbsDiff(f0.sigmas!, f8.sigmas!)).toBeLessThan(1e-6);
      expect(maxAbsDiff(f0.weights, f8.weights)).toBeLessThan(1e-6);
      expect(Math.abs(f8.logLik! - f0.logLik!)).toBeLessThan(1e-6 * Math.abs(f0.logLik!));
    }
  });

  it('data on the 1e-6 scale: the fit scales, L shifts by n·d·log(1e6), no variance-floor trouble', () => {
    const data = simulate('tiny', 2000, [[0, 0], [3, 1]], [1, 0.7], [0.6, 0.4]);
    const tiny = { ...data, x: data.x.map((v) => v * 1e-6) };
    for (const covariance of ['equal', 'unequal'] as const) {
      const f = em.fit(data, 2, { covariance, tol: 1e-14 }, rng0());
      const g = em.fit(tiny, 2, { covariance, tol: 1e-14 }, rng0());
      expect(g.status).toBe('ok');
      // Same stream, scale-equivariant init: the same optimum, component for component.
      expect(maxAbsDiff(g.means.map((v) => v * 1e6), f.means)).toBeLessThan(1e-7);
      expect(maxAbsDiff(g.sigmas!.map((v) => v * 1e6), f.sigmas!)).toBeLessThan(1e-7);
      expect(maxAbsDiff(g.weights, f.weights)).toBeLessThan(1e-7);
      const expected = f.logLik! + data.n * data.d * Math.log(1e6);
      expect(Math.abs(g.logLik! - expected)).toBeLessThan(1e-9 * Math.abs(expected));
    }
  });

  it('one far component with few points is found, with its weight', () => {
    const near = canonical(2000, 'far');
    const rng = createStream('em-test', 'far-points');
    const x = new Float64Array(2030);
    x.set(near.x);
    for (let i = 2000; i < 2030; i++) x[i] = 1000 + rng.normal();
    const data = { x, n: 2030, d: 1 };
    for (const covariance of ['equal', 'unequal'] as const) {
      const f = em.fit(data, 3, { covariance }, rng0());
      expect(f.status).toBe('ok');
      expectFinite(f);
      const far = f.means.findIndex((m) => m > 900);
      expect(far).toBeGreaterThanOrEqual(0);
      let m = 0;
      for (let i = 2000; i < 2030; i++) m += x[i] / 30;
      expect(Math.abs(f.means[far] - m)).toBeLessThan(1e-9);
      expect(Math.abs(f.weights[far] - 30 / 2030)).toBeLessThan(1e-12);
    }
  });

  it('a component far from every point loses its mass: degenerate, never NaN', () => {
    const data = canonical(500, 'nomass');
    const f = em.fit(data, 3, { init: given([-1, 1, 1e6], [1, 1, 1], [0.4, 0.4, 0.2]) }, rng0());
    expectFinite(f);
    expect(f.status).toBe('degenerate');
    expect(f.message).toMatch(/component 3 of 3 has no mass/);
    expect(f.weights[2]).toBe(0);
    // The same through the d = 1, K = 2 kernel, whose exp underflows to exactly 0 as Math.exp does.
    const g = em.fit(data, 2, { init: given([0, 1e6], [1, 1], [0.5, 0.5]) }, rng0());
    expectFinite(g);
    expect(g.status).toBe('degenerate');
    expect(g.message).toMatch(/component 2 of 2 has no mass/);
    expect(g.weights[1]).toBe(0);
  });
});

describe('em: invalid input throws', () => {
  const data = canonical(50, 'invalid');
  const cases: [string, () => unknown][] = [
    ['K = 0', () => em.fit(data, 0, {}, rng0())],
    ['K not an integer', () => em.fit(data, 1.5, {}, rng0())],
    ['n < K', () => em.fit({ x: Float64Array.from([1, 2]), n: 2, d: 1 }, 3, {}, rng0())],
    ['NaN in data', () => em.fit({ x: Float64Array.from([1, NaN, 3]), n: 3, d: 1 }, 2, {}, rng0())],
    ['x length mismatch', () => em.fit({ x: Float64Array.from([1, 2, 3]), n: 4, d: 1 }, 2, {}, rng0())],
    ['negative tol', () => em.fit(data, 2, { tol: -1 }, rng0())],
    ['maxIter 0', () => em.fit(data, 2, { maxIter: 0 }, rng0())],
    ['restarts 0', () => em.fit(data, 2, { restarts: 0 }, rng0())],
    ['varianceFloor 0', () => em.fit(data, 2, { varianceFloor: 0 }, rng0())],
    ['given means of the wrong length', () => em.fit(data, 2, { init: given([0], [1, 1], [0.5, 0.5]) }, rng0())],
    ['given weights not summing to 1', () => em.fit(data, 2, { init: given([0, 1], [1, 1], [0.5, 0.6]) }, rng0())],
    ['given σ ≤ 0', () => em.fit(data, 2, { init: given([0, 1], [1, 0], [0.5, 0.5]) }, rng0())],
  ];
  for (const [name, f] of cases) it(name, () => expect(f).toThrow());
});
