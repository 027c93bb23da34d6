/**
 * Globally optimal k-means in one dimension (method 'kmeans-exact'). In 1-D an optimal partition consists of
 * K contiguous groups of the sorted data, so the global minimum of the within-cluster sum of squares is found
 * exactly, not by local search: the study uses it to separate the k-means *estimator* from the vagaries of
 * Lloyd's algorithm.
 *
 * - Sorting: an O(n) radix sort on the bit patterns (sortFloat64), 3× faster than the built-in comparison sort
 *   at n = 1e5; at K = 2 the sort is most of the fit.
 * - K = 2: the best split in O(n) after the sort. The SSE of every prefix and suffix comes from Welford's
 *   update (Welford 1962), whose increments are non-negative, so it keeps full relative precision for data
 *   offset by 1e8 or with σ = 1e-6, where prefix sums of x and x² would cancel catastrophically.
 * - K > 2: dynamic programming over prefixes, D_k(i) = min_j D_{k−1}(j) + SSE(j, i) (Wang & Song 2011,
 *   Ckmeans.1d.dp), with the divide-and-conquer optimisation that the optimal j is monotone in i
 *   (Grønlund et al. 2017; the same idea as Ckmeans 3.4.6), O(K n log n). SSE(j, i) needs O(1) access, hence
 *   prefix sums; to keep them from cancelling (a far-away component makes Σy² huge next to the SSE of a tight
 *   group), the prefix sums and the final SSE = Q − S²/m are carried in double-double arithmetic
 *   (Dekker 1971), which keeps SSE(j, i) accurate to ~1e-32 of Σy².
 *   Why not simple-statistics' `ckmeans`: it runs the same DP on plain double prefix sums, so it misplaces the
 *   split of a tight group next to a far component (150 N(0,1) points and 50 at −1e8, K = 3: SSE 205.8
 *   instead of the optimal 115.8, see the tests), and on arrays of arrays it is slower beyond n ≈ 1e3
 *   (measured at n = 1e5: K = 2 6 ms vs 166 ms, K = 3 41 ms vs 217 ms; at n = 100 it is as fast or slightly
 *   faster; bench/kmeans.ts prints both).
 * - The returned objective is recomputed from the final groups by the corrected two-pass formula, and means
 *   are the group means in ascending order; weights are the group proportions.
 * - Ties: an optimal partition never splits equal values unless there are fewer distinct values than K. In that
 *   case the fit is still a valid global optimum (objective 0, some centres coincide, every group non-empty)
 *   but it is reported with status 'empty-cluster': as a Voronoi assignment one of the coincident centres
 *   would own no point, which is how kmeans (Lloyd) reports the same data.
 * Iterations = 1, converged = true: the algorithm is exact and finite; `search` says the fit is the global optimum.
 */
import type { Dataset, Fit, FitSearch, Rng } from '../../types.js';
import type { EstimatorDescriptor } from '../descriptor.js';

/** The exact algorithm has nothing to tune. */
export type KMeansExactOptions = Record<string, never>;
import { validateInput } from '../validateInput.js';
import { kmeansCovariance } from './pollardCovariance.js';

/** Every fit of this estimator: exact, one run, the global minimum of the within-cluster sum of squares. */
const GLOBAL: FitSearch = Object.freeze({ global: true, restarts: 1, restartsAtBest: 1 });

/** Veltkamp's constant 2^27 + 1: splits a double into two halves whose products are exact. */
const SPLIT = 134217729;

