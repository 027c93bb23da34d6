/**
 * The standard normal density φ, distribution function Φ, upper tail Q = 1 − Φ and Mills ratio R = Q/φ, each
 * accurate to a few ulps *relative* to its own value over the whole real line, including the far tails.
 *
 * Why this module exists: the theoretical k-means limits and Fisher informations are differences and ratios of
 * tail probabilities (e.g. the mean of N(0,1) beyond z is φ(z)/Q(z)). Computing Q(z) as 1 − Φ(z) loses every
 * digit once Φ(z) rounds to 1 (z ≳ 8.3), and φ(z)/Q(z) becomes 0/0 past z ≈ 38. So:
 * - Φ and Q come from @stdlib's erfc-based normal CDF, always evaluated on the side where the value is small
 *   (Q(z) = Φ(−z)); simple-statistics' table-based CDF (2e-3 absolute error, docs/ARCHITECTURE.md §9) is not usable here.
 * - φ(z) uses the split z = s + r (s with few significant bits, so s² is exact) to avoid the relative error
 *   z²·ε that exp(−z²/2) would inherit from rounding z².
 * - R(z) for large z comes from its continued fraction R(z) = 1/(z + 1/(z + 2/(z + 3/(z + …)))) (Laplace;
 *   Abramowitz & Stegun 26.2.14), which never forms the underflowing factors.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

export const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal density, relative error ≈ 2 ulp for every z. */
export function phi(z: number): number {
  const a = Math.abs(z);
  if (a > 40) return 0;
  // s has ≤ 22 significant bits here, so s*s is exact and the rounding error sits in a tiny second factor.
  const s = Math.trunc(a * 65536) / 65536;
  return (Math.exp(-0.5 * s * s) * Math.exp(-0.5 * (a - s) * (a + s))) / SQRT_2PI;
}

/** log φ(z), finite for every finite z (used where φ itself underflows, e.g. responsibilities in far tails). */
export function logPhi(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/** Φ(z) = P(Z ≤ z); relatively accurate for z → −∞ (erfc-based). */
export function Phi(z: number): number {
  return normalCdf(z, 0, 1);
}

/** Q(z) = 1 − Φ(z) = P(Z > z), computed as Φ(−z) so it stays relatively accurate for z → +∞. */
export function Q(z: number): number {
  return normalCdf(-z, 0, 1);
}

/**
 * Mills ratio R(z) = Q(z)/φ(z) for z ≥ 0 (R(0) = √(π/2)). Below 10 the quotient of the two accurate functions
 * is exact to ~1e-14 relative; above 10 the continued fraction (modified Lentz) converges in a few dozen terms
 * and avoids the underflow of both factors beyond z ≈ 38.
 */
export function millsRatio(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z < 0) throw new RangeError(`millsRatio: z must be ≥ 0 (got ${z})`);
  if (z === Infinity) return 0;
  if (z <= 10) return Q(z) / phi(z);
  // R(z) = 1/(z + 1/(z + 2/(z + 3/(z + …)))): modified Lentz on b0 = z, a_k = k, b_k = z.
  const tiny = 1e-300;
  let f = z;
  let C = z;
  let D = 0;
  for (let k = 1; k < 10000; k++) {
    D = z + k * D;
    if (D === 0) D = tiny;
    C = z + k / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}
