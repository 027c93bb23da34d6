/**
 * APPROXIMATE population k-means limit by large-sample Monte Carlo, for the cases without an exact reduction
 * (K > 2 clusters, or more than two components, in d > 1; see kmeansLimit.ts for the exact cases).
 *
 * By Pollard's strong consistency (1981) the k-means centres of one sample of size n are within O(n^{−1/2}) of the
 * limit, so the estimate is the average over a few independent samples (`repeats`) of the project's own k-means
 * (Lloyd, k-means++ and restarts; the exact 1-D algorithm when d = 1), each run on n points from the project's
 * sampler. Its Monte Carlo standard error is the sd across repeats/√repeats. Centres are aligned across repeats
 * (least-squares permutation against the first repeat) before averaging. Two caveats that make this
 * approximate, not exact: Lloyd with restarts can miss the global optimum of a sample, and when the
 * population optimum is not unique (e.g. a rotationally symmetric mixture) the average over repeats is not a
 * limit at all — look at the fixed-point structure before trusting it.
 *
 * Layering note: unlike the rest of src/theory this module depends on src/dgm and src/estimators, on purpose —
 * it approximates the limit *of the estimator the studies run*.
 */
import { sampleMixture } from '../dgm/sphericalMixture.js';
import { kmeans, warmUp } from '../estimators/kmeans/kmeans.js';
import { kmeansExact1d } from '../estimators/kmeans/kmeansExact1d.js';
import { createStream } from '../rng/stream.js';
import { hasExactKmeansLimit, type KMeansLimit, kmeansLimit, unstandardiseLimit } from './kmeansLimit.js';
import { type SphericalMixture, validateMixture } from '../mixture/spherical.js';
import { THEORY_RULES } from './mixture.js';
import { standardiseMixture } from './standardise.js';

export interface MonteCarloLimitOptions {
  /** Points per repeat (default 100000). */
  readonly n?: number;
  /** Independent samples (default 5). */
  readonly repeats?: number;
  /** k-means restarts per sample (default 4). */
  readonly restarts?: number;
  /** Master seed (default 'kmeans-limit'). */
  readonly seed?: string | number;
}

/** An invalid Monte Carlo setting: `option` names it (`n`, `repeats`), `detail` says what is wrong. */
export class MonteCarloOptionError extends RangeError {
  constructor(
    readonly option: 'n' | 'repeats',
    readonly detail: string,
  ) {
    super(`kmeansLimitMonteCarlo: ${option} ${detail}`);
    this.name = 'MonteCarloOptionError';
  }
}

function permutations(K: number): number[][] {
  if (K === 1) return [[0]];
  const out: number[][] = [];
  for (const p of permutations(K - 1)) for (let i = 0; i < K; i++) out.push([...p.slice(0, i), K - 1, ...p.slice(i)]);
  return out;
}

/** Reorders `c` (K×d) to best match `ref` in summed squared distance (exhaustive for K ≤ 7, greedy beyond). */
function align(c: number[][], ref: number[][]): number[][] {
  const K = c.length;
  const dist = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, j) => s + (x - b[j]) ** 2, 0);
  if (K <= 7) {
    let best: number[] = [];
    let bestCost = Infinity;
    for (const p of permutations(K)) {
      const cost = p.reduce((s, src, dst) => s + dist(c[src], ref[dst]), 0);
      if (cost < bestCost) {
        bestCost = cost;
        best = p;
      }
    }
    return best.map((src) => c[src]);
  }
  const used = new Set<number>();
  return ref.map((r) => {
    let bi = -1;
    for (let i = 0; i < K; i++) if (!used.has(i) && (bi < 0 || dist(c[i], r) < dist(c[bi], r))) bi = i;
    used.add(bi);
    return c[bi];
  });
}

/** Mean and standard error across repeats. */
function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const R = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / R;
  const v = R > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (R - 1) : NaN;
  return { mean, se: Math.sqrt(v / R) };
}

/**
 * Large-sample Monte Carlo approximation of the k-means limit (method 'monte-carlo', exact: false). The samples
 * are drawn from the standardised mixture and the answer mapped back (standardise.ts), so it does not depend on
 * the units of the mixture beyond rounding.
 */
