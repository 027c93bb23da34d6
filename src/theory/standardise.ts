/**
 * Standardising a spherical mixture before any theory computation, so every theory result is location- and
 * scale-equivariant: for x ↦ a·x + b (a ≠ 0, b a vector), limit(aμ + b, |a|σ) = a·limit(μ, σ) + b and every
 * standard deviation scales with |a|.
 *
 * Why: the quadratures, grids and tolerances of src/theory are tuned for means and σ of order one. Fed the
 * same mixture in other units (σ = 20, or a location of 1e8) they either stop converging — an absolute
 * quadrature floor that is meaningful at σ = 1 is below rounding at σ = 20 — or lose digits to the location.
 * So each public entry point maps the mixture to z = (x − c)/s, with c the mixture mean (formed from offsets
 * to the first component mean, so it is as accurate as the means themselves) and s the root of the total
 * variance along the means plus the mean component variance, s² = Σ_k π_k (σ_k² + |μ_k − c|²), works there, and
 * maps the answer back (points c + s·z, lengths and standard deviations s·z, variances s²·z).
 * The result in the original units is then as accurate as its own floating-point representation allows:
 * a few ulps of |b| + |a|·scale (the inputs aμ + b themselves carry that much rounding).
 */
import type { Mixture1d, SphericalMixture } from '../mixture/spherical.js';

/** A mixture in standard units, and the affine map x = center + scale·z back to the original units. */
export interface StandardisedMixture {
  readonly mixture: SphericalMixture;
  readonly center: readonly number[];
  readonly scale: number;
}

export interface StandardisedMixture1d {
  readonly mixture: Mixture1d;
  readonly center: number;
  readonly scale: number;
}

/**
 * The mixture mean c (per coordinate) and the scale s of the module doc. Throws a RangeError when the scale
 * is not a positive finite number (e.g. σ so large that s² overflows).
 */
function centerAndScale(weights: readonly number[], means: readonly (readonly number[])[], sigmas: readonly number[]): { center: number[]; scale: number } {
  const K = weights.length;
  const d = means[0].length;
  const center = new Array<number>(d);
  for (let j = 0; j < d; j++) {
    // Offsets to the first mean are exact (or nearly) when the means are close compared with their size.
    let off = 0;
    for (let k = 1; k < K; k++) off += weights[k] * (means[k][j] - means[0][j]);
    center[j] = means[0][j] + off;
  }
  // A first pass at a rough scale keeps the squares below overflow for means and σ up to ~1e300.
  let rough = 0;
  for (let k = 0; k < K; k++) {
    rough = Math.max(rough, sigmas[k]);
    for (let j = 0; j < d; j++) rough = Math.max(rough, Math.abs(means[k][j] - center[j]));
  }
  let v = 0;
  for (let k = 0; k < K; k++) {
    let dist2 = 0;
    for (let j = 0; j < d; j++) dist2 += ((means[k][j] - center[j]) / rough) ** 2;
    v += weights[k] * ((sigmas[k] / rough) ** 2 + dist2);
  }
  const scale = rough * Math.sqrt(v);
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`theory: cannot standardise the mixture (scale ${scale})`);
  return { center, scale };
}

/** z = (x − c)/s for a spherical mixture in any dimension (weights unchanged). */
export function standardiseMixture(mix: SphericalMixture): StandardisedMixture {
  const { center, scale } = centerAndScale(mix.weights, mix.means, mix.sigmas);
  return {
    mixture: {
      weights: mix.weights,
      means: mix.means.map((m) => m.map((x, j) => (x - center[j]) / scale)),
      sigmas: mix.sigmas.map((s) => s / scale),
    },
    center,
    scale,
  };
}

/** z = (x − c)/s for a 1-D mixture. */
export function standardiseMixture1d(mix: Mixture1d): StandardisedMixture1d {
  const { center, scale } = centerAndScale(
    mix.weights,
    mix.means.map((x) => [x]),
    mix.sigmas,
  );
  const c = center[0];
  return { mixture: { weights: mix.weights, means: mix.means.map((x) => (x - c) / scale), sigmas: mix.sigmas.map((s) => s / scale) }, center: c, scale };
}

/** A point of the standard units back in the original ones: c + s·z. */
export function unstandardisePoint(z: readonly number[], std: Pick<StandardisedMixture, 'center' | 'scale'>): number[] {
  return z.map((x, j) => std.center[j] + std.scale * x);
}
