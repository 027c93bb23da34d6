/**
 * Trimmed k-means (Cuesta-Albertos, Gordaliza & Matrán 1997, Ann. Statist. 25:553–576) as a mixstudy estimator
 * plugin: K centres minimising the within-cluster sum of squares of the ⌈n(1 − α)⌉ points closest to them, the
 * other ⌊nα⌋ points being trimmed. Computed by concentration steps (García-Escudero, Gordaliza, Matrán &
 * Mayo-Iscar 2008, Ann. Statist. 36:1324–1345, §3): from K random data points as centres, assign each point to
 * its nearest centre, keep the h points with the smallest distances, move each centre to the mean of its kept
 * points; repeat until the kept partition no longer changes (the objective never increases). The best of
 * `restarts` starts is kept. All randomness comes from the `rng` mixstudy passes in.
 *
 * In your own project import the types from 'mixstudy'; this example in the mixstudy repository imports them
 * from the sources.
 */
import type { Dataset, EstimatorDescriptor, Fit, Rng } from '../../../src/index.js';

export interface TrimmedKMeansOptions {
  /** α: the fraction of points trimmed. */
  trim: number;
  restarts: number;
  maxIter: number;
}

/** The trimmed within-cluster sum of squares and partition of the h kept points for given centres. */
function concentrate(data: Dataset, K: number, h: number, centres: Float64Array, label: Int32Array, dist: Float64Array, order: number[]): number {
  const { x, n, d } = data;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bestK = 0;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] - centres[k * d + j]) ** 2;
      if (s < best) {
        best = s;
        bestK = k;
      }
    }
    dist[i] = best;
    label[i] = bestK;
  }
  // The h smallest distances are kept; ties go to the earlier point, so the result is deterministic.
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => dist[a] - dist[b] || a - b);
  let objective = 0;
  for (let r = 0; r < n; r++) {
    if (r < h) objective += dist[order[r]];
    else label[order[r]] = -1;
  }
  return objective;
}

export function trimmedKmeans(data: Dataset, K: number, options: TrimmedKMeansOptions, rng: Rng): Fit {
  const { x, n, d } = data;
  const h = n - Math.floor(n * options.trim);
  if (h < K) throw new Error(`trimming ${options.trim} of ${n} points leaves ${h} < K = ${K}`);
  const label = new Int32Array(n);
  const dist = new Float64Array(n);
  const order = new Array<number>(n);
  let best: { centres: Float64Array; label: Int32Array; objective: number; iterations: number; converged: boolean } | null = null;
  let atBest = 0;
  for (let start = 0; start < options.restarts; start++) {
    // K distinct random data points as the first centres.
    const picked: number[] = [];
    while (picked.length < K) {
      const i = Math.floor(rng.uniform() * n);
      if (!picked.includes(i)) picked.push(i);
    }
    const centres = new Float64Array(K * d);
    picked.forEach((i, k) => centres.set(x.subarray(i * d, (i + 1) * d), k * d));
    let objective = concentrate(data, K, h, centres, label, dist, order);
    let iterations = 0;
    let converged = false;
    const previous = new Int32Array(n);
    while (iterations < options.maxIter) {
      iterations++;
      previous.set(label);
      const sums = new Float64Array(K * d);
      const counts = new Float64Array(K);
      for (let i = 0; i < n; i++) {
        const k = label[i];
        if (k < 0) continue;
        counts[k]++;
        for (let j = 0; j < d; j++) sums[k * d + j] += x[i * d + j];
      }
      for (let k = 0; k < K; k++) if (counts[k] > 0) for (let j = 0; j < d; j++) centres[k * d + j] = sums[k * d + j] / counts[k];
      objective = concentrate(data, K, h, centres, label, dist, order);
      if (label.every((v, i) => v === previous[i])) {
        converged = true;
        break;
      }
    }
    const tie = best !== null && Math.abs(objective - best.objective) <= 1e-10 * Math.max(1, Math.abs(best.objective));
    if (best === null || (objective < best.objective && !tie)) {
      best = { centres: centres.slice(), label: label.slice(), objective, iterations, converged };
      atBest = 1;
    } else if (tie) atBest++;
  }
  if (best === null) throw new Error('restarts must be ≥ 1');
  const weights = new Float64Array(K);
  for (let i = 0; i < n; i++) if (best.label[i] >= 0) weights[best.label[i]] += 1 / h;
  const empty = weights.findIndex((w) => w === 0);
  return {
    K,
    d,
    means: best.centres,
    weights,
    sigmas: null,
    logLik: null,
    objective: best.objective,
    iterations: best.iterations,
    converged: best.converged,
    status: empty >= 0 ? 'empty-cluster' : best.converged ? 'ok' : 'not-converged',
    ...(empty >= 0 ? { message: `cluster ${empty} kept no point` } : {}),
    search: { global: false, restarts: options.restarts, restartsAtBest: atBest },
  };
}

const descriptor: EstimatorDescriptor<TrimmedKMeansOptions> = {
  method: 'trimmed-kmeans',
  summary: 'trimmed k-means (Cuesta-Albertos, Gordaliza & Matrán 1997) by concentration steps',
  options: {
    trim: { type: 'number', min: 0, default: 0.1, doc: 'α: the fraction of points left out (the farthest from their centre)' },
    restarts: { type: 'integer', min: 1, default: 10, doc: 'random starts; the lowest trimmed sum of squares wins' },
    maxIter: { type: 'integer', min: 1, default: 100, doc: 'concentration steps per start' },
  },
  optionProblems: (o) => (o.trim >= 0.5 ? [{ path: 'trim', message: `must be below 0.5: more than half the data trimmed has no breakdown meaning (got ${o.trim})` }] : []),
  unsupported: () => null,
  // Consistent for the population trimmed k-means centres (Cuesta-Albertos et al. 1997, Thm 3.6), which mixstudy
  // does not compute: no target to check against.
  target: () => ({ kind: 'none' }),
  describe: (o, num) => `trimmed k-means, α = ${num(o.trim)}, ${o.restarts} random starts, best trimmed sum of squares kept`,
  fit: trimmedKmeans,
};

export default descriptor;
