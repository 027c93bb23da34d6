/**
 * Delta-method SEs and Wald intervals of the estimands: the exact gradients against central differences of the
 * map θ → estimands (an independent computation through measureFit's writer), SE = √(∇gᵀΣ∇g) against a Monte
 * Carlo of g(θ) with θ ~ N(θ̂, Σ) small, the alignment to the truth, and statuses instead of NaN.
 */
import { describe, expect, it } from 'vitest';
import { waldIntervals, estimandGradients, deltaSe } from '../../src/estimands/deltaMethod.js';
import { normalCritical } from '../../src/estimands/normalCritical.js';
import { estimandsOfTheta, thetaOfFit } from '../../src/estimands/thetaEstimands.js';
import { requested } from '../../src/estimands/names.js';
import { createStream } from '../../src/rng/stream.js';
import { makeFit } from './helpers.js';

const ALL = requested(['separation', 'means', 'weights', 'sigma']);

describe('delta method', () => {
  it('exact gradients equal central differences of the estimand map (K = 3, d = 2)', () => {
    const fit = makeFit({ means: [[0, 0], [2, 0.5], [1, 3]], weights: [0.3, 0.3, 0.4], sigmas: [1, 1.2, 0.8] });
    const theta = thetaOfFit(fit);
    const layout = { K: 3, d: 2, hasSigmas: true };
    const perm = Int32Array.from([2, 0, 1]);
    const grads = estimandGradients(theta, layout, perm, ALL);
    const h = 1e-6;
    for (const [key, g] of grads) {
      expect(g).not.toBeNull();
      for (let i = 0; i < theta.length; i++) {
        const up = Float64Array.from(theta);
        const dn = Float64Array.from(theta);
        up[i] += h;
        dn[i] -= h;
        const fd = ((estimandsOfTheta(up, layout, perm, ALL)[key] as number) - (estimandsOfTheta(dn, layout, perm, ALL)[key] as number)) / (2 * h);
        expect(g?.get(i) ?? 0).toBeCloseTo(fd, 6);
      }
    }
  });

  it('the SE of the separation matches the SD of g(θ) for θ ~ N(θ̂, Σ) with a small Σ', () => {
    const fit = makeFit({ means: [[-1], [1.2]], weights: [0.5, 0.5], sigmas: [1, 1] });
    const theta = thetaOfFit(fit);
    const P = theta.length; // 6
    // Σ = 1e-4·A·Aᵀ with a fixed A: correlated means.
    const A = [1, 0.5, 0, 0, 0, 0, 0.5, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1];
    const S = new Float64Array(P * P);
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) for (let k = 0; k < P; k++) S[i * P + j] += 1e-4 * A[i * P + k] * A[j * P + k];
    const set = waldIntervals({ theta, layout: { K: 2, d: 1, hasSigmas: true }, trueMeans: [[-1], [1]], estimands: ALL, level: 0.95 }, { status: 'ok', kind: 'test', matrix: S });
    const se = set.values.separation.se as number;
    // Monte Carlo: separation = |μ1 − μ0| with (μ0, μ1) = θ̂ + 0.01·A z.
    const rng = createStream(1, 'delta-test');
    let s = 0;
    let s2 = 0;
    const M = 40000;
    for (let m = 0; m < M; m++) {
      const z0 = rng.normal();
      const z1 = rng.normal();
      const sep = Math.abs(theta[1] + 0.01 * (0.5 * z0 + z1) - (theta[0] + 0.01 * (z0 + 0.5 * z1)));
      s += sep;
      s2 += sep * sep;
    }
    const sd = Math.sqrt((s2 - (s * s) / M) / (M - 1));
    expect(Math.abs(se - sd) / sd).toBeLessThan(0.02);
    // The interval is estimate ± z·SE.
    expect(set.values.separation.lower).toBeCloseTo(2.2 - normalCritical(0.95) * se, 12);
    expect(set.values.separation.upper).toBeCloseTo(2.2 + normalCritical(0.95) * se, 12);
  });

  it('aligns components to the truth as measureFit does: means.0.0 is the SE of the fit component nearest true component 0', () => {
    const fit = makeFit({ means: [[1], [-1]], weights: [0.4, 0.6], sigmas: [1, 1] });
    const S = new Float64Array(36);
    S[0] = 0.04; // var of fit component 0's mean (near +1 → true component 1)
    S[7] = 0.09; // var of fit component 1's mean (near −1 → true component 0)
    for (const i of [2, 3, 4, 5]) S[i * 6 + i] = 0.01;
    const set = waldIntervals({ theta: thetaOfFit(fit), layout: { K: 2, d: 1, hasSigmas: true }, trueMeans: [[-1], [1]], estimands: ALL, level: 0.9 }, { status: 'ok', kind: 'test', matrix: S });
    expect(set.values['means.0.0'].se).toBeCloseTo(0.3, 15);
    expect(set.values['means.1.0'].se).toBeCloseTo(0.2, 15);
    expect(set.values['means.0.0'].lower).toBeCloseTo(-1 - normalCritical(0.9) * 0.3, 12);
    expect(normalCritical(0.9)).toBeCloseTo(1.6448536269514722, 12);
  });

  it('gives null SEs (never NaN) where the covariance is NaN, not PSD, or there is no σ; a failed covariance becomes the status', () => {
    const fit = makeFit({ means: [[-1], [1]], weights: [0.5, 0.5], sigmas: null });
    const S = new Float64Array(16).fill(NaN);
    S[0] = 0.01;
    S[5] = 0.01;
    S[1] = S[4] = 0;
    const input = { theta: thetaOfFit(fit), layout: { K: 2, d: 1, hasSigmas: false }, trueMeans: [[-1], [1]], estimands: ALL, level: 0.95 };
    const set = waldIntervals(input, { status: 'ok', kind: 'pollard', matrix: S });
    expect(set.values.separation.se).toBeCloseTo(Math.sqrt(0.02), 15);
    expect(set.values['weights.0']).toEqual({ se: null, lower: null, upper: null });
    expect(set.values['sigma.0']).toEqual({ se: null, lower: null, upper: null });
    expect(deltaSe(new Map([[0, 1]]), Float64Array.from([-1]), 1)).toBeNull();
    expect(waldIntervals(input, { status: 'singular', kind: 'observed-information', reason: 'rank 3 of 4' })).toEqual({
      status: 'singular', kind: 'observed-information', reason: 'rank 3 of 4', values: {},
    });
  });
});
