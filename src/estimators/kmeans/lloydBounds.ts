/**
 * Lloyd's assignment + accumulation pass with Hamerly's (2010) bounds ("Making k-means even faster", SDM 2010):
 * per point an upper bound u on the distance to its assigned centre a and a lower bound l on the distance to
 * every other centre, plus per centre a lower bound s(a) on the distance to the nearest other centre. When
 * u < max(l, s(a) − u) the nearest centre is still a and no distance is computed; otherwise the distance to a is
 * computed and the test repeated, and only then all K distances. As the centres move, u grows by the drift of a
 * and l shrinks by the largest drift of the others; to spare the per-point update (a load and a store of both
 * bounds each pass, which cost as much as the distances at d = 2, K = 3), the bounds are stored relative to
 * per-centre cumulative drifts: ũᵢ = uᵢ − C_a, l̃ᵢ = lᵢ + O_a when computed, and read as ũᵢ + C_a, l̃ᵢ − O_a, where
 * C_a sums a's drifts and O_a the largest drift among the other centres, pass by pass. The common case reads
 * one number per point: the gap gᵢ = lᵢ − uᵢ·(1 + ε) + C_a + O_a (ε the test margin below, l here the better of
 * l and s(a) − u), which still proves the skip as long as gᵢ > C_a + O_a + ε·C_a at the current pass.
 *
 * Same result, bit for bit, as lloyd.ts accumulate / finalInertia (the plain pass), so Lloyd visits the same
 * partitions, centres, inertia and iteration count (test/estimators/lloydBounds.test.ts):
 * - A point is left with a only when the bounds prove that the plain pass's *computed* squared distances put a
 *   strictly first (so no tie is decided by the bounds); every distance that is computed uses the plain pass's
 *   arithmetic (Σⱼ (xⱼ − cⱼ)² summed over j from 0), and the nearest of all K is its first strict minimum.
 * - Each point's shifted coordinates are added to its own cluster's sums in point order, as the plain pass does
 *   (its branch-free form adds exact zeros to the other clusters, which changes no sum; lloydGen.ts).
 * - The final inertia Σᵢ qᵢ is summed in point order from the same qᵢ (the plain pass's minimum is qₐ itself).
 *
 * Rounding (u_r = 2⁻⁵³; D = exact distance between the stored x and c): a computed squared distance is
 * q = D²(1 + θ) + η, |θ| ≤ γ_{d+2} ≈ (d+2)u_r, |η| ≤ (d+2)·2⁻¹⁰⁷⁴ (underflow). From q, u = √q·(1 + (d+8)·2⁻⁵²)
 * + 2⁻⁵⁰⁰ ≥ D and l = √min(q, 1e308)·(1 − (d+8)·2⁻⁵²) − 2⁻⁵⁰⁰ ≤ D (the cap keeps an overflowed q a finite,
 * valid bound); drifts are upper bounds computed like u, and C, O are summed with each sum multiplied by
 * 1 + 2⁻⁵¹, so they only err upwards. Storing and reading relative to C and O adds at most
 * ~u_r·(2u + C_a) to u and takes ~u_r·(2|l| + 2·O_a) from l. The skip test u·(1 + (d+8)·2⁻⁵¹) + σ_a < l, with
 * σ_a = 2⁻⁵⁰·(C_a + O_a) + 2⁻⁴⁹⁰ (and the same with s(a) − u for l), then leaves room to spare for those errors,
 * for γ_{d+2} in D² and for η, so it implies q_a < q_k for every other k. NaN anywhere fails every test (NaN
 * means "compute"); a drift that is not finite discards the bounds (the next pass computes every distance).
 * Distances that are NaN (data or centres not finite) are outside the claim: the plain kernels disagree there.
 *
 * Storing the gap rounds it down by 2⁻⁴⁹·(|l| + u + C_a + O_a), more than the rounding of its formula and of
 * the reads of u and l; the threshold C_a + O_a + ε·C_a + 2⁻⁴⁹⁰ is rounded up.
 *
 * Cost: 3n doubles, and per pass a loop that for a skipped point loads its label, its gap and its centre's
 * threshold and adds it to its cluster's sums; the pass that builds the bounds computes all K distances and the
 * second nearest and costs about three plain passes. Where it pays is measured by bench/lloydBounds.ts and
 * decided in kmeans.ts (useLloydBounds, BOUNDS_FROM_PASS).
 */
