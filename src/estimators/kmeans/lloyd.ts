/**
 * Kernels of Lloyd's algorithm (Lloyd 1982): the assignment + accumulation pass, the centre update, the exact
 * inertia of given centres, and the repair of empty clusters. Kept apart from the estimator in kmeans.ts so the
 * hot loops stay small, monomorphic functions over Float64Array that V8 optimises well, and so other
 * estimators (EM/CEM initialisation) can reuse `assignNearest`.
 *
 * For d = 1, K = 2 the assignment pass can run on the value index of lloyd1d.ts instead (O(1 bucket) per pass,
 * same partition); createLloydWork builds it when asked.
 *
 * Numerics: cluster sums are accumulated on data shifted by the per-coordinate data mean, so centres of data
 * offset by 1e8 keep their low-order digits; a centre is a deterministic function of its partition, so an
 * unchanged partition reproduces the centres bit for bit and Lloyd stops with zero movement.
 */
import type { Dataset } from '../../types.js';
import { accumulateIndexed, buildValueIndex, NO_INDEX, type ValueIndex1d } from './lloyd1d.js';
import { generatedAccumulate, generatedAssign, generatedMoments, type GeneratedAccumulate } from './lloydGen.js';

/** Work buffers of one fit, allocated once and reused by every iteration and restart. */
export interface LloydWork {
  readonly n: number;
  readonly d: number;
  readonly K: number;
  /** Per-coordinate data mean: the shift the cluster sums are accumulated around. */
  readonly shift: Float64Array;
  /** Per-coordinate population variance of the data (for the relative tolerance). */
  readonly variance: Float64Array;
  /** Σ over all points of (x − shift), per coordinate: lets the d=1,K=2 pass accumulate one cluster only. */
  readonly shiftedTotal: Float64Array;
  /** K×d sums of (x − shift) per cluster. */
  readonly sums: Float64Array;
  /** Points per cluster (float so the update divides without conversions). */
  readonly counts: Float64Array;
  /** Cluster of each point (length n; left empty on the d=1,K=2 path, which needs labels only for a repair). */
  labels: Int32Array;
  /** Squared distance of each point to its centre; allocated (length n) by the first empty-cluster repair. */
  dist: Float64Array;
  /** Two outputs of the d=1,K=2 kernels. */
  readonly scratch: Float64Array;
  /** Two-slot select buffer of inertia1d2: [lower, upper] centre. */
  readonly pair: Float64Array;
  /** d = 1, K = 2 with n ≥ the caller's threshold: the value index of lloyd1d.ts (else one with B = 0). */
  readonly index: ValueIndex1d;
  /** The general pass compiled for this (d, K) (lloydGen.ts: the same operations unrolled), or null. */
  readonly gen: GeneratedAccumulate | null;
  /** K×d: the centres of the last pass, kept by the caller to recognise a fixed point (see inertiaOfLabels). */
  readonly before: Float64Array;
}

/**
 * Work buffers for a fit with K clusters. When d = 1, K = 2 and n ≥ `indexMinN` (default: never) the value
 * index of lloyd1d.ts is built as well (it computes the same moments, bit for bit, in its own passes) and the
 * d = 1, K = 2 assignment pass runs on it; `poolIndex` lets it use lloyd1d.ts's shared buffer (valid until the
 * next pooled build).
 */
export function createLloydWork(data: Dataset, K: number, indexMinN = Infinity, poolIndex = false): LloydWork {
  const { x, n, d } = data;
  const shift = new Float64Array(d);
  const variance = new Float64Array(d);
  const shiftedTotal = new Float64Array(d);
  let index = NO_INDEX;
  const moments = generatedMoments(d);
  if (d === 1 && K === 2 && n >= indexMinN) {
    index = buildValueIndex(x, n, poolIndex);
    shift[0] = index.shift;
    shiftedTotal[0] = index.sumY;
    variance[0] = index.sumY2 / n;
  } else if (moments !== null) {
    // The same two-pass moments, every coordinate in each pass (lloydGen.ts generatedMoments).
    moments.sums(x, n, shift);
    for (let j = 0; j < d; j++) shift[j] /= n;
    moments.shifted(x, n, shift, shiftedTotal, variance);
    for (let j = 0; j < d; j++) variance[j] /= n;
  } else {
    // Two-pass mean and variance (the one-pass formula loses every digit for data offset by 1e8), one
    // coordinate at a time so the sums stay in registers.
    for (let j = 0; j < d; j++) {
      const mean = columnSum(x, n, d, j, 0) / n;
      shift[j] = mean;
      shiftedTotal[j] = columnSum(x, n, d, j, mean);
      variance[j] = columnSquares(x, n, d, j, mean) / n;
    }
  }
  return {
    n,
    d,
    K,
    shift,
    variance,
    shiftedTotal,
    sums: new Float64Array(K * d),
    counts: new Float64Array(K),
    labels: new Int32Array(d === 1 && K === 2 ? 0 : n),
    // Never null: a field that changes from null to an array would change the object's hidden class.
    dist: new Float64Array(0),
    scratch: new Float64Array(2),
    pair: new Float64Array(2),
    index,
    gen: generatedAccumulate(d, K),
    before: new Float64Array(K * d),
  };
}

