/**
 * Central sample moments of the replication estimates, the raw material of every performance measure and
 * MCSE (Morris, White & Crowther 2019, Stat Med 38:2074–2102, Table 6). Two passes (mean first, then
 * deviations) because the one-pass Σx² − R·x̄² loses all precision when estimates are far from 0 relative to
 * their spread — exactly the case of a consistent estimator at large n.
 */

export interface Moments {
  readonly R: number;
  readonly mean: number;
  /** Σ(θ̂ᵢ − θ̄)². */
  readonly ss: number;
  /** Σ(θ̂ᵢ − θ̄)⁴. */
  readonly s4: number;
}

/**
 * @throws RangeError on a non-finite estimate: failures must be counted by the caller (see summariseCell),
 * never averaged in as NaN or quietly skipped here.
 */
export function moments(estimates: ArrayLike<number>): Moments {
  const R = estimates.length;
  let sum = 0;
  for (let i = 0; i < R; i++) {
    const v = estimates[i];
    if (!Number.isFinite(v)) throw new RangeError(`performance: estimate ${i} is ${v}; pass failed replications separately (summariseCell)`);
    sum += v;
  }
  const mean = R > 0 ? sum / R : NaN;
  let ss = 0;
  let s4 = 0;
  for (let i = 0; i < R; i++) {
    const e = estimates[i] - mean;
    const e2 = e * e;
    ss += e2;
    s4 += e2 * e2;
  }
  return { R, mean, ss, s4 };
}