import type { Dataset } from '../../types.js';
import type { LloydWork } from './lloyd.js';
import { LLOYD_GEN_MAX_TERMS } from './lloydGen.js';
import { primingPoints } from '../primingPoints.js';

/** 2⁻⁵⁰⁰: covers the absolute (underflow) error of a squared distance after the square root. */
const TINY = 2 ** -500;
/** 2⁻⁴⁹⁰: a skip needs a lower bound above this, so underflow errors cannot decide a comparison. */
const TEST_TINY = 2 ** -490;
/** A squared distance above this (or ∞) gives the lower bound √CAP2 = 1e154, which every overflowed q exceeds. */
const CAP2 = 1e308;
/**
 * The compiled pass caps squared distances at 1e300 (a finite cap keeps 0·r exact) and adds it to exclude the
 * nearest when finding the second nearest: every capped q, overflowed ones included, is ≥ 1e300 exactly.
 */
const BIGQ = 1e300;
/** Moves a correctly rounded sum of upper bounds back above the exact sum. */
const STEP_UP = 1 + 2 ** -51;
/** 2⁻⁵⁰ = 8u_r: the part of the slack σ_a proportional to C_a + O_a. */
const SLACK = 2 ** -50;
/** 2⁻⁴⁹ = 16u_r: the relative error allowance of a stored gap (gapOf). */
const GAP_ERR = 2 ** -49;

/** Bounds of one fit (one restart at a time); `valid` false means the next pass recomputes every distance. */
export interface LloydBounds {
  readonly n: number;
  readonly d: number;
  readonly K: number;
  /** Per point i: [2i] = uᵢ − C_a (u ≥ distance to its centre a = labels[i]), [2i+1] = lᵢ + O_a. */
  readonly bnd: Float64Array;
  /** Per point: gᵢ ≤ lᵢ − uᵢ·testHi + C_a + O_a (rounded down), the one number the common case reads. */
  readonly gap: Float64Array;
  /** The centres the cumulative drifts have reached (those of the last pass). */
  readonly prev: Float64Array;
  /** Per centre: cumulative drift C_k (upper bound on the sum of its movements). */
  readonly cum: Float64Array;
  /** Per centre: cumulative O_k of the largest drift among the other centres. */
  readonly cumOther: Float64Array;
  /** Per centre: the slack σ_k of the skip test. */
  readonly slack: Float64Array;
  /** Per centre: C_k + O_k. */
  readonly gsum: Float64Array;
  /** Per centre: the threshold a point's gap must exceed, C_k + O_k + (testHi − 1)·C_k + 2⁻⁴⁹⁰ rounded up. */
  readonly thr: Float64Array;
  /** Per centre: lower bound on the distance to the nearest other centre. */
  readonly sep: Float64Array;
  /** Scratch: this pass's drifts. */
  readonly drift: Float64Array;
  /** Scratch: the two-slot select of the compiled pass. */
  readonly pair: Float64Array;
  /** 1 + (d+8)·2⁻⁵²: the factor from √q to an upper bound. */
  readonly sqUp: number;
  /** 1 − (d+8)·2⁻⁵²: the factor from √q to a lower bound. */
  readonly sqDown: number;
  /** 1 + (d+8)·2⁻⁵¹: the skip test's relative margin. */
  readonly testHi: number;
  valid: boolean;
  /** The passes compiled for this (d, K) (compileBounded below), or null: the loops run. */
  readonly gen: BoundedKernels | null;
  /** Run the loops even when a compiled pass exists (tests compare the two). */
  loopsOnly: boolean;
  /** Points whose K distances were all computed in the last pass (what the bounds did not save). */
  fullLast: number;
}

export function createLloydBounds(n: number, d: number, K: number): LloydBounds {
  const e = (d + 8) * 2 ** -52;
  return {
    n,
    d,
    K,
    bnd: new Float64Array(2 * n),
    gap: new Float64Array(n),
    prev: new Float64Array(K * d),
    cum: new Float64Array(K),
    cumOther: new Float64Array(K),
    slack: new Float64Array(K),
    gsum: new Float64Array(K),
    thr: new Float64Array(K),
    sep: new Float64Array(K),
    drift: new Float64Array(K),
    pair: new Float64Array(2),
    sqUp: 1 + e,
    sqDown: 1 - e,
    testHi: 1 + 2 * e,
    valid: false,
    gen: boundedKernel(d, K),
    loopsOnly: false,
    fullLast: 0,
  };
}

/** Upper bound on the exact distance whose computed square is q. */
function upFromSq(q: number, sqUp: number): number {
  return Math.sqrt(q) * sqUp + TINY;
}