/** Σᵢ (x[i·d + j] − shift). */
function columnSum(x: Float64Array, n: number, d: number, j: number, shift: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i * d + j] - shift;
  return s;
}

/** Σᵢ (x[i·d + j] − shift)². */
function columnSquares(x: Float64Array, n: number, d: number, j: number, shift: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const y = x[i * d + j] - shift;
    s += y * y;
  }
  return s;
}

/**
 * Assigns each point to its nearest centre (ties to the lowest index) and returns the inertia
 * Σᵢ ‖xᵢ − c_{labelᵢ}‖². `centres` is K×d row-major; `labels` has length n.
 */
export function assignNearest(data: Dataset, centres: Float64Array, K: number, labels: Int32Array): number {
  const { x, n, d } = data;
  const gen = generatedAssign(d, K);
  if (gen !== null) return gen(x, n, centres, labels);
  return assignNearestLoops(data, centres, K, labels);
}

/** assignNearest as loops: the reference the compiled kernel of lloydGen.ts unrolls, and the path for large d·K. */
export function assignNearestLoops(data: Dataset, centres: Float64Array, K: number, labels: Int32Array): number {
  const { x, n, d } = data;
  let inertia = 0;
  if (d === 1) {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      let best = Infinity;
      let bk = 0;
      for (let k = 0; k < K; k++) {
        const t = v - centres[k];
        const s = t * t;
        if (s < best) {
          best = s;
          bk = k;
        }
      }
      labels[i] = bk;
      inertia += best;
    }
    return inertia;
  }
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let best = Infinity;
    let bk = 0;
    for (let k = 0; k < K; k++) {
      const cb = k * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x[base + j] - centres[cb + j];
        s += t * t;
      }
      if (s < best) {
        best = s;
        bk = k;
      }
    }
    labels[i] = bk;
    inertia += best;
  }
  return inertia;
}

/**
 * d = 1, K = 2: the Voronoi boundary is the midpoint, so a point's cluster is one comparison and only the upper
 * cluster's count and sum need accumulating (the lower one is the total minus it). The comparison is turned into
 * a number with unary + and used arithmetically: V8 then emits no data-dependent branch, whereas `v > mid ? 1 : 0`
 * or an if compiles to a branch that mispredicts on overlapping clusters (measured 1.2 vs 7–10 ns per point).
 */
function accumulate1d2(x: Float64Array, n: number, mid: number, shift: number, out: Float64Array): void {
  let cnt = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const b = +(v > mid);
    cnt += b;
    sum += b * (v - shift);
  }
  out[0] = cnt;
  out[1] = sum;
}

/**
 * General d, K: nearest centre by full squared distance, then add the shifted point to its cluster. The
 * reference the compiled kernel of lloydGen.ts unrolls, and the path for large d·K.
 */
export function accumulateGeneral(x: Float64Array, n: number, c: Float64Array, w: LloydWork): void {
  const { d, K, shift, sums, counts, labels } = w;
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let best = Infinity;
    let bk = 0;
    for (let k = 0; k < K; k++) {
      const cb = k * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x[base + j] - c[cb + j];
        s += t * t;
      }
      if (s < best) {
        best = s;
        bk = k;
      }
    }
    labels[i] = bk;
    counts[bk] += 1;
    const sb = bk * d;
    for (let j = 0; j < d; j++) sums[sb + j] += x[base + j] - shift[j];
  }
}

/** One assignment pass with centres `c`: fills `w.counts` and `w.sums` (and `w.labels` on the general path). */
export function accumulate(data: Dataset, c: Float64Array, w: LloydWork): void {
  if (w.d === 1 && w.K === 2) {
    const hi = c[1] >= c[0] ? 1 : 0;
    const out = w.scratch;
    const mid = 0.5 * (c[0] + c[1]);
    if (w.index.B > 0) accumulateIndexed(w.index, mid, out);
    else accumulate1d2(data.x, data.n, mid, w.shift[0], out);
    w.counts[hi] = out[0];
    w.sums[hi] = out[1];
    w.counts[1 - hi] = data.n - out[0];
    w.sums[1 - hi] = w.shiftedTotal[0] - out[1];
  } else if (w.gen !== null) {
    w.gen(data.x, data.n, c, w.shift, w.sums, w.counts, w.labels);
  } else {
    accumulateGeneral(data.x, data.n, c, w);
  }
}

/** Index of the first empty cluster, or −1. */
export function firstEmpty(w: LloydWork): number {
  for (let k = 0; k < w.K; k++) if (w.counts[k] === 0) return k;
  return -1;
}

