/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) in its greedy form, as scikit-learn implements it: each new
 * centre is the best, by resulting potential Σ min‖x − c‖², of 2 + ⌊ln K⌋ candidates drawn with probability
 * proportional to the squared distance to the nearest centre chosen so far. The greedy variant is what
 * practitioners run, so the study's k-means matches theirs.
 *
 * Candidates are evaluated one at a time (potential summed on the fly) instead of as a trials×n distance matrix,
 * so the work memory is one length-n buffer. When every point already coincides with a centre (the potential
 * is 0, e.g. all-identical data or fewer distinct points than K) no point has positive probability and the next
 * centre is a uniformly drawn point: the seeding always returns K centres after exactly K steps.
 *
 * Every loop over the data sits in its own small function without rng calls: each fit brings a new stream
 * (new closures), and V8 discards optimised code that embedded a dead closure; the orchestrating function may
 * be deoptimised for that, the loops are not.
 *
 * lloyd1d.ts seedPlusPlusIndexed reproduces this seeding for d = 1, K = 2 (same draws, same chosen points)
 * without its O(n) buffer passes; a change here must be made there too (test/estimators/lloyd1d.test.ts
 * compares the two).
 */
import type { Dataset, Rng } from '../../types.js';
import { validateInput } from '../validateInput.js';
import { generatedPotentials, generatedSeeding } from './lloydGen.js';

/** Chooses K initial centres (K×d row-major, written into `out` when given). Throws on invalid input. */
export function kmeansPlusPlus(data: Dataset, K: number, rng: Rng, out?: Float64Array): Float64Array {
  validateInput(data, K);
  const centres = out ?? new Float64Array(K * data.d);
  if (centres.length !== K * data.d) {
    throw new Error(`kmeansPlusPlus: out has length ${centres.length}, expected K·d = ${K * data.d}`);
  }
  seedPlusPlus(data, K, rng, centres, new Float64Array(data.n));
  return centres;
}

/**
 * The seeding proper, for callers that validated the input and hold the work buffer `closest` (length n), which
 * is scratch: on return it holds each point's squared distance to the nearest of the first K − 1 seeds.
 */
export function seedPlusPlus(data: Dataset, K: number, rng: Rng, out: Float64Array, closest: Float64Array): void {
  const { x, n, d } = data;
  const trials = 2 + Math.floor(Math.log(K));
  const targets = new Float64Array(trials);
  const order = new Int32Array(trials);
  const candidates = new Int32Array(trials);
  const pair = new Float64Array(2 * trials);
  const pots = new Float64Array(trials);
  const fused = generatedPotentials(d, trials);

  let first = Math.floor(rng.uniform() * n);
  if (first >= n) first = n - 1;
  copyPoint(x, d, first, out, 0);
  closest.fill(Infinity);
  let total = updateClosest(x, n, d, out, 0, closest, pair);

  for (let c = 1; c < K; c++) {
    let pick = 0;
    if (!(total > 0 && total < Infinity)) {
      // Every point sits on a centre (or the potential overflowed): nothing to weight by, draw uniformly.
      pick = Math.floor(rng.uniform() * n);
      if (pick >= n) pick = n - 1;
    } else {
      for (let t = 0; t < trials; t++) targets[t] = rng.uniform() * total;
      sampleByWeight(closest, n, targets, order, candidates);
      // All candidates' potentials in one pass where compiled (lloydGen.ts generatedPotentials: the same sums).
      if (fused !== null) fused(x, n, candidates, closest, pots, pair);
      else for (let t = 0; t < trials; t++) pots[t] = potentialWith(x, n, d, candidates[t], closest, pair);
      let bestPot = Infinity;
      for (let t = 0; t < trials; t++) {
        const pot = pots[t];
        if (pot < bestPot) {
          bestPot = pot;
          pick = candidates[t];
        }
      }
    }
    copyPoint(x, d, pick, out, c * d);
    // The distances to the last centre are never read: skipping that pass saves a fifth of the seeding for K = 2.
    if (c < K - 1) total = updateClosest(x, n, d, out, c * d, closest, pair);
  }
}

/**
 * candidates[t] ← the first i whose running sum of weights exceeds targets[t], for all t in one read-only scan
 * (targets visited in ascending order): no prefix-sum buffer to allocate and write, and a point of zero weight
 * is never chosen. The running sum repeats the order of the sum that gave the total, so a target below the
 * total is always reached; one that rounded up to it takes the last point of positive weight.
 */
function sampleByWeight(
  weights: Float64Array,
  n: number,
  targets: Float64Array,
  order: Int32Array,
  candidates: Int32Array,
): void {
  const m = targets.length;
  for (let t = 0; t < m; t++) {
    let q = t;
    while (q > 0 && targets[order[q - 1]] > targets[t]) {
      order[q] = order[q - 1];
      q--;
    }
    order[q] = t;
  }
  let acc = 0;
  let q = 0;
  let lastPositive = n - 1;
  for (let i = 0; i < n && q < m; i++) {
    const w = weights[i];
    if (w > 0) lastPositive = i;
    acc += w;
    while (q < m && acc > targets[order[q]]) candidates[order[q++]] = i;
  }
  while (q < m) candidates[order[q++]] = lastPositive;
}

function copyPoint(x: Float64Array, d: number, i: number, out: Float64Array, at: number): void {
  for (let j = 0; j < d; j++) out[at + j] = x[i * d + j];
}

/*
 * The minimum of a new and an old squared distance is taken as pair[+(s < o)] after storing both in a two-slot
 * buffer: Math.min and `s < o ? s : o` compile to a branch that mispredicts whenever the new centre is closer
 * for a random half of the points (measured 9 vs 2.4 ns per point), while the select is branch-free, exact, and
 * unlike 0/1 arithmetic never forms 0·∞ when a square overflows.
 */

/** Potential Σᵢ min(closestᵢ, ‖xᵢ − x_cand‖²) if point `cand` were added as a centre. */
function potentialWith(x: Float64Array, n: number, d: number, cand: number, closest: Float64Array, pair: Float64Array): number {
  let pot = 0;
  if (d === 1) {
    const c = x[cand];
    for (let i = 0; i < n; i++) {
      const t = x[i] - c;
      pair[0] = closest[i];
      pair[1] = t * t;
      pot += pair[+(pair[1] < pair[0])];
    }
    return pot;
  }
  const cb = cand * d;
  const gen = generatedSeeding(d);
  if (gen !== null) return gen.potential(x, n, x, cb, closest, pair);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[i * d + j] - x[cb + j];
      s += t * t;
    }
    pair[0] = closest[i];
    pair[1] = s;
    pot += pair[+(s < pair[0])];
  }
  return pot;
}

/** closest ← min(closest, squared distance to the centre at c[at..]); returns the new potential Σ closest. */
function updateClosest(
  x: Float64Array,
  n: number,
  d: number,
  c: Float64Array,
  at: number,
  closest: Float64Array,
  pair: Float64Array,
): number {
  let acc = 0;
  if (d === 1) {
    const c0 = c[at];
    for (let i = 0; i < n; i++) {
      const t = x[i] - c0;
      pair[0] = closest[i];
      pair[1] = t * t;
      const s = pair[+(pair[1] < pair[0])];
      closest[i] = s;
      acc += s;
    }
    return acc;
  }
  const gen = generatedSeeding(d);
  if (gen !== null) return gen.update(x, n, c, at, closest, pair);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[i * d + j] - c[at + j];
      s += t * t;
    }
    pair[0] = closest[i];
    pair[1] = s;
    s = pair[+(s < pair[0])];
    closest[i] = s;
    acc += s;
  }
  return acc;
}
