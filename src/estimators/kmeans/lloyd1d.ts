/**
 * A value index for k-means with d = 1 and K = 2 (the canonical study): the data counting-sorted into B ≈ n/64
 * equal-width buckets by value, with prefix and suffix sums over buckets of the counts, Σy and Σy²
 * (y = x − shift, shift = the data mean as in lloyd.ts). Built once per fit (3 linear passes, which also give
 * the mean, shifted total and variance lloyd.ts needs), it turns each Lloyd pass of a fit (~16 at n = 1e5)
 * into O(1 bucket) work and the k-means++ seeding into one partial scan:
 *
 * - Why it is exact: bucket(v) = ⌊(v − lo)·scale⌋, clamped to [0, B − 1], is monotone non-decreasing in v under
 *   IEEE rounding, so for a threshold t every point of a bucket below bucket(t) is < t and every point of a
 *   bucket above it is > t; only bucket(t) itself is scanned point by point, with the exact rule.
 * - Lloyd assignment (accumulateIndexed): a point goes to the upper centre iff v > mid, exactly as
 *   lloyd.ts accumulate1d2; the upper cluster's count and Σy are a suffix over buckets plus the boundary scan.
 *   Suffix sums are built as sufSum[b] = sufSum[b + 1] + (Σy of bucket b, summed in the scan's order), so an
 *   unchanged partition gives bit-identical sums even when the midpoint moves to another bucket, and Lloyd
 *   still stops with exactly zero movement.
 * - Greedy k-means++ seeding (seedPlusPlusIndexed): the same random draws and the same chosen points as
 *   kmeansPlusPlus.ts seedPlusPlus for K = 2 (same rng stream, sampling over points in index order). The
 *   potential Σ(x − c₀)² that scales the targets is bracketed from the moments with a rigorous rounding bound,
 *   so the sampling scan runs without the O(n) total pass and stops at the last target; a candidate's
 *   potential Σ min((x − c₀)², (x − c)²) is the K = 2 inertia of {c₀, c}, computed from the bucket sums with
 *   an error bound. Whenever a bound cannot decide (a target within rounding of a point's cumulative weight,
 *   candidates' potentials within rounding of each other) the exact O(n) computation in index order decides,
 *   so the chosen points are those of seedPlusPlus, ties included.
 *
 * Everything here is 1-D and K = 2 only: for K > 2 the general path assigns by squared distance with ties to
 * the lower index, which a midpoint split reproduces only up to rounding, so it keeps the O(n) kernels. As in
 * lloyd.ts and kmeansPlusPlus.ts, loops over the data are small functions without rng calls, and per-point
 * loops over overlapping data are branch-free.
 */
import type { Rng } from '../../types.js';

/** Smallest n for which a d = 1, K = 2 k-means fit builds the index (below it the O(n) passes are as fast). */
export const INDEX_MIN_N = 512;

const POINTS_PER_BUCKET = 64;
const MIN_BUCKETS = 16;
const MAX_BUCKETS = 1 << 20;
const EPS = Number.EPSILON;
/** Points (at a fixed stride) whose range, widened by half on each side, sets the buckets' range. */
const RANGE_SAMPLE = 256;

export interface ValueIndex1d {
  /** Number of buckets; 0 when no index was built (then the O(n) kernels of lloyd.ts run). */
  readonly B: number;
  readonly n: number;
  /** Bucket of v: clamp(⌊(v − lo)·scale⌋, 0, B − 1) (lo, scale from a sample of the data, see buildValueIndex). */
  readonly lo: number;
  readonly scale: number;
  /** The data mean (lloyd.ts `shift`): sums are of y = x − shift. */
  readonly shift: number;
  /** Σ y over all points in index order (lloyd.ts `shiftedTotal`). */
  readonly sumY: number;
  /** Σ y² over all points in index order (n × lloyd.ts `variance`). */
  readonly sumY2: number;
  /** The values in bucket order (index order within a bucket). */
  readonly sorted: Float64Array;
  /** Bucket b holds sorted[start[b] .. start[b + 1]); length B + 1. */
  readonly start: Int32Array;
  /** Σy and Σy² over buckets < b (pre*) and ≥ b (suf*); length B + 1. */
  readonly preSum: Float64Array;
  readonly preSq: Float64Array;
  readonly sufSum: Float64Array;
  readonly sufSq: Float64Array;
  /** Seeding scratch: 4 thresholds, their crossings and owners; candidates; pair/quad select buffers; results. */
  readonly thr: Float64Array;
  readonly hits: Int32Array;
  readonly owner: Int32Array;
  readonly cand: Int32Array;
  readonly targets: Float64Array;
  readonly quad: Float64Array;
  readonly res: Float64Array;
}