/** Lower bound on the exact distance whose computed square is q (NaN stays NaN). */
function downFromSq(q: number, sqDown: number): number {
  return Math.sqrt(q > CAP2 ? CAP2 : q) * sqDown - TINY;
}

/**
 * Brings the bounds' per-centre state to the centres `c`: cumulative drifts, slacks, separations. Returns false
 * when a drift is not finite (then the bounds must be rebuilt) or the bounds were not valid.
 */
function refresh(c: Float64Array, b: LloydBounds): boolean {
  const { d, K, prev, drift, cum, cumOther, slack, sep, sqUp, sqDown } = b;
  if (!b.valid) {
    cum.fill(0);
    cumOther.fill(0);
  } else {
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = c[k * d + j] - prev[k * d + j];
        s += t * t;
      }
      const dk = upFromSq(s, sqUp);
      if (!(dk < Infinity)) {
        b.valid = false;
        cum.fill(0);
        cumOther.fill(0);
        break;
      }
      drift[k] = dk;
    }
  }
  if (b.valid) {
    for (let a = 0; a < K; a++) {
      let m = 0;
      for (let k = 0; k < K; k++) if (k !== a && drift[k] > m) m = drift[k];
      cum[a] = (cum[a] + drift[a]) * STEP_UP;
      cumOther[a] = (cumOther[a] + m) * STEP_UP;
    }
  }
  for (let a = 0; a < K; a++) {
    slack[a] = (cum[a] + cumOther[a]) * SLACK + TEST_TINY;
    const g = cum[a] + cumOther[a];
    b.gsum[a] = g;
    b.thr[a] = (g + (b.testHi - 1) * cum[a] + TEST_TINY) * STEP_UP;
    let ms = Infinity;
    for (let k = 0; k < K; k++) {
      if (k === a) continue;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = c[a * d + j] - c[k * d + j];
        s += t * t;
      }
      const lk = downFromSq(s, sqDown);
      // NaN: no separation bound (−∞ never allows a skip).
      ms = lk < ms ? lk : lk >= ms ? ms : -Infinity;
    }
    sep[a] = ms;
  }
  prev.set(c);
  const wasValid = b.valid;
  b.valid = true;
  return wasValid;
}

/**
 * Point i (coordinates at x[base..]) with its nearest centre by all K distances (first strict minimum, the plain
 * pass's rule): writes its label and both bounds, returns its squared distance.
 */
function nearestFull(x: Float64Array, base: number, c: Float64Array, i: number, labels: Int32Array, b: LloydBounds): number {
  const { d, K } = b;
  let best = Infinity;
  let second = Infinity;
  let bk = 0;
  for (let k = 0; k < K; k++) {
    const cb = k * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[base + j] - c[cb + j];
      s += t * t;
    }
    if (s < best) {
      second = best;
      best = s;
      bk = k;
    } else if (s < second) second = s;
    else if (s !== s) second = NaN;
  }
  labels[i] = bk;
  const u = upFromSq(best, b.sqUp);
  const l = downFromSq(second, b.sqDown);
  b.bnd[2 * i] = u - b.cum[bk];
  b.bnd[2 * i + 1] = l + b.cumOther[bk];
  const s = b.sep[bk] - u;
  b.gap[i] = gapOf(l > s ? l : s, u, b.testHi, b.gsum[bk]);
  return best;
}

/**
 * A lower bound on l − u·testHi + g (g = C_a + O_a): the computed value less 2⁻⁴⁹·(|l| + u + g), more than
 * its rounding errors and those of l when it was read back from its stored form (≤ 2u_r·(|l| + O_a)).
 */
function gapOf(l: number, u: number, testHi: number, g: number): number {
  return l - u * testHi + g - GAP_ERR * (Math.abs(l) + u + g);
}

/** Squared distance of point i to centre a, the plain pass's arithmetic. */
function distTo(x: Float64Array, base: number, c: Float64Array, a: number, d: number): number {
  let s = 0;
  const cb = a * d;
  for (let j = 0; j < d; j++) {
    const t = x[base + j] - c[cb + j];
    s += t * t;
  }
  return s;
}

/**
 * Point i's nearest centre into labels[i], by the bounds where they decide; returns its squared distance when
 * computed, else −1.
 */
