/**
 * Elementary functions for the EM kernels (Dempster, Laird & Rubin 1977 E-steps). The two-component 1-D E-step
 * costs one exponential per point, and V8's `Math.exp` is an out-of-line fdlibm call (~9 ns, DESIGN.md §8)
 * that dominates the pass; an inlinable exp for non-positive arguments (all the kernels need: they exponentiate
 * differences from a maximum) halves the cost of the pass at the same accuracy (≤ 2 ulp, checked in
 * test/estimators/emKernel.test.ts against `Math.exp` over the whole range).
 */

const LOG2E = 1.4426950408889634;
// Cody–Waite split of ln 2: k·LN2_HI is exact for |k| < 2^11, so the reduction loses no bits.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
// Adding and subtracting 1.5·2^52 rounds a double of magnitude < 2^51 to the nearest integer without a call.
const ROUND_SHIFT = 6755399441055744;
/** POW2_NEG[k] = 2^−k; 2^−1075 rounds to 0, which is exactly exp's underflow. */
const POW2_NEG = new Float64Array(1077);
for (let k = 0; k < POW2_NEG.length; k++) POW2_NEG[k] = Math.pow(2, -k);

// Taylor coefficients 1/j!: on |r| ≤ ln2/2 the degree-13 remainder is < 1e-17 relative.
const C0 = 1;
const C1 = 1;
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
 * e^t for t ≤ 0 (t > 0 is not supported and returns garbage; −∞ gives 0). Range reduction t = k·ln2 + r,
 * |r| ≤ ln2/2, then an Estrin-scheme polynomial (short dependency chains, so successive points overlap in the
 * pipeline) and a table lookup for 2^k, which also produces the subnormal tail exactly as `Math.exp` does.
 */
export function expNonPos(t: number): number {
  if (t < -745.2) return 0;
  const kd = t * LOG2E + ROUND_SHIFT - ROUND_SHIFT;
  const r = t - kd * LN2_HI - kd * LN2_LO;
  const r2 = r * r;
  const r4 = r2 * r2;
  const r8 = r4 * r4;
  const q0 = C0 + C1 * r + (C2 + C3 * r) * r2;
  const q1 = C4 + C5 * r + (C6 + C7 * r) * r2;
  const q2 = C8 + C9 * r + (C10 + C11 * r) * r2;
  const q3 = C12 + C13 * r;
  return (q0 + q1 * r4 + (q2 + q3 * r4) * r8) * POW2_NEG[-kd];
}

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