function makeIndex(
  B: number,
  n: number,
  lo: number,
  scale: number,
  shift: number,
  sumY: number,
  sumY2: number,
  sorted: Float64Array,
  start: Int32Array,
  sums: Float64Array,
): ValueIndex1d {
  const m = B + 1;
  return {
    B,
    n,
    lo,
    scale,
    shift,
    sumY,
    sumY2,
    sorted,
    start,
    preSum: sums.subarray(0, m),
    preSq: sums.subarray(m, 2 * m),
    sufSum: sums.subarray(2 * m, 3 * m),
    sufSq: sums.subarray(3 * m, 4 * m),
    thr: new Float64Array(4),
    hits: new Int32Array(4),
    owner: new Int32Array(4),
    cand: new Int32Array(2),
    targets: new Float64Array(2),
    quad: new Float64Array(4),
    res: new Float64Array(4),
  };
}

/** Moments only (B = 0): used when no index is built, or when the data cannot be bucketed (all equal, huge span). */
function unindexed(n: number, shift: number, sumY: number, sumY2: number): ValueIndex1d {
  return makeIndex(0, n, 0, 0, shift, sumY, sumY2, new Float64Array(0), new Int32Array(1), new Float64Array(4));
}

/** An index with B = 0 for fits that do not use one. */
export const NO_INDEX: ValueIndex1d = unindexed(0, 0, 0, 0);

/**
 * Buffers of the last pooled index, reused by the next pooled build: first-touching fresh memory costs a page
 * fault per 4 KiB (measured on this project's sandbox: ~2 ms for the 0.8 MB of an index at n = 1e5, as much as
 * the rest of the fit), and the k-means fits of a study run one after another with the same n. Retains about
 * 8·n bytes, for n ≤ POOL_MAX_N only; larger n allocate per fit.
 */
let poolF64 = new Float64Array(0);
let poolI32 = new Int32Array(0);
const POOL_MAX_N = 1 << 21;

function f64Buffer(length: number, pool: boolean): Float64Array {
  if (!pool) return new Float64Array(length);
  if (poolF64.length < length) poolF64 = new Float64Array(length);
  return poolF64;
}

function i32Buffer(length: number, pool: boolean): Int32Array {
  if (!pool) return new Int32Array(length);
  if (poolI32.length < length) poolI32 = new Int32Array(length);
  return poolI32;
}

/**
 * Builds the index of x (length n). The buckets span the range of RANGE_SAMPLE points at a fixed stride,
 * widened by half that range on each side (points outside fall into the end buckets: bucketing stays monotone),
 * which saves a min/max pass and keeps a few outliers from squeezing the bulk of the data into one bucket; only
 * when the sampled points are all equal is the full min/max taken. The moments are computed exactly as
 * lloyd.ts createLloydWork does (Σx/n, then Σ(x − mean) and Σ(x − mean)² in index order), so shift,
 * shiftedTotal and variance are bit-identical to the unindexed path. With `pool`, the index shares module-level
 * buffers with every other pooled index, so it is valid only until the next pooled build: for callers that
 * finish with an index before building another (kmeans.ts, one fit at a time).
 */