/**
 * Moves each empty cluster's centre onto the point farthest from its own centre (as scikit-learn does), taking
 * the point out of its cluster's sums. A point is eligible only if it is at positive distance from its centre
 * and its cluster keeps at least one point: moving a point that sits on its centre would create a coincident
 * centre that the next assignment empties again (ties go to the lower index), so Lloyd would cycle. Returns
 * the first cluster that could not be filled (then the data have fewer usable distinct points than K), or −1.
 */
export function repairEmpty(data: Dataset, c: Float64Array, w: LloydWork): number {
  const { x, n } = data;
  if (w.dist.length !== n) w.dist = new Float64Array(n);
  if (w.labels.length !== n) w.labels = new Int32Array(n);
  const { d, K, shift, sums, counts, labels, dist } = w;
  // Recompute the partition with the general rule so labels, counts, sums and distances agree exactly.
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let best = Infinity;
    let bk = 0;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x[base + j] - c[k * d + j];
        s += t * t;
      }
      if (s < best) {
        best = s;
        bk = k;
      }
    }
    labels[i] = bk;
    dist[i] = best;
    counts[bk] += 1;
    for (let j = 0; j < d; j++) sums[bk * d + j] += x[base + j] - shift[j];
  }
  for (let e = 0; e < K; e++) {
    if (counts[e] !== 0) continue;
    let far = -1;
    let farDist = 0;
    for (let i = 0; i < n; i++) {
      if (dist[i] > farDist && counts[labels[i]] > 1) {
        farDist = dist[i];
        far = i;
      }
    }
    if (far < 0) return e;
    const from = labels[far];
    counts[from] -= 1;
    counts[e] = 1;
    labels[far] = e;
    dist[far] = 0; // it now sits on its own centre: never picked again
    for (let j = 0; j < d; j++) {
      const y = x[far * d + j] - shift[j];
      sums[from * d + j] -= y;
      sums[e * d + j] = y;
    }
  }
  return -1;
}

/** Centres ← cluster means (an empty cluster keeps its centre); returns the largest squared centre movement. */
export function updateCentres(c: Float64Array, w: LloydWork): number {
  const { d, K, shift, sums, counts } = w;
  let maxMove = 0;
  for (let k = 0; k < K; k++) {
    if (counts[k] === 0) continue;
    const inv = 1 / counts[k];
    let move = 0;
    for (let j = 0; j < d; j++) {
      const next = shift[j] + sums[k * d + j] * inv;
      const t = next - c[k * d + j];
      move += t * t;
      c[k * d + j] = next;
    }
    if (move > maxMove) maxMove = move;
  }
  return maxMove;
}

/**
 * Count above the midpoint and Σ of each point's squared distance to its assigned centre, the centre read as
 * centres[b] from a two-slot buffer [lower, upper]: branch-free (see accumulate1d2) and exact, the same
 * (v − c)² as selecting between both squares, but with one load instead of two stores and a load (measured
 * 1.1 vs 1.7 ns per point).
 */
function inertia1d2(x: Float64Array, n: number, mid: number, centres: Float64Array, out: Float64Array): void {
  let cnt = 0;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const b = +(v > mid);
    const t = v - centres[b];
    cnt += b;
    inertia += t * t;
  }
  out[0] = cnt;
  out[1] = inertia;
}

/**
 * Inertia of centres `c` under the same assignment rule as the Lloyd pass (midpoint for d=1,K=2, nearest with
 * ties to the lower index otherwise); fills `w.counts` with the cluster sizes of that partition.
 */
export function finalInertia(data: Dataset, c: Float64Array, w: LloydWork): number {
  const { x, n } = data;
  const counts = w.counts;
  if (w.d === 1 && w.K === 2) {
    const hi = c[1] >= c[0] ? 1 : 0;
    const out = w.scratch;
    const pair = w.pair;
    pair[0] = c[1 - hi];
    pair[1] = c[hi];
    inertia1d2(x, n, 0.5 * (c[0] + c[1]), pair, out);
    counts[hi] = out[0];
    counts[1 - hi] = n - out[0];
    return out[1];
  }
  const inertia = assignNearest(data, c, w.K, w.labels);
  counts.fill(0);
  const labels = w.labels;
  for (let i = 0; i < n; i++) counts[labels[i]] += 1;
  return inertia;
}

/**
 * finalInertia (general d, K) when the centres `c` are exactly those of the last pass (Lloyd stopped at a fixed
 * point: an unchanged partition reproduces its centres bit for bit), so that pass's labels and counts are
 * already the partition of `c`: Σᵢ ‖xᵢ − c_{labelᵢ}‖², summed in point order with the pass's arithmetic (over j
 * from 0), is then the value finalInertia returns bit for bit (its minimum is that very term), for d operations
 * per point instead of K·d.
 */
export function inertiaOfLabels(data: Dataset, c: Float64Array, w: LloydWork): number {
  const { x, n, d } = data;
  const labels = w.labels;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    const cb = labels[i] * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[base + j] - c[cb + j];
      s += t * t;
    }
    inertia += s;
  }
  return inertia;
}

/** Whether a and b hold the same numbers (=== per element; ±0 give the same distances). */
export function sameCentres(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