function nearestBounded(x: Float64Array, base: number, c: Float64Array, i: number, labels: Int32Array, b: LloydBounds): number {
  const { d, bnd, testHi } = b;
  const a = labels[i];
  if (b.gap[i] > b.thr[a]) return -1;
  const ca = b.cum[a];
  const u = bnd[2 * i] + ca;
  const l = bnd[2 * i + 1] - b.cumOther[a];
  const t = u * testHi + b.slack[a];
  const sa = b.sep[a] - u;
  const z = l > sa ? l : sa;
  if (t < z) {
    b.gap[i] = gapOf(z, u, testHi, b.gsum[a]);
    return -1;
  }
  const q = distTo(x, base, c, a, d);
  const u2 = upFromSq(q, b.sqUp);
  const t2 = u2 * testHi + b.slack[a];
  const sa2 = b.sep[a] - u2;
  const z2 = l > sa2 ? l : sa2;
  if (t2 < z2) {
    bnd[2 * i] = u2 - ca;
    b.gap[i] = gapOf(z2, u2, testHi, b.gsum[a]);
    return q;
  }
  b.fullLast++;
  return nearestFull(x, base, c, i, labels, b);
}

/**
 * The plain pass (lloyd.ts accumulate, general d, K) with the bounds: fills w.sums, w.counts and w.labels with
 * the same values bit for bit. The bounds must describe w.labels (set `b.valid = false` after anything else
 * changes the labels, e.g. the empty-cluster repair, or a new start).
 */
export function boundedAccumulate(data: Dataset, c: Float64Array, w: LloydWork, b: LloydBounds): void {
  const { x, n } = data;
  const { d, shift, sums, counts, labels } = w;
  sums.fill(0);
  counts.fill(0);
  const all = refresh(c, b) ? 0 : 1;
  if (b.gen !== null && !b.loopsOnly) {
    b.fullLast = b.gen[1 - all](x, n, c, shift, sums, counts, labels, b.bnd, b.gap, b.cum, b.cumOther, b.gsum, b.thr, b.slack, b.sep, b.sqUp, b.sqDown, b.testHi, b.pair);
    return;
  }
  b.fullLast = 0;
  if (all === 1) {
    for (let i = 0; i < n; i++) nearestFull(x, i * d, c, i, labels, b);
    b.fullLast = n;
  } else {
    for (let i = 0; i < n; i++) nearestBounded(x, i * d, c, i, labels, b);
  }
  for (let i = 0; i < n; i++) {
    const base = i * d;
    const k = labels[i];
    counts[k] += 1;
    for (let j = 0; j < d; j++) sums[k * d + j] += x[base + j] - shift[j];
  }
}

/**
 * lloyd.ts finalInertia (general d, K) with the bounds: the same labels, counts and inertia bit for bit, with
 * one distance per point where the bounds decide.
 */
export function boundedFinalInertia(data: Dataset, c: Float64Array, w: LloydWork, b: LloydBounds): number {
  const { x, n } = data;
  const { d, counts, labels } = w;
  counts.fill(0);
  const all = refresh(c, b) ? 0 : 1;
  if (b.gen !== null && !b.loopsOnly) {
    return b.gen[3 - all](x, n, c, w.shift, w.sums, counts, labels, b.bnd, b.gap, b.cum, b.cumOther, b.gsum, b.thr, b.slack, b.sep, b.sqUp, b.sqDown, b.testHi, b.pair);
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let q = all === 1 ? nearestFull(x, base, c, i, labels, b) : nearestBounded(x, base, c, i, labels, b);
    if (q < 0) q = distTo(x, base, c, labels[i], d);
    inertia += q;
  }
  for (let i = 0; i < n; i++) counts[labels[i]] += 1;
  return inertia;
}

/**
 * The bounded pass compiled per (d, K) like lloydGen.ts's kernels (loops unrolled, centres in locals): the same
 * operations as nearestBounded / nearestFull above, in the same order. Compiled in four forms (`all`: the first
 * pass, computing every distance; `final`: summing the inertia instead of the cluster sums), so no form carries
 * a flag test or a variable that is sometimes an integer and sometimes a double in its loop. Returns the
 * inertia (final) or the number of points whose K distances were computed.
 */
type BoundedKernel = (
  x: Float64Array,
  n: number,
  c: Float64Array,
  shift: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  labels: Int32Array,
  bnd: Float64Array,
  gap: Float64Array,
  cum: Float64Array,
  cumOther: Float64Array,
  gsum: Float64Array,
  thr: Float64Array,
  slack: Float64Array,
  sep: Float64Array,
  sqUp: number,
  sqDown: number,
  testHi: number,
  pair: Float64Array,
) => number;

