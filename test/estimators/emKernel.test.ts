/**
 * The pieces under em.ts: the inlinable exp, the specialised d = 1, K = 2 E-steps against the general one, the
 * blocked log-likelihood against a per-point log-sum-exp, and the SQUAREM extrapolation.
 */
import { describe, expect, it } from 'vitest';
import { createEMWork, emPass, eStep, paramLength, type EMCovariance } from '../../src/estimators/mixture/emKernel.js';
import { fastExp } from '../../src/estimators/mixture/emMath.js';
import { isValidPoint, squaremExtrapolate } from '../../src/estimators/mixture/squarem.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset } from '../../src/types.js';

function sample1d(seed: string, n: number): Dataset {
  const rng = createStream(seed, 'data');
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (rng.uniform() < 0.3 ? -2 : 1.5) + (rng.uniform() < 0.5 ? 0.5 : 1.5) * rng.normal();
  }
  return { x, n, d: 1 };
}

function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

describe('fastExp', () => {
  it('agrees with Math.exp to 2 ulp over its whole range, with the same subnormal tail, underflow and overflow', () => {
    const rng = createStream('exp', 'points');
    let worst = 0;
    let normal = 0;
    for (let i = 0; i < 300_000; i++) {
      const t = i % 3 === 0 ? -750 + 1465 * rng.uniform() : -40 + 80 * rng.uniform();
      const ref = Math.exp(t);
      const got = fastExp(t);
      if (ref >= 2.2250738585072014e-308 && ref < Infinity) {
        worst = Math.max(worst, relDiff(got, ref));
        normal++;
      } else if (ref === Infinity || ref === 0) {
        expect(got).toBe(ref);
      } else {
        expect(Math.abs(got - ref)).toBeLessThanOrEqual(4 * Number.MIN_VALUE);
      }
    }
    expect(normal).toBeGreaterThan(250_000);
    expect(worst).toBeLessThanOrEqual(2 * Number.EPSILON);
    // Just below and above ln(DBL_MAX) = 709.78…, where 2^k alone would overflow.
    for (const t of [709, 709.5, 709.78, 709.782, 709.79, 710, 1e4]) {
      const ref = Math.exp(t);
      if (ref === Infinity) expect(fastExp(t)).toBe(Infinity);
      else expect(relDiff(fastExp(t), ref)).toBeLessThanOrEqual(2 * Number.EPSILON);
    }
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(Infinity)).toBe(Infinity);
    expect(fastExp(-800)).toBe(0);
    expect(fastExp(-Math.LN2)).toBe(0.5);
    expect(fastExp(NaN)).toBeNaN();
  });
});

describe('d = 1, K = 2 log-likelihood far from the origin', () => {
  it('is exact for data offset by 1e8 (the log-odds from the squared distances, not from a rounded midpoint)', () => {
    const rng = createStream('offset', 'kernel');
    const n = 10000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = 1e8 + (rng.uniform() < 0.5 ? -1 : 1) + rng.normal();
    // Means whose midpoint is not a double: the rounding of (μ₁+μ₂)/2 shifted every log-odds alike.
    const theta = Float64Array.from([1e8 + 1.0306291580200195, 1e8 - 0.9411848932504654, 1.0023, 1.0023, 0.4778, 0.5222]);
    const w = createEMWork({ x, n, d: 1 }, 2, { covariance: 'equal', weights: 'estimated', fixedSigma: NaN, floorVar: 1e-12 });
    const L = eStep(w, theta);
    let ref = 0;
    const v = theta[2] * theta[2];
    for (let i = 0; i < n; i++) {
      const a = Math.log(theta[4]) - 0.5 * Math.log(2 * Math.PI * v) - (x[i] - theta[0]) ** 2 / (2 * v);
      const b = Math.log(theta[5]) - 0.5 * Math.log(2 * Math.PI * v) - (x[i] - theta[1]) ** 2 / (2 * v);
      const m = Math.max(a, b);
      ref += m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }
    // The old midpoint form was off by 4e-9 relative here.
    expect(Math.abs(L - ref)).toBeLessThan(1e-12 * Math.abs(ref));
  });
});

