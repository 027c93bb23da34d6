/**
 * Benchmark of EM (Dempster, Laird & Rubin 1977) with and without SQUAREM (Varadhan & Roland 2008): median
 * seconds per fit, EM passes per fit and throughput in point-iterations per second (n × passes / time), so
 * the two levers of docs/ARCHITECTURE.md §8 — passes per fit and ns per pass — are measured separately.
 *
 * Each fit starts from given parameters (k-means++ seeds, σ = data sd, equal weights) computed outside the
 * timed region, so the time is EM's alone; other options are the defaults (tol 1e-10, covariance 'equal').
 * Data: K unit-variance spherical components with equal weights, centres ±1 for (d, K) = (1, 2) (the
 * canonical study), else 3 standard deviations apart along coordinate axes.
 *
 * Run standalone: `npx tsx bench/em.ts` (prints a table).
 */
import { pathToFileURL } from 'node:url';
import { em } from '../src/estimators/mixture/emDescriptor.js';
import { warmUp } from '../src/estimators/kmeans/kmeans.js';
import { kmeansPlusPlus } from '../src/estimators/kmeans/kmeansPlusPlus.js';
import type { MixtureParameters } from '../src/estimators/mixture/options.js';
import { createStream } from '../src/rng/stream.js';
import type { Dataset } from '../src/types.js';

// JIT priming of the k-means kernels EM's initialisation runs (the runner does it before its first fit).
warmUp();

export interface EMBenchRow {
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly accelerate: 'squarem' | 'none' | 'newton';
  /** Timed fits (after one warm-up fit). */
  readonly reps: number;
  readonly medianSeconds: number;
  /** Median process CPU seconds per fit: robust to other jobs on a shared machine (one core busy per fit). */
  readonly medianCpuSeconds: number;
  /** Median EM passes per fit. */
  readonly passes: number;
  /** n × passes / seconds (median fit time, median passes): the rate a user of `em.fit` sees. */
  readonly pointIterPerSec: number;
  /** n × passes / CPU seconds. */
  readonly pointIterPerCpuSec: number;
  /** Fit time per EM pass (whole data set), overheads included. */
  readonly nsPerPass: number;
  /**
   * Fit time per point and per E-step sweep: passes + 1, since em.fit ends with one E-step at the returned
   * parameters; the validation and variance sweeps (no exp) are included, so this bounds the kernel cost.
   */
  readonly nsPerPointSweep: number;
}

export interface EMBenchOptions {
  readonly ns?: readonly number[];
  readonly shapes?: readonly (readonly [number, number])[];
  readonly accelerations?: readonly ('squarem' | 'none' | 'newton')[];
}

function simulate(n: number, d: number, K: number): Dataset {
  const rng = createStream('bench-em', d, K, n);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let k = Math.floor(rng.uniform() * K);
    if (k >= K) k = K - 1;
    for (let j = 0; j < d; j++) {
      const centre = d === 1 && K === 2 ? (k === 0 ? -1 : 1) : j === k % d ? 3 * (1 + Math.floor(k / d)) : 0;
      x[i * d + j] = centre + rng.normal();
    }
  }
  return { x, n, d };
}

function startAt(data: Dataset, K: number): MixtureParameters {
  const means = kmeansPlusPlus(data, K, createStream('bench-em', 'seeds', data.d, K, data.n));
  let v = 0;
  const { x, n, d } = data;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + j];
    m /= n;
    for (let i = 0; i < n; i++) v += (x[i * d + j] - m) ** 2;
  }
  const sd = Math.sqrt(v / (n * d));
  return { means, sigmas: new Float64Array(K).fill(sd), weights: new Float64Array(K).fill(1 / K) };
}

function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function repsFor(n: number): number {
  return n >= 1e6 ? 3 : n >= 1e5 ? 5 : n >= 1e4 ? 9 : 21;
}

/** Runs the grid and returns one row per (n, d, K, acceleration). */
export function benchEM(options: EMBenchOptions = {}): EMBenchRow[] {
  const ns = options.ns ?? [1e2, 1e3, 1e4, 1e5, 1e6];
  const shapes = options.shapes ?? [
    [1, 2],
    [2, 3],
    [10, 4],
  ];
  const accelerations = options.accelerations ?? ['none', 'squarem', 'newton'];
  const rows: EMBenchRow[] = [];
  for (const [d, K] of shapes) {
    for (const n of ns) {
      const data = simulate(n, d, K);
      const init = startAt(data, K);
      // Newton applies to d = 1, K = 2 only (with its subsample warm start for n ≥ 1e4, the default).
      for (const accelerate of accelerations.filter((a) => a !== 'newton' || (d === 1 && K === 2))) {
        const rng = createStream('bench-em', 'fit');
        em.fit(data, K, { init, accelerate }, rng); // warm-up: JIT and caches
        const reps = repsFor(n);
        const times: number[] = [];
        const cpus: number[] = [];
        const passes: number[] = [];
        for (let r = 0; r < reps; r++) {
          const c0 = process.cpuUsage();
          const t0 = process.hrtime.bigint();
          const fit = em.fit(data, K, { init, accelerate }, rng);
          times.push(Number(process.hrtime.bigint() - t0) / 1e9);
          const c = process.cpuUsage(c0);
          cpus.push((c.user + c.system) / 1e6);
          passes.push(fit.iterations);
        }
        const sec = median(times);
        const cpu = median(cpus);
        const p = median(passes);
        rows.push({
          n,
          d,
          K,
          accelerate,
          reps,
          medianSeconds: sec,
          medianCpuSeconds: cpu,
          passes: p,
          pointIterPerSec: (n * p) / sec,
          pointIterPerCpuSec: (n * p) / cpu,
          nsPerPass: (sec / p) * 1e9,
          nsPerPointSweep: (sec / ((p + 1) * n)) * 1e9,
        });
      }
    }
  }
  return rows;
}

function formatTable(rows: readonly EMBenchRow[]): string {
  const head = ['d', 'K', 'n', 'accel', 'reps', 's/fit', 'cpu s/fit', 'passes'];
  head.push('Mpt-it/s', 'Mpt-it/cpu-s', 'µs/pass', 'ns/pt/sweep');
  const body = rows.map((r) => [
    String(r.d),
    String(r.K),
    r.n.toExponential(0),
    r.accelerate,
    String(r.reps),
    r.medianSeconds.toPrecision(3),
    r.medianCpuSeconds.toPrecision(3),
    String(r.passes),
    (r.pointIterPerSec / 1e6).toFixed(1),
    (r.pointIterPerCpuSec / 1e6).toFixed(1),
    (r.nsPerPass / 1e3).toPrecision(3),
    r.nsPerPointSweep.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTable(benchEM()));
}
