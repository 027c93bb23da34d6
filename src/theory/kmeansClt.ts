/**
 * The sampling distribution of the k-means centres around their population limit (Pollard 1982, "A central
 * limit theorem for k-means clustering", Ann. Probab. 10:919–926), made explicit for 1-D Gaussian mixtures.
 *
 * Pollard: if the population objective W(c) = E[min_j (X − c_j)²] has a unique minimiser c* with positive
 * definite Hessian H, then √n(ĉ_n − c*) → N(0, H⁻¹ V H⁻¹), where V is the covariance of the per-point
 * gradient ψ_j(x) = −2(x − c_j)·1{x ∈ cell j}. For sorted 1-D centres with boundaries t_j = (c_j + c_{j+1})/2,
 * cell probabilities P_j and mixture density f, differentiating ∇_j W = −2∫_{t_{j−1}}^{t_j} (x − c_j) f(x) dx
 * (each boundary moves by ½ per unit move of either neighbouring centre) gives
 *   H_jj     = 2P_j − ½(c_{j+1} − c_j) f(t_j) − ½(c_j − c_{j−1}) f(t_{j−1}),
 *   H_j,j+1  = −½(c_{j+1} − c_j) f(t_j),
 * i.e. 2·diag(P) minus the boundary terms that a naive "the cells are fixed" calculation would omit. The cells
 * are disjoint, so V is diagonal: V_jj = 4 E[(X − c_j)² 1{cell j}] − (E ψ_j)², and E ψ = 0 at a fixed point.
 * For K = 2 the separation c2 − c1 then has asymptotic sd √(aᵀΣa), a = (−1, 1): the k-means analogue of the
 * MLE's sd∞, so that its RMSE about the *limit* (not the truth) is ≈ sd/√n.
 *
 * In d > 1 with two spherical components and the line solution (kmeansLimit.ts), the Hessian and V are block
 * diagonal between the coordinates along the line and those orthogonal to it (reflection symmetry), and the
 * along-line block is the 1-D one for the projected mixture (the boundary hyperplane integral of f is the
 * projected density), so the same sd applies to the separation in d dimensions.
 */
import type { Mixture1d } from '../mixture/spherical.js';
import { cellMoments, mixturePdf } from './mixture.js';
import { standardiseMixture1d } from './standardise.js';

/** The tridiagonal Hessian of W at sorted centres, with the moving-boundary terms. */
export function kmeansHessian1d(mix: Mixture1d, centers: readonly number[]): { diagonal: number[]; offDiagonal: number[] } {
  const K = centers.length;
  const diagonal: number[] = [];
  const offDiagonal: number[] = [];
  const boundaryTerm: number[] = [];
  for (let j = 0; j + 1 < K; j++) {
    const D = centers[j + 1] - centers[j];
    boundaryTerm.push(0.5 * D * mixturePdf(mix, 0.5 * (centers[j] + centers[j + 1])));
  }
  for (let j = 0; j < K; j++) {
    const lo = j === 0 ? -Infinity : 0.5 * (centers[j - 1] + centers[j]);
    const hi = j === K - 1 ? Infinity : 0.5 * (centers[j] + centers[j + 1]);
    const P = cellMoments(mix, lo, hi, centers[j]).mass;
    diagonal.push(2 * P - (j < K - 1 ? boundaryTerm[j] : 0) - (j > 0 ? boundaryTerm[j - 1] : 0));
    if (j < K - 1) offDiagonal.push(-boundaryTerm[j]);
  }
  return { diagonal, offDiagonal };
}

/** Inverse of a small dense symmetric positive definite matrix by Gauss–Jordan with partial pivoting. */
function invert(A: readonly (readonly number[])[]): number[][] {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r][col]) > Math.abs(M[piv][col])) piv = r;
    if (M[piv][col] === 0) throw new RangeError('kmeansClt: singular Hessian (the limit is not a strict local minimum)');
    [M[col], M[piv]] = [M[piv], M[col]];
    const p = M[col][col];
    for (let j = 0; j < 2 * n; j++) M[col][j] /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = M[r][col];
      if (f !== 0) for (let j = 0; j < 2 * n; j++) M[r][j] -= f * M[col][j];
    }
  }
  return M.map((row) => row.slice(n));
}

