/**
 * Relative precision of two methods on the same (paired) replications — Morris, White & Crowther (2019,
 * Stat Med 38:2074–2102), Table 6, "relative % increase in precision (B vs A)":
 *
 *   100 · ((EmpSE_A / EmpSE_B)² − 1),  MCSE ≈ 200 · (EmpSE_A / EmpSE_B)² · √((1 − ρ²_AB)/(R − 1)),
 *
 * where ρ_AB is the correlation of the paired estimates. Pairing is what makes the comparison sharp: the
 * (1 − ρ²) factor removes the replication-to-replication noise the two methods share. The MCSE assumes
 * bivariate-normal estimates (like MCSE(EmpSE)); it is checked against a paired bootstrap in the tests.
 */

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
  // (EmpSE_A/EmpSE_B)² is the variance ratio; the (R − 1) divisors cancel.
  const ratio2 = saa / sbb;
  const rho2 = correlation === null ? 0 : correlation * correlation;
  return {
    nUsed: R,
    nDropped,
    value: 100 * (ratio2 - 1),
    mcse: 200 * ratio2 * Math.sqrt(Math.max(0, 1 - rho2) / (R - 1)),
    correlation,
  };
}