function fitExact(data: Dataset, K: number, _options: KMeansExactOptions, _rng: Rng): Fit {
  validateInput(data, K);
  if (data.d !== 1) throw new Error(`kmeans-exact: needs 1-D data (d = 1), got d = ${data.d}`);
  const n = data.n;
  const { sorted, scratch } = sortWithScratch(data.x);
  let distinct = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) distinct++;

  // bounds[k] .. bounds[k + 1] − 1 are the sorted indices of group k.
  const bounds = new Int32Array(K + 1);
  bounds[K] = n;
  if (K === 2) bounds[1] = bestSplit(sorted, scratch);
  else if (K > 2) dynamicProgram(sorted, K, bounds);

  const means = new Float64Array(K);
  const weights = new Float64Array(K);
  let objective = 0;
  for (let k = 0; k < K; k++) {
    const a = bounds[k];
    const b = bounds[k + 1];
    const m = b - a;
    // Corrected two-pass (Chan, Golub & LeVeque 1983): a local shift, then the mean, then the residual sum.
    const ref = sorted[a];
    let s = 0;
    for (let t = a; t < b; t++) s += sorted[t] - ref;
    const mean = ref + s / m;
    let ss = 0;
    let se = 0;
    for (let t = a; t < b; t++) {
      const e = sorted[t] - mean;
      ss += e * e;
      se += e;
    }
    const sse = ss - (se * se) / m;
    means[k] = mean;
    weights[k] = m / n;
    objective += sse > 0 ? sse : 0;
  }

  const degenerate = distinct < K;
  return {
    K,
    d: 1,
    means,
    weights,
    sigmas: null,
    logLik: null,
    objective,
    iterations: 1,
    converged: true,
    status: degenerate ? 'empty-cluster' : 'ok',
    ...(degenerate
      ? { message: `only ${distinct} distinct value(s) for K = ${K}: centres coincide (objective 0)` }
      : {}),
    search: GLOBAL,
  };
}

/** True where Float64Array words are little-endian (low 32 bits first), which the radix sort assumes. */
const LITTLE_ENDIAN = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000;

/**
 * A sorted copy of finite values, ascending (−0 before +0, as Float64Array.prototype.sort). Least-significant-
 * digit radix sort on the IEEE-754 bit patterns, 6 passes of 11/11/10 bits per 32-bit word, after the usual
 * order-preserving map (flip the sign bit of non-negatives, every bit of negatives). It takes O(n) and is
 * several times faster than the built-in comparison sort at n ≥ 1e4, where the sort is nearly all the cost of
 * the K = 2 fit. Small inputs and big-endian hosts use the built-in sort.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  return sortWithScratch(values).sorted;
}

/**
 * `sortFloat64`, also handing back a free buffer of n + 1 doubles: the radix sort's second ping-pong buffer,
 * which the K = 2 split reuses, so a fit needs two arrays of n doubles at its peak instead of three (the
 * extra-memory target of 3× the data, bench/memory.ts). The sort writes into the array it returns as one of
 * its two buffers, and fromKeys converts in place when the keys end up there.
 */
function sortWithScratch(values: Float64Array): { sorted: Float64Array; scratch: Float64Array } {
  const n = values.length;
  if (n < 4096 || !LITTLE_ENDIAN) return { sorted: values.slice().sort(), scratch: new Float64Array(n + 1) };
  // The loops live in helpers: a loop that V8 compiles on-stack (OSR) before the code after it has run leaves
  // that code without type feedback, and the function would deoptimise at its end on every call.
  const out = new Float64Array(n);
  const other = new Float64Array(n + 1);
  const outWords = new Uint32Array(out.buffer);
  let src = new Uint32Array(other.buffer, 0, 2 * n);
  let dst = outWords;
  src.set(new Uint32Array(values.buffer, values.byteOffset, 2 * n));
  const counts = new Uint32Array(6 * 2048);
  toKeys(src, n, counts);
  const offsets = new Uint32Array(2048);
  for (let pass = 0; pass < 6; pass++) {
    // A digit shared by every key leaves the order unchanged: skip the pass.
    if (!bucketOffsets(counts, pass * 2048, n, offsets)) continue;
    scatter(src, dst, n, pass < 3 ? 0 : 1, (pass % 3) * 11, offsets);
    const t = src;
    src = dst;
    dst = t;
  }
  fromKeys(src, n, outWords);
  return { sorted: out, scratch: other };
}

