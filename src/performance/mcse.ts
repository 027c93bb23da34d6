/**
 * The Monte Carlo SEs of the two performance measures that are not means of per-replication terms — the
 * empirical SE and the RMSE — in one place, so the summary, the reports and the regression checks all use the
 * same one. (The mean, bias, relative bias and MSE are means of per-replication terms; their MCSE is the SE of
 * a mean, s/√R, which needs no distributional assumption and is also what the jackknife gives for a mean.)
 *
 * Default, 'jackknife' (Quenouille 1956; Tukey 1958; Efron & Stein 1981, Ann Stat 9:586–596; for Monte Carlo
 * summaries such as sample variances, Boos & Osborne 2015, Int Stat Rev 83:228–238): for a measure T of the
 * R replication estimates,
 *
 *   MCSE(T) = √((R − 1)/R · Σᵢ (T₍ᵢ₎ − T̄₍·₎)²),   T₍ᵢ₎ = T without replication i,  T̄₍·₎ = mean of the T₍ᵢ₎,
 *
 * computed in O(R): SS₍ᵢ₎ = SS − R/(R−1)·(θ̂ᵢ − θ̄)² for the EmpSE (needs R ≥ 3), Σe²₍ᵢ₎ = Σe² − eᵢ² for the
 * RMSE. It assumes nothing about the distribution of the estimates: to first order it is the delta method
 * with the sample fourth moment, √(Var̂(s²))/(2s) with Var̂(s²) = m₄/R − s⁴(R−3)/(R(R−1)) (the variance of the
 * sample variance; O'Neill 2014, Am Stat 68:282–296), and for normal estimates both reduce to Morris, White &
 * Crowther's (2019, Stat Med 38:2074–2102, Table 6) EmpSE/√(2(R−1)). That normal-theory form understates the
 * MCSE by √((κ−1)/2) at kurtosis κ: 3.4× for EM's separation at n = 200, κ ≈ 30 (bench/mcseCalibration.ts).
 * The jackknife variance estimate tends to be biased upward, never downward (Efron & Stein 1981), and where a
 * few extreme fits drive the spread it keeps the squared MCSE right on average (√mean(MCSE²) within 3 % of
 * the SD across 500 such studies), which the delta method does not (its plug-in m₄ leaves it 10–20 % low).
 * Where those fits are rare, one study's MCSE is itself very uncertain — README "Monte Carlo SEs".
 *
 * 'delta' (the kurtosis-corrected delta method above, and MCSE(MSE)/(2·RMSE) for the RMSE) and 'normal'
 * (Morris et al.'s form for the EmpSE, the delta method for the RMSE: what summary.json held before) are kept
 * for comparison only.
 */

export type McseMethod = 'jackknife' | 'delta' | 'normal';

export const DEFAULT_MCSE_METHOD: McseMethod = 'jackknife';

/** Jackknife SE of a statistic from its leave-one-out values T₍ᵢ₎ (NaN if any is NaN). */
export function jackknifeSe(loo: Float64Array): number {
  const R = loo.length;
  let mean = 0;
  for (let i = 0; i < R; i++) mean += loo[i];
  mean /= R;
  let ss = 0;
  for (let i = 0; i < R; i++) ss += (loo[i] - mean) ** 2;
  return Math.sqrt(((R - 1) / R) * ss);
}

/**
 * The leave-one-out empirical SEs s₍ᵢ₎ = √(SS₍ᵢ₎/(R−2)), SS₍ᵢ₎ = SS − R/(R−1)·(θ̂ᵢ − θ̄)², of R ≥ 3 estimates
 * with mean θ̄ and SS = Σ(θ̂ᵢ − θ̄)² (as ./moments.ts computes them). Rounding can push SS₍ᵢ₎ a hair below 0
 * when one value carries all the spread; 0 is its floor.
 */
export function leaveOneOutSds(estimates: ArrayLike<number>, mean: number, ss: number): Float64Array {
  const R = estimates.length;
  const loo = new Float64Array(R);
  const k = R / (R - 1);
  for (let i = 0; i < R; i++) {
    const d = estimates[i] - mean;
    loo[i] = Math.sqrt(Math.max(0, ss - k * d * d) / (R - 2));
  }
  return loo;
}

/** The leave-one-out RMSEs √((Q − eᵢ²)/(R−1)) about `target`, Q = Σeᵢ², eᵢ = θ̂ᵢ − θ; R ≥ 2. */
export function leaveOneOutRmses(estimates: ArrayLike<number>, target: number, q: number): Float64Array {
  const R = estimates.length;
  const loo = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    const e = estimates[i] - target;
    loo[i] = Math.sqrt(Math.max(0, q - e * e) / (R - 1));
  }
  return loo;
}

/**
 * MCSE of the empirical SE s = √(SS/(R−1)) of `estimates` (their mean, SS = Σ(θ̂ᵢ − θ̄)² and Σ(θ̂ᵢ − θ̄)⁴
 * passed in, as ./moments.ts computes them). Null when the method needs more replications than there are: the
 * jackknife needs R ≥ 3 (a leave-one-out SD of one value does not exist), the others R ≥ 2.
 */
export function empSeMcse(estimates: ArrayLike<number>, mean: number, ss: number, s4: number, method: McseMethod = DEFAULT_MCSE_METHOD): number | null {
  const R = estimates.length;
  if (R < 2) return null;
  const variance = ss / (R - 1);
  const empSE = Math.sqrt(variance);
  switch (method) {
    case 'normal':
      return empSE / Math.sqrt(2 * (R - 1));
    case 'delta': {
      // For very small R the plug-in can go negative; 0 is the honest floor of a variance.
      const varS2 = Math.max(0, s4 / R / R - (variance * variance * (R - 3)) / (R * (R - 1)));
      return empSE > 0 ? Math.sqrt(varS2) / (2 * empSE) : 0;
    }
    case 'jackknife':
      return R < 3 ? null : jackknifeSe(leaveOneOutSds(estimates, mean, ss));
  }
}

/**
 * MCSE of the RMSE √(Q/R) about `target`, given Q = Σeᵢ², eᵢ = θ̂ᵢ − θ, and the MCSE of the MSE (for the
 * delta method MCSE(MSE)/(2·RMSE)); R ≥ 2. RMSE = 0 forces every error to 0, so the MCSE is 0 then (not 0/0).
 */
export function rmseMcse(estimates: ArrayLike<number>, target: number, q: number, mseMcse: number, method: McseMethod = DEFAULT_MCSE_METHOD): number {
  if (q === 0) return 0;
  if (method !== 'jackknife') return mseMcse / (2 * Math.sqrt(q / estimates.length));
  return jackknifeSe(leaveOneOutRmses(estimates, target, q));
}
