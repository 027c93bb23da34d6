/**
 * The population 2-means limit of a 1-D Gaussian mixture, exactly (Bryant & Williamson 1978; Pollard 1981).
 *
 * As n → ∞ the k-means centres converge almost surely to the minimiser of the population within-cluster
 * variance W (Pollard 1981, Ann. Statist. 9:135–140), not to the component means. In 1-D with K = 2 the
 * optimal cells are the half-lines either side of a split point t, the centres are the cell means
 *   c1(t) = E[X | X < t],  c2(t) = E[X | X > t],
 * and, with the centres always set to the cell means, the envelope theorem gives
 *   dW/dt = f(t)·[(t − c1)² − (t − c2)²] = −2 f(t)(c2 − c1)·g(t),  g(t) = (c1(t) + c2(t))/2 − t.
 * So the Lloyd fixed points are exactly the zeros of g: a + → − crossing is a local minimum of W(t), a − → +
 * crossing a local maximum. The limit is the zero with the smallest W.
 *
 * Where the zeros can be: c2(t) ≥ E[X] and, for t < min μ_k, E[X | X < t] > t − σ_max²/(min μ_k − t) (Gordon's
 * bound on the Mills ratio, R(x) > x/(1 + x²), per component), so g(t) > 0 for every t < min μ_k − σ_max; by
 * symmetry g(t) < 0 for t > max μ_k + σ_max. The scan below covers that interval with margin, on a fine grid;
 * every sign change is refined by bisection to adjacent doubles, and local extrema of g that approach zero
 * between grid points are searched too, so a pair of close zeros (born in a saddle-node bifurcation, as
 * happens for very unequal weights) is not missed.
 *
 * Canonical check: 0.5·N(−1,1) + 0.5·N(1,1) has t = 0 and c2 = −c1 = 2Φ(1) − 1 + 2φ(1) = 1.1666309…
 */
import { type Mixture1d, validateMixture1d } from '../mixture/spherical.js';
import { cellMoments, THEORY_RULES } from './mixture.js';
import { standardiseMixture1d } from './standardise.js';

/** One Lloyd fixed point of the population 2-means problem. */
export interface TwoMeansFixedPoint {
  /** The split point t = (c1 + c2)/2. */
  readonly split: number;
  /** c1 < c2. */
  readonly centers: readonly [number, number];
  /** P(X < t), P(X > t). */
  readonly proportions: readonly [number, number];
  /** Population within-cluster variance W(t) = E[min_j (X − c_j)²]. */
  readonly withinVariance: number;
  /** Local minimum or maximum of W along t; 'degenerate' for a double zero of g (a bifurcation point). */
  readonly kind: 'minimum' | 'maximum' | 'degenerate';
}

export interface TwoMeansLimit1d {
  readonly split: number;
  readonly centers: readonly [number, number];
  readonly proportions: readonly [number, number];
  readonly withinVariance: number;
  /** c2 − c1. */
  readonly separation: number;
  /** (c2 − c1) − (μ_max − μ_min) for a two-component mixture (computed from offsets, so exact to rounding even when exponentially small); null otherwise. */
  readonly separationBias: number | null;
  /** Every fixed point found, sorted by split point, the global one included. */
  readonly fixedPoints: readonly TwoMeansFixedPoint[];
  /** Index of the global minimiser in `fixedPoints`. */
  readonly globalIndex: number;
  /** True when the Lloyd fixed point is unique (then it is necessarily the global minimiser). */
  readonly unique: boolean;
}

/** Centres at a split point, with each centre's offset from its reference (smallest / largest component mean). */
interface SplitState {
  readonly offsets: readonly [number, number];
  readonly refs: readonly [number, number];
  readonly centers: readonly [number, number];
  readonly proportions: readonly [number, number];
  readonly withinVariance: number;
}

function splitState(mix: Mixture1d, t: number): SplitState {
  const lowRef = Math.min(...mix.means);
  const highRef = Math.max(...mix.means);
  const left = cellMoments(mix, -Infinity, t, lowRef);
  const right = cellMoments(mix, t, Infinity, highRef);
  return {
    offsets: [left.meanOffset, right.meanOffset],
    refs: [lowRef, highRef],
    centers: [lowRef + left.meanOffset, highRef + right.meanOffset],
    proportions: [left.mass, right.mass],
    withinVariance: left.mass * left.variance + right.mass * right.variance,
  };
}