/** Maps bit patterns to order-preserving unsigned keys in place and histograms the six digits. */
function toKeys(words: Uint32Array, n: number, counts: Uint32Array): void {
  for (let i = 0; i < 2 * n; i += 2) {
    const hi = words[i + 1];
    const mask = hi >> 31; // −1 for negatives, 0 otherwise
    const lo = (words[i] ^ mask) >>> 0;
    const h = (hi ^ (mask | 0x80000000)) >>> 0;
    words[i] = lo;
    words[i + 1] = h;
    counts[lo & 2047]++;
    counts[2048 + ((lo >>> 11) & 2047)]++;
    counts[4096 + (lo >>> 22)]++;
    counts[6144 + (h & 2047)]++;
    counts[8192 + ((h >>> 11) & 2047)]++;
    counts[10240 + (h >>> 22)]++;
  }
}

/** Exclusive prefix sums of one digit's histogram; false when one bucket holds every key. */
function bucketOffsets(counts: Uint32Array, base: number, n: number, offsets: Uint32Array): boolean {
  let total = 0;
  let useful = true;
  for (let b = 0; b < 2048; b++) {
    const c = counts[base + b];
    if (c === n) useful = false;
    offsets[b] = total;
    total += c;
  }
  return useful;
}

/** One stable counting-sort pass on the 11-bit digit at `shift` of word `word` (0 = low, 1 = high). */
function scatter(src: Uint32Array, dst: Uint32Array, n: number, word: number, shift: number, offsets: Uint32Array): void {
  for (let i = 0; i < 2 * n; i += 2) {
    const digit = (src[i + word] >>> shift) & 2047;
    const at = 2 * offsets[digit]++;
    dst[at] = src[i];
    dst[at + 1] = src[i + 1];
  }
}

/** Inverse of toKeys: keys with the top bit set were non-negative. */
function fromKeys(keys: Uint32Array, n: number, words: Uint32Array): void {
  for (let i = 0; i < 2 * n; i += 2) {
    const h = keys[i + 1];
    const mask = ~(h >> 31);
    words[i] = (keys[i] ^ mask) >>> 0;
    words[i + 1] = (h ^ (mask | 0x80000000)) >>> 0;
  }
}

/**
 * Index s (1 ≤ s < n) minimising SSE(sorted[0..s)) + SSE(sorted[s..n)), over splits between distinct values
 * (an optimal split never separates equal values); 1 when all values are equal. `right` (length ≥ n) is scratch.
 */
function bestSplit(y: Float64Array, right: Float64Array): number {
  const n = y.length;
  let mean = 0;
  let m2 = 0;
  for (let i = n - 1; i >= 0; i--) {
    const v = y[i];
    const delta = v - mean;
    mean += delta / (n - i);
    m2 += delta * (v - mean);
    right[i] = m2;
  }
  mean = 0;
  m2 = 0;
  let best = Infinity;
  let split = 1;
  for (let s = 1; s < n; s++) {
    const v = y[s - 1];
    const delta = v - mean;
    mean += delta / s;
    m2 += delta * (v - mean);
    if (v !== y[s]) {
      const total = m2 + right[s];
      if (total < best) {
        best = total;
        split = s;
      }
    }
  }
  return split;
}

/** Prefix sums of y and y² (y = sorted data minus a shift) in double-double, for O(1) SSE of any group. */
interface PrefixSums {
  readonly sh: Float64Array;
  readonly sl: Float64Array;
  readonly qh: Float64Array;
  readonly ql: Float64Array;
}