/** The four compiled forms: [first pass, pass, first pass for the final inertia, final inertia]. */
type BoundedKernels = readonly [BoundedKernel, BoundedKernel, BoundedKernel, BoundedKernel];

const genCache = new Map<string, BoundedKernels | null>();

function range(m: number): number[] {
  return Array.from({ length: m }, (_, i) => i);
}

function compileBounded(d: number, K: number, all: boolean, final: boolean): BoundedKernel {
  const distA = `${range(d).map((j) => `(x${j} - c[cb + ${j}]) * (x${j} - c[cb + ${j}])`).join(' + ')}`;
  const L: string[] = [];
  for (const k of range(K)) for (const j of range(d)) L.push(`const c${k}_${j} = c[${k * d + j}];`);
  for (const j of range(d)) L.push(`const sh${j} = shift[${j}];`);
  L.push('let full = 0;');
  L.push('let inertia = 0;');
  L.push('for (let i = 0; i < n; i++) {');
  L.push(`  const b = i * ${d};`);
  for (const j of range(d)) L.push(`  const x${j} = x[b + ${j}];`);
  const fullLines = (indent: string): string[] => {
    // Branch-free (the comparisons turned into numbers, as in lloydGen.ts): the nearest centre by the plain
    // compiled kernel's own memberships mₖ (first strict minimum), the second nearest by the same rule on
    // vₖ = rₖ + mₖ·BIGQ, rₖ = min(qₖ, BIGQ); selections as Σ mₖ·rₖ, exact since all other terms are +0.
    const F: string[] = [];
    const memberships = (v: string, m: string): void => {
      for (const k of range(K)) {
        const factors = range(K)
          .filter((l) => l !== k)
          .map((l) => (l < k ? `+(${v}${k} < ${v}${l})` : `+(${v}${k} <= ${v}${l})`));
        F.push(`const ${m}${k} = ${factors.join(' * ')};`);
      }
    };
    F.push('full++;');
    for (const k of range(K)) F.push(`const q${k} = ${range(d).map((j) => `(x${j} - c${k}_${j}) * (x${j} - c${k}_${j})`).join(' + ')};`);
    memberships('q', 'm');
    F.push(`const bk = ${range(K).slice(1).map((k) => `${k} * m${k}`).join(' + ')};`);
    for (const k of range(K)) F.push(`const r${k} = q${k} < BIGQ ? q${k} : BIGQ;`);
    F.push(`const best = ${range(K).map((k) => `m${k} * r${k}`).join(' + ')};`);
    for (const k of range(K)) F.push(`const v${k} = r${k} + m${k} * BIGQ;`);
    memberships('v', 'p');
    F.push(`const sv = ${range(K).map((k) => `p${k} * v${k}`).join(' + ')};`);
    F.push('const second = sv < BIGQ ? sv : BIGQ;');
    F.push('a = bk;');
    F.push('labels[i] = bk;');
    F.push('const uf = best < BIGQ ? Math.sqrt(best) * sqUp + TINY : Infinity;');
    F.push('const lf = Math.sqrt(second) * sqDown - TINY;');
    F.push('bnd[2 * i] = uf - cum[bk];');
    F.push('bnd[2 * i + 1] = lf + cumOther[bk];');
    F.push('const gf = gsum[bk];');
    F.push('pair[0] = lf;');
    F.push('pair[1] = sep[bk] - uf;');
    F.push('const zf = pair[+(pair[1] > lf)];');
    F.push('gap[i] = zf - uf * testHi + gf - GAP_ERR * (Math.abs(zf) + uf + gf);');
    return F.map((line) => indent + line);
  };
  if (all) {
    L.push('  let a = 0;');
    L.push(...fullLines('  '));
  } else {
    L.push('  let a = labels[i];');
    L.push('  if (!(gap[i] > thr[a])) {');
    L.push('  const u = bnd[2 * i] + cum[a];');
    L.push('  const l = bnd[2 * i + 1] - cumOther[a];');
    L.push('  const t = u * testHi + slack[a];');
    L.push('  pair[0] = l;');
    L.push('  pair[1] = sep[a] - u;');
    L.push('  const z = pair[+(pair[1] > l)];');
    L.push('  if (t < z) {');
    L.push('    const ga = gsum[a];');
    L.push('    gap[i] = z - u * testHi + ga - GAP_ERR * (Math.abs(z) + u + ga);');
    L.push('  } else {');
    L.push(`    const cb = a * ${d};`);
    L.push(`    const qa = ${distA};`);
    L.push('    const u2 = Math.sqrt(qa) * sqUp + TINY;');
    L.push('    const t2 = u2 * testHi + slack[a];');
    L.push('    pair[1] = sep[a] - u2;');
    L.push('    const z2 = pair[+(pair[1] > l)];');
    L.push('    if (t2 < z2) {');
    L.push('      bnd[2 * i] = u2 - cum[a];');
    L.push('      const ga = gsum[a];');
    L.push('      gap[i] = z2 - u2 * testHi + ga - GAP_ERR * (Math.abs(z2) + u2 + ga);');
    L.push('    } else {');
    L.push(...fullLines('      '));
    L.push('    }');
    L.push('  }');
    L.push('  }');
  }
  if (final) {
    // The squared distance to the final centre, recomputed (same arithmetic, same value) on every path.
    L.push(`  const cb = a * ${d};`);
    L.push(`  inertia += ${distA};`);
    L.push('  counts[a] += 1;');
  } else {
    // Into the point's own cluster's row only: the branch-free select over all K rows that lloydGen.ts uses for
    // d·K ≤ 8 measured 11–17 ns per point here against 6.2 (d = 2, K = 3). Same sums (lloydGen.ts).
    L.push('  counts[a] += 1;');
    L.push(`  const o = a * ${d};`);
    for (const j of range(d)) L.push(`  sums[o + ${j}] += x${j} - sh${j};`);
  }
  L.push('}');
  L.push(final ? 'return inertia;' : 'return full;');
  const name = `lloydBounded${all ? 'All' : ''}${final ? 'Final' : ''}D${d}K${K}`;
  const src = `'use strict';\nreturn function ${name}(x, n, c, shift, sums, counts, labels, bnd, gap, cum, cumOther, gsum, thr, slack, sep, sqUp, sqDown, testHi, pair) {\n${L.join('\n')}\n};`;
  const factory = new Function('TINY', 'BIGQ', 'GAP_ERR', src) as (...a: number[]) => BoundedKernel;
  return factory(TINY, BIGQ, GAP_ERR);
}