/** The partition split at t with its centres set to the cell means. */
export interface SplitCenters {
  readonly centers: readonly [number, number];
  readonly proportions: readonly [number, number];
  /** W(t). */
  readonly withinVariance: number;
}

/** The centres (cell means) and within-cluster variance of the partition split at t (e.g. to plot W(t)). */
export function splitCenters(mix: Mixture1d, t: number): SplitCenters {
  const s = splitState(mix, t);
  return { centers: s.centers, proportions: s.proportions, withinVariance: s.withinVariance };
}

/** g(t) = (c1(t) + c2(t))/2 − t; its zeros are the Lloyd fixed points (see the module doc). */
export function fixedPointResidual(mix: Mixture1d, t: number): number {
  const s = splitState(mix, t);
  // Midpoint of the references first, then the (small) offsets: keeps g accurate when the means are far apart.
  return 0.5 * (s.refs[0] + s.refs[1]) - t + 0.5 * (s.offsets[0] + s.offsets[1]);
}

/** Bisection on a bracket [lo, hi] with g(lo) ≥ 0 > g(hi) or the reverse, down to adjacent doubles. */
function bisect(g: (t: number) => number, lo: number, hi: number, gLo: number): number {
  const posLeft = gLo >= 0;
  for (let it = 0; it < 2000; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    const gm = g(mid);
    if (gm >= 0 === posLeft) lo = mid;
    else hi = mid;
  }
  // Both ends are within one ulp; return the one with the smaller residual.
  return Math.abs(g(lo)) <= Math.abs(g(hi)) ? lo : hi;
}