export function buildValueIndex(x: Float64Array, n: number, pool = false): ValueIndex1d {
  const out = new Float64Array(3);
  const B = Math.min(MAX_BUCKETS, Math.max(MIN_BUCKETS, Math.floor(n / POINTS_PER_BUCKET)));
  sampleRange(x, n, out);
  let lo = out[0] - 0.5 * (out[1] - out[0]);
  let scale = B / (2 * (out[1] - out[0]));
  if (!(scale > 0 && scale < Infinity && lo > -Infinity)) {
    sumMinMax(x, n, out);
    const width = out[2] - out[1];
    lo = out[1];
    scale = B / width;
    if (!(width > 0 && width < Infinity && scale < Infinity)) {
      // All values equal, or a span that overflows: no index.
      const mean = out[0] / n;
      shiftedMoments(x, n, mean, out);
      return unindexed(n, mean, out[0], out[1]);
    }
  }
  const m = B + 1;
  const usePool = pool && n <= POOL_MAX_N;
  const f64 = f64Buffer(n + 4 * m, usePool);
  const i32 = i32Buffer(2 * m, usePool);
  const start = i32.subarray(0, m);
  start.fill(0);
  const cursor = i32.subarray(m, m + B);
  // start[b + 1] counts bucket b, then becomes the exclusive prefix (start of bucket b + 1).
  const mean = sumAndCounts(x, n, lo, scale, B, start) / n;
  for (let b = 0; b < B; b++) start[b + 1] += start[b];
  cursor.set(start.subarray(0, B));
  const sorted = f64.subarray(0, n);
  scatterAndMoments(x, n, lo, scale, B, mean, cursor, sorted, out);
  const index = makeIndex(B, n, lo, scale, mean, out[0], out[1], sorted, start, f64.subarray(n, n + 4 * m));
  // Each bucket's Σy, Σy² go to preSum[b + 1], preSq[b + 1]; the suffixes are taken first, then prefixes in place.
  sumsByBucket(sorted, start, B, mean, index.preSum, index.preSq);
  bucketSums(index.preSum, index.sufSum, B);
  bucketSums(index.preSq, index.sufSq, B);
  return index;
}

/** out ← [min, max] of x[0], x[s], x[2s], … (RANGE_SAMPLE points, s = max(1, ⌊n/RANGE_SAMPLE⌋)). */
function sampleRange(x: Float64Array, n: number, out: Float64Array): void {
  const stride = Math.max(1, Math.floor(n / RANGE_SAMPLE));
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i += stride) {
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  out[0] = lo;
  out[1] = hi;
}

/** out ← [Σx, min, max] (Σ in index order, as lloyd.ts columnSum with shift 0). */
function sumMinMax(x: Float64Array, n: number, out: Float64Array): void {
  let s = 0;
  let lo = Infinity;
  let hi = -Infinity;
  // Math.min/max, not ifs: measured 3× faster here (the data are finite, so NaN rules play no part).
  for (let i = 0; i < n; i++) {
    const v = x[i];
    s += v;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  out[0] = s;
  out[1] = lo;
  out[2] = hi;
}

/** out ← [Σy, Σy²] with y = x − mean, in index order. */
function shiftedMoments(x: Float64Array, n: number, mean: number, out: Float64Array): void {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const y = x[i] - mean;
    s1 += y;
    s2 += y * y;
  }
  out[0] = s1;
  out[1] = s2;
}

/*
 * A data point's bucket is Math.min(Math.max((v − lo)·scale, 0), B − 1) | 0: the clamp is taken in floating
 * point (a far outlier's (v − lo)·scale may exceed the int32 range) and is branch-free (Math.min/max), and for
 * values in [0, B − 1] truncation is the floor, so it equals bucketOf(v).
 */

/** Σx in index order (as lloyd.ts columnSum with shift 0); the bucket sizes counted into counts[b + 1]. */
function sumAndCounts(x: Float64Array, n: number, lo: number, scale: number, B: number, counts: Int32Array): number {
  const top = B - 1;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    s += v;
    counts[(Math.min(Math.max((v - lo) * scale, 0), top) | 0) + 1]++;
  }
  return s;
}

