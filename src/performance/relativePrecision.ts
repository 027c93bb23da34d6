/**
 * Relative precision of two methods on the same (paired) replications — Morris, White & Crowther (2019,
 * Stat Med 38:2074–2102), Table 6, "relative % increase in precision (B vs A)":
 *
 *   100 · ((EmpSE_A / EmpSE_B)² − 1),
 *
 * with the jackknife MCSE over pairs (leave pair i out of both samples; ./mcse.ts for the why and the
 * citations). Table 6's MCSE 200 · (EmpSE_A / EmpSE_B)² · √((1 − ρ²_AB)/(R − 1)), ρ_AB the correlation of
 * the pairs, assumes bivariate-normal estimates; the jackknife reduces to it for those and stays right for
 * heavy-tailed ones. Pairing is what makes the comparison sharp: the jackknife, like the (1 − ρ²) factor,
 * removes the replication-to-replication noise the two methods share.
 */
import { jackknifeSe } from './mcse.js';

export interface RelativePrecision {
  /** Pairs with both estimates finite. */
  readonly nUsed: number;
  /** Pairs left out because either estimate was null or non-finite (reported, not silently dropped). */
  readonly nDropped: number;
  /**
   * % increase in precision of B relative to A: > 0 means B has the smaller empirical SE (B is more
   * precise), e.g. 25 means Var_A/Var_B = 1.25. Null when R < 2 or EmpSE_B = 0.
   */
  readonly value: number | null;
  /** Jackknife MCSE; null when R < 3 or EmpSE_B is 0 with some pair left out. */
  readonly mcse: number | null;
  /** ρ_AB; null when R < 2 or either EmpSE is 0. */
  readonly correlation: number | null;
}

/**
 * @param a Method A's estimates, one per replication.
 * @param b Method B's estimates for the same replications, in the same order.
 */
export function relativePrecision(a: ArrayLike<number | null | undefined>, b: ArrayLike<number | null | undefined>): RelativePrecision {
  if (a.length !== b.length) throw new RangeError(`relativePrecision: ${a.length} estimates for A but ${b.length} for B; pairs must align`);
  const n = a.length;
  const xa = new Float64Array(n);
  const xb = new Float64Array(n);
  let R = 0;
  for (let i = 0; i < n; i++) {
    const va = a[i];
    const vb = b[i];
    if (typeof va === 'number' && typeof vb === 'number' && Number.isFinite(va) && Number.isFinite(vb)) {
      xa[R] = va;
      xb[R] = vb;
      R++;
    }
  }
  const nDropped = n - R;
  if (R < 2) return { nUsed: R, nDropped, value: null, mcse: null, correlation: null };

  let ma = 0;
  let mb = 0;
  for (let i = 0; i < R; i++) {
    ma += xa[i];
    mb += xb[i];
  }
  ma /= R;
  mb /= R;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < R; i++) {
    const da = xa[i] - ma;
    const db = xb[i] - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  const correlation = saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
  if (sbb === 0) return { nUsed: R, nDropped, value: null, mcse: null, correlation };
  // (EmpSE_A/EmpSE_B)² is the variance ratio; the (R − 1) divisors cancel, and the (R − 2) ones of the
  // leave-one-out ratios too: SS₍ᵢ₎ = SS − R/(R−1)·(xᵢ − x̄)².
  const ratio2 = saa / sbb;
  let mcse: number | null = null;
  if (R >= 3) {
    const k = R / (R - 1);
    const loo = new Float64Array(R);
    for (let i = 0; i < R; i++) {
      const da = xa[i] - ma;
      const db = xb[i] - mb;
      const sbbI = sbb - k * db * db;
      loo[i] = sbbI > 0 ? (100 * Math.max(0, saa - k * da * da)) / sbbI : NaN;
    }
    const se = jackknifeSe(loo);
    mcse = Number.isFinite(se) ? se : null;
  }
  return { nUsed: R, nDropped, value: 100 * (ratio2 - 1), mcse, correlation };
}
