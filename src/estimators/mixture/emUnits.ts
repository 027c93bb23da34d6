/**
 * The units EM and classification EM compute in (em.ts, cem.ts): a standardised copy z = (x − c)/u of the data, with u = 2ᵏ the power of
 * two nearest the data's standard deviation s (√ of the mean per-coordinate variance, as emKernel.ts
 * totalVariance) and c the per-coordinate mean rounded to a multiple of u, and the maps of parameters and
 * log-likelihoods between x and z.
 *
 * Why (a fit must be equivariant: fit(a·x + b) = a·fit(x) + b):
 * - Centring first. The parameters EM iterates on are then of the order of the spread of the data, stored to
 *   full precision. Without it, data offset by 1e8 sd (1e8 + 1e−6·x, or x + 1e8 with σ = 1) hold every mean
 *   on the grid of doubles near 1e8, 1.5e−8 sd apart: each M-step rounds the means to that grid, and on a flat
 *   likelihood the rounding accumulates as 1/(1 − λ) along the slow direction — measured 7e−6 sd at n = 2000,
 *   where the centred fit agrees with the unshifted one to 1e−13. x − c itself is exact for such data
 *   (Sterbenz), and correctly rounded otherwise, so z loses nothing the data had.
 * - Then scaling. σ⁶ and σ⁸ appear in the Newton Hessian (emNewton.ts) and overflow or underflow for data
 *   ×1e±100; on z every parameter is of order one. A power of two makes the scaling exact, so data that
 *   differ by a factor 2ʲ give bit-identical problems.
 * - The centre: the mean (one pass for it, one for the variance around it; the one-pass formula loses every
 *   digit for data offset by 1e8), rounded to a multiple of u. Any point near the data would do (EM is
 *   shift-equivariant); a multiple of u makes x − c exact whenever |x − c| ≤ |x|, in particular c = 0 for
 *   data centred within u/2 of 0, where z = x·2⁻ᵏ exactly and EM computes what it computed on x.
 * The copy costs one pass per fit and n·d doubles, in a buffer kept from fit to fit (a fresh array of 1e5
 * doubles costs about 1 ms of page faults, a seventh of a canonical fit at n = 1e5); the kernels could
 * subtract c on the fly instead, at the cost of an extra operation per point in every pass and an
 * initialisation that sees the rounded means.
 *
 * Back-transforms: μ = c + u·μ_z (one rounding), σ = u·σ_z and log L(θ; x) = log L(θ_z; z) − n·d·log u (exact
 * for the parameters, one rounding for L).
 */
import type { Dataset } from '../../types.js';
import type { Moments1d } from './emNewton.js';
import type { MixtureParameters } from './options.js';

export interface DataUnits {
  /** z = (x − centre)/unit, row-major like x. */
  readonly z: Dataset;
  /** Per-coordinate mean of x, rounded to a multiple of `unit`. */
  readonly centre: Float64Array;
  /** u = 2ᵏ nearest the standard deviation of x (1 when all points coincide). */
  readonly unit: number;
  /** log u, for the log-likelihood shift. */
  readonly logUnit: number;
  /** Mean per-coordinate (population) variance of z; 0 when all points coincide. */
  readonly varianceZ: number;
  /** d = 1: the moments of z the Newton runs need (emNewton.ts moments1d), from the same two passes; else null. */
  readonly moments: Moments1d | null;
}

/**
 * Σᵢ (x[i·stride + j] − shift) and Σᵢ (x[i·stride + j] − shift)² into out[0], out[1]; for stride 1 with four
 * partial sums each, because a single chain of additions is latency-bound and these passes are a visible part
 * of a canonical fit at n = 1e5.
 */
function columnMoments(x: Float64Array, n: number, stride: number, j: number, shift: number, out: Float64Array): void {
  let a = 0;
  let b = 0;
  let c = 0;
  let e = 0;
  let qa = 0;
  let qb = 0;
  let qc = 0;
  let qe = 0;
  let i = 0;
  if (stride === 1) {
    for (; i + 3 < n; i += 4) {
      const p = x[i] - shift;
      const q = x[i + 1] - shift;
      const r = x[i + 2] - shift;
      const t = x[i + 3] - shift;
      a += p;
      b += q;
      c += r;
      e += t;
      qa += p * p;
      qb += q * q;
      qc += r * r;
      qe += t * t;
    }
  }
  for (; i < n; i++) {
    const p = x[i * stride + j] - shift;
    a += p;
    qa += p * p;
  }
  out[0] = a + b + (c + e);
  out[1] = qa + qb + (qc + qe);
}

/** out = (x − c)·inv, d = 1. */
function centreScale1(x: Float64Array, n: number, c: number, inv: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[i] = (x[i] - c) * inv;
}

/** out = (x − centre)·inv, row-major, any d. */
function centreScale(x: Float64Array, n: number, d: number, centre: Float64Array, inv: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (x[i * d + j] - centre[j]) * inv;
}

/** Scratch for z, grown to the largest data set seen (one fit at a time per thread: em.ts does not nest). */
let pool = new Float64Array(0);

/**
 * The standardised copy of `data` (see the module comment). Its z lives in a buffer shared by all calls: valid
 * until the next call.
 */
export function toDataUnits(data: Dataset): DataUnits {
  const { x, n, d } = data;
  const centre = new Float64Array(d);
  let variance = 0;
  let dev = 0;
  let ss = 0;
  const sums = new Float64Array(2);
  for (let j = 0; j < d; j++) {
    columnMoments(x, n, d, j, 0, sums);
    const m = sums[0] / n;
    columnMoments(x, n, d, j, m, sums);
    dev = sums[0];
    ss = sums[1];
    centre[j] = m;
    variance += ss / n;
  }
  variance /= d;
  const k = variance > 0 ? Math.round(0.5 * Math.log2(variance)) : 0;
  const unit = 2 ** k;
  const inv = 2 ** -k;
  // The moments around the unrounded mean m, in units of z: m − c is exact (|m − c| ≤ u/2, or c = 0) and the
  // scalings are by powers of two.
  const moments = d === 1 ? { centre: 0, dev: dev * inv, ss: ss * inv * inv } : null;
  for (let j = 0; j < d; j++) {
    const c = Math.round(centre[j] * inv) * unit;
    if (moments !== null) moments.centre = (centre[j] - c) * inv;
    centre[j] = c;
  }
  if (pool.length < n * d) pool = new Float64Array(n * d);
  const zx = pool.length === n * d ? pool : pool.subarray(0, n * d);
  if (d === 1) centreScale1(x, n, centre[0], inv, zx);
  else centreScale(x, n, d, centre, inv, zx);
  return { z: { x: zx, n, d }, centre, unit, logUnit: k * Math.LN2, varianceZ: variance * inv * inv, moments };
}

/** Given starting parameters (in the units of x) in the units of z. */
export function paramsToUnits(p: MixtureParameters, u: DataUnits, K: number, d: number): MixtureParameters {
  const means = new Float64Array(K * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) means[k * d + j] = (p.means[k * d + j] - u.centre[j]) / u.unit;
  return { means, sigmas: p.sigmas.map((s) => s / u.unit), weights: p.weights };
}

/** The means of θ = [μ (K×d) | …] (in the units of z) in the units of x: c + u·μ. */
export function meansFromUnits(theta: Float64Array, u: DataUnits, K: number, d: number): Float64Array {
  const means = new Float64Array(K * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) means[k * d + j] = u.centre[j] + u.unit * theta[k * d + j];
  return means;
}
