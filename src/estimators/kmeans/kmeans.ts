/**
 * k-means by Lloyd's algorithm (Lloyd 1982) with greedy k-means++ seeding (Arthur & Vassilvitskii 2007) or K
 * distinct random points, and restarts (lowest inertia wins), following scikit-learn's KMeans so the study
 * measures the estimator practitioners actually use. The kernels live in lloyd.ts.
 *
 * Conventions (why they matter for the study):
 * - Stopping: the largest squared centre movement ≤ tol · (mean per-coordinate data variance), so `tol` is
 *   scale-free; an unchanged partition gives exactly zero movement (see lloyd.ts).
 * - The returned objective is recomputed from the returned centres after the last update, so
 *   `objective` is exactly the inertia of `means`, and `weights` are the proportions of that partition.
 * - Empty clusters are repaired by moving the centre to the point farthest from its centre; when no point can
 *   be moved (fewer distinct points than K) the fit is returned with status 'empty-cluster', never thrown.
 * - `iterations`, `converged` and `status` describe the winning restart (as scikit-learn's n_iter_).
 * - `search` records that the fit is not known to be the global optimum (Lloyd finds local ones; the
 *   Bryant & Williamson limit is that of the global minimiser), the number of restarts, and how many of them
 *   ended within RESTART_TIE_RTOL of the best inertia: fewer than all means a single start would have missed it.
 * - `restarts` defaults to 1, as scikit-learn's n_init for k-means++ (since 1.4) and R's nstart. Defaults are not
 *   written into a config, so changing one would change the results of configs that omit it under the same config
 *   hash; instead every fit records its search and the report warns about single-start configs
 *   (src/report/narrative.ts optimumSentence; bench/lloydStarts.ts measures the effect).
 * - All randomness comes from `rng`; restarts draw from it in sequence, so a fit is a function of the stream.
 * - d = 1, K = 2 with n ≥ INDEX_MIN_N (the canonical study) runs on the value index of lloyd1d.ts: the same
 *   seeds, partitions and stopping decisions, with O(1 bucket) Lloyd passes instead of O(n) ones.
 */
import type { Dataset, Fit, FitSearch, FitStatus, Rng } from '../../types.js';
import { startsText, withDefaults, type EstimatorDescriptor, type OptionsSpecFor } from '../descriptor.js';
import { isBetterStart } from '../restarts.js';
import { validateInput } from '../validateInput.js';
import { seedPlusPlus } from './kmeansPlusPlus.js';
import { buildValueIndex, INDEX_MIN_N, primeIndexedSeeding, seedPlusPlusIndexed } from './lloyd1d.js';
import {
  accumulate,
  assignNearest,
  createLloydWork,
  finalInertia,
  firstEmpty,
  inertiaOfLabels,
  repairEmpty,
  sameCentres,
  updateCentres,
  type LloydWork,
} from './lloyd.js';
import { boundedAccumulate, boundedFinalInertia, createLloydBounds, type LloydBounds } from './lloydBounds.js';
import { kmeansCovariance } from './pollardCovariance.js';

export { assignNearest };

/** Lloyd's algorithm (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007). */
export interface KMeansOptions {
  init?: 'kmeans++' | 'random';
  restarts?: number;
  tol?: number;
  maxIter?: number;
}

export const KMEANS_OPTIONS = {
  init: { type: 'enum', values: ['kmeans++', 'random'], default: 'kmeans++', doc: 'seeding: greedy k-means++ (as scikit-learn) or K distinct random points' },
  restarts: { type: 'integer', min: 1, default: 1, doc: 'independent starts; the lowest inertia wins' },
  tol: { type: 'positive', default: 1e-10, doc: 'stop when the largest squared centre movement ≤ tol · (mean per-coordinate data variance)' },
  maxIter: { type: 'integer', min: 1, default: 300, doc: 'Lloyd iterations per start' },
} satisfies OptionsSpecFor<KMeansOptions>;

interface ResolvedKMeansOptions {
  readonly init: 'kmeans++' | 'random';
  readonly restarts: number;
  readonly tol: number;
  readonly maxIter: number;
}

