/** Simulated replication estimates and a bootstrap over replications, for checking MCSE formulas. */
import type { Rng } from '../../src/types.js';

export type Draw = (rng: Rng) => number;

/** Normal estimates: mean 2.3, sd 0.4 (a biased estimator of θ = 2, so bias and MSE are not trivial). */
export const normalDraw: Draw = (rng) => 2.3 + 0.4 * rng.normal();

/**
 * Right-skewed estimates: 2 + 0.2·χ²₄ (skewness √2, kurtosis 6), like a variance or a separation estimate
 * at small n.
 */
export const skewedDraw: Draw = (rng) => {
  let s = 0;
  for (let j = 0; j < 4; j++) {
    const z = rng.normal();
    s += z * z;
  }
  return 2 + 0.2 * s;
};

/**
 * Heavy-tailed estimates: 2.3 + 0.4·Z, except that 3 % of them are 2.3 + 2·Z (kurtosis 20), like the MLE's
 * separation at n = 200, whose rare far-off fits give kurtosis ≈ 30 (bench/mcseCalibration.ts).
 */
export const heavyTailedDraw: Draw = (rng) => {
  const wide = rng.uniform() < 0.03;
  return 2.3 + (wide ? 2 : 0.4) * rng.normal();
};

export function draws(R: number, draw: Draw, rng: Rng): Float64Array {
  const out = new Float64Array(R);
  for (let i = 0; i < R; i++) out[i] = draw(rng);
  return out;
}

/** Sample SD over rows of `stats` (B × m), one SD per column. */
function columnSd(stats: Float64Array[], m: number): number[] {
  const B = stats.length;
  return Array.from({ length: m }, (_, j) => {
    let mu = 0;
    for (const s of stats) mu += s[j];
    mu /= B;
    let ss = 0;
    for (const s of stats) ss += (s[j] - mu) ** 2;
    return Math.sqrt(ss / (B - 1));
  });
}

/**
 * Bootstrap SD of several statistics at once: B resamples of the R replications with replacement (Efron &
 * Tibshirani 1993), `stat` returning one value per measure. Paired inputs are resampled by the same indices.
 */
export function bootstrapSd(samples: Float64Array[], stat: (resampled: Float64Array[]) => number[], B: number, rng: Rng): number[] {
  const R = samples[0].length;
  const buffers = samples.map(() => new Float64Array(R));
  const rows: Float64Array[] = [];
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < R; i++) {
      const idx = Math.floor(rng.uniform() * R);
      for (let s = 0; s < samples.length; s++) buffers[s][i] = samples[s][idx];
    }
    rows.push(Float64Array.from(stat(buffers)));
  }
  return columnSd(rows, rows[0].length);
}

/** Mean and its standard error of a list of per-study values. */
export function meanAndSe(v: number[]): { mean: number; se: number } {
  const n = v.length;
  const mu = v.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
  return { mean: mu, se: sd / Math.sqrt(n) };
}