export interface KMeansClt1d {
  /** H, K×K. */
  readonly hessian: number[][];
  /** V = Cov ψ(X), K×K (diagonal). */
  readonly gradientCovariance: number[][];
  /** Σ = H⁻¹ V H⁻¹: the asymptotic covariance of √n(ĉ_n − c*). */
  readonly covariance: number[][];
}

/**
 * Pollard's asymptotic covariance of the k-means centres at sorted population centres `centers`. Computed in
 * standard units (standardise.ts) and mapped back: H is dimensionless, V and Σ scale with the variance.
 */
export function kmeansCltCovariance1d(mix: Mixture1d, centers: readonly number[]): KMeansClt1d {
  const std = standardiseMixture1d(mix);
  const r = kmeansCltCovariance1dStandard(
    std.mixture,
    centers.map((c) => (c - std.center) / std.scale),
  );
  const s2 = std.scale * std.scale;
  return { hessian: r.hessian, gradientCovariance: r.gradientCovariance.map((row) => row.map((x) => s2 * x)), covariance: r.covariance.map((row) => row.map((x) => s2 * x)) };
}

/** kmeansCltCovariance1d for a mixture and centres already in standard units. */
function kmeansCltCovariance1dStandard(mix: Mixture1d, centers: readonly number[]): KMeansClt1d {
  const K = centers.length;
  const { diagonal, offDiagonal } = kmeansHessian1d(mix, centers);
  const H = Array.from({ length: K }, (_, i) =>
    Array.from({ length: K }, (_, j) => (i === j ? diagonal[i] : j === i + 1 ? offDiagonal[i] : i === j + 1 ? offDiagonal[j] : 0)),
  );
  // Cells are disjoint, so E[ψ_i ψ_j] = 0 for i ≠ j and V = diag(E ψ_j²) − (E ψ)(E ψ)ᵀ; E ψ = 0 at a fixed point.
  const second: number[] = [];
  const meanGradient: number[] = [];
  for (let j = 0; j < K; j++) {
    const lo = j === 0 ? -Infinity : 0.5 * (centers[j - 1] + centers[j]);
    const hi = j === K - 1 ? Infinity : 0.5 * (centers[j] + centers[j + 1]);
    const m = cellMoments(mix, lo, hi, centers[j]);
    second.push(4 * m.mass * (m.variance + m.meanOffset * m.meanOffset)); // 4 E[(X − c_j)² ; cell j]
    meanGradient.push(-2 * m.mass * m.meanOffset);
  }
  const V = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === j ? second[i] : 0) - meanGradient[i] * meanGradient[j]));
  const Hi = invert(H);
  const HiV = Hi.map((row) => Array.from({ length: K }, (_, j) => row.reduce((s, x, l) => s + x * V[l][j], 0)));
  const covariance = HiV.map((row) => Array.from({ length: K }, (_, j) => row.reduce((s, x, l) => s + x * Hi[l][j], 0)));
  return { hessian: H, gradientCovariance: V, covariance };
}

/**
 * Asymptotic sd of the k-means separation c2 − c1 (K = 2): sd(ĉ2 − ĉ1) ≈ this/√n. `centers` must be the
 * population limit (see twoMeansLimit1d).
 */
export function kmeansSeparationSd(mix: Mixture1d, centers: readonly [number, number] | readonly number[]): number {
  if (centers.length !== 2) throw new RangeError(`kmeansSeparationSd: needs K = 2 centres (got ${centers.length})`);
  const std = standardiseMixture1d(mix);
  return (
    std.scale *
    kmeansSeparationSdStandard(
      std.mixture,
      centers.map((c) => (c - std.center) / std.scale),
    )
  );
}

/** kmeansSeparationSd for a mixture and centres already in standard units (standardise.ts); used by kmeansLimit.ts. */
export function kmeansSeparationSdStandard(mix: Mixture1d, centers: readonly number[]): number {
  if (centers.length !== 2) throw new RangeError(`kmeansSeparationSd: needs K = 2 centres (got ${centers.length})`);
  const { covariance: S } = kmeansCltCovariance1dStandard(mix, [...centers].sort((a, b) => a - b));
  return Math.sqrt(S[0][0] + S[1][1] - 2 * S[0][1]);
}