/** Fills the defaults of KMEANS_OPTIONS and rejects values no fit could honour. */
export function resolveKMeansOptions(options: KMeansOptions): ResolvedKMeansOptions {
  const { init, restarts, tol, maxIter } = withDefaults(KMEANS_OPTIONS, options) as Required<KMeansOptions>;
  if (init !== 'kmeans++' && init !== 'random') {
    throw new Error(`kmeans: options.init must be 'kmeans++' or 'random', got ${String(init)}`);
  }
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw new Error(`kmeans: options.restarts must be a positive integer, got ${restarts}`);
  }
  if (!(tol >= 0 && tol < Infinity)) throw new Error(`kmeans: options.tol must be a finite number ≥ 0, got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new Error(`kmeans: options.maxIter must be a positive integer, got ${maxIter}`);
  }
  return { init, restarts, tol, maxIter };
}

interface LloydOutcome {
  iterations: number;
  converged: boolean;
  status: FitStatus;
  inertia: number;
  message: string | undefined;
}

/** Lloyd iterations from the centres in `c` (updated in place) until the tolerance, maxIter or an unfixable empty cluster. */
function runLloyd(
  data: Dataset,
  c: Float64Array,
  w: LloydWork,
  tolAbs: number,
  maxIter: number,
  bounds: LloydBounds | null,
  boundsFrom: number,
): LloydOutcome {
  let iterations = 0;
  let converged = false;
  let unfixable = -1;
  if (bounds !== null) bounds.valid = false;
  while (iterations < maxIter) {
    // The first passes move the centres far, so the bounds would skip little: plain passes until boundsFrom.
    if (bounds !== null && iterations >= boundsFrom) boundedAccumulate(data, c, w, bounds);
    else accumulate(data, c, w);
    let repaired = false;
    if (firstEmpty(w) >= 0) {
      unfixable = repairEmpty(data, c, w);
      repaired = true;
      // The repair moved points between clusters: the bounds no longer describe the labels.
      if (bounds !== null) bounds.valid = false;
    }
    // Clusters left empty keep their centre; the others move to their means.
    w.before.set(c);
    const move = updateCentres(c, w);
    iterations++;
    if (unfixable >= 0) break;
    // A repaired pass is not a Lloyd fixed point even if nothing moved much: iterate again.
    if (!repaired && move <= tolAbs) {
      converged = true;
      break;
    }
  }
  // At a fixed point the last pass's labels and counts are the final partition (not for d = 1, K = 2, whose pass
  // keeps no labels).
  const fixed = converged && !(w.d === 1 && w.K === 2) && sameCentres(c, w.before);
  const inertia = fixed
    ? inertiaOfLabels(data, c, w)
    : bounds !== null && bounds.valid
      ? boundedFinalInertia(data, c, w, bounds)
      : finalInertia(data, c, w);
  if (unfixable >= 0) {
    return {
      iterations,
      converged: false,
      status: 'empty-cluster',
      inertia,
      message: `cluster ${unfixable} is empty and no point can be moved to it (fewer distinct points than K)`,
    };
  }
  const empty = firstEmpty(w);
  if (empty >= 0) {
    // The final centres' own partition lost a cluster (possible only when it converged within tol but not exactly).
    return {
      iterations,
      converged,
      status: 'empty-cluster',
      inertia,
      message: `cluster ${empty} is empty under the final centres`,
    };
  }
  return {
    iterations,
    converged,
    status: converged ? 'ok' : 'not-converged',
    inertia,
    message: converged ? undefined : `no convergence in ${maxIter} iterations`,
  };
}

/** K distinct point indices, uniformly (Floyd's algorithm: exactly K draws, no rejection loop). */
export function seedRandom(data: Dataset, K: number, rng: Rng, out: Float64Array, chosen: Int32Array): void {
  const { x, n, d } = data;
  let m = 0;
  for (let j = n - K; j < n; j++) {
    let t = Math.floor(rng.uniform() * (j + 1));
    if (t > j) t = j;
    let taken = false;
    for (let q = 0; q < m; q++) {
      if (chosen[q] === t) {
        taken = true;
        break;
      }
    }
    chosen[m++] = taken ? j : t;
  }
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) out[k * d + j] = x[chosen[k] * d + j];
}

/**
 * Restarts whose inertia is within this relative distance of the best count as having reached it. Restarts that
 * find the same partition give bit-identical inertia (the same centres, summed in point order); the tolerance
 * absorbs a stop short of the fixed point (squared movement ≤ tol·variance, so an excess of order n·tol·variance:
 * 1e-10 of n·variance at the default tol), while distinct local optima differed on average by ~1e-3 relative
 * at n = 200 and ~5e-7 at n = 10⁴ in bench/lloydStarts.ts (test/estimators/kmeansSearch.test.ts builds one).
 */
export const RESTART_TIE_RTOL = 1e-8;

/** The record of every one-start fit (shared: EM's k-means initialisation allocates nothing for it). */
const SINGLE_START: FitSearch = Object.freeze({ global: false, restarts: 1, restartsAtBest: 1 });

/** How many of `inertias` lie within RESTART_TIE_RTOL of `best` (their minimum). */
export function countAtBest(inertias: Float64Array, best: number): number {
  const bound = best + RESTART_TIE_RTOL * Math.abs(best);
  let count = 0;
  for (let r = 0; r < inertias.length; r++) if (inertias[r] <= bound) count++;
  return count;
}


/**
 * Lloyd with Hamerly's bounds (lloydBounds.ts: the same partitions, bit for bit, with fewer distance
 * computations): 'auto' where useLloydBounds says they pay, 'off' never, 'late' from pass BOUNDS_FROM_PASS on
 * whatever the shape, 'on' from the first pass (tests). Never for d = 1, K = 2, whose pass is a midpoint rule.
 */
export type LloydBoundsMode = 'auto' | 'off' | 'late' | 'on';

/**
 * Passes run plain before the bounds take over: the first passes move the centres far, so the bounds would skip
 * few points, and building them costs about three plain passes (bench/lloydBounds.ts).
 */
export const BOUNDS_FROM_PASS = 4;

/**
 * Whether the estimator runs Lloyd with the bounds: where they paid in bench/lloydBounds.ts (CPU per fit, 2-core
 * shared machine, Node 20): K ≥ 8 from n = 3000 on (d = 2–8, K = 8: 1.02–1.5× at n = 3e3–1e4, 1.2–1.9× at 1e5;
 * K = 16: 1.75–2.7×). Not below: with K ≤ 6 the distances a skipped point saves cost little more than the
 * bounds' bookkeeping and the pass that builds them (d = 2, K = 3: 0.5×; d = 5, K = 4: 0.8–1.05×; d = 3,
 * K = 6: 0.75–0.9×), because the accumulation of the point into its cluster, which no bound saves, is a large
 * part of the plain pass.
 */
export function useLloydBounds(n: number, d: number, K: number): boolean {
  return d >= 2 && K >= 8 && n >= 3000;
}

function fitKMeans(data: Dataset, K: number, options: KMeansOptions, rng: Rng): Fit {
  return fitKMeansWith(data, K, options, rng, INDEX_MIN_N);
}

/**
 * The fit with the d = 1, K = 2 value index used from n ≥ `indexMinN` on: Infinity gives the general O(n)
 * path (tests and benchmarks compare the two; the estimator uses INDEX_MIN_N). Internal.
 */
export function fitKMeansWith(
  data: Dataset,
  K: number,
  options: KMeansOptions,
  rng: Rng,
  indexMinN: number,
  boundsMode: LloydBoundsMode = 'auto',
): Fit {
  validateInput(data, K);
  const opts = resolveKMeansOptions(options);
  const { n, d } = data;
  // One fit at a time: the index may use lloyd1d.ts's pooled buffer.
  const w = createLloydWork(data, K, indexMinN, true);
  const indexed = w.index.B > 0;
  const withBounds = boundsMode === 'auto' ? useLloydBounds(n, d, K) : boundsMode !== 'off' && !(d === 1 && K === 2);
  const bounds = withBounds ? createLloydBounds(n, d, K) : null;
  const boundsFrom = boundsMode === 'on' ? 0 : BOUNDS_FROM_PASS;
  let meanVariance = 0;
  for (let j = 0; j < d; j++) meanVariance += w.variance[j];
  meanVariance /= d;
  const tolAbs = opts.tol * meanVariance;

  const centres = new Float64Array(K * d);
  const best = new Float64Array(K * d);
  const bestCounts = new Float64Array(K);
  const plusPlus = opts.init === 'kmeans++';
  const closest = plusPlus && !indexed ? new Float64Array(n) : null;
  const chosen = opts.init === 'random' ? new Int32Array(K) : null;
  // One start (EM's k-means initialisation) needs no record of the others.
  const inertias = opts.restarts > 1 ? new Float64Array(opts.restarts) : null;

  let winner: LloydOutcome | null = null;
  for (let r = 0; r < opts.restarts; r++) {
    if (closest !== null) seedPlusPlus(data, K, rng, centres, closest);
    else if (plusPlus) seedPlusPlusIndexed(data.x, n, rng, centres, w.index);
    else if (chosen !== null) seedRandom(data, K, rng, centres, chosen);
    const outcome = runLloyd(data, centres, w, tolAbs, opts.maxIter, bounds, boundsFrom);
    if (inertias !== null) inertias[r] = outcome.inertia;
    const better = isBetterStart(
      { objective: outcome.inertia, status: outcome.status },
      winner === null ? null : { objective: winner.inertia, status: winner.status },
      'minimise',
    );
    if (better) {
      winner = outcome;
      best.set(centres);
      bestCounts.set(w.counts);
    }
  }
  if (winner === null) throw new Error('kmeans: no restart ran'); // unreachable: restarts ≥ 1

  const weights = new Float64Array(K);
  for (let k = 0; k < K; k++) weights[k] = bestCounts[k] / n;
  const search: FitSearch =
    inertias === null ? SINGLE_START : { global: false, restarts: opts.restarts, restartsAtBest: countAtBest(inertias, winner.inertia) };
  const fit: Fit = {
    K,
    d,
    means: best,
    weights,
    sigmas: null,
    logLik: null,
    objective: winner.inertia,
    iterations: winner.iterations,
    converged: winner.converged,
    status: winner.status,
    ...(winner.message !== undefined ? { message: winner.message } : {}),
    search,
  };
  return fit;
}

/** k-means (method 'kmeans'): Lloyd iterations from k-means++ or random seeds, best of `restarts`. */
export const kmeans: EstimatorDescriptor<KMeansOptions> = {
  method: 'kmeans',
  summary: "Lloyd's k-means algorithm (k-means++ or random seeds, best of the restarts)",
  options: KMEANS_OPTIONS,
  optionProblems: () => [],
  unsupported: () => null,
  target: () => ({ kind: 'kmeans-limit' }),
  describe: (o) => `Lloyd's k-means algorithm with ${o.init ?? 'kmeans++'} seeding, ${startsText(o.restarts)}`,
  fit: fitKMeans,
  covariance: kmeansCovariance,
};

