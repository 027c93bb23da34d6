/**
 * Lloyd's k-means with and without Hamerly's bounds (src/estimators/kmeans/lloydBounds.ts): CPU time per fit
 * (k-means++ start, one restart, as the speed workloads run it) on samples of the multivariate speed mixtures
 * (experiments/speed/multivariate.json) and a few more shapes, plain and bounded fits interleaved, medians over
 * the repeats; plus a check that both gave the same centres, inertia and iterations (they must: lloydBounds.ts).
 *
 * Run standalone: `npx tsx bench/lloydBounds.ts [--quick]`; `npm run bench` prints it in the k-means section.
 */
import { pathToFileURL } from 'node:url';
import { fitKMeansWith, useLloydBounds, warmUp } from '../src/estimators/kmeans/kmeans.js';
import { createStream } from '../src/rng/stream.js';
import type { Dataset } from '../src/types.js';
import { median, selfCpuSeconds } from './lib.js';

export interface BoundsBenchRow {
  readonly mixture: string;
  readonly d: number;
  readonly K: number;
  readonly n: number;
  readonly fits: number;
  /** Median CPU seconds per fit, plain Lloyd. */
  readonly plainSeconds: number;
  /** Median CPU seconds per fit, with the bounds. */
  readonly boundsSeconds: number;
  /** Median Lloyd iterations per fit (the same for both). */
  readonly iterations: number;
  /** Whether the estimator uses the bounds at this (n, d, K) (kmeans.ts useLloydBounds). */
  readonly used: boolean;
  /** Every fit gave identical centres, inertia and iterations both ways. */
  readonly identical: boolean;
}

interface Mixture {
  readonly id: string;
  readonly weights: readonly number[];
  readonly means: readonly (readonly number[])[];
}

/** The speed workload's mixtures (σ = 1), and two further shapes for the switch-over. */
const MIXTURES: readonly Mixture[] = [
  { id: 'd2-K3', weights: [0.4, 0.35, 0.25], means: [[0, 0], [3, 0], [1, 2.5]] },
  { id: 'd5-K4', weights: [0.3, 0.3, 0.2, 0.2], means: [[2, 0, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 2, 0, 0], [0, 0, 0, 2, 0]] },
  { id: 'd2-K2', weights: [0.5, 0.5], means: [[0, 0], [2.5, 0]] },
  { id: 'd3-K8', weights: Array(8).fill(0.125), means: Array.from({ length: 8 }, (_, k) => [(k & 1) * 3, ((k >> 1) & 1) * 3, ((k >> 2) & 1) * 3]) },
  ...(
    [
      [2, 8],
      [3, 6],
      [4, 4],
      [8, 2],
      [8, 4],
      [5, 8],
      [8, 8],
      [10, 4],
      [16, 4],
      [2, 16],
      [8, 16],
    ] as const
  ).map(([d, K]) => randomMixture(d, K)),
];

/** K equally weighted unit-variance components with means uniform in [0, 4]ᵈ (a fixed stream): overlapping. */
function randomMixture(d: number, K: number): Mixture {
  const rng = createStream('bench-lloyd-bounds-means', d, K);
  return { id: `d${d}-K${K}`, weights: Array(K).fill(1 / K), means: Array.from({ length: K }, () => Array.from({ length: d }, () => 4 * rng.uniform())) };
}

function sample(mix: Mixture, n: number, rep: number): Dataset {
  const K = mix.weights.length;
  const d = mix.means[0].length;
  const rng = createStream('bench-lloyd-bounds', mix.id, n, rep);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    let k = 0;
    let acc = mix.weights[0];
    while (u >= acc && k < K - 1) acc += mix.weights[++k];
    for (let j = 0; j < d; j++) x[i * d + j] = mix.means[k][j] + rng.normal();
  }
  return { x, n, d };
}

export function benchLloydBounds(options: { ns?: readonly number[]; repeats?: number; mixtures?: readonly string[] } = {}): BoundsBenchRow[] {
  warmUp();
  const ns = options.ns ?? [1e3, 1e4, 1e5];
  const repeats = options.repeats ?? 9;
  const rows: BoundsBenchRow[] = [];
  for (const mix of MIXTURES) {
    if (options.mixtures !== undefined && !options.mixtures.includes(mix.id)) continue;
    const K = mix.weights.length;
    const d = mix.means[0].length;
    for (const n of ns) {
      // Enough fits per timed sample that the CPU clock's resolution does not matter.
      const fits = Math.max(1, Math.round(3e5 / n));
      const datasets = Array.from({ length: fits }, (_, r) => sample(mix, n, r));
      const plain: number[] = [];
      const bounded: number[] = [];
      const iters: number[] = [];
      let identical = true;
      for (let rep = 0; rep <= repeats; rep++) {
        for (const mode of rep % 2 === 0 ? (['off', 'late'] as const) : (['late', 'off'] as const)) {
          const t0 = selfCpuSeconds();
          for (let r = 0; r < fits; r++) fitKMeansWith(datasets[r], K, {}, createStream('bench-lloyd-bounds-fit', r), Infinity, mode);
          const t = (selfCpuSeconds() - t0) / fits;
          // rep 0 warms up.
          if (rep > 0) (mode === 'off' ? plain : bounded).push(t);
        }
      }
      for (let r = 0; r < fits; r++) {
        const a = fitKMeansWith(datasets[r], K, {}, createStream('bench-lloyd-bounds-fit', r), Infinity, 'off');
        const b = fitKMeansWith(datasets[r], K, {}, createStream('bench-lloyd-bounds-fit', r), Infinity, 'late');
        iters.push(a.iterations);
        const same =
          Object.is(a.objective, b.objective) && a.iterations === b.iterations && a.means.every((v, i) => Object.is(v, b.means[i])) && a.weights.every((v, i) => Object.is(v, b.weights[i]));
        if (!same) identical = false;
      }
      rows.push({ mixture: mix.id, d, K, n, fits, plainSeconds: median(plain), boundsSeconds: median(bounded), iterations: median(iters), used: useLloydBounds(n, d, K), identical });
    }
  }
  return rows;
}

export function formatLloydBounds(rows: readonly BoundsBenchRow[]): string {
  const ms = (s: number): string => `${(s * 1e3).toFixed(s < 1e-3 ? 3 : 2)} ms`;
  return rows
    .map(
      (r) =>
        `${r.mixture.padEnd(6)} n=${r.n.toExponential(0)}  plain ${ms(r.plainSeconds).padStart(9)}  bounds ${ms(r.boundsSeconds).padStart(9)}  ${(r.plainSeconds / r.boundsSeconds).toFixed(2)}×  iters ${r.iterations}  ${r.used ? 'used' : 'not used'}${r.identical ? '' : '  NOT IDENTICAL'}`,
    )
    .join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--mixtures='))?.slice('--mixtures='.length).split(',');
  const ns = process.argv.find((a) => a.startsWith('--ns='))?.slice('--ns='.length).split(',').map(Number);
  console.log(formatLloydBounds(benchLloydBounds({ repeats: quick ? 3 : 9, ...(only !== undefined ? { mixtures: only } : {}), ...(ns !== undefined ? { ns } : {}) })));
}