function prefixSums(sorted: Float64Array): PrefixSums {
  const n = sorted.length;
  const shift = sorted[n >> 1];
  const sh = new Float64Array(n + 1);
  const sl = new Float64Array(n + 1);
  const qh = new Float64Array(n + 1);
  const ql = new Float64Array(n + 1);
  let aH = 0;
  let aL = 0;
  let bH = 0;
  let bL = 0;
  for (let i = 0; i < n; i++) {
    const y = sorted[i] - shift;
    // S += y (two-sum, then renormalise)
    let s = aH + y;
    let v = s - aH;
    let lo = aL + (aH - (s - v) + (y - v));
    aH = s + lo;
    aL = lo - (aH - s);
    // Q += y² with y² = p + e exactly (Dekker's product)
    const p = y * y;
    const t = SPLIT * y;
    const yh = t - (t - y);
    const yl = y - yh;
    const e = yh * yh - p + 2 * yh * yl + yl * yl;
    s = bH + p;
    v = s - bH;
    lo = bL + (bH - (s - v) + (p - v)) + e;
    bH = s + lo;
    bL = lo - (bH - s);
    sh[i + 1] = aH;
    sl[i + 1] = aL;
    qh[i + 1] = bH;
    ql[i + 1] = bL;
  }
  return { sh, sl, qh, ql };
}

/**
 * Scans candidates j = jLo..jHi for the last group sorted[j..i) and returns the first j minimising
 * base[j] + SSE(j, i), writing that minimum to best[0]. SSE(j, i) = Q − S²/m is evaluated in double-double
 * inline: as a separate function V8 would box its double result on every call (measured ~8× slower).
 */
function scanLastGroup(
  P: PrefixSums,
  base: Float64Array | null,
  i: number,
  jLo: number,
  jHi: number,
  best: Float64Array,
): number {
  const { sh, sl, qh, ql } = P;
  const siH = sh[i];
  const siL = sl[i];
  const qiH = qh[i];
  const qiL = ql[i];
  let bestVal = Infinity;
  let bestJ = jLo;
  for (let j = jLo; j <= jHi; j++) {
    const m = i - j;
    // S = S_i − S_j (two-sum of the high parts, low parts added to the error, renormalised)
    let s = siH - sh[j];
    let v = s - siH;
    let lo = siH - (s - v) + (-sh[j] - v) + (siL - sl[j]);
    const sH = s + lo;
    const sL = lo - (sH - s);
    // Q = Q_i − Q_j
    s = qiH - qh[j];
    v = s - qiH;
    lo = qiH - (s - v) + (-qh[j] - v) + (qiL - ql[j]);
    const qH = s + lo;
    const qL = lo - (qH - s);
    // T = S²/m: S² = p + e exactly (Dekker), then the division with its exact remainder.
    const p = sH * sH;
    let t = SPLIT * sH;
    const hh = t - (t - sH);
    const hl = sH - hh;
    const e = hh * hh - p + 2 * hh * hl + hl * hl + 2 * sH * sL;
    const tH = p / m;
    const r = tH * m;
    t = SPLIT * tH;
    const th = t - (t - tH);
    const tl = tH - th;
    t = SPLIT * m;
    const mh = t - (t - m);
    const ml = m - mh;
    const rErr = th * mh - r + th * ml + tl * mh + tl * ml;
    const tL = (p - r - rErr + e) / m;
    // SSE = Q − T
    s = qH - tH;
    v = s - qH;
    let sse = s + (qH - (s - v) + (-tH - v) + (qL - tL));
    if (!(sse > 0)) sse = 0;
    const c = base === null ? sse : base[j] + sse;
    if (c < bestVal) {
      bestVal = c;
      bestJ = j;
    }
  }
  best[0] = bestVal;
  return bestJ;
}

/**
 * Fills bounds[1..K−1] with the starts of groups 1..K−1 of an optimal partition of `sorted` into K ≥ 3
 * contiguous non-empty groups.
 */
