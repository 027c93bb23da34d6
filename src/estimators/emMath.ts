/**
 * Elementary functions for the EM kernels (Dempster, Laird & Rubin 1977 E-steps). The two-component 1-D E-step
 * costs one exponential per point, and V8's `Math.exp` is an out-of-line fdlibm call (~9 ns, DESIGN.md §8)
 * that dominates the pass; `fastExp` is small enough for TurboFan to inline into the kernels, has the same
 * accuracy (≤ 2 ulp against `Math.exp`, test/estimators/emKernel.test.ts) and the same overflow to ∞ and
 * underflow to 0, so kernels can use it on arguments of either sign without branching on the sign.
 */

const LOG2E = 1.4426950408889634;
// Cody–Waite split of ln 2: k·LN2_HI is exact for |k| < 2^11, so the reduction loses no bits.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
// Adding and subtracting 1.5·2^52 rounds a double of magnitude < 2^51 to the nearest integer without a call.
const ROUND_SHIFT = 6755399441055744;
// Arguments are clamped to [−746, 710], where e^t has already underflowed to 0 / overflowed to ∞.
const T_MIN = -746;
const T_MAX = 710;
const K_MIN = -1076;
/**
 * HALF_POW2[k − K_MIN] = 2^(k−1) for k ∈ [−1076, 1024]: the result is (2p)·2^(k−1), because 2^1024 itself is
 * not a double while e^t for t just below ln(DBL_MAX) needs k = 1024 with p < 1. 2^(−1077) rounds to 0.
 */
const HALF_POW2 = new Float64Array(1024 - K_MIN + 1);
for (let k = K_MIN; k <= 1024; k++) HALF_POW2[k - K_MIN] = Math.pow(2, k - 1);

// Taylor coefficients 1/j!: on |r| ≤ ln2/2 the degree-13 remainder is < 1e-17 relative.
const C2 = 1 / 2;
const C3 = 1 / 6;
const C4 = 1 / 24;
const C5 = 1 / 120;
const C6 = 1 / 720;
const C7 = 1 / 5040;
const C8 = 1 / 40320;
const C9 = 1 / 362880;
const C10 = 1 / 3628800;
const C11 = 1 / 39916800;
const C12 = 1 / 479001600;
const C13 = 1 / 6227020800;

/**
 * e^t for any t (NaN in, NaN out). Range reduction t = k·ln2 + r, |r| ≤ ln2/2, an Estrin-scheme polynomial
 * (short dependency chains, so successive points overlap in the pipeline) and a table lookup for 2^k, which
 * also yields the subnormal tail. The only branches are the range clamps, which real data almost never take.
 */
export function fastExp(t: number): number {
  const u = t < T_MIN ? T_MIN : t > T_MAX ? T_MAX : t;
  const kd = u * LOG2E + ROUND_SHIFT - ROUND_SHIFT;
  const r = u - kd * LN2_HI - kd * LN2_LO;
  const r2 = r * r;
  const r4 = r2 * r2;
  const r8 = r4 * r4;
  const q0 = 1 + r + (C2 + C3 * r) * r2;
  const q1 = C4 + C5 * r + (C6 + C7 * r) * r2;
  const q2 = C8 + C9 * r + (C10 + C11 * r) * r2;
  const q3 = C12 + C13 * r;
  const p = q0 + q1 * r4 + (q2 + q3 * r4) * r8;
  return (p + p) * HALF_POW2[kd - K_MIN];
}

/** The first name of fastExp (then only for t ≤ 0), kept for callers written against it (bench/canonical.ts). */
export { fastExp as expNonPos };

/** log(2π)/2, the per-coordinate normalising constant of the Gaussian log-density. */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Points per block when a log-likelihood accumulates Π (Σₖ e^{sₖ−max}) instead of Σ log(…): each factor lies
 * in [1, K], so a block of ⌊1000 / log₂K⌋ factors stays below 2^1000 < DBL_MAX and costs one `Math.log`
 * instead of one per point (the per-point log was half the cost of a 1-D two-component pass).
 */
export function productBlock(K: number): number {
  return K <= 2 ? 1000 : Math.max(1, Math.floor(1000 / Math.log2(K)));
}
