/**
 * The population k-means limit of a spherical Gaussian mixture: where the k-means centres converge as n → ∞
 * (Pollard 1981, Ann. Statist. 9:135–140: the minimiser of W(c) = E[min_j |X − c_j|²]). This is the entry point;
 * the 1-D work is in twoMeans1d.ts (K = 2, all fixed points, Bryant & Williamson 1978) and populationLloyd1d.ts
 * (K > 2), the sampling sd in kmeansClt.ts (Pollard 1982).
 *
 * Two spherical components in d > 1 dimensions, K = 2: exact reduction to the line through the means.
 * Let u = (μ2 − μ1)/|μ2 − μ1|, m = E X, and describe a 2-means partition by its Voronoi half-space
 * H = {n·x > b} (|n| = 1). The optimal partition is Voronoi with each centre the mean of its cell (Pollard 1981;
 * P has a density), so it is a Lloyd fixed point. For spherical components E[(X − μ_k)1_H] = σ_k φ(z_k) n with
 * z_k = (b − n·μ_k)/σ_k, hence with P_k = P(H | k), p = P(H) and S = Σ_k π_k σ_k φ(z_k),
 *   s := E[(X − m)1_H] = A·|μ2 − μ1|·u + S·n,   A = π1 π2 (P2 − P1),   c_H − c_{H^c} = s/(p(1 − p)),
 * and the between-cluster variance is B = |s|²/(p(1 − p)). A fixed point needs c_H − c_{H^c} ∥ n, i.e. either
 *   (a) n = ±u: the cut is orthogonal to the line, the centres lie on it (E[X⊥ | Y] = 0 by the reflection
 *       symmetry about the line — this holds for unequal σ_k too), and W = W_1D(projected mixture) + (d − 1)Σπ_kσ_k²;
 *   (b) A = 0, i.e. P1 = P2, z1 = z2 = z: the cut does not discriminate the components. Then
 *       B = σ̄² φ(z)²/(Φ(z)Q(z)) ≤ (2/π) σ̄², σ̄ = Σ π_k σ_k, with equality for the cut through m orthogonal to u
 *       (itself a fixed point: "split the noise" in a direction perpendicular to the line).
 * So the global minimiser is the best of the 1-D solution along the line and the perpendicular split, decided
 * by comparing B_1D with (2/π)σ̄² — computed below, not assumed. The argument uses only sphericity and the
 * reflection symmetry, so it covers equal and unequal σ_k; for equal σ the orthogonal coordinates are moreover
 * independent N(0, σ²) noise. In every case tried the line solution wins strictly when μ1 ≠ μ2 (at μ1 = μ2 the
 * two coincide and the direction is not identified). Beyond two components, or K > 2, in d > 1 there is no such
 * reduction and kmeansLimitMonteCarlo.ts gives a labelled large-sample approximation.
 */
import { kmeansSeparationSdStandard } from './kmeansClt.js';
import { type Mixture1d, type SphericalMixture, validateMixture } from '../mixture/spherical.js';
import { mixtureVariance, projectMixture, THEORY_RULES } from './mixture.js';
import { populationLloyd1dStandard, type PopulationLloydOptions } from './populationLloyd1d.js';
import { standardiseMixture, unstandardisePoint } from './standardise.js';
import { twoMeansLimit1dStandard, type TwoMeansOptions } from './twoMeans1d.js';

/** A population Lloyd fixed point in d dimensions. */
export interface KMeansLimitFixedPoint {
  /** K×d. */
  readonly centers: number[][];
  readonly proportions: number[];
  /** W = E[min_j |X − c_j|²] (summed over the d coordinates). */
  readonly withinVariance: number;
  /** Local minimum / maximum of W along the 1-D family, 'degenerate' (double zero), 'saddle' (the perpendicular split in d > 1), 'local-minimum' (K > 2). */
  readonly kind: 'minimum' | 'maximum' | 'degenerate' | 'saddle' | 'local-minimum';
  /** The global minimiser. */
  readonly global: boolean;
}