function dynamicProgram(sorted: Float64Array, K: number, bounds: Int32Array): void {
  const n = sorted.length;
  const P = prefixSums(sorted);
  const best = new Float64Array(1);
  let prev = new Float64Array(n + 1);
  let cur = new Float64Array(n + 1);
  // back[(k − 2)·(n + 1) + i] = start of the last group in an optimal split of sorted[0..i) into k groups.
  const back = new Int32Array((K - 1) * (n + 1));
  for (let i = 1; i <= n; i++) {
    scanLastGroup(P, null, i, 0, 0, best);
    prev[i] = best[0];
  }
  // Explicit stack of (lo, hi, optLo, optHi) ranges: depth O(log n), no recursion or closures.
  const stack = new Int32Array(4 * 2 * 64);
  for (let k = 2; k < K; k++) {
    const row = (k - 2) * (n + 1);
    stack[0] = k;
    stack[1] = n - (K - k);
    stack[2] = k - 1;
    stack[3] = n - (K - k) - 1;
    let top = 4;
    while (top > 0) {
      top -= 4;
      const lo = stack[top];
      const hi = stack[top + 1];
      const optLo = stack[top + 2];
      const optHi = stack[top + 3];
      if (lo > hi) continue;
      const i = (lo + hi) >>> 1;
      const bestJ = scanLastGroup(P, prev, i, optLo, optHi < i - 1 ? optHi : i - 1, best);
      cur[i] = best[0];
      back[row + i] = bestJ;
      stack[top] = lo;
      stack[top + 1] = i - 1;
      stack[top + 2] = optLo;
      stack[top + 3] = bestJ;
      stack[top + 4] = i + 1;
      stack[top + 5] = hi;
      stack[top + 6] = bestJ;
      stack[top + 7] = optHi;
      top += 8;
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  // Last group: only the full prefix i = n is needed.
  let i = scanLastGroup(P, prev, n, K - 1, n - 1, best);
  bounds[K - 1] = i;
  for (let k = K - 1; k >= 2; k--) {
    const j = back[(k - 2) * (n + 1) + i];
    bounds[k - 1] = j;
    i = j;
  }
}

/** Exact 1-D k-means (method 'kmeans-exact'); throws for d ≠ 1. */
export const kmeansExact1d: EstimatorDescriptor<KMeansExactOptions> = {
  method: 'kmeans-exact',
  summary: 'globally optimal one-dimensional k-means (sorting and prefix sums; dynamic programming for K > 2)',
  options: {},
  optionProblems: () => [],
  unsupported: (_o, shape) => (shape.d === 1 ? null : '"kmeans-exact" needs d = 1'),
  target: () => ({ kind: 'kmeans-limit' }),
  describe: () => 'globally optimal one-dimensional k-means (exact minimum of the within-cluster sum of squares)',
  fit: fitExact,
  covariance: kmeansCovariance,
};

/**
 * JIT priming at module load (see the note in kmeans.ts): every loop here runs once on a few points first, so
 * that V8's on-stack-compiled code for a large fit does not deoptimise at the end of each loop on every call
 * (observed: one deoptimisation per fit in fitExact, bestSplit and the DP, 2–3× slower fits). No result depends
 * on it.
 */
function primeKernels(): void {
  const rng: Rng = { uniform: () => 0.5, normal: () => 0 };
  // Non-integral values: integral ones would be seen as small integers and record the wrong feedback.
  const x = Float64Array.from([3.5, -1.25, 0.5, 2.75, 2.75, 7.5, 8.25, -0.5, 5.5, 1.5]);
  const n = x.length;
  const counts = new Uint32Array(6 * 2048);
  const offsets = new Uint32Array(2048);
  // V8 allocates a function's feedback vector only after several calls: repeat.
  for (let rep = 0; rep < 10; rep++) {
    for (let K = 1; K <= 4; K++) kmeansExact1d.fit({ x, n, d: 1 }, K, {}, rng);
    kmeansExact1d.fit({ x: new Float64Array(5).fill(2.5), n: 5, d: 1 }, 3, {}, rng);
    // The radix sort's loops (its own path starts at 4096 values, too many to run unoptimised here).
    const keys = new Uint32Array(x.buffer.slice(0));
    const other = new Uint32Array(2 * n);
    counts.fill(0);
    toKeys(keys, n, counts);
    bucketOffsets(counts, 0, n, offsets);
    scatter(keys, other, n, 0, 0, offsets);
    fromKeys(other, n, new Uint32Array(2 * n));
  }
}
primeKernels();
