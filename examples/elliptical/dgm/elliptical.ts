/**
 * A mixture of two elliptical Gaussian components in 2-D as a mixstudy data mechanism: component k is
 * N(μ_k, Σ) with μ = (∓Δ/2, 0) and Σ = R(θ)·diag(1, r²)·R(θ)ᵀ — unit spread along the axis at angle θ from the
 * line of the means, spread r across it. r = 1 is the spherical mixture of the canonical study; as r grows the
 * components elongate, and a model of spherical clusters (k-means, the spherical-Gaussian MLE) no longer
 * contains the truth: the question the study's source thread starts from ("a GMM adapts to elliptic clusters,
 * k-means only finds spherical ones").
 *
 * The truth has means and weights but no σ (the components are not spherical), so the σ estimand has no target;
 * for equal weights and θ = 0 it also states the population k-means centres, which the report draws as k-means's limit.
 * Point by point from the rng mixstudy passes in (a uniform for the component, then two normals).
 */
import type { DataMechanism } from '../../../src/index.js';

export interface EllipticalParams {
  /** Δ: distance between the means. */
  separation: number;
  /** r: standard deviation across the principal axis (1 along it). */
  elongation: number;
  /** θ: angle of the principal axis from the line of the means, in degrees. */
  angle: number;
  /** π₁: weight of the first component. */
  weight: number;
}

/** erf by Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7): enough for a reference line in a report. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/**
 * The population k-means centres (Pollard 1981) for equal weights and the principal axis along or across the
 * line of the means (θ = 0): by symmetry the optimal boundary is one of the two axes through the centre.
 * Cutting across the means (boundary x = 0) puts the centres at (±c, 0) with c = E[X | X > 0] =
 * μ(2Φ(μ) − 1) + 2φ(μ), μ = Δ/2; cutting along them (y = 0) puts them at (0, ±r√(2/π)). The within-cluster
 * variance is the total variance minus c² or 2r²/π, so the larger of the two wins.
 */
function kmeansLimit(separation: number, r: number): { centers: number[][]; proportions: number[] } {
  const mu = separation / 2;
  const c = mu * erf(mu / Math.SQRT2) + 2 * Math.exp((-mu * mu) / 2) / Math.sqrt(2 * Math.PI);
  const across = r * Math.sqrt(2 / Math.PI);
  return c >= across
    ? { centers: [[-c, 0], [c, 0]], proportions: [0.5, 0.5] }
    : { centers: [[0, -across], [0, across]], proportions: [0.5, 0.5] };
}

const mechanism: DataMechanism<EllipticalParams> = {
  name: 'elliptical-mixture',
  summary: 'two Gaussian components in 2-D with a common elongated covariance R(θ)·diag(1, r²)·R(θ)ᵀ',
  params: {
    separation: { type: 'positive', default: 4, doc: 'Δ: distance between the means' },
    elongation: { type: 'positive', default: 1, doc: 'r: standard deviation across the principal axis (1 along it)' },
    angle: { type: 'number', min: -90, max: 90, default: 0, doc: 'θ: angle of the principal axis from the line of the means, degrees' },
    weight: { type: 'number', min: 0, max: 1, default: 0.5, doc: 'π₁: weight of the first component' },
  },
  paramProblems: (p) => (p.weight <= 0 || p.weight >= 1 ? [{ path: 'weight', message: `must be strictly between 0 and 1 (got ${p.weight})` }] : []),
  truth: (p) => ({
    means: [
      [-p.separation / 2, 0],
      [p.separation / 2, 0],
    ],
    weights: [p.weight, 1 - p.weight],
    ...(p.angle === 0 && p.weight === 0.5 ? { theory: { kmeansLimit: kmeansLimit(p.separation, p.elongation) } } : {}),
  }),
  describe: (p, num) =>
    `${num(p.weight)}·N((−${num(p.separation / 2)}, 0), Σ) + ${num(1 - p.weight)}·N((${num(p.separation / 2)}, 0), Σ), Σ = R(${num(p.angle)}°)·diag(1, ${num(p.elongation)}²)·R(${num(p.angle)}°)ᵀ`,
  sample: (n, p, rng) => {
    const c = Math.cos((p.angle * Math.PI) / 180);
    const s = Math.sin((p.angle * Math.PI) / 180);
    const x = new Float64Array(n * 2);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = rng.uniform() < p.weight ? 0 : 1;
      const u = rng.normal();
      const v = p.elongation * rng.normal();
      labels[i] = k;
      x[2 * i] = (k === 0 ? -p.separation / 2 : p.separation / 2) + c * u - s * v;
      x[2 * i + 1] = s * u + c * v;
    }
    return { x, labels };
  },
};

export default mechanism;
