/**
 * Benchmark of the k-means estimators: median seconds per fit, Lloyd iterations and point-iterations per second
 * for n = 1e2..1e6 and (d, K) ∈ {(1,2), (2,3), (10,4)}, plus the exact 1-D k-means (K = 2, 3) against
 * simple-statistics' ckmeans, the implementation kmeansExact1d was chosen over. Passes per fit and cost per
 * pass are reported separately (docs/ARCHITECTURE.md §8): `fit` throughput divides n·iterations by the whole fit's CPU time
 * (seeding, final inertia pass and allocation included); `pass` times the assignment + accumulation kernel alone.
 * Wall and CPU time are both reported: on a shared machine the wall time mostly measures the other processes.
 *
 * Data come from createStream + normal() directly so the benchmark depends on nothing but the estimators.
 * Standalone, it also prints bench/lloydBounds.ts (Lloyd with and without Hamerly's bounds, per fit).
 * Standalone: `npx tsx bench/kmeans.ts [--quick]`.
 */
import { fileURLToPath } from 'node:url';
import { ckmeans } from 'simple-statistics';
import { kmeans, warmUp } from '../src/estimators/kmeans/kmeans.js';
import { kmeansExact1d } from '../src/estimators/kmeans/kmeansExact1d.js';
import { accumulate, createLloydWork } from '../src/estimators/kmeans/lloyd.js';
import { benchLloydBounds, formatLloydBounds } from './lloydBounds.js';
import { createStream } from '../src/rng/stream.js';
import type { Dataset } from '../src/types.js';

// JIT priming of the k-means kernels (the runner does it before its first fit; see src/estimators/kmeans/kmeans.ts).
warmUp();

export interface KMeansBenchRow {
  readonly method: 'kmeans' | 'kmeans-exact' | 'ckmeans';
  readonly n: number;
  readonly d: number;
  readonly K: number;
  /** Timed fits (after warm-up). */
  readonly reps: number;
  readonly medianSeconds: number;
  /**
   * Median CPU seconds per fit (process.cpuUsage: this process's user + system time, GC and compiler threads
   * included). On a shared machine it is far less inflated by other processes than the wall time.
   */
  readonly medianCpuSeconds: number;
  /** Median Lloyd iterations per fit (null for the exact methods). */
  readonly medianIterations: number | null;
  /** n · median iterations / median CPU time per fit (null for the exact methods). */
  readonly fitPointIterationsPerSecond: number | null;
  /** Points per CPU second of one Lloyd assignment + accumulation pass alone (null for the exact methods). */
  readonly passPointsPerSecond: number | null;
}

export interface KMeansBenchOptions {
  readonly ns?: readonly number[];
  readonly shapes?: ReadonlyArray<readonly [d: number, K: number]>;
  /** Time spent per row after warm-up; each row gets at least `minReps` timed fits. */
  readonly budgetSeconds?: number;
  readonly minReps?: number;
  /** Include simple-statistics' ckmeans rows (slow at n = 1e6). */
  readonly ckmeans?: boolean;
}

const DEFAULT_NS = [1e2, 1e3, 1e4, 1e5, 1e6];
const DEFAULT_SHAPES: ReadonlyArray<readonly [number, number]> = [
  [1, 2],
  [2, 3],
  [10, 4],
];

/** Component k's mean: 0 for k = 0, else 4 along axis (k − 1) mod d. For d = 1, K = 2: the canonical ±1 instead. */
function benchData(n: number, d: number, K: number): Dataset {
  const rng = createStream('bench-kmeans', n, d, K);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const k = Math.min(K - 1, Math.floor(rng.uniform() * K));
    for (let j = 0; j < d; j++) {
      let mu: number;
      if (d === 1 && K === 2) mu = k === 0 ? -1 : 1;
      else mu = k > 0 && j === (k - 1) % d ? 4 : 0;
      x[i * d + j] = mu + rng.normal();
    }
  }
  return { x, n, d };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

interface Timing {
  reps: number;
  seconds: number;
  cpuSeconds: number;
  iterations: number | null;
}

/** Runs `once` (returning an iteration count or null) after warm-up until the budget, then takes medians. */
function timeRuns(once: (rep: number) => number | null, budgetSeconds: number, minReps: number): Timing {
  // Warm-up until 3 runs or 0.1 s, so that optimised code is what gets timed.
  const warm = performance.now();
  for (let w = 1; w <= 3 && (w === 1 || performance.now() - warm < 100); w++) once(-w);
  const times: number[] = [];
  const cpu: number[] = [];
  const iters: number[] = [];
  const start = performance.now();
  for (let rep = 0; rep < 10_000; rep++) {
    const t0 = performance.now();
    const c0 = cpuSeconds();
    const it = once(rep);
    cpu.push(cpuSeconds() - c0);
    times.push((performance.now() - t0) / 1e3);
    if (it !== null) iters.push(it);
    if (rep + 1 >= minReps && (performance.now() - start) / 1e3 >= budgetSeconds) break;
  }
  return {
    reps: times.length,
    seconds: median(times),
    cpuSeconds: median(cpu),
    iterations: iters.length > 0 ? median(iters) : null,
  };
}