/** Counting-sort scatter into bucket order (index order within a bucket); out ← [Σy, Σy²] in index order. */
function scatterAndMoments(
  x: Float64Array,
  n: number,
  lo: number,
  scale: number,
  B: number,
  mean: number,
  cursor: Int32Array,
  sorted: Float64Array,
  out: Float64Array,
): void {
  const top = B - 1;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    sorted[cursor[Math.min(Math.max((v - lo) * scale, 0), top) | 0]++] = v;
    const y = v - mean;
    s1 += y;
    s2 += y * y;
  }
  out[0] = s1;
  out[1] = s2;
}

/**
 * sum[b + 1], sq[b + 1] ← Σy, Σy² of bucket b, summed from 0 in bucket order: the same additions as the boundary
 * scan of accumulateIndexed when the whole bucket is above the midpoint. (A separate sequential pass: measured
 * faster than accumulating per bucket inside the scatter.)
 */
function sumsByBucket(
  sorted: Float64Array,
  start: Int32Array,
  B: number,
  shift: number,
  sum: Float64Array,
  sq: Float64Array,
): void {
  for (let b = 0; b < B; b++) {
    let s1 = 0;
    let s2 = 0;
    const end = start[b + 1];
    for (let p = start[b]; p < end; p++) {
      const y = sorted[p] - shift;
      s1 += y;
      s2 += y * y;
    }
    sum[b + 1] = s1;
    sq[b + 1] = s2;
  }
}

/**
 * pre[b + 1] holds bucket b's own sum on entry; on return pre[b] = Σ over buckets < b and suf[b] = Σ over buckets
 * ≥ b, each accumulated bucket by bucket (suf[b] = suf[b + 1] + bucket b: see the note on bit-identical sums).
 */
function bucketSums(pre: Float64Array, suf: Float64Array, B: number): void {
  suf[B] = 0;
  for (let b = B - 1; b >= 0; b--) suf[b] = suf[b + 1] + pre[b + 1];
  pre[0] = 0;
  for (let b = 0; b < B; b++) pre[b + 1] += pre[b];
}

/** The bucket of threshold t: the data's bucket function with the clamp (t may lie outside [min, max] or be ±∞). */
export function bucketOf(ix: ValueIndex1d, t: number): number {
  const z = Math.floor((t - ix.lo) * ix.scale);
  if (z >= ix.B) return ix.B - 1;
  if (z >= 0) return z;
  return 0;
}

/**
 * The d = 1, K = 2 Lloyd pass of lloyd.ts (accumulate1d2) on the index: out ← [count, Σy] of the points with
 * v > mid, the boundary bucket scanned with the same branch-free rule.
 */
export function accumulateIndexed(ix: ValueIndex1d, mid: number, out: Float64Array): void {
  const b = bucketOf(ix, mid);
  const end = ix.start[b + 1];
  scanAbove(ix.sorted, ix.start[b], end, mid, ix.shift, out);
  out[0] += ix.n - end;
  out[1] = ix.sufSum[b + 1] + out[1];
}

function scanAbove(sorted: Float64Array, from: number, to: number, mid: number, shift: number, out: Float64Array): void {
  let cnt = 0;
  let sum = 0;
  for (let p = from; p < to; p++) {
    const v = sorted[p];
    const f = +(v > mid);
    cnt += f;
    sum += f * (v - shift);
  }
  out[0] = cnt;
  out[1] = sum;
}

// ---------------------------------------------------------------------------------------------------------------
// Greedy k-means++ seeding for K = 2 (2 + ⌊ln 2⌋ = 2 candidates), reproducing kmeansPlusPlus.ts seedPlusPlus.

/**
 * Writes the two seeds into out[0], out[1], consuming the rng exactly as seedPlusPlus(data, 2, …) does and
 * choosing the same points. `ix` must have B > 0. `slack` ≥ 1 widens every rounding bound (tests use it to
 * send the decisions through the exact fallbacks; the result does not depend on it).
 */