export interface KMeansLimit {
  readonly K: number;
  readonly d: number;
  /** How it was computed; only 'monte-carlo' is approximate. */
  readonly method: 'exact-two-means' | 'population-lloyd' | 'closed-form' | 'monte-carlo';
  readonly exact: boolean;
  /** K×d limit centres (sorted along the line / coordinate in the exact cases). */
  readonly centers: number[][];
  readonly proportions: number[];
  readonly withinVariance: number;
  /** |c2 − c1| for K = 2; null otherwise. */
  readonly separation: number | null;
  /** separation − |μ2 − μ1| for K = 2 clusters of a two-component mixture; null otherwise. Not always positive. */
  readonly separationBias: number | null;
  /** Every fixed point found (K = 2: all Lloyd fixed points on the line, plus the perpendicular split in d > 1; K > 2: the distinct local minima reached). */
  readonly fixedPoints: KMeansLimitFixedPoint[];
  /**
   * K = 2: the global minimiser is the only Lloyd fixed point (in d > 1: the only one on the line and strictly
   * better than the perpendicular split, which is always a fixed point there and is listed but not counted).
   * K > 2: the only local minimum reached from all starts. null for the Monte Carlo approximation (unknown).
   */
  readonly unique: boolean | null;
  /** Pollard-CLT asymptotic sd of the k-means separation (sd ≈ kmeansSd/√n), K = 2 exact cases; null otherwise. */
  readonly kmeansSd: number | null;
  /** Monte Carlo standard errors when method = 'monte-carlo'. */
  readonly monteCarlo?: {
    readonly n: number;
    readonly repeats: number;
    readonly centersSe: number[][];
    readonly separationSe: number | null;
    readonly withinVarianceSe: number;
  };
}

export interface KMeansLimitOptions {
  readonly twoMeans?: TwoMeansOptions;
  readonly lloyd?: PopulationLloydOptions;
}

function axpy(base: readonly number[], t: number, u: readonly number[]): number[] {
  return base.map((x, j) => x + t * u[j]);
}

/**
 * Whether `kmeansLimit` has an exact answer for K clusters of this mixture: in d = 1 (any K), K = 1 (the mean),
 * or K = 2 clusters of at most two components (the line through the means). Elsewhere only the Monte Carlo
 * approximation exists (kmeansLimitMonteCarlo.ts; `kmeansLimitExactOrMonteCarlo` chooses by this rule).
 */
export function hasExactKmeansLimit(mix: SphericalMixture, K: number): boolean {
  const { K: M, d } = validateMixture(mix, THEORY_RULES);
  return d === 1 || K === 1 || (K === 2 && M <= 2);
}

/**
 * Exact limit for d = 1, or two components in d ≥ 1 with K = 2 (via the line). Throws for the Monte Carlo cases.
 * Computed on the standardised mixture and mapped back (standardise.ts): location- and scale-equivariant.
 */
export function kmeansLimit(mix: SphericalMixture, K: number = mix.weights.length, options: KMeansLimitOptions = {}): KMeansLimit {
  validateMixture(mix, THEORY_RULES);
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`kmeansLimit: K must be a positive integer (got ${K})`);
  const std = standardiseMixture(mix);
  return unstandardiseLimit(kmeansLimitStandard(std.mixture, K, options), std);
}

