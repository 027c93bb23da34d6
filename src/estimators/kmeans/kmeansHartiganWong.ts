/**
 * k-means by the Hartigan–Wong algorithm (method 'kmeans-hw'; R's default `kmeans` algorithm, kernel in
 * hartiganWong.ts): the same estimator as Lloyd's 'kmeans' — the minimiser of the within-cluster sum of squares —
 * reached by single-point transfers, which escape many of the local optima Lloyd stops at. Seeds and restarts as
 * for 'kmeans' (k-means++ by default; 'random' draws K distinct points, as R does), the lowest sum of squares
 * wins, and `search` records how many restarts reached it.
 */
import type { Dataset, Fit, FitSearch, FitStatus, Rng } from '../../types.js';
import { startsText, withDefaults, type EstimatorDescriptor, type OptionsSpecFor } from '../descriptor.js';
import { createHartiganWongWork, hartiganWong, type HartiganWongResult } from './hartiganWong.js';
import { countAtBest, seedRandom } from './kmeans.js';
import { seedPlusPlus } from './kmeansPlusPlus.js';
import { isBetterStart } from '../restarts.js';
import { validateInput } from '../validateInput.js';
import { meansFromUnits, toDataUnits } from '../mixture/emUnits.js';
import { kmeansCovariance } from './pollardCovariance.js';

export interface KMeansHartiganWongOptions {
  init?: 'kmeans++' | 'random';
  restarts?: number;
  maxIter?: number;
}

const OPTIONS = {
  init: { type: 'enum', values: ['kmeans++', 'random'], default: 'kmeans++', doc: "seeding: greedy k-means++ or K distinct random points (R's default)" },
  restarts: { type: 'integer', min: 1, default: 1, doc: 'independent starts; the lowest sum of squares wins' },
  maxIter: { type: 'integer', min: 1, default: 300, doc: "optimal-transfer passes per start (R's iter.max, whose default 10 is often too few)" },
} satisfies OptionsSpecFor<KMeansHartiganWongOptions>;


/** K = 1 (the grand mean) and K = n (every point its own centre): nothing can be transferred. */
function trivialFit(data: Dataset, K: number, rng: Rng, init: 'kmeans++' | 'random'): HartiganWongResult {
  const { x, n, d } = data;
  const centres = new Float64Array(K * d);
  const counts = new Float64Array(K).fill(1);
  if (K === 1) {
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centres[j] += x[i * d + j];
    for (let j = 0; j < d; j++) centres[j] /= n;
    counts[0] = n;
    let inertia = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) inertia += (x[i * d + j] - centres[j]) ** 2;
    return { centres, inertia, iterations: 0, status: 'ok', counts };
  }
  // K = n: the seeds are the points in some order (drawn as for any start, so the stream advances alike).
  if (init === 'kmeans++') seedPlusPlus(data, K, rng, centres, new Float64Array(n));
  else seedRandom(data, K, rng, centres, new Int32Array(K));
  let distinct = true;
  for (let a = 0; a < K && distinct; a++) {
    for (let b = a + 1; b < K; b++) {
      let same = true;
      for (let j = 0; j < d; j++) if (centres[a * d + j] !== centres[b * d + j]) same = false;
      if (same) {
        distinct = false;
        break;
      }
    }
  }
  return { centres, inertia: distinct ? 0 : NaN, iterations: 0, status: distinct ? 'ok' : 'empty-cluster', counts };
}

function fitHartiganWong(input: Dataset, K: number, options: KMeansHartiganWongOptions, rng: Rng): Fit {
  validateInput(input, K);
  // The passes run on the centred, power-of-two-scaled copy EM uses (../mixture/emUnits.ts), so the fit is
  // equivariant: centres held near an offset of 1e8 sd would otherwise be rounded to the doubles there at every
  // transfer. Data centred within half that unit of 0 (every fixture) are only rescaled by 2ᵏ, exactly, so the
  // passes make the same decisions as AS 136 on the raw data.
  const units = toDataUnits(input);
  const data = units.z;
  const { init, restarts, maxIter } = withDefaults(OPTIONS, options) as Required<KMeansHartiganWongOptions>;
  if (!Number.isInteger(restarts) || restarts < 1) throw new Error(`kmeans-hw: options.restarts must be a positive integer, got ${restarts}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new Error(`kmeans-hw: options.maxIter must be a positive integer, got ${maxIter}`);
  const { n, d } = data;
  const seeds = new Float64Array(K * d);
  const closest = init === 'kmeans++' ? new Float64Array(n) : null;
  const chosen = init === 'random' ? new Int32Array(K) : null;
  const work = K >= 2 && K < n ? createHartiganWongWork(n, K) : null;
  const inertias = new Float64Array(restarts);

  let winner: HartiganWongResult | null = null;
  for (let r = 0; r < restarts; r++) {
    let outcome: HartiganWongResult;
    if (work === null) {
      outcome = trivialFit(data, K, rng, init);
    } else {
      if (closest !== null) seedPlusPlus(data, K, rng, seeds, closest);
      else if (chosen !== null) seedRandom(data, K, rng, seeds, chosen);
      outcome = hartiganWong(data, K, seeds, maxIter, work);
    }
    // A start that left a cluster empty has no sum of squares; it loses to any that has one.
    inertias[r] = outcome.status === 'empty-cluster' ? Infinity : outcome.inertia;
    const incumbent = winner === null ? null : { objective: winner.status === 'empty-cluster' ? Infinity : winner.inertia, status: winner.status };
    if (isBetterStart({ objective: inertias[r], status: outcome.status }, incumbent, 'minimise')) winner = outcome;
  }
  if (winner === null) throw new Error('kmeans-hw: no restart ran'); // unreachable: restarts ≥ 1

  const weights = new Float64Array(K);
  for (let k = 0; k < K; k++) weights[k] = winner.counts[k] / n;
  const means = meansFromUnits(winner.centres, units, K, d);
  const inertia = winner.inertia * units.unit * units.unit;
  const empty = winner.status === 'empty-cluster';
  const search: FitSearch = { global: false, restarts, restartsAtBest: empty ? 0 : countAtBest(inertias, winner.inertia) };
  return {
    K,
    d,
    means,
    weights,
    sigmas: null,
    logLik: null,
    objective: inertia,
    iterations: winner.iterations,
    converged: winner.status === 'ok',
    status: winner.status,
    ...(empty ? { message: 'the initial centres left a cluster without points (fewer distinct points than K?)' } : {}),
    ...(winner.status === 'not-converged' ? { message: `no convergence in ${maxIter} passes or the quick-transfer step cap` } : {}),
    search,
  };
}

export const kmeansHartiganWong: EstimatorDescriptor<KMeansHartiganWongOptions> = {
  method: 'kmeans-hw',
  summary: "k-means by Hartigan and Wong's transfer algorithm (R's default kmeans), best of the restarts",
  options: OPTIONS,
  optionProblems: () => [],
  unsupported: () => null,
  target: () => ({ kind: 'kmeans-limit' }),
  describe: (o) => `Hartigan–Wong k-means (AS 136, R's default algorithm) with ${o.init ?? 'kmeans++'} seeding, ${startsText(o.restarts)}`,
  fit: fitHartiganWong,
  covariance: kmeansCovariance,
};
