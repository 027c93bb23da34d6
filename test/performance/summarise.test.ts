import { mean, sampleCorrelation, sampleStandardDeviation, sampleVariance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { summariseCell } from '../../src/performance/cell.js';
import { relativePrecision } from '../../src/performance/relativePrecision.js';
import { distanceToTarget, spread, summarise } from '../../src/performance/summarise.js';
import { createStream } from '../../src/rng/stream.js';

const x = [2.31, 1.87, 2.56, 2.02, 2.44, 1.95, 2.71, 2.18, 2.09, 2.38];
const theta = 2;

/** Every MCSE re-derived in an equivalent but differently written form, via simple-statistics. */
describe('summarise against direct computation', () => {
  const R = x.length;
  const m = summarise(x, theta);
  const sq = x.map((v) => (v - theta) ** 2);

  it('values', () => {
    expect(m.nUsed).toBe(R);
    expect(m.target).toBe(theta);
    expect(m.mean.value).toBeCloseTo(mean(x), 14);
    expect(m.bias.value).toBeCloseTo(mean(x) - theta, 14);
    expect(m.relBias.value).toBeCloseTo((mean(x) - theta) / theta, 14);
    expect(m.empSE.value).toBeCloseTo(sampleStandardDeviation(x), 14);
    expect(m.mse.value).toBeCloseTo(mean(sq), 14);
    expect(m.rmse.value).toBeCloseTo(Math.sqrt(mean(sq)), 14);
  });

  /** Jackknife SE by brute force: recompute `stat` with each value left out (Efron & Stein 1981). */
  function bruteJackknife(stat: (v: number[]) => number): number {
    const loo = x.map((_, i) => stat(x.filter((__, j) => j !== i)));
    const m = mean(loo);
    return Math.sqrt(((R - 1) / R) * loo.reduce((a, v) => a + (v - m) ** 2, 0));
  }

  it('MCSEs: Morris et al. Table 6 for the means, the jackknife for EmpSE and RMSE', () => {
    // MCSE(bias) = SD/√R is √(Σ(θ̂ − θ̄)²/(R(R − 1))) rewritten
    expect(m.bias.mcse).toBeCloseTo(sampleStandardDeviation(x) / Math.sqrt(R), 14);
    expect(m.mean.mcse).toBe(m.bias.mcse);
    expect(m.relBias.mcse).toBeCloseTo(sampleStandardDeviation(x) / Math.sqrt(R) / theta, 14);
    // MCSE(MSE) is the SE of the mean of the squared errors
    expect(m.mse.mcse).toBeCloseTo(sampleStandardDeviation(sq) / Math.sqrt(R), 14);
    // the O(R) leave-one-out updates agree with recomputing each leave-one-out statistic from scratch
    expect(m.empSE.mcse).toBeCloseTo(bruteJackknife(sampleStandardDeviation), 14);
    expect(m.rmse.mcse).toBeCloseTo(bruteJackknife((v) => Math.sqrt(mean(v.map((e) => (e - theta) ** 2)))), 14);
    // for a mean the jackknife is exactly the SE of a mean
    expect(bruteJackknife(mean)).toBeCloseTo(m.mean.mcse as number, 14);
  });

  it("the 'normal' form is Morris et al.'s EmpSE/√(2(R−1)) with the delta-method RMSE; 'delta' uses the sample fourth moment", () => {
    const n = summarise(x, theta, { mcse: 'normal' });
    expect(n.empSE.mcse).toBeCloseTo(sampleStandardDeviation(x) / Math.sqrt(2 * (R - 1)), 14);
    expect(n.rmse.mcse).toBeCloseTo(sampleStandardDeviation(sq) / Math.sqrt(R) / (2 * Math.sqrt(mean(sq))), 14);
    const d = summarise(x, theta, { mcse: 'delta' });
    const m4 = mean(x.map((v) => (v - mean(x)) ** 4));
    const s2 = sampleVariance(x);
    const varS2 = m4 / R - (s2 * s2 * (R - 3)) / (R * (R - 1));
    expect(d.empSE.value).toBe(m.empSE.value);
    expect(d.empSE.mcse).toBeCloseTo(Math.sqrt(varS2) / (2 * Math.sqrt(s2)), 14);
    expect(d.rmse.mcse).toBe(n.rmse.mcse);
    // the means' MCSEs do not depend on the form
    for (const k of ['mean', 'bias', 'relBias', 'mse'] as const) expect(n[k]).toEqual(m[k]);
  });

  it('spread + distanceToTarget is summarise; a second target changes only the target block', () => {
    expect({ ...spread(x), ...distanceToTarget(x, theta) }).toEqual(m);
    const lim = distanceToTarget(x, 2.333262);
    expect(lim.bias.mcse).toBe(m.bias.mcse);
    expect(lim.bias.value).toBeCloseTo(mean(x) - 2.333262, 14);
    expect(lim.mse.value).toBeCloseTo(mean(x.map((v) => (v - 2.333262) ** 2)), 14);
  });

  it('is precise for estimates far from 0 relative to their spread (two-pass moments)', () => {
    const big = x.map((v) => 1e9 + v);
    const b = summarise(big, 1e9 + theta);
    expect(b.empSE.value).toBeCloseTo(sampleStandardDeviation(x), 6);
    expect(b.bias.value).toBeCloseTo(mean(x) - theta, 6);
  });

  it('θ = 0 or null; R = 0, 1; all-equal estimates; non-finite input', () => {
    expect(summarise(x, 0).relBias).toEqual({ value: null, mcse: null });
    const none = summarise(x, null);
    expect(none.target).toBeNull();
    for (const k of ['bias', 'relBias', 'mse', 'rmse'] as const) expect(none[k]).toEqual({ value: null, mcse: null });
    expect(none.mean.value).toBeCloseTo(mean(x), 14);

    const zero = summarise([], 1);
    expect(zero.nUsed).toBe(0);
    expect(zero.mean).toEqual({ value: null, mcse: null });
    expect(zero.bias).toEqual({ value: null, mcse: null });

    const one = summarise(new Float64Array([3]), 2);
    expect(one.mean).toEqual({ value: 3, mcse: null });
    expect(one.empSE).toEqual({ value: null, mcse: null });
    expect(one.bias).toEqual({ value: 1, mcse: null });
    expect(one.rmse).toEqual({ value: 1, mcse: null });

    // the jackknife MCSE of an SD needs a leave-one-out SD, hence R ≥ 3
    expect(summarise([1, 3], 2).empSE).toEqual({ value: Math.SQRT2, mcse: null });
    expect(summarise([1, 3], 2).rmse.mcse).toBe(0);

    const flat = summarise([2, 2, 2], 2);
    expect(flat.rmse).toEqual({ value: 0, mcse: 0 });
    expect(flat.empSE).toEqual({ value: 0, mcse: 0 });

    expect(() => summarise([1, NaN, 2], 1)).toThrow(/estimate 1 is NaN/);
    expect(() => summarise([1, 2], Infinity)).toThrow(RangeError);
  });
});

describe('summariseCell', () => {
  it('counts failures by reason and summarises only the used replications', () => {
    const values = [2.1, null, 1.9, NaN, 2.4, 5.0, undefined, 2.2, Infinity];
    const statuses = ['ok', 'ok', 'ok', 'ok', 'ok', 'degenerate', 'error', 'ok', 'not-converged'];
    const c = summariseCell(values, statuses, { truth: 2, limit: 2.333262 });
    const used = [2.1, 1.9, 2.4, 2.2];
    expect(c.nTotal).toBe(9);
    expect(c.nUsed).toBe(4);
    expect(c.nFailed).toBe(5);
    expect(c.failures).toEqual({ degenerate: 1, error: 1, 'non-finite': 2, 'not-converged': 1 });
    expect(Object.keys(c.failures)).toEqual(['degenerate', 'error', 'non-finite', 'not-converged']);
    expect(c.mean).toEqual(summarise(used, 2).mean);
    expect(c.empSE).toEqual(summarise(used, 2).empSE);
    expect(c.vsTruth).toEqual(distanceToTarget(used, 2));
    expect(c.vsLimit).toEqual(distanceToTarget(used, 2.333262));
  });

  it('vsLimit null without a limit; okStatuses widens what counts as used', () => {
    const c = summariseCell([1, 2, 3], ['ok', 'not-converged', 'ok'], { truth: 2 });
    expect(c.vsLimit).toBeNull();
    expect(c.nUsed).toBe(2);
    const wide = summariseCell([1, 2, 3], ['ok', 'not-converged', 'ok'], { truth: 2 }, { okStatuses: ['ok', 'not-converged'] });
    expect(wide.nUsed).toBe(3);
    expect(wide.nFailed).toBe(0);
    expect(() => summariseCell([1], ['ok', 'ok'], { truth: 0 })).toThrow(RangeError);
  });

  it('all failed: nUsed 0 and null measures, never NaN', () => {
    const c = summariseCell([null, null], ['ok', 'ok'], { truth: 1 });
    expect(c.nFailed).toBe(2);
    expect(c.mean.value).toBeNull();
    expect(c.vsTruth.bias.value).toBeNull();
  });
});

describe('relativePrecision against direct computation', () => {
  const rng = createStream('relprec-direct');
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 50; i++) {
    const z = rng.normal();
    a.push(1.5 * z + 0.5 * rng.normal());
    b.push(z + 0.3 * rng.normal());
  }

  it('value, correlation and MCSE', () => {
    const r = relativePrecision(a, b);
    const ratio2 = (sampleStandardDeviation(a) / sampleStandardDeviation(b)) ** 2;
    const rho = sampleCorrelation(a, b);
    expect(r.nUsed).toBe(50);
    expect(r.value).toBeCloseTo(100 * (ratio2 - 1), 10);
    expect(r.correlation).toBeCloseTo(rho, 12);
    // jackknife over pairs, by brute force
    const loo = a.map((_, i) => {
      const keep = (_v: number, j: number): boolean => j !== i;
      return 100 * ((sampleStandardDeviation(a.filter(keep)) / sampleStandardDeviation(b.filter(keep))) ** 2 - 1);
    });
    const ml = mean(loo);
    expect(r.mcse).toBeCloseTo(Math.sqrt((49 / 50) * loo.reduce((s, v) => s + (v - ml) ** 2, 0)), 10);
    // direction: A is noisier here, so B is more precise and the increase is positive
    expect(r.value).toBeGreaterThan(0);
    expect(relativePrecision(b, a).value).toBeLessThan(0);
  });

  it('drops and reports incomplete pairs; degenerate cases are null', () => {
    const r = relativePrecision([...a, null, 1], [...b, 2, NaN]);
    expect(r.nDropped).toBe(2);
    expect(r.value).toBeCloseTo(relativePrecision(a, b).value ?? NaN, 12);
    expect(relativePrecision([1], [2]).value).toBeNull();
    expect(relativePrecision([1, 2], [3, 3]).value).toBeNull();
    expect(() => relativePrecision([1, 2], [1])).toThrow(RangeError);
  });
});