/** A limit computed in standard units, in the original ones: points c + s·z, lengths s·z, variances s²·z. */
export function unstandardiseLimit(r: KMeansLimit, std: Parameters<typeof unstandardisePoint>[1]): KMeansLimit {
  const s = std.scale;
  const len = (x: number | null): number | null => (x === null ? null : s * x);
  const points = (cs: readonly (readonly number[])[]): number[][] => cs.map((c) => unstandardisePoint(c, std));
  return {
    ...r,
    centers: points(r.centers),
    withinVariance: s * s * r.withinVariance,
    separation: len(r.separation),
    separationBias: len(r.separationBias),
    fixedPoints: r.fixedPoints.map((f) => ({ ...f, centers: points(f.centers), withinVariance: s * s * f.withinVariance })),
    kmeansSd: len(r.kmeansSd),
    ...(r.monteCarlo === undefined
      ? {}
      : {
          monteCarlo: {
            ...r.monteCarlo,
            centersSe: r.monteCarlo.centersSe.map((row) => row.map((x) => s * x)),
            separationSe: len(r.monteCarlo.separationSe),
            withinVarianceSe: s * s * r.monteCarlo.withinVarianceSe,
          },
        }),
  };
}

/** kmeansLimit of a mixture already in standard units. */
function kmeansLimitStandard(mix: SphericalMixture, K: number, options: KMeansLimitOptions): KMeansLimit {
  const { K: M, d } = validateMixture(mix, THEORY_RULES);
  if (!hasExactKmeansLimit(mix, K)) {
    throw new RangeError(`kmeansLimit: no exact reduction for K = ${K} clusters of ${M} components in d = ${d}; use kmeansLimitMonteCarlo`);
  }
  if (d === 1) return limit1d({ weights: mix.weights, means: mix.means.map((m) => m[0]), sigmas: mix.sigmas }, K, options);
  if (K === 1) {
    const c = mix.means[0].map((_, j) => mix.weights.reduce((s, w, k) => s + w * mix.means[k][j], 0));
    const W = mix.weights.reduce((s, w, k) => s + w * (d * mix.sigmas[k] ** 2 + mix.means[k].reduce((a, x, j) => a + (x - c[j]) ** 2, 0)), 0);
    const fp: KMeansLimitFixedPoint = { centers: [c], proportions: [1], withinVariance: W, kind: 'minimum', global: true };
    return { K, d, method: 'closed-form', exact: true, centers: [c], proportions: [1], withinVariance: W, separation: null, separationBias: null, fixedPoints: [fp], unique: true, kmeansSd: null };
  }
  return twoMeansOnLine(mix, d, options); // K = 2 clusters of two components
}

function limit1d(mix: Mixture1d, K: number, options: KMeansLimitOptions): KMeansLimit {
  if (K === 2) {
    const r = twoMeansLimit1dStandard(mix, options.twoMeans);
    const fixedPoints = r.fixedPoints.map((f, i) => ({
      centers: f.centers.map((c) => [c]),
      proportions: [...f.proportions],
      withinVariance: f.withinVariance,
      kind: f.kind,
      global: i === r.globalIndex,
    }));
    return {
      K,
      d: 1,
      method: 'exact-two-means',
      exact: true,
      centers: r.centers.map((c) => [c]),
      proportions: [...r.proportions],
      withinVariance: r.withinVariance,
      separation: r.separation,
      separationBias: r.separationBias,
      fixedPoints,
      unique: r.unique,
      kmeansSd: kmeansSeparationSdStandard(mix, r.centers),
    };
  }
  const r = populationLloyd1dStandard(mix, K, { extraStarts: mix.weights.length === K ? [[...mix.means].sort((a, b) => a - b)] : [], ...options.lloyd });
  const fixedPoints = r.localMinima.map((f, i) => ({
    centers: f.centers.map((c) => [c]),
    proportions: [...f.proportions],
    withinVariance: f.withinVariance,
    kind: 'local-minimum' as const,
    global: i === 0,
  }));
  return {
    K,
    d: 1,
    method: 'population-lloyd',
    exact: true,
    centers: r.centers.map((c) => [c]),
    proportions: [...r.proportions],
    withinVariance: r.withinVariance,
    separation: null,
    separationBias: null,
    fixedPoints,
    unique: r.localMinima.length === 1,
    kmeansSd: null,
  };
}

