/**
 * The population K-means limit of a 1-D Gaussian mixture for any K, by Lloyd's algorithm run on the
 * distribution itself rather than on a sample (population Lloyd; Pollard 1981 for why this is the limit).
 *
 * In 1-D the Voronoi cells of sorted centres c_1 < … < c_K are the intervals between the midpoints
 * t_j = (c_j + c_{j+1})/2, so one Lloyd step c_j ← E[X | t_{j−1} < X < t_j] is a finite sum of truncated-normal
 * means — exact, no sampling. Lloyd only finds local minima, so several starts are run (mixture quantiles at
 * (j − ½)/K, plus seeded random quantile sets) and the lowest W wins; the distinct local minima are reported.
 *
 * Each run does Lloyd steps until they are small and then Newton steps on ∇W = 0 with the exact Hessian
 * (see kmeansClt.ts; it includes the moving-boundary terms −(c_{j+1} − c_j) f(t_j)/2), falling back to a Lloyd
 * step whenever Newton would not decrease W. Lloyd alone converges linearly and slowly when clusters overlap;
 * Newton brings the centres to rounding level. The Lloyd step is computed as an offset from the current centre,
 * so the gradient ∇_j W = −2 P_j · offset_j is obtained to full relative precision near the fixed point.
 */
import { kmeansHessian1d } from './kmeansClt.js';
import { type Mixture1d, validateMixture1d } from '../mixture/spherical.js';
import { cellMoments, mixtureQuantile, THEORY_RULES } from './mixture.js';
import { standardiseMixture1d } from './standardise.js';

/** A stationary point of the population K-means objective (a population Lloyd fixed point). */
export interface KMeansFixedPoint1d {
  /** Sorted centres. */
  readonly centers: readonly number[];
  /** The K − 1 cell boundaries (midpoints of consecutive centres). */
  readonly boundaries: readonly number[];
  /** Cell probabilities. */
  readonly proportions: readonly number[];
  /** W = E[min_j (X − c_j)²]. */
  readonly withinVariance: number;
}

export interface PopulationLloydResult extends KMeansFixedPoint1d {
  /** The distinct local minima reached from all starts, best first (the first equals the global result). */
  readonly localMinima: readonly KMeansFixedPoint1d[];
  /** Number of starts run. */
  readonly starts: number;
  /** Every start reached a fixed point (largest Lloyd/Newton step below tolerance). */
  readonly converged: boolean;
}

export interface PopulationLloydOptions {
  /** Random starts in addition to the quantile start (default 20). */
  readonly randomStarts?: number;
  /** Seed of the random starts (default 1), so results are reproducible. */
  readonly seed?: number;
  /** Extra deterministic starts (sorted centres), e.g. component means. */
  readonly extraStarts?: readonly (readonly number[])[];
  /** Maximum Lloyd iterations per start (default 100000). */
  readonly maxIter?: number;
}

/** The Voronoi cells of sorted centres. */
export interface CentreCells {
  /** Midpoints between consecutive centres. */
  readonly boundaries: number[];
  /** Cell probabilities. */
  readonly mass: number[];
  /** Cell mean minus centre: the Lloyd step, and −∇_j W/(2P_j). */
  readonly offset: number[];
  /** W of these centres. */
  readonly withinVariance: number;
}

/** Cells of sorted centres: boundaries, masses, offsets of the cell means from the centres, and W. */
export function cellsOfCenters(mix: Mixture1d, centers: readonly number[]): CentreCells {
  const K = centers.length;
  const boundaries: number[] = [];
  for (let j = 0; j + 1 < K; j++) boundaries.push(0.5 * (centers[j] + centers[j + 1]));
  const mass: number[] = [];
  const offset: number[] = [];
  let W = 0;
  for (let j = 0; j < K; j++) {
    const lo = j === 0 ? -Infinity : boundaries[j - 1];
    const hi = j === K - 1 ? Infinity : boundaries[j];
    const m = cellMoments(mix, lo, hi, centers[j]);
    mass.push(m.mass);
    offset.push(m.meanOffset);
    // E[(X − c_j)² ; cell j] = P_j (Var_j + (m_j − c_j)²).
    W += m.mass * (m.variance + m.meanOffset * m.meanOffset);
  }
  return { boundaries, mass, offset, withinVariance: W };
}

