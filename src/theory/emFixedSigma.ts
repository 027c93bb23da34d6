/**
 * The population limit of EM with the covariance fixed at ε²I (the paper's figure 4, src/paper/figures/epsilon.ts):
 * where the fixed-ε EM estimates of a two-component 1-D mixture converge as n → ∞. It is the fixed point of the
 * population EM map
 *   r(x) = π₂φ_ε(x − μ₂) / (π₁φ_ε(x − μ₁) + π₂φ_ε(x − μ₂)),
 *   π₂ ← E r(X),   μ₂ ← E[X r(X)]/E r(X),   μ₁ ← E[X (1 − r(X))]/E(1 − r(X)),
 * with X from the true mixture and the expectations by adaptive quadrature. r is a logistic function of x,
 * r = 1/(1 + exp(−(a x + b))), a = (μ₂ − μ₁)/ε², b = log(π₂/π₁) − (μ₂² − μ₁²)/(2ε²), evaluated in that form
 * so it never under- or overflows; its transition (width ε²/|μ₂ − μ₁|) is a break point of the quadrature.
 * At ε = σ this is the MLE with σ known, whose limit is the truth; as ε → 0, r becomes the indicator of the
 * half-line beyond the midpoint and the map becomes the population Lloyd map, whose fixed point is the k-means
 * limit (Bryant & Williamson 1978). The iteration starts where the study's EM starts: at k-means.
 */
import { type Mixture1d, validateMixture1d } from '../mixture/spherical.js';
import { THEORY_RULES } from './mixture.js';
import { integrateVector } from './quadrature.js';
import { phi } from './normal.js';

export interface FixedSigmaLimit {
  readonly epsilon: number;
  readonly weights: [number, number];
  readonly means: [number, number];
  readonly separation: number;
  readonly iterations: number;
}

function logistic(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Iterates the population EM map from (weights, means) until the parameters move less than `tol`; `mix` has two components. */
export function fixedSigmaEmLimit(
  mix: Mixture1d,
  epsilon: number,
  start: { readonly weights: readonly [number, number]; readonly means: readonly [number, number] },
  opts: { readonly tol?: number; readonly maxIter?: number } = {},
): FixedSigmaLimit {
  if (validateMixture1d(mix, THEORY_RULES) !== 2) throw new RangeError(`fixedSigmaEmLimit: the mixture must have two components (got ${mix.weights.length})`);
  if (!(epsilon > 0)) throw new RangeError(`fixedSigmaEmLimit: ε must be > 0 (got ${epsilon})`);
  const tol = opts.tol ?? 1e-12;
  const maxIter = opts.maxIter ?? 20000;
  const lo = Math.min(mix.means[0] - 12 * mix.sigmas[0], mix.means[1] - 12 * mix.sigmas[1]);
  const hi = Math.max(mix.means[0] + 12 * mix.sigmas[0], mix.means[1] + 12 * mix.sigmas[1]);
  const pdf = (x: number): number =>
    (mix.weights[0] * phi((x - mix.means[0]) / mix.sigmas[0])) / mix.sigmas[0] + (mix.weights[1] * phi((x - mix.means[1]) / mix.sigmas[1])) / mix.sigmas[1];
  const mean = mix.weights[0] * mix.means[0] + mix.weights[1] * mix.means[1];
  let p2 = start.weights[1];
  let m1 = start.means[0];
  let m2 = start.means[1];
  for (let it = 1; it <= maxIter; it++) {
    const a = (m2 - m1) / (epsilon * epsilon);
    const b = Math.log(p2 / (1 - p2)) - (m2 * m2 - m1 * m1) / (2 * epsilon * epsilon);
    const t = -b / a;
    const width = Math.abs(1 / a);
    const breaks = [lo, hi];
    for (const k of [-30, -3, 0, 3, 30]) {
      const x = t + k * width;
      if (x > lo && x < hi) breaks.push(x);
    }
    breaks.sort((u, v) => u - v);
    const { value } = integrateVector(
      (x, out) => {
        const w = logistic(a * x + b) * pdf(x);
        out[0] = w;
        out[1] = x * w;
      },
      2,
      breaks,
      { absTol: 1e-15, relTol: 1e-13, maxIntervals: 4000 },
    );
    const n2 = value[0];
    const s2 = value[1];
    const next2 = s2 / n2;
    const next1 = (mean - s2) / (1 - n2);
    const moved = Math.max(Math.abs(next1 - m1), Math.abs(next2 - m2), Math.abs(n2 - p2));
    m1 = next1;
    m2 = next2;
    p2 = n2;
    if (moved < tol) return { epsilon, weights: [1 - p2, p2], means: [m1, m2], separation: Math.abs(m2 - m1), iterations: it };
  }
  throw new Error(`fixedSigmaEmLimit: no convergence in ${maxIter} iterations at ε = ${epsilon}`);
}