/** Two components (or one), K = 2, d > 1: the 1-D solution along the line versus the perpendicular split. */
function twoMeansOnLine(mix: SphericalMixture, d: number, options: KMeansLimitOptions): KMeansLimit {
  const M = mix.weights.length;
  const mu1 = mix.means[0];
  const mu2 = mix.means[M - 1];
  const diff = mu2.map((x, j) => x - mu1[j]);
  const dist = Math.hypot(...diff);
  // With μ1 = μ2 every direction is equivalent; take the first axis (and report non-uniqueness below).
  const u = dist > 0 ? diff.map((x) => x / dist) : mu1.map((_, j) => (j === 0 ? 1 : 0));
  // A unit vector orthogonal to u, for the perpendicular split.
  const j0 = u.reduce((best, x, j) => (Math.abs(x) < Math.abs(u[best]) ? j : best), 0);
  const e: number[] = u.map((_, j) => (j === j0 ? 1 : 0));
  const proj = e.reduce((s, x, j) => s + x * u[j], 0);
  const vRaw = e.map((x, j) => x - proj * u[j]);
  const vNorm = Math.hypot(...vRaw);
  const v = vRaw.map((x) => x / vNorm);

  const line = projectMixture(mix, u);
  const r = twoMeansLimit1dStandard(line, options.twoMeans);
  const orthVar = (d - 1) * mix.weights.reduce((s, w, k) => s + w * mix.sigmas[k] ** 2, 0);
  // Points on the line: base + (coordinate along u − u·base)·u, base = μ1.
  const uBase = mu1.reduce((s, x, j) => s + x * u[j], 0);
  const lift = (c: number): number[] => axpy(mu1, c - uBase, u);

  const fixedPoints: KMeansLimitFixedPoint[] = r.fixedPoints.map((f, i) => ({
    centers: f.centers.map(lift),
    proportions: [...f.proportions],
    withinVariance: f.withinVariance + orthVar,
    kind: f.kind,
    global: i === r.globalIndex,
  }));
  // The perpendicular split: centres m ± σ̄√(2/π)·v, W = total variance − (2/π)σ̄².
  const sigmaBar = mix.weights.reduce((s, w, k) => s + w * mix.sigmas[k], 0);
  const m = mu1.map((_, j) => mix.weights.reduce((s, w, k) => s + w * mix.means[k][j], 0));
  const half = sigmaBar * Math.sqrt(2 / Math.PI);
  const wPerp = mixtureVariance(line) + orthVar - (2 / Math.PI) * sigmaBar * sigmaBar;
  const lineW = r.withinVariance + orthVar;
  const perpWins = wPerp < lineW;
  const tie = Math.abs(wPerp - lineW) <= 1e-12 * lineW;
  const perp: KMeansLimitFixedPoint = {
    centers: [axpy(m, -half, v), axpy(m, half, v)],
    proportions: [0.5, 0.5],
    withinVariance: wPerp,
    kind: perpWins || tie ? 'minimum' : 'saddle',
    global: perpWins,
  };
  if (perpWins) for (const f of fixedPoints) (f as { global: boolean }).global = false;
  fixedPoints.push(perp);
  const twoComponents = M === 2;
  if (perpWins) {
    return {
      K: 2,
      d,
      method: 'exact-two-means',
      exact: true,
      centers: perp.centers,
      proportions: perp.proportions,
      withinVariance: wPerp,
      separation: 2 * half,
      separationBias: twoComponents ? 2 * half - dist : null,
      fixedPoints,
      unique: false,
      kmeansSd: null,
    };
  }
  return {
    K: 2,
    d,
    method: 'exact-two-means',
    exact: true,
    centers: r.centers.map(lift),
    proportions: [...r.proportions],
    withinVariance: lineW,
    separation: r.separation,
    separationBias: r.separationBias,
    fixedPoints,
    // The perpendicular split is always a fixed point in d > 1, so "unique" here means: unique on the line
    // and strictly better than the perpendicular split.
    unique: r.unique && !tie,
    kmeansSd: tie ? null : kmeansSeparationSdStandard(line, r.centers),
  };
}
