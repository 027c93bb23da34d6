/**
 * log Γ and the digamma function ψ for positive arguments, which the variational-Bayes updates and bound need
 * (./variational.ts; Bishop 2006, §10.2) and the posterior mean of σ under a gamma precision posterior.
 * Both shift small arguments up by the recurrences Γ(x + 1) = xΓ(x), ψ(x + 1) = ψ(x) + 1/x to x ≥ 10 and then
 * sum the asymptotic (Stirling / Bernoulli) series (Abramowitz & Stegun 6.1.41, 6.3.18), whose truncation error
 * there is below 1e-16 relative; the recurrence sums leave errors of a few 1e-14 (test/estimators/bayes/specialFunctions.test.ts),
 * far below what the variational bound needs; no dependency is needed for two functions of ten lines.
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(x) for x > 0 (NaN otherwise). */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  let prod = 1;
  while (x < 10) {
    prod *= x;
    x += 1;
    // Keep the product in range for tiny x (x ≥ 5e-324 times at most 10 factors below 10 never overflows).
    if (prod > 1e290 || prod < 1e-290) {
      shift += Math.log(prod);
      prod = 1;
    }
  }
  shift += Math.log(prod);
  const r = 1 / x;
  const r2 = r * r;
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188)))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

/** ψ(x) = d/dx log Γ(x) for x > 0 (NaN otherwise). */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  const series = r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132)))));
  return acc + Math.log(x) - 0.5 * r - series;
}
