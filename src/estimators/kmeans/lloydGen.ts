/**
 * The general Lloyd kernels of lloyd.ts (Lloyd 1982) — the assignment + accumulation pass and the
 * nearest-centre assignment — compiled once per (d, K) into straight-line JavaScript: the loops over
 * coordinates and centres unrolled, the centres and the cluster sums held in local variables.
 *
 * Why: the loop kernels spend most of a pass on loop control over short loops (d and K are small) and on
 * read-modify-writes of the sums at a data-dependent index; the compiled ones do the K·d subtractions and
 * multiply-adds of the distances and the accumulation only (measured 3–4× faster per point at d = 2, K = 3
 * and d = 5, K = 4; `npm run bench`, section "Roofline").
 *
 * Same result, bit for bit: the squared distance is summed over j from 0 (0 + a² = a² exactly), the nearest
 * centre is the first strict minimum (ties to the lower index), and each cluster's sums and count are
 * accumulated in point order. For small d·K the accumulation is branch-free: every cluster adds
 * mₖ·(xⱼ − shiftⱼ) with mₖ ∈ {0, 1} the point's membership, and adding the exact zero 0·y leaves a sum
 * unchanged (s + ±0 = s), so each sum sees exactly the terms of its own points, in order
 * (test/estimators/lloydGen.test.ts).
 *
 * Compiled only for d·K ≤ LLOYD_GEN_MAX_TERMS; beyond that lloyd.ts runs its loops. The source is built from
 * integers only (d, K), never from data or user text.
 */
import { primingPoints } from '../primingPoints.js';

/** Assignment + accumulation: fills sums (K×d, of x − shift), counts (K) and labels (n). */
export type GeneratedAccumulate = (
  x: Float64Array,
  n: number,
  c: Float64Array,
  shift: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  labels: Int32Array,
) => void;

/** Nearest centre of every point into labels; returns the inertia Σᵢ ‖xᵢ − c_{labelᵢ}‖² (summed in point order). */
export type GeneratedAssign = (x: Float64Array, n: number, c: Float64Array, labels: Int32Array) => number;

/** Largest d·K compiled. */
export const LLOYD_GEN_MAX_TERMS = 64;

interface Compiled {
  readonly accumulate: GeneratedAccumulate;
  readonly assign: GeneratedAssign;
}

const cache = new Map<string, Compiled | null>();

/**
 * Null (the loops run, with the same results) when d·K is too large or the runtime forbids compiling code from
 * strings (node --disallow-code-generation-from-strings).
 */
function compiled(d: number, K: number): Compiled | null {
  if (!(Number.isInteger(d) && Number.isInteger(K) && d >= 1 && K >= 1) || d * K > LLOYD_GEN_MAX_TERMS) return null;
  const key = `${d},${K}`;
  let c = cache.get(key);
  if (c === undefined) {
    try {
      c = { accumulate: compileAccumulate(d, K), assign: compileAssign(d, K) };
      prime(c, d, K);
    } catch {
      c = null;
    }
    cache.set(key, c);
  }
  return c;
}

/**
 * Runs both kernels a few times on 4K points before their first real call. A fresh function whose first call
 * is a long loop gets compiled on-stack (OSR) before the code after the loop has ever run; that code then has
 * no type feedback and deoptimises at the end of every later call (seen with --trace-deopt: one
 * deoptimisation per Lloyd pass, the pass 2× slower; kmeans.ts warmUp describes the same effect). Affects no
 * result.
 */
function prime(c: Compiled, d: number, K: number): void {
  const m = 4 * K;
  const x = primingPoints(m * d);
  const centres = x.slice(0, K * d);
  const shift = new Float64Array(d).fill(0.5);
  const sums = new Float64Array(K * d);
  const counts = new Float64Array(K);
  const labels = new Int32Array(m);
  for (let rep = 0; rep < 12; rep++) {
    c.accumulate(x, m, centres, shift, sums, counts, labels);
    c.assign(x, m, centres, labels);
  }
}

/** The compiled assignment + accumulation pass for (d, K), or null when d·K is too large. Cached per thread. */
export function generatedAccumulate(d: number, K: number): GeneratedAccumulate | null {
  return compiled(d, K)?.accumulate ?? null;
}

/** The compiled nearest-centre assignment for (d, K), or null when d·K is too large. Cached per thread. */
export function generatedAssign(d: number, K: number): GeneratedAssign | null {
  return compiled(d, K)?.assign ?? null;
}

function range(m: number): number[] {
  return Array.from({ length: m }, (_, i) => i);
}