export function seedPlusPlusIndexed(
  x: Float64Array,
  n: number,
  rng: Rng,
  out: Float64Array,
  ix: ValueIndex1d,
  slack = 1,
): void {
  let first = Math.floor(rng.uniform() * n);
  if (first >= n) first = n - 1;
  const c0 = x[first];
  out[0] = c0;
  // seedPlusPlus's total T = Σ (x − c₀)² summed in index order lies in [tLo, tHi] (see totalBracket).
  totalBracket(ix, c0, slack, ix.res);
  const tLo = ix.res[0];
  const tHi = ix.res[1];
  const cand = ix.cand;
  let pick: number;
  if (tLo > 0 && tHi < Infinity) {
    // T ∈ (0, ∞) for sure: seedPlusPlus draws the two targets u·T.
    const u0 = rng.uniform();
    const u1 = rng.uniform();
    if (!bracketedCandidates(x, n, c0, u0, u1, tLo, tHi, ix)) {
      const total = sumSquares(x, n, c0);
      exactCandidates(x, n, c0, u0 * total, u1 * total, ix);
    }
    pick = chooseCandidate(x, n, c0, cand[0], cand[1], slack, ix);
  } else {
    const total = sumSquares(x, n, c0);
    if (!(total > 0 && total < Infinity)) {
      pick = Math.floor(rng.uniform() * n);
      if (pick >= n) pick = n - 1;
    } else {
      const u0 = rng.uniform();
      const u1 = rng.uniform();
      exactCandidates(x, n, c0, u0 * total, u1 * total, ix);
      pick = chooseCandidate(x, n, c0, cand[0], cand[1], slack, ix);
    }
  }
  out[1] = x[pick];
}

/**
 * res ← [tLo, tHi] ∋ T = fl(Σ (x − c₀)²) summed in index order. With a = c₀ − shift,
 * Σ(x − c₀)² = S₂ − 2aS₁ + na². Every rounding involved (the recursive sums of n terms, here and in T itself)
 * is at most ~(3n + 13)·u·M, where M = (√S₂ + |a|√n)² ≥ Σ (|y| + |a|)² by Cauchy–Schwarz and u = ε/2; the
 * bracket is ±8(n + 16)·ε·M, about 5× that. Since S₁ ≈ 0 (y is centred), M ≤ 2T: the bracket is ~16nε relative.
 */
function totalBracket(ix: ValueIndex1d, c0: number, slack: number, res: Float64Array): void {
  const n = ix.n;
  const a = c0 - ix.shift;
  const t = ix.sumY2 - 2 * a * ix.sumY + n * a * a;
  const r = Math.sqrt(ix.sumY2) + Math.abs(a) * Math.sqrt(n);
  const delta = slack * 8 * (n + 16) * EPS * (r * r);
  res[0] = t - delta;
  res[1] = t + delta;
}

/**
 * cand[k] ← seedPlusPlus's candidate for target u_k·T, knowing only T ∈ [tLo, tHi]: the candidate is the first i
 * whose running sum exceeds the target, and the running sum is non-decreasing, so it lies between the first
 * crossings of u_k·tLo and u_k·tHi (fl(u·T) is monotone in T). When those agree for both targets it is known;
 * returns false otherwise (then the exact total is needed). One read-only scan that stops at the last crossing.
 */
function bracketedCandidates(
  x: Float64Array,
  n: number,
  c0: number,
  u0: number,
  u1: number,
  tLo: number,
  tHi: number,
  ix: ValueIndex1d,
): boolean {
  const { thr, hits, owner, cand } = ix;
  // Threshold j belongs to target j >> 1 (even j: lower end). Insertion sort of the four by value.
  const vals = ix.quad;
  vals[0] = u0 * tLo;
  vals[1] = u0 * tHi;
  vals[2] = u1 * tLo;
  vals[3] = u1 * tHi;
  for (let j = 0; j < 4; j++) {
    let q = j;
    while (q > 0 && thr[q - 1] > vals[j]) {
      thr[q] = thr[q - 1];
      owner[q] = owner[q - 1];
      q--;
    }
    thr[q] = vals[j];
    owner[q] = j;
  }
  const crossed = crossings(x, n, c0, thr, hits);
  if (crossed < 4) return false;
  // hits[q] is the crossing of threshold owner[q]: map back to (target, end).
  let lo0 = -1;
  let hi0 = -2;
  let lo1 = -1;
  let hi1 = -2;
  for (let q = 0; q < 4; q++) {
    const j = owner[q];
    if (j === 0) lo0 = hits[q];
    else if (j === 1) hi0 = hits[q];
    else if (j === 2) lo1 = hits[q];
    else hi1 = hits[q];
  }
  if (lo0 !== hi0 || lo1 !== hi1) return false;
  cand[0] = lo0;
  cand[1] = lo1;
  return true;
}