/** Population within-cluster variance W(c) of arbitrary centres (sorted internally): E[min_j (X − c_j)²]. */
export function populationWithinVariance(mix: Mixture1d, centers: readonly number[]): number {
  return cellsOfCenters(
    mix,
    [...centers].sort((a, b) => a - b),
  ).withinVariance;
}

/** Solves the tridiagonal system (diag, off) x = rhs (symmetric, off[j] couples j and j+1); null if singular. */
function solveTridiagonal(diag: readonly number[], off: readonly number[], rhs: readonly number[]): number[] | null {
  const K = diag.length;
  const c = new Array<number>(K).fill(0);
  const d = new Array<number>(K).fill(0);
  let denom = diag[0];
  if (denom === 0) return null;
  c[0] = K > 1 ? off[0] / denom : 0;
  d[0] = rhs[0] / denom;
  for (let j = 1; j < K; j++) {
    denom = diag[j] - off[j - 1] * c[j - 1];
    if (denom === 0 || !Number.isFinite(denom)) return null;
    c[j] = j < K - 1 ? off[j] / denom : 0;
    d[j] = (rhs[j] - off[j - 1] * d[j - 1]) / denom;
  }
  const x = new Array<number>(K);
  x[K - 1] = d[K - 1];
  for (let j = K - 2; j >= 0; j--) x[j] = d[j] - c[j] * x[j + 1];
  return x;
}

function isStrictlySorted(c: readonly number[]): boolean {
  for (let j = 1; j < c.length; j++) if (!(c[j] > c[j - 1])) return false;
  return true;
}

/** Runs Lloyd + Newton from one start; returns the fixed point and whether it converged. */
export function populationLloydFrom(
  mix: Mixture1d,
  start: readonly number[],
  maxIter = 100000,
): KMeansFixedPoint1d & { converged: boolean; iterations: number } {
  let c = [...start].sort((a, b) => a - b);
  if (!isStrictlySorted(c)) throw new RangeError('populationLloydFrom: start centres must be distinct');
  let scale = 0;
  for (const s of mix.sigmas) scale = Math.max(scale, s);
  const tolLloyd = 1e-9 * scale;
  const tolFinal = 8 * Number.EPSILON * (scale + Math.max(...c.map(Math.abs)));
  let cells = cellsOfCenters(mix, c);
  let it = 0;
  for (; it < maxIter; it++) {
    const step = Math.max(...cells.offset.map(Math.abs));
    if (step <= tolLloyd) break;
    c = c.map((x, j) => x + cells.offset[j]);
    cells = cellsOfCenters(mix, c);
  }
  let converged = false;
  for (let nt = 0; nt < 100; nt++, it++) {
    const lloydStep = Math.max(...cells.offset.map(Math.abs));
    if (lloydStep <= tolFinal) {
      converged = true;
      break;
    }
    const H = kmeansHessian1d(mix, c);
    // ∇_j W = 2 P_j (c_j − m_j) = −2 P_j offset_j.
    const rhs = cells.mass.map((P, j) => 2 * P * cells.offset[j]);
    const delta = solveTridiagonal(H.diagonal, H.offDiagonal, rhs);
    let next: number[] | null = delta ? c.map((x, j) => x + delta[j]) : null;
    if (next && isStrictlySorted(next)) {
      const nc = cellsOfCenters(mix, next);
      if (nc.withinVariance <= cells.withinVariance || Math.max(...nc.offset.map(Math.abs)) < lloydStep) {
        c = next;
        cells = nc;
        continue;
      }
    }
    next = c.map((x, j) => x + cells.offset[j]);
    const prev = c;
    c = next;
    cells = cellsOfCenters(mix, c);
    if (c.every((x, j) => x === prev[j])) {
      converged = true;
      break;
    }
  }
  return {
    centers: c,
    boundaries: cells.boundaries,
    proportions: cells.mass,
    withinVariance: cells.withinVariance,
    converged,
    iterations: it,
  };
}