export function kmeansLimitMonteCarlo(mix: SphericalMixture, K: number = mix.weights.length, options: MonteCarloLimitOptions = {}): KMeansLimit {
  validateMixture(mix, THEORY_RULES);
  const std = standardiseMixture(mix);
  return unstandardiseLimit(monteCarloStandard(std.mixture, K, options), std);
}

/**
 * The k-means limit of any mixture: exact where kmeansLimit.ts has a reduction (`hasExactKmeansLimit`), else the
 * Monte Carlo approximation with `monteCarlo` settings (only then are they used, and only then can they throw a
 * `MonteCarloOptionError`).
 */
export function kmeansLimitExactOrMonteCarlo(mix: SphericalMixture, K: number = mix.weights.length, monteCarlo: MonteCarloLimitOptions = {}): KMeansLimit {
  return hasExactKmeansLimit(mix, K) ? kmeansLimit(mix, K) : kmeansLimitMonteCarlo(mix, K, monteCarlo);
}

function monteCarloStandard(mix: SphericalMixture, K: number, options: MonteCarloLimitOptions): KMeansLimit {
  const { K: M, d } = validateMixture(mix, THEORY_RULES);
  const n = options.n ?? 100000;
  const repeats = options.repeats ?? 5;
  const restarts = options.restarts ?? 4;
  const seed = options.seed ?? 'kmeans-limit';
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`kmeansLimitMonteCarlo: K must be a positive integer (got ${K})`);
  if (!Number.isInteger(n) || n < K) throw new MonteCarloOptionError('n', `must be an integer ≥ K (got ${n})`);
  if (!Number.isInteger(repeats) || repeats < 2) throw new MonteCarloOptionError('repeats', `must be an integer ≥ 2 (got ${repeats})`);
  const spec = { weights: [...mix.weights], means: mix.means.map((m) => [...m]), sigmas: [...mix.sigmas] };
  const runs: { centers: number[][]; proportions: number[]; W: number }[] = [];
  for (let r = 0; r < repeats; r++) {
    const { data } = sampleMixture(spec, n, createStream(seed, 'kmeans-limit-mc', r, 'data'));
    const rng = createStream(seed, 'kmeans-limit-mc', r, 'init');
    warmUp();
    const fit = d === 1 ? kmeansExact1d.fit(data, K, {}, rng) : kmeans.fit(data, K, { restarts }, rng);
    const centers = Array.from({ length: K }, (_, k) => Array.from(fit.means.subarray(k * d, (k + 1) * d)));
    const aligned = runs.length === 0 ? centers : align(centers, runs[0].centers);
    const idx = aligned.map((c) => centers.indexOf(c));
    runs.push({ centers: aligned, proportions: idx.map((k) => fit.weights[k]), W: fit.objective / n });
  }
  const centersStats = Array.from({ length: K }, (_, k) => Array.from({ length: d }, (_, j) => meanSe(runs.map((r) => r.centers[k][j]))));
  // Present the clusters in lexicographic order of their averaged centres (deterministic, readable).
  const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => {
    for (let j = 0; j < d; j++) {
      const diff = centersStats[a][j].mean - centersStats[b][j].mean;
      if (diff !== 0) return diff;
    }
    return 0;
  });
  const centers = order.map((k) => centersStats[k].map((s) => s.mean));
  const centersSe = order.map((k) => centersStats[k].map((s) => s.se));
  const proportions = order.map((k) => meanSe(runs.map((r) => r.proportions[k])).mean);
  const W = meanSe(runs.map((r) => r.W));
  let separation: number | null = null;
  let separationSe: number | null = null;
  let separationBias: number | null = null;
  if (K === 2) {
    const s = meanSe(runs.map((r) => Math.hypot(...r.centers[1].map((x, j) => x - r.centers[0][j]))));
    separation = s.mean;
    separationSe = s.se;
    if (M === 2) separationBias = separation - Math.hypot(...mix.means[1].map((x, j) => x - mix.means[0][j]));
  }
  return {
    K,
    d,
    method: 'monte-carlo',
    exact: false,
    centers,
    proportions,
    withinVariance: W.mean,
    separation,
    separationBias,
    fixedPoints: [],
    unique: null,
    kmeansSd: null,
    monteCarlo: { n, repeats, centersSe, separationSe, withinVarianceSe: W.se },
  };
}