/**
 * hits[q] ← first i whose running sum Σ_{j≤i} (x_j − c₀)² exceeds thr[q] (thr ascending); returns how many
 * thresholds were crossed. The running sum is the one seedPlusPlus forms, term for term.
 */
function crossings(x: Float64Array, n: number, c0: number, thr: Float64Array, hits: Int32Array): number {
  const m = thr.length;
  let q = 0;
  let next = thr[0];
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const t = x[i] - c0;
    acc += t * t;
    if (acc > next) {
      do {
        hits[q++] = i;
        next = q < m ? thr[q] : Infinity;
      } while (acc > next);
      if (q === m) return m;
    }
  }
  return q;
}

/** Σ (x − c₀)² in index order: seedPlusPlus's potential after its first seed. */
function sumSquares(x: Float64Array, n: number, c0: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const t = x[i] - c0;
    acc += t * t;
  }
  return acc;
}

/** cand ← seedPlusPlus's candidates (sampleByWeight) for the exact targets t0, t1, weights (x − c₀)² on the fly. */
function exactCandidates(x: Float64Array, n: number, c0: number, t0: number, t1: number, ix: ValueIndex1d): void {
  const { targets, cand } = ix;
  // Ascending order of the two targets (ties keep the first first, as sampleByWeight's insertion sort).
  const swap = t1 < t0;
  targets[0] = swap ? t1 : t0;
  targets[1] = swap ? t0 : t1;
  sampleBySquares(x, n, c0, targets, ix.hits);
  cand[0] = ix.hits[swap ? 1 : 0];
  cand[1] = ix.hits[swap ? 0 : 1];
}

/** sampleByWeight of kmeansPlusPlus.ts for ascending targets, the weights (x − c₀)² computed on the fly. */
function sampleBySquares(x: Float64Array, n: number, c0: number, targets: Float64Array, out: Int32Array): void {
  const m = targets.length;
  let acc = 0;
  let q = 0;
  let lastPositive = n - 1;
  for (let i = 0; i < n && q < m; i++) {
    const t = x[i] - c0;
    const w = t * t;
    if (w > 0) lastPositive = i;
    acc += w;
    while (q < m && acc > targets[q]) out[q++] = i;
  }
  while (q < m) out[q++] = lastPositive;
}

/**
 * seedPlusPlus keeps candidate a unless b's potential is strictly smaller (both computed exactly in index order).
 * Equal values give bit-identical potentials; otherwise the indexed potentials decide when their difference
 * exceeds both error bounds, and the exact pass decides the rest.
 */
function chooseCandidate(
  x: Float64Array,
  n: number,
  c0: number,
  a: number,
  b: number,
  slack: number,
  ix: ValueIndex1d,
): number {
  const ca = x[a];
  const cb = x[b];
  if (ca === cb) return a;
  const res = ix.res;
  potentialIndexed(ix, c0, ca, res);
  const pa = res[0];
  const ea = res[1];
  potentialIndexed(ix, c0, cb, res);
  const pb = res[0];
  const eb = res[1];
  const margin = slack * (ea + eb);
  if (pb < pa - margin) return b;
  if (pb > pa + margin) return a;
  exactPotentials(x, n, c0, ca, cb, ix.quad, res);
  return res[1] < res[0] ? b : a;
}