describe('d = 1, K = 2 kernels', () => {
  const data = sample1d('kernel', 5003); // not a multiple of the 1000-point product block
  const cases: [string, EMCovariance, number[]][] = [
    ['equal σ', 'equal', [-1.7, 1.2, 0.9, 0.9, 0.35, 0.65]],
    ['unequal σ', 'unequal', [-1.7, 1.2, 0.6, 1.3, 0.35, 0.65]],
    ['fixed σ', 'fixed', [-1.7, 1.2, 0.7, 0.7, 0.35, 0.65]],
    ['far-apart means (responsibilities underflow)', 'unequal', [-40, 60, 0.2, 0.3, 0.5, 0.5]],
  ];
  for (const [name, covariance, th] of cases) {
    it(`the fast path equals the general path and a naive log-likelihood: ${name}`, () => {
      const theta = Float64Array.from(th);
      const settings = { covariance, weights: 'estimated' as const, fixedSigma: th[2], floorVar: 1e-10 };
      const fast = createEMWork(data, 2, settings);
      const general = createEMWork(data, 2, settings);
      general.generalOnly = true;
      const outFast = new Float64Array(paramLength(2, 1));
      const outGeneral = new Float64Array(paramLength(2, 1));
      const Lf = emPass(fast, theta, outFast);
      const Lg = emPass(general, theta, outGeneral);
      let naive = 0;
      for (let i = 0; i < data.n; i++) {
        let p = 0;
        for (let k = 0; k < 2; k++) {
          const s = th[2 + k];
          p += (th[4 + k] / (s * Math.sqrt(2 * Math.PI))) * Math.exp(-((data.x[i] - th[k]) ** 2) / (2 * s * s));
        }
        naive += Math.log(p);
      }
      // The naive sum underflows for the far-apart case; there the two kernels still have to agree.
      if (Number.isFinite(naive)) expect(relDiff(Lf, naive)).toBeLessThan(1e-12);
      expect(relDiff(Lf, Lg)).toBeLessThan(1e-13);
      for (const i of [0, 1, 4, 5]) expect(relDiff(outFast[i], outGeneral[i])).toBeLessThan(1e-12);
      // σ² = (Qₖ − ‖Tₖ‖²/Nₖ)/Nₖ with sums around the old mean: cancellation ∝ (mean shift / σ)², which differs
      // by kernel only in summation order. The factor is the condition number of that difference.
      for (const k of [0, 1]) {
        const cond = 1 + ((outFast[k] - th[k]) / outFast[2 + k]) ** 2;
        expect(relDiff(outFast[2 + k], outGeneral[2 + k])).toBeLessThan(1e-12 * cond);
      }
      expect(eStep(fast, theta)).toBe(Lf);
    });
  }
});

describe('squaremExtrapolate', () => {
  const layout = { K: 2, d: 1, meanScale: 1 };
  it('α = −1 reproduces θ₂ (two plain EM steps) and the weights stay on the simplex', () => {
    // θ₂ − 2θ₁ + θ₀ large relative to θ₁ − θ₀ gives |α| < 1, which is clamped to −1.
    const t0 = Float64Array.from([0, 1, 1, 1, 0.5, 0.5]);
    const t1 = Float64Array.from([0.01, 1.01, 1, 1, 0.5, 0.5]);
    const t2 = Float64Array.from([0.5, 0.5, 1, 1, 0.5, 0.5]);
    const out = new Float64Array(6);
    expect(squaremExtrapolate(t0, t1, t2, out, layout)).toBe(-1);
    for (let i = 0; i < 6; i++) expect(out[i]).toBeCloseTo(t2[i], 15);
  });

  it('extrapolates a geometric EM sequence to its limit (α = −‖r‖/‖v‖), with σ on the log scale', () => {
    // θₜ = θ* + ρᵗ(θ₀ − θ*) for the means and weights, log σₜ likewise: S3 hits θ* exactly for one rate ρ.
    const rho = 0.9;
    const star = [-1, 1, Math.log(0.8), Math.log(0.8), 0.4, 0.6];
    const dev = [0.3, -0.2, 0.1, 0.1, 0.05, -0.05];
    const logSigma = (i: number): boolean => i === 2 || i === 3;
    const at = (t: number): Float64Array =>
      Float64Array.from(star.map((s, i) => (logSigma(i) ? Math.exp(s + rho ** t * dev[i]) : s + rho ** t * dev[i])));
    const out = new Float64Array(6);
    const alpha = squaremExtrapolate(at(0), at(1), at(2), out, layout);
    expect(alpha).toBeCloseTo(-1 / (1 - rho), 10);
    for (let i = 0; i < 6; i++) expect(out[i]).toBeCloseTo(i === 2 || i === 3 ? Math.exp(star[i]) : star[i], 10);
    expect(out[4] + out[5]).toBeCloseTo(1, 15);
  });

  it('isValidPoint rejects weights outside (0, 1), σ below the floor and non-finite means', () => {
    expect(isValidPoint(Float64Array.from([0, 1, 1, 1, 0.5, 0.5]), 2, 1, 0.1)).toBe(true);
    expect(isValidPoint(Float64Array.from([0, 1, 1, 1, -0.1, 1.1]), 2, 1, 0.1)).toBe(false);
    expect(isValidPoint(Float64Array.from([0, 1, 1, 1, 0, 1]), 2, 1, 0.1)).toBe(false);
    expect(isValidPoint(Float64Array.from([0, 1, 0.05, 1, 0.5, 0.5]), 2, 1, 0.1)).toBe(false);
    expect(isValidPoint(Float64Array.from([NaN, 1, 1, 1, 0.5, 0.5]), 2, 1, 0.1)).toBe(false);
    expect(isValidPoint(Float64Array.from([0, 1, 1]), 1, 1, 0.1)).toBe(true);
  });
});
