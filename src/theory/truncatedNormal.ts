/**
 * Moments of a normal distribution restricted to an interval: the mass P(a < Z < b), the conditional mean
 * E[Z | a < Z < b] and the conditional variance, for Z ~ N(0,1) and then for N(μ, σ²).
 *
 * These are the building blocks of the population k-means limit: a Lloyd fixed point has every centre equal
 * to the mean of its Voronoi cell, and in 1-D a cell is an interval, so each centre is a mixture of truncated
 * normal means (Bryant & Williamson 1978, Biometrika 65:273–281). Closed forms (Johnson, Kotz & Balakrishnan
 * 1994, §10.1):
 *   P = Φ(b) − Φ(a),  E = (φ(a) − φ(b))/P,  E[Z²] = 1 + (aφ(a) − bφ(b))/P.
 * Numerically these are used only on the side where nothing cancels: an interval right of 0 is handled through
 * the upper tail Q and the Mills ratio R = Q/φ after dividing numerator and denominator by φ(a),
 *   E = (1 − r)/(R(a) − r·R(b)),  r = φ(b)/φ(a) = exp(−(b − a)(b + a)/2),
 * which stays accurate even where φ(a) and Q(a) underflow; an interval left of 0 is mirrored; an interval
 * containing 0 uses erf, whose two halves add without cancellation. The variance of a far-tail interval
 * [a, ∞) tends to 1/a² and is taken from the continued fraction of R, not from 1 + aλ − λ² (which would lose
 * log10(a²) digits). Remaining precision loss: intervals much narrower than 1 (not used by this project).
 */
import erf from '@stdlib/math-base-special-erf';
import { millsRatio, phi } from './normal.js';

/** Moments of a distribution restricted to an interval. `mass` may underflow to 0 in the far tails while `mean` and `variance` stay accurate. */
export interface TruncatedMoments {
  /** P(a < X < b). */
  readonly mass: number;
  /** E[X | a < X < b]. */
  readonly mean: number;
  /** Var[X | a < X < b]. */
  readonly variance: number;
}

/**
 * T_j(z) = z + (j+1)/(z + (j+2)/(z + …)) for z > 10 (so T_0 = 1/R(z)), by modified Lentz. The tails of the
 * Mills-ratio continued fraction give the far-tail variance without cancellation.
 */
function millsTail(z: number, j: number): number {
  const tiny = 1e-300;
  let f = z;
  let C = z;
  let D = 0;
  for (let k = j + 1; k < j + 10000; k++) {
    D = z + k * D;
    if (D === 0) D = tiny;
    C = z + k / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

/** Moments of Z ~ N(0,1) on [a, b] with 0 ≤ a < b ≤ ∞. */
function rightSide(a: number, b: number): TruncatedMoments {
  const Ra = millsRatio(a);
  const r = b === Infinity ? 0 : Math.exp(-0.5 * (b - a) * (b + a));
  const Rb = b === Infinity ? 0 : millsRatio(b);
  const scaledMass = Ra - r * Rb; // P/φ(a)
  const mass = phi(a) * scaledMass;
  const mean = (1 - r) / scaledMass;
  let variance: number;
  if (a > 10 && r < 1e-17) {
    // [a, ∞): Var = 1 − λ(λ − a) with λ = 1/R = T0 = a + 1/T1 and T1 = a + 2/T2, hence Var = (2/T2 − 1/T1)/T1.
    const T1 = millsTail(a, 1);
    const T2 = millsTail(a, 2);
    variance = (2 / T2 - 1 / T1) / T1;
  } else {
    const bTerm = b === Infinity ? 0 : b * r;
    variance = 1 + (a - bTerm) / scaledMass - mean * mean;
  }
  return { mass, mean, variance: Math.max(variance, 0) };
}

/**
 * Moments of the standard normal restricted to (a, b), a < b, either end possibly infinite. Each output is
 * accurate relative to its own size (see the module doc for the one exception, very narrow intervals).
 */
export function standardTruncatedMoments(a: number, b: number): TruncatedMoments {
  if (!(a < b)) throw new RangeError(`standardTruncatedMoments: need a < b (got a=${a}, b=${b})`);
  if (a >= 0) return rightSide(a, b);
  if (b <= 0) {
    const m = rightSide(-b, -a);
    return { mass: m.mass, mean: -m.mean, variance: m.variance };
  }
  // a < 0 < b: both halves of the mass are positive, so their sum is exact to rounding.
  const ea = a === -Infinity ? -1 : erf(a / Math.SQRT2);
  const eb = b === Infinity ? 1 : erf(b / Math.SQRT2);
  const mass = 0.5 * (eb - ea);
  const pa = a === -Infinity ? 0 : phi(a);
  const pb = b === Infinity ? 0 : phi(b);
  const mean = (pa - pb) / mass;
  const aTerm = a === -Infinity ? 0 : a * pa;
  const bTerm = b === Infinity ? 0 : b * pb;
  const variance = 1 + (aTerm - bTerm) / mass - mean * mean;
  return { mass, mean, variance: Math.max(variance, 0) };
}

/** Moments of N(μ, σ²) restricted to (lo, hi). */
export function truncatedNormalMoments(mu: number, sigma: number, lo: number, hi: number): TruncatedMoments {
  if (!(sigma > 0)) throw new RangeError(`truncatedNormalMoments: sigma must be > 0 (got ${sigma})`);
  const m = standardTruncatedMoments((lo - mu) / sigma, (hi - mu) / sigma);
  return { mass: m.mass, mean: mu + sigma * m.mean, variance: sigma * sigma * m.variance };
}