/** Golden-section minimisation of h on [a, b] to relative width ~1e-15. */
function goldenMin(h: (t: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = b - r * (b - a);
  let x2 = a + r * (b - a);
  let f1 = h(x1);
  let f2 = h(x2);
  for (let it = 0; it < 200 && b - a > 1e-15 * (Math.abs(a) + Math.abs(b) + 1e-300); it++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - r * (b - a);
      f1 = h(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + r * (b - a);
      f2 = h(x2);
    }
  }
  return f1 <= f2 ? x1 : x2;
}

export interface TwoMeansOptions {
  /** Grid points of the scan for sign changes of g (default 2000). */
  readonly gridSize?: number;
}

/** All zeros of g in increasing order, each with the sign pattern around it. */
function findZeros(mix: Mixture1d, gridSize: number): { t: number; kind: TwoMeansFixedPoint['kind'] }[] {
  const g = (t: number): number => fixedPointResidual(mix, t);
  let sMax = 0;
  for (const s of mix.sigmas) sMax = Math.max(sMax, s);
  const lo = Math.min(...mix.means) - 1.5 * sMax;
  const hi = Math.max(...mix.means) + 1.5 * sMax;
  const N = Math.max(gridSize, 10);
  const ts = new Float64Array(N + 1);
  const gs = new Float64Array(N + 1);
  for (let i = 0; i <= N; i++) {
    ts[i] = lo + ((hi - lo) * i) / N;
    gs[i] = g(ts[i]);
  }
  const zeros: { t: number; kind: TwoMeansFixedPoint['kind'] }[] = [];
  const pos = (x: number): boolean => x >= 0;
  for (let i = 0; i < N; i++) {
    if (pos(gs[i]) !== pos(gs[i + 1])) {
      zeros.push({ t: bisect(g, ts[i], ts[i + 1], gs[i]), kind: pos(gs[i]) ? 'minimum' : 'maximum' });
    }
    // A local extremum of g between grid points that may dip through zero and back.
    if (i >= 1 && pos(gs[i - 1]) === pos(gs[i]) && pos(gs[i]) === pos(gs[i + 1])) {
      const sgn = pos(gs[i]) ? 1 : -1;
      if (sgn * gs[i] <= sgn * gs[i - 1] && sgn * gs[i] <= sgn * gs[i + 1]) {
        const tStar = goldenMin((t) => sgn * g(t), ts[i - 1], ts[i + 1]);
        const gStar = g(tStar);
        if (gStar === 0) zeros.push({ t: tStar, kind: 'degenerate' });
        else if (pos(gStar) !== pos(gs[i])) {
          const first = bisect(g, ts[i - 1], tStar, gs[i - 1]);
          const second = bisect(g, tStar, ts[i + 1], gStar);
          zeros.push({ t: first, kind: sgn > 0 ? 'minimum' : 'maximum' });
          zeros.push({ t: second, kind: sgn > 0 ? 'maximum' : 'minimum' });
        }
      }
    }
  }
  zeros.sort((a, b) => a.t - b.t);
  // A zero found both by a sign change and an extremum search (when the crossing sits on a grid cell edge) once only.
  return zeros.filter((z, i) => i === 0 || z.t - zeros[i - 1].t > 4 * Number.EPSILON * (Math.abs(z.t) + 1));
}

/**
 * The population 2-means limit of a 1-D mixture: every Lloyd fixed point and the global minimiser of W.
 * Works for any number of mixture components; `separationBias` is defined for two components. Computed on the
 * standardised mixture and mapped back (standardise.ts), so it is location- and scale-equivariant.
 */
export function twoMeansLimit1d(mix: Mixture1d, options: TwoMeansOptions = {}): TwoMeansLimit1d {
  validateMixture1d(mix, THEORY_RULES);
  const std = standardiseMixture1d(mix);
  const r = twoMeansLimit1dStandard(std.mixture, options);
  const at = (z: number): number => std.center + std.scale * z;
  const pair = (c: readonly [number, number]): [number, number] => [at(c[0]), at(c[1])];
  return {
    split: at(r.split),
    centers: pair(r.centers),
    proportions: r.proportions,
    withinVariance: std.scale * std.scale * r.withinVariance,
    separation: std.scale * r.separation,
    separationBias: r.separationBias === null ? null : std.scale * r.separationBias,
    fixedPoints: r.fixedPoints.map((f) => ({
      split: at(f.split),
      centers: pair(f.centers),
      proportions: f.proportions,
      withinVariance: std.scale * std.scale * f.withinVariance,
      kind: f.kind,
    })),
    globalIndex: r.globalIndex,
    unique: r.unique,
  };
}

/**
 * twoMeansLimit1d on a mixture already in standard units (means and σ of order one; standardise.ts): the grid,
 * bisection and tolerances below assume that scale. Used by kmeansLimit.ts, which standardises once itself.
 */
export function twoMeansLimit1dStandard(mix: Mixture1d, options: TwoMeansOptions = {}): TwoMeansLimit1d {
  validateMixture1d(mix, THEORY_RULES);
  const zeros = findZeros(mix, options.gridSize ?? 2000);
  if (zeros.length === 0) throw new Error('twoMeansLimit1d: no fixed point found (g has no zero); this contradicts g(−∞) > 0 > g(∞)');
  const fixedPoints: TwoMeansFixedPoint[] = zeros.map((z) => {
    const s = splitState(mix, z.t);
    return { split: z.t, centers: s.centers, proportions: s.proportions, withinVariance: s.withinVariance, kind: z.kind };
  });
  let globalIndex = -1;
  for (let i = 0; i < fixedPoints.length; i++) {
    if (fixedPoints[i].kind === 'maximum') continue;
    if (globalIndex < 0 || fixedPoints[i].withinVariance < fixedPoints[globalIndex].withinVariance) globalIndex = i;
  }
  const best = splitState(mix, fixedPoints[globalIndex].split);
  const twoComponents = mix.weights.length === 2;
  return {
    split: fixedPoints[globalIndex].split,
    centers: best.centers,
    proportions: best.proportions,
    withinVariance: best.withinVariance,
    separation: best.refs[1] - best.refs[0] + (best.offsets[1] - best.offsets[0]),
    separationBias: twoComponents ? best.offsets[1] - best.offsets[0] : null,
    fixedPoints,
    globalIndex,
    unique: fixedPoints.length === 1,
  };
}