/**
 * res ← [potential, bound] of centres {c₀, c}: Σ min((x − c₀)², (x − c)²), the points split at the midpoint.
 * Buckets entirely below (above) the midpoint's rounding interval are summed from the prefix (suffix) moments
 * as Σ(y − a)² = S₂ − 2aS₁ + ma² around the nearer centre a − shift; the buckets touching the interval are
 * summed exactly. The bound, 8(n + 16)·ε·(M_lo + M_hi + exact part) with M = (√S₂ + |a|√m)², covers this
 * computation's rounding and that of seedPlusPlus's own sum together (see totalBracket).
 */
function potentialIndexed(ix: ValueIndex1d, c0: number, c: number, res: Float64Array): void {
  const cl = c < c0 ? c : c0;
  const cu = c < c0 ? c0 : c;
  const mid = 0.5 * (cl + cu);
  // |fl(mid) − (cl + cu)/2| ≤ u·|mid| (+ underflow): widen by 4u·|mid| and a few subnormals.
  const w = 2 * EPS * Math.abs(mid) + 4 * Number.MIN_VALUE;
  const bLo = bucketOf(ix, mid - w);
  const bHi = bucketOf(ix, mid + w);
  const from = ix.start[bLo];
  const to = ix.start[bHi + 1];
  const exact = minSquares(ix.sorted, from, to, c0, c, ix.quad);
  const al = cl - ix.shift;
  const ml = from;
  const s1l = ix.preSum[bLo];
  const s2l = ix.preSq[bLo];
  const au = cu - ix.shift;
  const mu = ix.n - to;
  const s1u = ix.sufSum[bHi + 1];
  const s2u = ix.sufSq[bHi + 1];
  const rl = Math.sqrt(s2l) + Math.abs(al) * Math.sqrt(ml);
  const ru = Math.sqrt(s2u) + Math.abs(au) * Math.sqrt(mu);
  res[0] = s2l - 2 * al * s1l + ml * al * al + (s2u - 2 * au * s1u + mu * au * au) + exact;
  res[1] = 8 * (ix.n + 16) * EPS * (rl * rl + ru * ru + exact);
}

/** Σ min((v − c₀)², (v − c)²) over sorted[from .. to), the min as seedPlusPlus's branch-free select. */
function minSquares(sorted: Float64Array, from: number, to: number, c0: number, c: number, pair: Float64Array): number {
  let pot = 0;
  for (let p = from; p < to; p++) {
    const v = sorted[p];
    const t0 = v - c0;
    const t = v - c;
    pair[0] = t0 * t0;
    pair[1] = t * t;
    pot += pair[+(pair[1] < pair[0])];
  }
  return pot;
}

/** res[0], res[1] ← seedPlusPlus's potentials of candidates ca and cb (potentialWith, d = 1), in one pass. */
function exactPotentials(
  x: Float64Array,
  n: number,
  c0: number,
  ca: number,
  cb: number,
  quad: Float64Array,
  res: Float64Array,
): void {
  let pa = 0;
  let pb = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const t0 = v - c0;
    const s0 = t0 * t0;
    const ta = v - ca;
    const tb = v - cb;
    quad[0] = s0;
    quad[1] = ta * ta;
    quad[2] = s0;
    quad[3] = tb * tb;
    pa += quad[+(quad[1] < quad[0])];
    pb += quad[2 + +(quad[3] < quad[2])];
  }
  res[0] = pa;
  res[1] = pb;
}

/**
 * JIT priming for the rare seeding paths (see primeKernels in kmeans.ts): the exact fallbacks run only when a
 * bound cannot decide, which the priming fits never reach. No result depends on it.
 */
export function primeIndexedSeeding(x: Float64Array, n: number, ix: ValueIndex1d): void {
  const c0 = x[0];
  const total = sumSquares(x, n, c0);
  exactCandidates(x, n, c0, 0.25 * total, 0.75 * total, ix);
  exactPotentials(x, n, c0, x[1], x[n - 1], ix.quad, ix.res);
  potentialIndexed(ix, c0, x[n - 1], ix.res);
}
