/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) in its greedy form, as scikit-learn implements it: each new
 * centre is the best, by resulting potential Σ min‖x − c‖², of 2 + ⌊ln K⌋ candidates drawn with probability
 * proportional to the squared distance to the nearest centre chosen so far. The greedy variant is what
 * practitioners run, so the study's k-means matches theirs.
 *
 * Candidates are evaluated one at a time (potential summed on the fly) instead of as a trials×n distance matrix,
 * so the work memory is two length-n buffers. When every point already coincides with a centre (the potential
 * is 0, e.g. all-identical data or fewer distinct points than K) no point has positive probability and the next
 * centre is a uniformly drawn point: the seeding always returns K centres after exactly K steps.
 */
import type { Dataset, Rng } from '../types.js';
import { validateInput } from './validateInput.js';

/** Chooses K initial centres (K×d row-major, written into `out` when given). Throws on invalid input. */
export function kmeansPlusPlus(data: Dataset, K: number, rng: Rng, out?: Float64Array): Float64Array {
  validateInput(data, K);
  const centres = out ?? new Float64Array(K * data.d);
  if (centres.length !== K * data.d) {
    throw new Error(`kmeansPlusPlus: out has length ${centres.length}, expected K·d = ${K * data.d}`);
  }
  seedPlusPlus(data, K, rng, centres, new Float64Array(data.n), new Float64Array(data.n));
  return centres;
}

/**
 * The seeding proper, for callers that validated the input and hold the work buffers (length n each):
 * `closest` ends as the squared distance of each point to its nearest seed.
 */
export function seedPlusPlus(
  data: Dataset,
  K: number,
  rng: Rng,
  out: Float64Array,
  closest: Float64Array,
  cumulative: Float64Array,
): void {
  const { x, n, d } = data;
  const trials = 2 + Math.floor(Math.log(K));

  let first = Math.floor(rng.uniform() * n);
  if (first >= n) first = n - 1;
  copyPoint(x, d, first, out, 0);
  for (let i = 0; i < n; i++) closest[i] = sqDist(x, d, i, out, 0);

  for (let c = 1; c < K; c++) {
    // Prefix sums of the potential: the last one is the total, so a draw r < total always lands on a point.
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i];
      cumulative[i] = acc;
    }
    const total = acc;
    if (!(total > 0 && total < Infinity)) {
      // Every point sits on a centre (or the potential overflowed): nothing to weight by, draw uniformly.
      let pick = Math.floor(rng.uniform() * n);
      if (pick >= n) pick = n - 1;
      copyPoint(x, d, pick, out, c * d);
      updateClosest(x, n, d, out, c * d, closest);
      continue;
    }
    let bestPot = Infinity;
    let bestIdx = -1;
    for (let t = 0; t < trials; t++) {
      const idx = upperBound(cumulative, n, rng.uniform() * total);
      const pot = potentialWith(x, n, d, idx, closest);
      if (pot < bestPot) {
        bestPot = pot;
        bestIdx = idx;
      }
    }
    copyPoint(x, d, bestIdx, out, c * d);
    updateClosest(x, n, d, out, c * d, closest);
  }
}

/** First index i with cumulative[i] > r (clamped to n − 1): points of zero weight are never chosen. */
function upperBound(cumulative: Float64Array, n: number, r: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function copyPoint(x: Float64Array, d: number, i: number, out: Float64Array, at: number): void {
  for (let j = 0; j < d; j++) out[at + j] = x[i * d + j];
}

function sqDist(x: Float64Array, d: number, i: number, c: Float64Array, at: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = x[i * d + j] - c[at + j];
    s += t * t;
  }
  return s;
}

/** Potential Σᵢ min(closestᵢ, ‖xᵢ − x_cand‖²) if point `cand` were added as a centre. */
function potentialWith(x: Float64Array, n: number, d: number, cand: number, closest: Float64Array): number {
  let pot = 0;
  const cb = cand * d;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[i * d + j] - x[cb + j];
      s += t * t;
    }
    const cl = closest[i];
    pot += s < cl ? s : cl;
  }
  return pot;
}

function updateClosest(x: Float64Array, n: number, d: number, c: Float64Array, at: number, closest: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const s = sqDist(x, d, i, c, at);
    if (s < closest[i]) closest[i] = s;
  }
}
