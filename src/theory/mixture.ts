/**
 * The 1-D distribution functions of a mixture (src/mixture/spherical.ts defines the mixture and validates it):
 * density, CDF, moments, quantile, the moments of a cell, and the projection of a spherical mixture onto a
 * direction — the d = 1 form (`Mixture1d`) every exact computation works on. Cell moments are computed
 * relative to a caller-chosen reference point so that small offsets (a k-means centre minus the nearest true
 * mean, i.e. the bias) are obtained to full relative precision instead of as differences of nearly equal numbers.
 */
import type { Mixture1d, MixtureRules, SphericalMixture } from '../mixture/spherical.js';
import { standardTruncatedMoments } from './truncatedNormal.js';
import { phi, Phi } from './normal.js';

/**
 * What the theory requires of a mixture beyond the model's own rules: every weight > 0 (a zero-weight
 * component has no cell, no Fisher information and no fixed point of its own). Pass to `validateMixture`.
 */
export const THEORY_RULES: MixtureRules = { positiveWeights: true };

export function mixturePdf(m: Mixture1d, x: number): number {
  let f = 0;
  for (let k = 0; k < m.weights.length; k++) f += (m.weights[k] * phi((x - m.means[k]) / m.sigmas[k])) / m.sigmas[k];
  return f;
}

export function mixtureCdf(m: Mixture1d, x: number): number {
  let F = 0;
  for (let k = 0; k < m.weights.length; k++) F += m.weights[k] * Phi((x - m.means[k]) / m.sigmas[k]);
  return F;
}

export function mixtureMean(m: Mixture1d): number {
  let s = 0;
  for (let k = 0; k < m.weights.length; k++) s += m.weights[k] * m.means[k];
  return s;
}

export function mixtureVariance(m: Mixture1d): number {
  const mu = mixtureMean(m);
  let s = 0;
  for (let k = 0; k < m.weights.length; k++) s += m.weights[k] * (m.sigmas[k] ** 2 + (m.means[k] - mu) ** 2);
  return s;
}

/** The p-quantile of the mixture by bisection on the CDF (to ~1 ulp of the bracket). */
export function mixtureQuantile(m: Mixture1d, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`mixtureQuantile: p must be in (0, 1) (got ${p})`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < m.weights.length; k++) {
    lo = Math.min(lo, m.means[k] - 40 * m.sigmas[k]);
    hi = Math.max(hi, m.means[k] + 40 * m.sigmas[k]);
  }
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (mixtureCdf(m, mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Mass, mean and variance of the mixture restricted to a cell (lo, hi), the mean given as an offset from `ref`. */
export interface CellMoments {
  readonly mass: number;
  /** E[X | cell] − ref, accurate relative to its own size. */
  readonly meanOffset: number;
  /** Var[X | cell]. */
  readonly variance: number;
}

/**
 * Moments of the mixture on the cell (lo, hi). Each component contributes its truncated-normal moments;
 * the between-component part of the variance is formed from offsets to the cell mean, never as E[X²] − E[X]².
 */
export function cellMoments(m: Mixture1d, lo: number, hi: number, ref = 0): CellMoments {
  const M = m.weights.length;
  const masses = new Array<number>(M);
  const offsets = new Array<number>(M);
  const variances = new Array<number>(M);
  let mass = 0;
  let first = 0;
  for (let k = 0; k < M; k++) {
    const s = m.sigmas[k];
    const t = standardTruncatedMoments((lo - m.means[k]) / s, (hi - m.means[k]) / s);
    masses[k] = m.weights[k] * t.mass;
    offsets[k] = m.means[k] - ref + s * t.mean;
    variances[k] = s * s * t.variance;
    mass += masses[k];
    first += masses[k] * offsets[k];
  }
  if (!(mass > 0)) return { mass: 0, meanOffset: NaN, variance: NaN };
  const meanOffset = first / mass;
  let within = 0;
  for (let k = 0; k < M; k++) {
    if (masses[k] === 0) continue;
    const dev = offsets[k] - meanOffset;
    within += masses[k] * (variances[k] + dev * dev);
  }
  return { mass, meanOffset, variance: within / mass };
}

/** The 1-D mixture seen along one coordinate/direction: the projection of a spherical mixture onto a unit vector u. */
export function projectMixture(m: SphericalMixture, u: readonly number[]): Mixture1d {
  return {
    weights: m.weights,
    means: m.means.map((mu) => mu.reduce((acc, x, j) => acc + x * u[j], 0)),
    sigmas: m.sigmas,
  };
}