/** splitmix32: a tiny self-contained PRNG so the theory module's random starts need no rng stream. */
function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return (z + 0.5) / 4294967296;
  };
}

/**
 * The global population K-means minimiser over several starts (see the module doc). Computed on the
 * standardised mixture and mapped back (standardise.ts), so it is location- and scale-equivariant; `extraStarts`
 * are given in the original units.
 */
export function populationLloyd1d(mix: Mixture1d, K: number, options: PopulationLloydOptions = {}): PopulationLloydResult {
  validateMixture1d(mix, THEORY_RULES);
  const std = standardiseMixture1d(mix);
  const toZ = (x: number): number => (x - std.center) / std.scale;
  const r = populationLloyd1dStandard(std.mixture, K, { ...options, extraStarts: options.extraStarts?.map((s) => s.map(toZ)) });
  const at = (z: number): number => std.center + std.scale * z;
  const back = (f: KMeansFixedPoint1d): KMeansFixedPoint1d => ({
    centers: f.centers.map(at),
    boundaries: f.boundaries.map(at),
    proportions: f.proportions,
    withinVariance: std.scale * std.scale * f.withinVariance,
  });
  return { ...back(r), localMinima: r.localMinima.map(back), starts: r.starts, converged: r.converged };
}

/** populationLloyd1d on a mixture already in standard units (standardise.ts); used by kmeansLimit.ts. */
export function populationLloyd1dStandard(mix: Mixture1d, K: number, options: PopulationLloydOptions = {}): PopulationLloydResult {
  validateMixture1d(mix, THEORY_RULES);
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`populationLloyd1d: K must be a positive integer (got ${K})`);
  if (K === 1) {
    const m = cellMoments(mix, -Infinity, Infinity, 0);
    const fp: KMeansFixedPoint1d = { centers: [m.meanOffset], boundaries: [], proportions: [1], withinVariance: m.variance };
    return { ...fp, localMinima: [fp], starts: 1, converged: true };
  }
  const starts: number[][] = [];
  starts.push(Array.from({ length: K }, (_, j) => mixtureQuantile(mix, (j + 0.5) / K)));
  for (const s of options.extraStarts ?? []) {
    if (s.length === K && isStrictlySorted([...s].sort((a, b) => a - b))) starts.push([...s]);
  }
  const rand = splitmix32(options.seed ?? 1);
  const nRandom = options.randomStarts ?? 20;
  for (let r = 0; r < nRandom; r++) {
    const ps = Array.from({ length: K }, () => rand()).sort((a, b) => a - b);
    const s = ps.map((p) => mixtureQuantile(mix, p));
    if (isStrictlySorted(s)) starts.push(s);
  }
  const found: KMeansFixedPoint1d[] = [];
  let converged = true;
  let scale = 0;
  for (const s of mix.sigmas) scale = Math.max(scale, s);
  for (const s of starts) {
    const r = populationLloydFrom(mix, s, options.maxIter);
    converged &&= r.converged;
    const fp: KMeansFixedPoint1d = { centers: r.centers, boundaries: r.boundaries, proportions: r.proportions, withinVariance: r.withinVariance };
    if (!found.some((f) => f.centers.every((x, j) => Math.abs(x - fp.centers[j]) <= 1e-8 * scale))) found.push(fp);
  }
  found.sort((a, b) => a.withinVariance - b.withinVariance);
  return { ...found[0], localMinima: found, starts: starts.length, converged };
}