/**
 * Per point: x0..x{d−1}, the squared distances q0..q{K−1}, the memberships m0..m{K−1} (1 for the first k with
 * the minimal qₖ, else 0: mₖ = Πₗ<ₖ [qₖ < qₗ] · Πₗ>ₖ [qₖ ≤ qₗ], the loops' strict-< winner with ties to the lower
 * index) and bk (that k); with `withBest` also best = Math.min of the q's (exact: the loops' minimum bit for
 * bit). The memberships are comparisons turned into numbers, so no branch: an `if (qₖ < best)` chain, and
 * Math.min, compile to branches that mispredict on overlapping clusters (a k-means fit at d = 1, K = 3,
 * n = 1e5 took 40 ms with them, 19 ms without).
 */
function nearestLines(d: number, K: number, withBest: boolean): string[] {
  const L: string[] = [];
  L.push(`    const b = i * ${d};`);
  for (const j of range(d)) L.push(`    const x${j} = x[b + ${j}];`);
  for (const k of range(K)) {
    const terms = range(d).map((j) => `(x${j} - c${k}_${j}) * (x${j} - c${k}_${j})`);
    L.push(`    const q${k} = ${terms.join(' + ')};`);
  }
  // mₖ = Πₗ₍ₗ<ₖ₎ [qₖ < qₗ] · Πₗ₍ₗ>ₖ₎ [qₖ ≤ qₗ]: 1 exactly for the first index of the minimum.
  for (const k of range(K)) {
    const factors = range(K)
      .filter((l) => l !== k)
      .map((l) => (l < k ? `+(q${k} < q${l})` : `+(q${k} <= q${l})`));
    L.push(`    const m${k} = ${factors.length === 0 ? '1' : factors.join(' * ')};`);
  }
  L.push(`    const bk = ${range(K).slice(1).map((k) => `${k} * m${k}`).join(' + ') || '0'};`);
  if (withBest) L.push(`    const best = ${K === 1 ? 'q0' : `Math.min(${range(K).map((k) => `q${k}`).join(', ')})`};`);
  return L;
}

function centreLines(d: number, K: number): string[] {
  const L: string[] = [];
  for (const k of range(K)) for (const j of range(d)) L.push(`const c${k}_${j} = c[${k * d + j}];`);
  return L;
}

/**
 * Up to SELECT_MAX_TERMS = d·K the sums live in locals and every cluster adds mₖ·(xⱼ − shiftⱼ) (K·d
 * multiply-adds, no memory traffic); beyond, the point is added to its own cluster's row of `sums` (d
 * read-modify-writes at a computed index), which is cheaper once K·d multiply-adds cost more than d stores
 * (measured: select 4.4 vs 5.6 ns per point at d = 1, K = 3; 16.8 vs 12.9 at d = 5, K = 4). Both add each
 * point's terms to its own cluster in point order: bit for bit the same sums.
 */
const SELECT_MAX_TERMS = 8;

function compileAccumulate(d: number, K: number): GeneratedAccumulate {
  const L: string[] = [...centreLines(d, K)];
  for (const j of range(d)) L.push(`const sh${j} = shift[${j}];`);
  const select = d * K <= SELECT_MAX_TERMS;
  if (select) {
    for (const k of range(K)) {
      L.push(`let n${k} = 0;`);
      for (const j of range(d)) L.push(`let s${k}_${j} = 0;`);
    }
  } else {
    L.push('sums.fill(0);');
    L.push('counts.fill(0);');
  }
  L.push('for (let i = 0; i < n; i++) {');
  L.push(...nearestLines(d, K, false));
  L.push('    labels[i] = bk;');
  if (select) {
    for (const j of range(d)) L.push(`    const y${j} = x${j} - sh${j};`);
    for (const k of range(K)) {
      L.push(`    n${k} += m${k};`);
      for (const j of range(d)) L.push(`    s${k}_${j} += m${k} * y${j};`);
    }
  } else {
    L.push('    counts[bk] += 1;');
    L.push(`    const o = bk * ${d};`);
    for (const j of range(d)) L.push(`    sums[o + ${j}] += x${j} - sh${j};`);
  }
  L.push('}');
  if (select) {
    for (const k of range(K)) {
      L.push(`counts[${k}] = n${k};`);
      for (const j of range(d)) L.push(`sums[${k * d + j}] = s${k}_${j};`);
    }
  }
  const factory = new Function(`'use strict';\nreturn function lloydAccumulateD${d}K${K}(x, n, c, shift, sums, counts, labels) {\n${L.join('\n')}\n};`) as () => GeneratedAccumulate;
  return factory();
}

function compileAssign(d: number, K: number): GeneratedAssign {
  const L: string[] = [...centreLines(d, K)];
  L.push('let inertia = 0;');
  L.push('for (let i = 0; i < n; i++) {');
  L.push(...nearestLines(d, K, true));
  L.push('    labels[i] = bk;');
  L.push('    inertia += best;');
  L.push('}');
  L.push('return inertia;');
  const factory = new Function(`'use strict';\nreturn function lloydAssignD${d}K${K}(x, n, c, labels) {\n${L.join('\n')}\n};`) as () => GeneratedAssign;
  return factory();
}