/**
 * The compiled pass for (d, K), or null when d·K > LLOYD_GEN_MAX_TERMS or code generation is forbidden.
 * Cached per thread and primed (see lloydGen.ts prime: a first call that is a long loop would otherwise leave
 * code without type feedback that deoptimises on every later call).
 */
function boundedKernel(d: number, K: number): BoundedKernels | null {
  if (!(Number.isInteger(d) && Number.isInteger(K) && d >= 1 && K >= 2) || d * K > LLOYD_GEN_MAX_TERMS) return null;
  const key = `${d},${K}`;
  let g = genCache.get(key);
  if (g === undefined) {
    try {
      g = [compileBounded(d, K, true, false), compileBounded(d, K, false, false), compileBounded(d, K, true, true), compileBounded(d, K, false, true)];
      for (const f of g) primeBounded(f, d, K);
    } catch {
      g = null;
    }
    genCache.set(key, g);
  }
  return g;
}

function primeBounded(g: BoundedKernel, d: number, K: number): void {
  const m = 4 * K;
  const x = primingPoints(m * d);
  const c = x.slice(0, K * d);
  const shift = new Float64Array(d).fill(0.5);
  const sums = new Float64Array(K * d);
  const counts = new Float64Array(K);
  const labels = new Int32Array(m);
  const bnd = new Float64Array(2 * m);
  const gap = new Float64Array(m);
  const gsum = new Float64Array(K).fill(0.1875);
  const thr = new Float64Array(K).fill(0.25);
  const cum = new Float64Array(K).fill(0.125);
  const cumOther = new Float64Array(K).fill(0.0625);
  const slack = new Float64Array(K).fill(0.03125);
  const sep = new Float64Array(K).fill(0.75);
  const pair = new Float64Array(2);
  for (let rep = 0; rep < 12; rep++) {
    // Bounds that skip, tighten and compute everything, on various points.
    for (let i = 0; i < m; i++) {
      bnd[2 * i] = ((i + rep) % 3) * 0.5;
      bnd[2 * i + 1] = ((i * 5 + rep) % 4) * 0.75;
      gap[i] = ((i * 3 + rep) % 5) * 0.125 - 0.25;
    }
    g(x, m, c, shift, sums, counts, labels, bnd, gap, cum, cumOther, gsum, thr, slack, sep, 1.5, 0.5, 1.5, pair);
  }
}
