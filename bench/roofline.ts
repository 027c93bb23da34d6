/**
 * Roofline ratios of the general kernels and EM passes per fit (`npm run bench`, section 2b).
 *
 * Roofline: per (d, K), a loop that does only the work no E-step or Lloyd pass can avoid, compiled per (d, K)
 * the way the kernels are (unrolled, sums in locals), so the ratio measures the kernels' overhead and not
 * JavaScript's loops:
 * - EM: per point K·d subtract–multiply–adds for the squared distances, K exponentials (fastExp of
 *   cₖ − qₖhₖ) and K·d accumulations eₖ·xⱼ; no max, no normalisation, no log-likelihood. With a shared σ the
 *   exponent uses one h, with unequal σ one hₖ per component.
 * - Lloyd: per point K·d subtract–multiply–adds for the distances (summed, so none is dead code) and d
 *   accumulations; no minimum (Math.min compiles to a branch that mispredicts, which would make the roofline
 *   slower than the branch-free kernel).
 * - Lloyd with bounds ('lloyd-bounds', d ≥ 2): the pass of lloydBounds.ts at Lloyd's fixed point, where every
 *   point skips its distances; its "loops" column is the plain compiled pass on the same centres.
 * Each kernel (emKernel.ts eStep — compiled per (d, K) by emKernelGen.ts, or the d = 1, K = 2 one — and the
 * loops it replaced; lloyd.ts accumulate — compiled by lloydGen.ts, or the d = 1, K = 2 one — and its loops)
 * is timed against its roofline in the same run, interleaved, median of CPU times; ratio = kernel ÷ roofline.
 *
 * Passes per fit: mean EM passes (emKernel.ts maps, as `iterations` counts them) over fits of the speed
 * workloads' mixtures (experiments/speed/) at n = 1e4 from em.fit's default start, for every acceleration that
 * applies (plain EM, SQUAREM, and the default: Newton for d = 1, K = 2 with a shared σ, quasi-Newton elsewhere;
 * its passes over the subsamples of the warm start are not counted, as in `iterations`).
 *
 * Run standalone: `npx tsx bench/roofline.ts`.
 */
import { pathToFileURL } from 'node:url';
import { accumulate, accumulateGeneral, createLloydWork, updateCentres } from '../src/estimators/kmeans/lloyd.js';
import { boundedAccumulate, createLloydBounds } from '../src/estimators/kmeans/lloydBounds.js';
import { warmUp } from '../src/estimators/kmeans/kmeans.js';
import { createEMWork, eStep, paramLength, type EMCovariance } from '../src/estimators/mixture/emKernel.js';
import { em } from '../src/estimators/mixture/emDescriptor.js';
import { fastExp } from '../src/estimators/mixture/emMath.js';
import { createStream } from '../src/rng/stream.js';
import type { Dataset } from '../src/types.js';
import { median, selfCpuSeconds } from './lib.js';

export interface RooflineRow {
  readonly d: number;
  readonly K: number;
  /** 'lloyd-bounds': the pass with Hamerly's bounds (lloydBounds.ts) at a fixed point, where every point skips. */
  readonly kernel: 'em-equal' | 'em-unequal' | 'lloyd' | 'lloyd-bounds';
  /** ns per point of the roofline loop. */
  readonly rooflineNs: number;
  /** ns per point of the kernel the fits use. */
  readonly kernelNs: number;
  /** ns per point of the loop kernel it replaced (null for d = 1, K = 2, which has its own kernel). */
  readonly loopsNs: number | null;
}

export interface PassesRow {
  readonly workload: string;
  readonly mixture: string;
  readonly d: number;
  readonly K: number;
  readonly covariance: string;
  readonly n: number;
  readonly fits: number;
  readonly accelerate: string;
  readonly meanPasses: number;
}