/**
 * The two passes of k-means++ seeding (kmeansPlusPlus.ts) for d ≥ 2, compiled per d like the Lloyd kernels:
 * `potential` = Σᵢ min(closestᵢ, ‖xᵢ − c‖²) for a candidate centre c, `update` writes closestᵢ ← that minimum
 * and returns the sum. The minimum is the same branch-free two-slot select as the loops' (kmeansPlusPlus.ts
 * explains why), the squared distance the same sum over j from 0: bit-identical seeds.
 */
export interface GeneratedSeeding {
  readonly potential: (x: Float64Array, n: number, c: Float64Array, at: number, closest: Float64Array, pair: Float64Array) => number;
  readonly update: (x: Float64Array, n: number, c: Float64Array, at: number, closest: Float64Array, pair: Float64Array) => number;
}

const seedingCache = new Map<number, GeneratedSeeding | null>();

/** The compiled seeding passes for dimension d (2 ≤ d ≤ LLOYD_GEN_MAX_TERMS), or null. Cached per thread. */
export function generatedSeeding(d: number): GeneratedSeeding | null {
  if (!Number.isInteger(d) || d < 2 || d > LLOYD_GEN_MAX_TERMS) return null;
  let g = seedingCache.get(d);
  if (g === undefined) {
    try {
      g = { potential: compileSeeding(d, false), update: compileSeeding(d, true) };
    } catch {
      // Code generation forbidden (see compiled): the loops of kmeansPlusPlus.ts run.
      seedingCache.set(d, null);
      return null;
    }
    // Prime (see prime above): a few calls on 8 points before the first real one.
    const m = 8;
    const x = primingPoints(m * d);
    const closest = new Float64Array(m);
    const pair = new Float64Array(2);
    for (let rep = 0; rep < 12; rep++) {
      closest.fill(rep % 2 === 0 ? Infinity : 1.5);
      g.update(x, m, x, d * (rep % m), closest, pair);
      g.potential(x, m, x, 0, closest, pair);
    }
    seedingCache.set(d, g);
  }
  return g;
}

function compileSeeding(d: number, update: boolean): GeneratedSeeding['potential'] {
  const L: string[] = [];
  for (const j of range(d)) L.push(`const c${j} = c[at + ${j}];`);
  L.push('let acc = 0;');
  L.push('for (let i = 0; i < n; i++) {');
  L.push(`  const b = i * ${d};`);
  L.push(`  const s = ${range(d).map((j) => `(x[b + ${j}] - c${j}) * (x[b + ${j}] - c${j})`).join(' + ')};`);
  L.push('  pair[0] = closest[i];');
  L.push('  pair[1] = s;');
  L.push('  const v = pair[+(s < pair[0])];');
  if (update) L.push('  closest[i] = v;');
  L.push('  acc += v;');
  L.push('}');
  L.push('return acc;');
  const name = `${update ? 'seedUpdate' : 'seedPotential'}D${d}`;
  const factory = new Function(`'use strict';\nreturn function ${name}(x, n, c, at, closest, pair) {\n${L.join('\n')}\n};`) as () => GeneratedSeeding['potential'];
  return factory();
}

/**
 * The per-coordinate moments of lloyd.ts createLloydWork in two passes over the data instead of 3·d strided
 * ones: `sums` gives Σᵢ (xᵢⱼ − 0) for every j, `shifted` Σᵢ (xᵢⱼ − meanⱼ) and Σᵢ (xᵢⱼ − meanⱼ)². Each sum is
 * accumulated in its own local, in point order, from 0: the same operations in the same order as the
 * one-column loops, so bit for bit the same moments.
 */
export interface GeneratedMoments {
  readonly sums: (x: Float64Array, n: number, out: Float64Array) => void;
  readonly shifted: (x: Float64Array, n: number, mean: Float64Array, outSum: Float64Array, outSq: Float64Array) => void;
}

const momentsCache = new Map<number, GeneratedMoments | null>();

