/**
 * Two-sided p-values of the z statistics a regression check computes, P(|T| ≥ |z|), for the family-wise
 * correction in ./familywise.ts.
 *
 * Every z of the check is a difference divided by an *estimated* standard error (an MCSE from R replications),
 * so it is a Student-type statistic, not a standard normal one: with R = 20 replications P(|T₁₉| > 4) = 7.7e-4,
 * twelve times the normal 6.3e-5. Taking normal tails for it would make the family-wise correction far too
 * liberal at small R. So:
 * - df = ν finite: Student's t with ν degrees of freedom,
 *     P(|T_ν| ≥ t) = I_{ν/(ν+t²)}(ν/2, 1/2)   (Abramowitz & Stegun 1964, 26.7.1 with 26.5.2),
 *   I_x(a, b) the regularised incomplete beta function, evaluated by its continued fraction with the modified
 *   Lentz method (Press, Teukolsky, Vetterling & Flannery, Numerical Recipes, 3rd ed. 2007, §6.4), using the
 *   symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly; log Γ by Lanczos' series
 *   (g = 7, 9 terms; Numerical Recipes §6.1), ~1e-15 relative;
 * - df = null: the standard normal, 2Φ(−|z|) (@stdlib's erfc-based CDF), for statistics whose SE is not
 *   estimated from a sample variance (binomial failure rates, McNemar counts).
 * The degrees of freedom come from the comparison (./compare.ts, ./paired.ts, ./invariants.ts): R − 1 for a
 * one-sample or paired mean, Welch–Satterthwaite for two independent means.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of I_x(a, b) (modified Lentz); converges fast for x < (a + 1)/(a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  // The fraction needs O(√max(a, b)) terms (Numerical Recipes §6.4); Welch–Satterthwaite df can be large.
  const maxTerms = 10000 + Math.ceil(10 * Math.sqrt(a + b));
  for (let m = 1; m <= maxTerms; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return h;
  }
  throw new RangeError(`incomplete beta: continued fraction did not converge (x = ${x}, a = ${a}, b = ${b})`);
}

/** The regularised incomplete beta function I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta: need a, b > 0 and 0 ≤ x ≤ 1 (got x = ${x}, a = ${a}, b = ${b})`);
  if (x === 0 || x === 1) return x;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * P(|T| ≥ |z|): Student's t with `df` degrees of freedom, or the standard normal when `df` is null.
 * |z| = ∞ gives 0 and z = 0 gives 1; df must be positive (a fractional Welch–Satterthwaite value is fine).
 */
export function twoSidedP(z: number, df: number | null): number {
  if (Number.isNaN(z)) throw new RangeError('twoSidedP: z is NaN');
  const t = Math.abs(z);
  if (t === Infinity) return 0;
  if (t === 0) return 1;
  if (df === null || df === Infinity) return 2 * normalCdf(-t, 0, 1);
  if (!(df > 0)) throw new RangeError(`twoSidedP: degrees of freedom must be > 0 (got ${df})`);
  const x = df / (df + t * t);
  return Math.min(1, regularizedBeta(x, df / 2, 0.5));
}