type EmRoof = (x: Float64Array, n: number, m: Float64Array, c: Float64Array, h: Float64Array, out: Float64Array) => number;
type LloydRoof = (x: Float64Array, n: number, m: Float64Array, out: Float64Array) => number;

function range(m: number): number[] {
  return Array.from({ length: m }, (_, i) => i);
}

/** The EM roofline loop for (d, K); `shared`: one h for every component. */
function emRoofline(d: number, K: number, shared: boolean): EmRoof {
  const L: string[] = [];
  for (const k of range(K)) {
    for (const j of range(d)) L.push(`const m${k}_${j} = m[${k * d + j}];`);
    L.push(`const c${k} = c[${k}];`);
    L.push(shared ? (k === 0 ? 'const h0 = h[0];' : '') : `const h${k} = h[${k}];`);
    for (const j of range(d)) L.push(`let t${k}_${j} = 0;`);
  }
  L.push('for (let i = 0; i < n; i++) {');
  L.push(`  const b = i * ${d};`);
  for (const j of range(d)) L.push(`  const x${j} = x[b + ${j}];`);
  for (const k of range(K)) {
    L.push(`  const q${k} = ${range(d).map((j) => `(x${j} - m${k}_${j}) * (x${j} - m${k}_${j})`).join(' + ')};`);
    L.push(`  const e${k} = fastExp(c${k} - q${k} * h${shared ? 0 : k});`);
    for (const j of range(d)) L.push(`  t${k}_${j} += e${k} * x${j};`);
  }
  L.push('}');
  L.push(`return ${range(K).flatMap((k) => range(d).map((j) => `t${k}_${j}`)).join(' + ')};`);
  const f = new Function('fastExp', `'use strict'; return function emRoof(x, n, m, c, h, out) {\n${L.join('\n')}\n};`) as (e: typeof fastExp) => EmRoof;
  return f(fastExp);
}

/** The Lloyd roofline loop for (d, K). */
function lloydRoofline(d: number, K: number): LloydRoof {
  const L: string[] = [];
  for (const k of range(K)) for (const j of range(d)) L.push(`const m${k}_${j} = m[${k * d + j}];`);
  for (const j of range(d)) L.push(`let s${j} = 0;`);
  L.push('let acc = 0;');
  L.push('for (let i = 0; i < n; i++) {');
  L.push(`  const b = i * ${d};`);
  for (const j of range(d)) L.push(`  const x${j} = x[b + ${j}];`);
  for (const k of range(K)) L.push(`  const q${k} = ${range(d).map((j) => `(x${j} - m${k}_${j}) * (x${j} - m${k}_${j})`).join(' + ')};`);
  L.push(`  acc += ${range(K).map((k) => `q${k}`).join(' + ')};`);
  for (const j of range(d)) L.push(`  s${j} += x${j};`);
  L.push('}');
  L.push(`return acc + ${range(d).map((j) => `s${j}`).join(' + ')};`);
  const f = new Function(`'use strict'; return function lloydRoof(x, n, m, out) {\n${L.join('\n')}\n};`) as () => LloydRoof;
  return f();
}

/** K unit-variance spherical components, centres 2.5 sd apart along the axes (d = 1: on a line), shuffled. */
function simulate(n: number, d: number, K: number): Dataset {
  const rng = createStream('bench-roofline', d, K, n);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const k = Math.min(K - 1, Math.floor(rng.uniform() * K));
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal() + (d === 1 ? 2.5 * k : j === k % d ? 2.5 * (1 + Math.floor(k / d)) : 0);
  }
  return { x, n, d };
}

/** ns per point of `f` on n points: median over `repeats` of CPU time of `inner` calls. */
function timeIt(f: () => unknown, n: number, inner: number, samples: number[]): void {
  const t0 = selfCpuSeconds();
  for (let r = 0; r < inner; r++) f();
  samples.push(((selfCpuSeconds() - t0) / inner / n) * 1e9);
}