/** The compiled moment passes for dimension d (1 ≤ d ≤ LLOYD_GEN_MAX_TERMS), or null. Cached per thread. */
export function generatedMoments(d: number): GeneratedMoments | null {
  if (!Number.isInteger(d) || d < 1 || d > LLOYD_GEN_MAX_TERMS) return null;
  let g = momentsCache.get(d);
  if (g === undefined) {
    try {
      const S: string[] = [];
      for (const j of range(d)) S.push(`let s${j} = 0;`);
      S.push('for (let i = 0; i < n; i++) {');
      S.push(`  const b = i * ${d};`);
      for (const j of range(d)) S.push(`  s${j} += x[b + ${j}] - 0;`);
      S.push('}');
      for (const j of range(d)) S.push(`out[${j}] = s${j};`);
      const T: string[] = [];
      for (const j of range(d)) T.push(`const m${j} = mean[${j}];`, `let s${j} = 0;`, `let q${j} = 0;`);
      T.push('for (let i = 0; i < n; i++) {');
      T.push(`  const b = i * ${d};`);
      for (const j of range(d)) T.push(`  const y${j} = x[b + ${j}] - m${j};`, `  s${j} += y${j};`, `  q${j} += y${j} * y${j};`);
      T.push('}');
      for (const j of range(d)) T.push(`outSum[${j}] = s${j};`, `outSq[${j}] = q${j};`);
      const sums = new Function(`'use strict';\nreturn function momentSumsD${d}(x, n, out) {\n${S.join('\n')}\n};`)() as GeneratedMoments['sums'];
      const shifted = new Function(`'use strict';\nreturn function momentShiftedD${d}(x, n, mean, outSum, outSq) {\n${T.join('\n')}\n};`)() as GeneratedMoments['shifted'];
      g = { sums, shifted };
      // Prime (see prime above).
      const m = 8;
      const x = primingPoints(m * d);
      const a = new Float64Array(d);
      const b = new Float64Array(d);
      for (let rep = 0; rep < 12; rep++) {
        sums(x, m, a);
        shifted(x, m, a, b, a);
      }
    } catch {
      g = null;
    }
    momentsCache.set(d, g);
  }
  return g;
}

/**
 * The potentials of all greedy k-means++ candidates (kmeansPlusPlus.ts) in one pass instead of one pass each:
 * pots[t] = Σᵢ min(closestᵢ, ‖xᵢ − x_{cands[t]}‖²), each summed in its own local, in point order, with the same
 * squared distance (over j from 0) and the same two-slot select (its own slots per candidate) as `potential`
 * of generatedSeeding: bit for bit the same potentials, for one read of the data and of `closest`.
 */
export type GeneratedPotentials = (x: Float64Array, n: number, cands: Int32Array, closest: Float64Array, pots: Float64Array, pair: Float64Array) => void;

const potentialsCache = new Map<string, GeneratedPotentials | null>();

/** The compiled fused potentials for dimension d and m candidates (d·m ≤ LLOYD_GEN_MAX_TERMS), or null. */
export function generatedPotentials(d: number, m: number): GeneratedPotentials | null {
  if (!(Number.isInteger(d) && Number.isInteger(m) && d >= 1 && m >= 1) || d * m > LLOYD_GEN_MAX_TERMS) return null;
  const key = `${d},${m}`;
  let g = potentialsCache.get(key);
  if (g === undefined) {
    try {
      const L: string[] = [];
      for (const t of range(m)) {
        L.push(`const a${t} = cands[${t}] * ${d};`);
        for (const j of range(d)) L.push(`const c${t}_${j} = x[a${t} + ${j}];`);
        L.push(`let p${t} = 0;`);
      }
      L.push('for (let i = 0; i < n; i++) {');
      L.push(`  const b = i * ${d};`);
      for (const j of range(d)) L.push(`  const x${j} = x[b + ${j}];`);
      L.push('  const o = closest[i];');
      for (const t of range(m)) {
        L.push(`  const s${t} = ${range(d).map((j) => `(x${j} - c${t}_${j}) * (x${j} - c${t}_${j})`).join(' + ')};`);
        L.push(`  pair[${2 * t}] = o;`);
        L.push(`  pair[${2 * t + 1}] = s${t};`);
        L.push(`  p${t} += pair[${2 * t} + +(s${t} < pair[${2 * t}])];`);
      }
      L.push('}');
      for (const t of range(m)) L.push(`pots[${t}] = p${t};`);
      const f = new Function(`'use strict';\nreturn function seedPotentialsD${d}M${m}(x, n, cands, closest, pots, pair) {\n${L.join('\n')}\n};`)() as GeneratedPotentials;
      // Prime (see prime above).
      const k = 8;
      const x = primingPoints(k * d);
      const cands = Int32Array.from(range(m), (t) => t % k);
      const closest = new Float64Array(k);
      const pots = new Float64Array(m);
      const pair = new Float64Array(2 * m);
      for (let rep = 0; rep < 12; rep++) {
        closest.fill(rep % 2 === 0 ? Infinity : 1.5);
        f(x, k, cands, closest, pots, pair);
      }
      g = f;
    } catch {
      g = null;
    }
    potentialsCache.set(key, g);
  }
  return g;
}