/**
 * JIT priming, run once per thread before the first fit (fitMethod in ../registry.ts calls it; a library user
 * calling `kmeans.fit` directly may call it first). V8 compiles a long loop on-stack (OSR) before the code after the loop
 * has ever run; that code then has no type feedback, the OSR code deoptimises on reaching it, and V8 re-enters
 * the same OSR code on the next call, so every call of a kernel would deoptimise and run part of its loop
 * unoptimised (observed with --trace-deopt: one deoptimisation per call, fits 2–5× slower). Running every path
 * once on a few points records the feedback first. It uses its own constant Rng and affects no result.
 */
let primed = false;

/** Primes the k-means kernels once (idempotent); affects no result, only the speed of every later fit. */
export function warmUp(): void {
  if (primed) return;
  primed = true;
  primeKernels();
}

function primeKernels(): void {
  const rng: Rng = { uniform: () => 0.5, normal: () => 0 };
  // Non-integral values: integral ones would be seen as small integers and record the wrong feedback.
  const x = Float64Array.from([0.5, 1.25, 2.5, 5.75, 6.5, 7.25, 7.25, 7.25, 9.5, 9.5, 9.5, 9.5]);
  const labels = new Int32Array(x.length);
  // V8 allocates a function's feedback vector only after several calls: repeat.
  for (let rep = 0; rep < 10; rep++) {
    for (const d of [1, 2]) {
      for (const K of [2, 3]) {
        for (const init of ['kmeans++', 'random'] as const) kmeans.fit({ x, n: x.length / d, d }, K, { init }, rng);
      }
      // All points identical: the empty-cluster repair and its failure.
      kmeans.fit({ x: new Float64Array(4 * d).fill(1.5), n: 4, d }, 2, {}, rng);
    }
    // The d = 1, K = 2 value-index path (its threshold lowered to these few points), identical data included.
    for (const init of ['kmeans++', 'random'] as const) fitKMeansWith({ x, n: x.length, d: 1 }, 2, { init }, rng, 1);
    fitKMeansWith({ x: new Float64Array(4).fill(1.5), n: 4, d: 1 }, 2, {}, rng, 1);
    primeIndexedSeeding(x, x.length, buildValueIndex(x, x.length));
    assignNearest({ x, n: x.length, d: 1 }, Float64Array.from([0.5, 5.5]), 2, labels);
    assignNearest({ x, n: x.length / 2, d: 2 }, Float64Array.from([0.5, 5.5, 1.5, 1.5]), 2, labels);
  }
}
