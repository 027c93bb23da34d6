/**
 * Each MCSE formula against a bootstrap over replications (published harnesses have shipped wrong
 * MCSEs, rsimsum #45, simhelpers #12). For one simulated study of R estimates the bootstrap SD of a measure
 * — resample the R replications with replacement, recompute the measure — is a formula-free estimate of its
 * Monte Carlo SE, so it must agree with the formula evaluated on the same study.
 *
 * Why M studies and not one: within one study the bootstrap SD differs from a (correct) formula by
 *  - its own Monte Carlo error, a relative 1/√(2(B−1)) = 2.2% at B = 1000;
 *  - for the EmpSE, which the normal-theory formula ties to kurtosis 3, the study's sample kurtosis:
 *    relative sd ≈ ¼·√(24/R) = 8.7% at R = 200.
 * A single study with a 15% tolerance would thus be a ~1.7-sd test for the EmpSE. Averaging the ratio
 * bootstrap/formula over M independent studies shrinks that noise by √M; the test allows 4 of its
 * (empirical) standard errors plus 2/R for the O(1/R) differences between a first-order bootstrap and the
 * formulas (divisors R vs R−1, delta-method curvature), and requires that standard error to be below 0.02 so
 * that a formula off by 10% cannot pass.
 */
import { describe, expect, it } from 'vitest';
import { relativePrecision } from '../../src/performance/relativePrecision.js';
import { summarise } from '../../src/performance/summarise.js';
import { createStream } from '../../src/rng/stream.js';
import { bootstrapSd, draws, meanAndSe, normalDraw, skewedDraw, type Draw } from './simulate.js';

const R = 200;
const B = 1000;
const M = 40;
const THETA = 2;
const MEASURES = ['mean', 'bias', 'relBias', 'empSE', 'empSE (normal)', 'empSE (delta)', 'mse', 'rmse', 'rmse (delta)'] as const;
type Measure = (typeof MEASURES)[number];

function formulas(x: Float64Array): Record<Measure, number> {
  const s = summarise(x, THETA);
  const n = summarise(x, THETA, { mcse: 'normal' });
  const d = summarise(x, THETA, { mcse: 'delta' });
  return {
    mean: s.mean.mcse ?? NaN,
    bias: s.bias.mcse ?? NaN,
    relBias: s.relBias.mcse ?? NaN,
    empSE: s.empSE.mcse ?? NaN,
    'empSE (normal)': n.empSE.mcse ?? NaN,
    'empSE (delta)': d.empSE.mcse ?? NaN,
    mse: s.mse.mcse ?? NaN,
    rmse: s.rmse.mcse ?? NaN,
    'rmse (delta)': d.rmse.mcse ?? NaN,
  };
}

function values(y: Float64Array): number[] {
  const s = summarise(y, THETA);
  const v = [s.mean.value, s.bias.value, s.relBias.value, s.empSE.value, s.empSE.value, s.empSE.value, s.mse.value, s.rmse.value, s.rmse.value];
  return v.map((a) => a ?? NaN);
}

/** Mean over M studies of bootstrap SD / formula MCSE, per measure. */
function ratios(label: string, draw: Draw): Record<Measure, { mean: number; se: number }> {
  const per: number[][] = MEASURES.map(() => []);
  for (let m = 0; m < M; m++) {
    const x = draws(R, draw, createStream('mcse-boot', label, m));
    const f = formulas(x);
    const sd = bootstrapSd([x], ([y]) => values(y), B, createStream('mcse-boot', label, m, 'resample'));
    MEASURES.forEach((name, j) => per[j].push(sd[j] / f[name]));
  }
  return Object.fromEntries(MEASURES.map((name, j) => [name, meanAndSe(per[j])])) as Record<Measure, { mean: number; se: number }>;
}

function expectAgrees(r: { mean: number; se: number }): void {
  expect(r.se).toBeLessThan(0.02);
  expect(Math.abs(r.mean - 1)).toBeLessThanOrEqual(4 * r.se + 2 / R);
}

describe('MCSE formulas agree with a bootstrap over replications', () => {
  it('normal estimates: every MCSE, including Morris et al.’s normal-theory MCSE(EmpSE)', () => {
    const r = ratios('normal', normalDraw);
    for (const name of MEASURES) expectAgrees(r[name]);
  });

  it('skewed estimates (χ²₄, kurtosis 6): every MCSE but the normal-theory MCSE(EmpSE) holds; that one is too small', () => {
    const r = ratios('skewed', skewedDraw);
    for (const name of MEASURES) if (name !== 'empSE (normal)') expectAgrees(r[name]);
    // theory: understated by √((κ−1)/2) = 1.58 at κ = 6 (less at R = 200, where sample kurtosis runs low)
    expect(r['empSE (normal)'].mean).toBeGreaterThan(1.3);
  });

  it('relative precision on paired bivariate-normal estimates', () => {
    const per: number[] = [];
    for (let m = 0; m < M; m++) {
      const rng = createStream('mcse-boot', 'relprec', m);
      const a = new Float64Array(R);
      const b = new Float64Array(R);
      for (let i = 0; i < R; i++) {
        // shared noise z gives ρ = 0.8; EmpSE_A/EmpSE_B = 1.2, so the true value is 100·(1.44 − 1) = 44
        const z = rng.normal();
        a[i] = 1.2 * z;
        b[i] = 0.8 * z + 0.6 * rng.normal();
      }
      const f = relativePrecision(a, b).mcse ?? NaN;
      const [sd] = bootstrapSd([a, b], ([ya, yb]) => [relativePrecision(ya, yb).value ?? NaN], B, createStream('mcse-boot', 'relprec', m, 'resample'));
      per.push(sd / f);
    }
    expectAgrees(meanAndSe(per));
  });
});