/** Roofline ratios per (d, K); `n` points, `repeats` interleaved rounds. */
export function benchRoofline(options: { shapes?: readonly (readonly [number, number])[]; n?: number; repeats?: number } = {}): RooflineRow[] {
  const shapes = options.shapes ?? [
    [1, 2],
    [1, 3],
    [2, 3],
    [5, 4],
    [10, 4],
  ];
  const n = options.n ?? 100_000;
  const repeats = options.repeats ?? 7;
  const rows: RooflineRow[] = [];
  for (const [d, K] of shapes) {
    const data = simulate(n, d, K);
    const P = paramLength(K, d);
    const theta = new Float64Array(P);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d; j++) theta[k * d + j] = data.x[k * 97 * d + j];
      theta[K * d + k] = 1 + 0.1 * k;
      theta[K * d + K + k] = 1 / K;
    }
    const means = theta.slice(0, K * d);
    const c = new Float64Array(K).map((_, k) => Math.log(1 / K) - d * Math.log(theta[K * d + k]));
    const h = new Float64Array(K).map((_, k) => 0.5 / theta[K * d + k] ** 2);
    const out = new Float64Array(K * d);
    const inner = Math.max(3, Math.round(2e6 / n));
    for (const cov of ['equal', 'unequal', 'lloyd', ...(d >= 2 ? (['lloyd-bounds'] as const) : [])] as const) {
      const roofT: number[] = [];
      const kernT: number[] = [];
      const loopT: number[] = [];
      let roof: () => unknown;
      let kern: () => unknown;
      let loops: (() => unknown) | null;
      if (cov === 'lloyd') {
        const r = lloydRoofline(d, K);
        const w = createLloydWork(data, K);
        roof = () => r(data.x, n, means, out);
        kern = () => accumulate(data, means, w);
        loops = d === 1 && K === 2 ? null : () => accumulateGeneral(data.x, n, means, w);
      } else if (cov === 'lloyd-bounds') {
        // Lloyd to its fixed point, then the bounds built there: every later pass skips every point, so this is
        // the pass's cost where it saves most (its first pass, which builds the bounds, costs about three plain ones).
        const r = lloydRoofline(d, K);
        const w = createLloydWork(data, K);
        const fixed = means.slice();
        for (let it = 0; it < 300; it++) {
          accumulate(data, fixed, w);
          if (updateCentres(fixed, w) === 0) break;
        }
        const b = createLloydBounds(n, d, K);
        boundedAccumulate(data, fixed, w, b);
        roof = () => r(data.x, n, fixed, out);
        kern = () => boundedAccumulate(data, fixed, w, b);
        loops = () => accumulate(data, fixed, w);
      } else {
        const r = emRoofline(d, K, cov === 'equal');
        const settings = { covariance: cov as EMCovariance, weights: 'estimated' as const, fixedSigma: NaN, floorVar: 1e-10 };
        const w = createEMWork(data, K, settings);
        const wl = createEMWork(data, K, settings);
        wl.generalOnly = true;
        wl.loopsOnly = true;
        const th = theta.slice();
        if (cov === 'equal') for (let k = 0; k < K; k++) th[K * d + k] = 1;
        roof = () => r(data.x, n, means, c, h, out);
        kern = () => eStep(w, th);
        loops = d === 1 && K === 2 ? null : () => eStep(wl, th);
      }
      for (let rep = 0; rep < repeats + 1; rep++) {
        const warm = rep === 0;
        const sinkR: number[] = [];
        timeIt(roof, n, inner, warm ? sinkR : roofT);
        timeIt(kern, n, inner, warm ? sinkR : kernT);
        if (loops !== null) timeIt(loops, n, warm ? 1 : Math.max(1, inner >> 1), warm ? sinkR : loopT);
      }
      rows.push({
        d,
        K,
        kernel: cov === 'lloyd' || cov === 'lloyd-bounds' ? cov : cov === 'equal' ? 'em-equal' : 'em-unequal',
        rooflineNs: median(roofT),
        kernelNs: median(kernT),
        loopsNs: loops === null ? null : median(loopT),
      });
    }
  }
  return rows;
}

