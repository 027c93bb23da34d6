/**
 * The general E-step of emKernel.ts (any d, K; Dempster, Laird & Rubin 1977), compiled once per (d, K) into a
 * straight-line JavaScript function: every loop over coordinates and components unrolled, the means, the
 * per-component constants and the block sums Nₖ, Tₖ, Qₖ held in local variables instead of typed arrays.
 *
 * Why: the loop kernel (emKernel.ts eStepGeneral) spends most of its time on loop control, bounds-checked
 * loads and stores of its per-block buffers R and D, and on the short inner loops over d and K that V8 does
 * not unroll; the generated one does only the arithmetic (K·d subtractions and multiply-adds for the distances,
 * K exponentials, K·d + 2K accumulations per point). Measured 4× faster per point at d = 1, K = 3 and at
 * d = 5, K = 4 (`npm run bench`, section "Roofline").
 *
 * Same result, bit for bit: it performs the operations of eStepGeneral in the same order — the squared
 * distance summed over j from 0, the score cₖ − qₖhₖ, the running max by `>` from −∞ (selected branch-free
 * from a two-slot buffer, as kmeansPlusPlus.ts does: a branch mispredicts on overlapping components and cost
 * 15–20 % of a fit), fastExp of the
 * differences, their sum in k order, rₖ = eₖ·(1/sum), per-block sums (blocks of w.rows points) of rᵢₖ,
 * rᵢₖqᵢₖ and rᵢₖ(xᵢⱼ − μₖⱼ) in point order added to the totals after each block, the product of the block's
 * sums and one log per block — so switching kernels changes no fit (test/estimators/emKernelGen.test.ts).
 *
 * Generated only for d·K ≤ GEN_MAX_TERMS (the unrolled body grows as d·K; beyond that the locals no longer
 * fit in registers and the loop kernel is used). The source is built from integers only (d, K, offsets), never
 * from data or user text.
 */
import { fastExp } from './emMath.js';

/** What a generated kernel reads and writes (EMWork's fields, emKernel.ts). */
export interface GenKernelWork {
  readonly x: Float64Array;
  readonly n: number;
  readonly rows: number;
  readonly N: Float64Array;
  readonly T: Float64Array;
  readonly Q: Float64Array;
  readonly c: Float64Array;
  readonly h: Float64Array;
}

/** E-step: returns Σᵢ (maxₖ sᵢₖ + log Σₖ e^{sᵢₖ − max}) (the caller subtracts n·d·log√(2π)) and fills N, T, Q, c, h. */
export type GeneratedEStep = (w: GenKernelWork, theta: Float64Array) => number;

/** Largest d·K compiled into a straight-line kernel. */
export const GEN_MAX_TERMS = 64;

const cache = new Map<string, GeneratedEStep | null>();

/**
 * The compiled E-step for (d, K), or null when d·K > GEN_MAX_TERMS or the runtime forbids compiling code
 * from strings (node --disallow-code-generation-from-strings): then the loop kernel runs, with the same
 * results. Cached per thread.
 */
export function generatedEStep(d: number, K: number): GeneratedEStep | null {
  if (!(Number.isInteger(d) && Number.isInteger(K) && d >= 1 && K >= 1) || d * K > GEN_MAX_TERMS) return null;
  const key = `${d},${K}`;
  let f = cache.get(key);
  if (f === undefined) {
    try {
      f = compile(d, K);
    } catch {
      f = null;
    }
    cache.set(key, f);
  }
  return f;
}

function compile(d: number, K: number): GeneratedEStep {
  const sOff = K * d;
  const pOff = sOff + K;
  const ks = Array.from({ length: K }, (_, k) => k);
  const js = Array.from({ length: d }, (_, j) => j);
  const L: string[] = [];
  L.push('const x = w.x, n = w.n, rows = w.rows, N = w.N, T = w.T, Q = w.Q, c = w.c, h = w.h;');
  for (const k of ks) {
    L.push(`const sig${k} = theta[${sOff + k}], p${k} = theta[${pOff + k}];`);
    // As eStepGeneral: a component with zero weight contributes e^{−∞} = 0 and never wins the max.
    L.push(`const c${k} = p${k} > 0 ? Math.log(p${k}) - ${d} * Math.log(sig${k}) : -Infinity;`);
    L.push(`const h${k} = 0.5 / (sig${k} * sig${k});`);
    L.push(`c[${k}] = c${k}; h[${k}] = h${k};`);
    for (const j of js) L.push(`const m${k}_${j} = theta[${k * d + j}];`);
    L.push(`let N${k} = 0, Q${k} = 0;`);
    for (const j of js) L.push(`let T${k}_${j} = 0;`);
  }
  L.push('let maxSum = 0, logs = 0;');
  L.push('for (let start = 0; start < n; start += rows) {');
  L.push('  const end = start + rows < n ? start + rows : n;');
  L.push('  let prod = 1;');
  for (const k of ks) {
    L.push(`  let n${k} = 0, q${k}s = 0;`);
    for (const j of js) L.push(`  let t${k}_${j} = 0;`);
  }
  L.push(`  for (let i = start; i < end; i++) {`);
  L.push(`    const b = i * ${d};`);
  for (const j of js) L.push(`    const x${j} = x[b + ${j}];`);
  L.push('    let best = -Infinity;');
  for (const k of ks) {
    for (const j of js) L.push(`    const e${k}_${j} = x${j} - m${k}_${j};`);
    // 0 + a² is a² exactly: the same sum as the loop's `q = 0; q += t * t`.
    L.push(`    const q${k} = ${js.map((j) => `e${k}_${j} * e${k}_${j}`).join(' + ')};`);
    L.push(`    const s${k} = c${k} - q${k} * h${k};`);
    // Branch-free select of the same value (`s > best ? s : best` compiles to a branch that mispredicts on
    // overlapping components): store both, load the one the comparison picks.
    L.push(`    pair[0] = best; pair[1] = s${k}; best = pair[+(s${k} > best)];`);
  }
  for (const k of ks) L.push(`    const f${k} = fastExp(s${k} - best);`);
  L.push(`    const sum = ${ks.map((k) => `f${k}`).join(' + ')};`);
  L.push('    maxSum += best;');
  L.push('    prod *= sum;');
  L.push('    const inv = 1 / sum;');
  for (const k of ks) {
    L.push(`    const r${k} = f${k} * inv;`);
    L.push(`    n${k} += r${k}; q${k}s += r${k} * q${k};`);
    for (const j of js) L.push(`    t${k}_${j} += r${k} * e${k}_${j};`);
  }
  L.push('  }');
  L.push('  logs += Math.log(prod);');
  for (const k of ks) {
    L.push(`  N${k} += n${k}; Q${k} += q${k}s;`);
    for (const j of js) L.push(`  T${k}_${j} += t${k}_${j};`);
  }
  L.push('}');
  for (const k of ks) {
    L.push(`N[${k}] = N${k}; Q[${k}] = Q${k};`);
    for (const j of js) L.push(`T[${k * d + j}] = T${k}_${j};`);
  }
  L.push('return maxSum + logs;');
  const factory = new Function('fastExp', `'use strict';\nconst pair = new Float64Array(2);\nreturn function eStepD${d}K${K}(w, theta) {\n${L.join('\n')}\n};`) as (
    exp: typeof fastExp,
  ) => GeneratedEStep;
  return factory(fastExp);
}
