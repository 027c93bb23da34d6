/**
 * Intervals from a sample of θ: type-7 quantiles (R's default: quantile(1:10, c(.025, .975)) = 1.225, 9.775),
 * percentile, basic (2θ̂ − q_hi, 2θ̂ − q_lo) and credible intervals and the SD, through the fit's alignment.
 */
import { describe, expect, it } from 'vitest';
import { requested } from '../../src/estimands/names.js';
import { quantileSorted, sampleIntervals } from '../../src/estimands/sampleIntervals.js';
import { thetaOfFit } from '../../src/estimands/thetaEstimands.js';
import { makeFit } from './helpers.js';

describe('sample intervals', () => {
  it('quantiles of type 7', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(quantileSorted(x, 0.025)).toBeCloseTo(1.225, 12);
    expect(quantileSorted(x, 0.975)).toBeCloseTo(9.775, 12);
    expect(quantileSorted(x, 0.5)).toBe(5.5);
  });

  it('percentile, basic and credible intervals of the separation and a mean, true components first', () => {
    // The fit lists the component near +1 first: true component 0 (at −1) is fit component 1.
    const fit = makeFit({ means: [[1], [-1]], weights: [0.5, 0.5], sigmas: null });
    const theta = thetaOfFit(fit);
    const P = theta.length;
    const S = 11;
    const draws = new Float64Array(S * P);
    for (let s = 0; s < S; s++) {
      draws.set([1 + 0.01 * s, -1 - 0.02 * s, 0.5, 0.5], s * P); // separation 2 + 0.03·s; true mean 0 is −1 − 0.02·s
    }
    const input = { theta, layout: { K: 2, d: 1, hasSigmas: false }, trueMeans: [[-1], [1]], estimands: requested(['separation', 'means', 'sigma']), level: 0.8, draws, kind: 'bootstrap' };
    const sets = sampleIntervals(input, ['percentile', 'basic', 'credible']);
    const sep = Array.from({ length: S }, (_, s) => 2 + 0.03 * s);
    const q = (a: number) => quantileSorted(Float64Array.from(sep), a);
    expect(sets.percentile?.values.separation.lower).toBeCloseTo(q(0.1), 12);
    expect(sets.percentile?.values.separation.upper).toBeCloseTo(q(0.9), 12);
    expect(sets.basic?.values.separation.lower).toBeCloseTo(4 - q(0.9), 12);
    expect(sets.basic?.values.separation.upper).toBeCloseTo(4 - q(0.1), 12);
    expect(sets.credible?.values.separation).toEqual(sets.percentile?.values.separation);
    const mean = sep.reduce((a, b) => a + b) / S;
    expect(sets.percentile?.values.separation.se).toBeCloseTo(Math.sqrt(sep.reduce((a, v) => a + (v - mean) ** 2, 0) / (S - 1)), 12);
    // means.0.0 follows true component 0, i.e. the draws' second entry.
    expect(sets.percentile?.values['means.0.0'].upper).toBeCloseTo(-1 - 0.02 * 0.1 * 10, 12);
    expect(sets.percentile?.values['sigma.0']).toEqual({ se: null, lower: null, upper: null });
    expect(sets.percentile?.draws).toBe(S);
  });

  it('says unavailable with fewer than two draws', () => {
    const fit = makeFit({ means: [[-1], [1]], weights: [0.5, 0.5], sigmas: [1, 1] });
    const theta = thetaOfFit(fit);
    const sets = sampleIntervals({ theta, layout: { K: 2, d: 1, hasSigmas: true }, trueMeans: [[-1], [1]], estimands: requested(['separation']), level: 0.95, draws: theta.slice(), kind: 'posterior' }, ['credible']);
    expect(sets.credible?.status).toBe('unavailable');
    expect(sets.credible?.values).toEqual({});
  });
});