/** Points per CPU second of the Lloyd kernel alone: passes with fixed centres taken from a fit. */
function passThroughput(data: Dataset, K: number, centres: Float64Array, budgetSeconds: number): number {
  const w = createLloydWork(data, K);
  const c = centres.slice();
  // Enough passes per sample that the CPU clock's resolution does not matter.
  const passes = Math.max(1, Math.ceil(1e6 / data.n));
  for (let p = 0; p < passes; p++) accumulate(data, c, w);
  const times: number[] = [];
  const start = performance.now();
  do {
    const c0 = cpuSeconds();
    for (let p = 0; p < passes; p++) accumulate(data, c, w);
    times.push((cpuSeconds() - c0) / passes);
  } while (times.length < 5 || (performance.now() - start) / 1e3 < budgetSeconds);
  return data.n / median(times);
}

export function benchKMeans(options: KMeansBenchOptions = {}): KMeansBenchRow[] {
  const ns = options.ns ?? DEFAULT_NS;
  const shapes = options.shapes ?? DEFAULT_SHAPES;
  const budget = options.budgetSeconds ?? 0.5;
  const minReps = options.minReps ?? 3;
  const withCkmeans = options.ckmeans ?? true;
  const rows: KMeansBenchRow[] = [];
  for (const [d, K] of shapes) {
    for (const n of ns) {
      const data = benchData(n, d, K);
      let lastMeans: Float64Array = new Float64Array(K * d);
      const r = timeRuns(
        (rep) => {
          const fit = kmeans.fit(data, K, {}, createStream('bench-kmeans-init', n, d, K, rep));
          lastMeans = fit.means;
          return fit.iterations;
        },
        budget,
        minReps,
      );
      const iterations = r.iterations ?? 0;
      rows.push({
        method: 'kmeans',
        n,
        d,
        K,
        reps: r.reps,
        medianSeconds: r.seconds,
        medianCpuSeconds: r.cpuSeconds,
        medianIterations: iterations,
        fitPointIterationsPerSecond: (n * iterations) / r.cpuSeconds,
        passPointsPerSecond: passThroughput(data, K, lastMeans, Math.min(budget, 0.2)),
      });
    }
  }
  const exactKs = [2, 3];
  for (const K of exactKs) {
    for (const n of ns) {
      const data = benchData(n, 1, 2);
      const e = timeRuns(
        () => {
          kmeansExact1d.fit(data, K, {}, createStream('unused'));
          return null;
        },
        budget,
        minReps,
      );
      rows.push(exactRow('kmeans-exact', n, K, e));
      if (withCkmeans) {
        const values = Array.from(data.x);
        const c = timeRuns(
          () => {
            ckmeans(values, K);
            return null;
          },
          budget,
          minReps,
        );
        rows.push(exactRow('ckmeans', n, K, c));
      }
    }
  }
  return rows;
}

function exactRow(method: 'kmeans-exact' | 'ckmeans', n: number, K: number, t: Timing): KMeansBenchRow {
  return {
    method,
    n,
    d: 1,
    K,
    reps: t.reps,
    medianSeconds: t.seconds,
    medianCpuSeconds: t.cpuSeconds,
    medianIterations: null,
    fitPointIterationsPerSecond: null,
    passPointsPerSecond: null,
  };
}

export function formatKMeansBench(rows: readonly KMeansBenchRow[]): string {
  const header = ['method', 'n', 'd', 'K', 'reps', 'wall/fit', 'cpu/fit', 'iters', 'fit M pt-it/s', 'pass M pt/s'];
  const mega = (v: number | null): string => (v === null ? '—' : (v / 1e6).toFixed(1));
  const time = (s: number): string => (s < 1e-3 ? `${(s * 1e6).toFixed(1)} µs` : `${(s * 1e3).toFixed(2)} ms`);
  const body = rows.map((r) => [
    r.method,
    r.n.toExponential(0),
    String(r.d),
    String(r.K),
    String(r.reps),
    time(r.medianSeconds),
    time(r.medianCpuSeconds),
    r.medianIterations === null ? '—' : String(r.medianIterations),
    mega(r.fitPointIterationsPerSecond),
    mega(r.passPointsPerSecond),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]): string => cells.map((s, c) => (c < 1 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const rows = benchKMeans(quick ? { ns: [1e2, 1e3, 1e4, 1e5], budgetSeconds: 0.2 } : {});
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  console.log(formatKMeansBench(rows));
  console.log("\nLloyd with Hamerly's bounds (lloydBounds.ts) from pass 4 vs plain Lloyd: CPU per fit, k-means++ start");
  const mixtures = ['d2-K3', 'd5-K4', 'd3-K6', 'd3-K8', 'd8-K8', 'd2-K16'];
  console.log(formatLloydBounds(benchLloydBounds({ ns: quick ? [1e3, 1e4] : [1e3, 1e4, 1e5], repeats: quick ? 3 : 7, mixtures })));
}
