/**
 * Test statistics shared by the rng tests: the one-sample Kolmogorov–Smirnov distance and large-sample
 * critical values, so each test states its sample size and significance level instead of a magic tolerance.
 */

/** Asymptotic Kolmogorov critical value of D·√n at α = 1e-3 (P(K > 1.9495) = 0.001). */
export const KS_CRIT_1E3 = 1.95;

/** sup_x |F_n(x) − F(x)| of the sample `sorted` (ascending) against the continuous CDF `cdf`. */
export function ksDistance(sorted: Float64Array, cdf: (x: number) => number, m = sorted.length): number {
  let d = 0;
  for (let i = 0; i < m; i++) {
    const F = cdf(sorted[i]);
    const hi = (i + 1) / m - F;
    const lo = F - i / m;
    if (hi > d) d = hi;
    if (lo > d) d = lo;
  }
  return d;
}

/** Upper α-quantile of χ²_df by the Wilson–Hilferty cube approximation (good to <1 % for df ≥ 100). */
export function chiSquareCritical(df: number, zAlpha: number): number {
  const c = 2 / (9 * df);
  return df * (1 - c + zAlpha * Math.sqrt(c)) ** 3;
}

/** z with P(Z > z) = 1e-3. */
export const Z_1E3 = 3.090232306167813;