/** The speed workloads' mixtures (experiments/speed/): workload, id, weights, means, σ per component, covariance. */
const WORKLOAD_MIXTURES: readonly { workload: string; id: string; weights: number[]; means: number[][]; sigmas: number[]; covariance: EMCovariance }[] = [
  { workload: 'canonical', id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1], covariance: 'equal' },
  { workload: 'unequal-1d', id: 'unequal-1d', weights: [0.5, 0.3, 0.2], means: [[0], [3], [6]], sigmas: [1, 0.5, 2], covariance: 'unequal' },
  { workload: 'multivariate', id: 'd2-K3', weights: [0.4, 0.35, 0.25], means: [[0, 0], [3, 0], [1, 2.5]], sigmas: [1, 1, 1], covariance: 'unequal' },
  {
    workload: 'multivariate',
    id: 'd5-K4',
    weights: [0.3, 0.3, 0.2, 0.2],
    means: [
      [2, 0, 0, 0, 0],
      [0, 2, 0, 0, 0],
      [0, 0, 2, 0, 0],
      [0, 0, 0, 2, 0],
    ],
    sigmas: [1, 1, 1, 1],
    covariance: 'unequal',
  },
];

/** Mean EM passes per fit of every applicable acceleration, on `fits` samples of size n per workload mixture. */
export function benchPasses(options: { n?: number; fits?: number } = {}): PassesRow[] {
  warmUp();
  const n = options.n ?? 10_000;
  const fits = options.fits ?? 10;
  const rows: PassesRow[] = [];
  for (const mix of WORKLOAD_MIXTURES) {
    const K = mix.weights.length;
    const d = mix.means[0].length;
    // 'auto' is the default: Newton for d = 1, K = 2 with a shared σ, quasi-Newton (emNewtonGeneral.ts) elsewhere.
    const canonical = d === 1 && K === 2 && mix.covariance !== 'unequal';
    const accels: ('none' | 'squarem' | 'newton' | 'auto')[] = ['none', 'squarem', canonical ? 'newton' : 'auto'];
    for (const accelerate of accels) {
      let total = 0;
      for (let r = 0; r < fits; r++) {
        const rng = createStream('bench-passes', mix.id, r);
        const x = new Float64Array(n * d);
        for (let i = 0; i < n; i++) {
          const u = rng.uniform();
          let k = 0;
          let acc = mix.weights[0];
          while (u >= acc && k < K - 1) acc += mix.weights[++k];
          for (let j = 0; j < d; j++) x[i * d + j] = mix.means[k][j] + mix.sigmas[k] * rng.normal();
        }
        const fit = em.fit({ x, n, d }, K, { covariance: mix.covariance, accelerate }, createStream('bench-passes-fit', mix.id, r));
        total += fit.iterations;
      }
      const label = accelerate === 'auto' ? 'quasi-newton' : accelerate;
      rows.push({ workload: mix.workload, mixture: mix.id, d, K, covariance: mix.covariance, n, fits, accelerate: label, meanPasses: total / fits });
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of benchRoofline()) {
    console.log(
      `d=${r.d} K=${r.K} ${r.kernel.padEnd(10)} roofline ${r.rooflineNs.toFixed(1)} ns/pt, kernel ${r.kernelNs.toFixed(1)} (${(r.kernelNs / r.rooflineNs).toFixed(2)}×), loops ${r.loopsNs === null ? '—' : r.loopsNs.toFixed(1)}`,
    );
  }
  for (const p of benchPasses()) console.log(`${p.workload} ${p.mixture} ${p.covariance} n=${p.n} ${p.accelerate}: ${p.meanPasses.toFixed(1)} passes`);
}
