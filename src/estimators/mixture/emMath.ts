/**
 * Elementary functions for the EM kernels (Dempster, Laird & Rubin 1977 E-steps). The two-component 1-D E-step
 * costs one exponential per point, and V8's `Math.exp` is an out-of-line fdlibm call (~9 ns, docs/ARCHITECTURE.md §8)
 * that dominates the pass; `fastExp` is small enough for TurboFan to inline into the kernels, has the same
 * accuracy (≤ 2 ulp against `Math.exp`, test/estimators/emKernel.test.ts) and the same overflow to ∞ and
 * underflow to 0, so kernels can use it on arguments of either sign without branching on the sign.
 */

// 64/ln 2, and the Cody–Waite split of ln2/64: k·LN2_64_HI is exact for |k| < 2^21 (the high part has 21
// trailing zero bits), far beyond the |k| ≤ 68 900 used here, so the reduction loses no bits.
const INV_LN2_64 = 92.33248261689366;
const LN2_64_HI = 6.93147180369123816490e-1 / 64;
const LN2_64_LO = 1.90821492927058770002e-10 / 64;
// Adding and subtracting 1.5·2^52 rounds a double of magnitude < 2^51 to the nearest integer without a call.
const ROUND_SHIFT = 6755399441055744;
// Arguments are clamped to [−746, 710], where e^t has already underflowed to 0 / overflowed to ∞.
const T_MIN = -746;
const T_MAX = 710;
/** 2^(j/64), j = 0..63, correctly rounded (scripts/exp-table.py; Math.pow misses 9 of them by an ulp). */
const EXP2_64 = Float64Array.from([
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284,
  1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418,
  1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687,
  1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783,
  1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303,
  1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
  1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384,
  1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267,
  1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364,
  1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656,
  1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951,
]);
const M_MIN = -1080;
/**
 * HALF_POW2[m − M_MIN] = 2^(m−1) for m ∈ [−1080, 1024]: the result is (2s)·2^(m−1), because 2^1024 itself is
 * not a double while e^t for t just below ln(DBL_MAX) needs m = 1024 with s < 1. 2^(−1077) and below round to 0.
 */
const HALF_POW2 = new Float64Array(1024 - M_MIN + 1);
for (let m = M_MIN; m <= 1024; m++) HALF_POW2[m - M_MIN] = Math.pow(2, m - 1);

/**
 * e^t for any t (NaN in, NaN out). Table-driven (Tang 1989): t = (64m + j)·ln2/64 + r with |r| ≤ ln2/128, so
 * e^t = 2^m · 2^(j/64) · e^r, and e^r − 1 needs only a degree-5 polynomial (remainder r⁶/720 < 4e-17). Written
 * as T + T·(e^r − 1), the rounding errors of the polynomial scale with |r| ≤ 0.0055: ≤ 2 ulp against Math.exp
 * (tests), and half the work of the degree-13 polynomial this replaced (EM pass 12 → 9 ns per point). The
 * only branches are the range clamps, which real data almost never take.
 */
export function fastExp(t: number): number {
  const u = t < T_MIN ? T_MIN : t > T_MAX ? T_MAX : t;
  const kd = u * INV_LN2_64 + ROUND_SHIFT - ROUND_SHIFT;
  const r = u - kd * LN2_64_HI - kd * LN2_64_LO;
  const k = kd | 0;
  const T = EXP2_64[k & 63];
  const r2 = r * r;
  const q = r + r2 * (0.5 + r * (1 / 6)) + r2 * r2 * (1 / 24 + r * (1 / 120));
  const s = T + T * q;
  return (s + s) * HALF_POW2[(k >> 6) - M_MIN];
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
