/**
 * Measurements of the canonical study (experiments/canonical.json), all derived from the study itself:
 *
 * - EM passes, plain vs SQUAREM vs Newton (cold, and with the subsample warm start, the default): the study's
 *   own samples and initialisation streams, tol 1e-10; passes, seconds and CPU seconds per fit, and how far
 *   below a plain-EM fit to tol 1e-14 each stops (all must reach the same maximum).
 * - The CLI run, `mixstudy run experiments/canonical.json --fresh` with 1 worker and with the default worker
 *   count, interleaved and repeated: wall, CPU, Σ fit seconds (timings.ndjson), EM passes per n.
 * - Roofline: a tight loop that only draws the normals the study draws (nested design: R × max n) and
 *   evaluates the exponentials its EM fits need (Σ over EM fits of n × full-data passes), with the project's inlined exp (src/estimators/mixture/emMath.ts) and with Math.exp;
 *   our ratio = CPU of the study's compute (every task through executeTask in this process) ÷ CPU of the
 *   loop, and CPU of the whole -j 1 command (start-up included) ÷ CPU of the loop.
 * - Runner overhead: wall of a -j 1 run − its Σ fit seconds − sampling seconds (sampling re-timed here, in
 *   process), as a fraction of the wall; also without process start-up (the manifest's session time); the
 *   median over the repeats, each computed within one run (differences between runs are ±15 % noise here).
 * - Worker scaling: median wall(-j 1) ÷ median wall(-j default).
 */
import { join } from 'node:path';
import { loadConfig, withReplications, conditionKey, type ExperimentConfig } from '../src/config/index.js';
import { fastExp } from '../src/estimators/mixture/emMath.js';
import type { EMOptions } from '../src/estimators/mixture/options.js';
import { fitMethod } from '../src/estimators/registry.js';
import { executeTask, fitStream, sampleFor } from '../src/runner/executeTask.js';
import { createStream } from '../src/rng/stream.js';
import { mean, median, ROOT, runCanonical, runTimed, selfCpuSeconds, type CanonicalRun } from './lib.js';

/** The EM variants compared: plain, SQUAREM, Newton from the full-data k-means start, Newton + warm start (the default). */
export const EM_VARIANTS = ['plain', 'squarem', 'newton', 'newton+warm'] as const;
export type EMVariant = (typeof EM_VARIANTS)[number];

function variantOptions(v: EMVariant): EMOptions {
  switch (v) {
    case 'plain':
      return { covariance: 'equal', accelerate: 'none' };
    case 'squarem':
      return { covariance: 'equal', accelerate: 'squarem' };
    case 'newton':
      return { covariance: 'equal', accelerate: 'newton', warmStart: 'none' };
    case 'newton+warm':
      return { covariance: 'equal', accelerate: 'newton', warmStart: 'subsample' };
  }
}

export interface PassesRow {
  readonly n: number;
  readonly reps: number;
  readonly variant: EMVariant;
  /** Passes over the full data (iterations); the warm start's subsample passes are not included. */
  readonly medianPasses: number;
  readonly meanPasses: number;
  readonly medianSeconds: number;
  readonly medianCpuSeconds: number;
  readonly notConverged: number;
  readonly meanSeparation: number;
  /**
   * max over reps of (L_ref − L)/|L_ref|, where L_ref is plain EM run to tol 1e-14 from the same start: how far
   * below the maximum each variant stops (negative: above the reference, which itself stops early).
   */
  readonly maxRelShortfall: number;
}

export interface RooflineResult {
  readonly normals: number;
  readonly exps: number;
  /** CPU seconds of the loop with the inlined exp / with Math.exp. */
  readonly cpuSecondsInlineExp: number;
  readonly cpuSecondsMathExp: number;
  readonly wallSecondsInlineExp: number;
  /** CPU seconds of normals alone. */
  readonly cpuSecondsNormals: number;
}

export interface CanonicalBench {
  readonly replications: number;
  readonly passes: PassesRow[];
  /** The -j 1 and default-workers CLI runs (interleaved repeats), and the run of median wall time of each. */
  readonly runsOne: CanonicalRun[];
  readonly runsDefault: CanonicalRun[];
  readonly runOne: CanonicalRun;
  readonly runDefault: CanonicalRun;
  readonly roofline: RooflineResult;
  readonly samplingSeconds: number;
  readonly samplingCpuSeconds: number;
  /** `mixstudy run --help`: Node + tsx start-up and loading every module, no work (median of 3). */
  readonly startup: { readonly wall: number; readonly cpu: number };
  /** executeTask over the whole study in this process (see inProcessStudy). */
  readonly inProcess: { readonly wall: number; readonly cpu: number; readonly fitSeconds: number };
}

function config(replications: number): ExperimentConfig {
  const c = loadConfig(join(ROOT, 'experiments', 'canonical.json')).config;
  return c.replications === replications ? c : withReplications(c, replications);
}

/** The EM variants on the study's samples (first `reps` replications of each n), with a tight reference fit. */
export function benchPasses(reps: number, ns?: readonly number[]): PassesRow[] {
  const c = config(Math.max(2, reps));
  const mixture = c.mixtures[0];
  const mle = c.estimators.find((e) => e.method === 'em');
  const estimatorId = mle?.id ?? 'mle';
  const rows: PassesRow[] = [];
  for (const n of ns ?? c.n) {
    const condition = conditionKey(mixture.id, n);
    const reference: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const { data } = sampleFor(c, mixture, rep, n);
      const fit = fitMethod({ method: 'em', options: { covariance: 'equal', accelerate: 'none', tol: 1e-14, maxIter: 100000 } }, data, 2, fitStream(c, condition, rep, estimatorId));
      reference.push(fit.logLik ?? NaN);
    }
    for (const variant of EM_VARIANTS) {
      const options = variantOptions(variant);
      const t: number[] = [];
      const cpu: number[] = [];
      const p: number[] = [];
      const sep: number[] = [];
      let nc = 0;
      let shortfall = -Infinity;
      // warm-up (JIT) on replication 0
      fitMethod({ method: 'em', options }, sampleFor(c, mixture, 0, n).data, 2, fitStream(c, condition, 0, estimatorId));
      for (let rep = 0; rep < reps; rep++) {
        const { data } = sampleFor(c, mixture, rep, n);
        const c0 = selfCpuSeconds();
        const t0 = performance.now();
        const fit = fitMethod({ method: 'em', options }, data, 2, fitStream(c, condition, rep, estimatorId));
        t.push((performance.now() - t0) / 1000);
        cpu.push(selfCpuSeconds() - c0);
        p.push(fit.iterations);
        sep.push(Math.abs(fit.means[1] - fit.means[0]));
        if (!fit.converged) nc++;
        shortfall = Math.max(shortfall, (reference[rep] - (fit.logLik ?? NaN)) / Math.abs(reference[rep]));
      }
      rows.push({
        n,
        reps,
        variant,
        medianPasses: median(p),
        meanPasses: mean(p),
        medianSeconds: median(t),
        medianCpuSeconds: median(cpu),
        notConverged: nc,
        meanSeparation: mean(sep),
        maxRelShortfall: shortfall,
      });
    }
  }
  return rows;
}

/** Σ e^{−|a + b·xᵢ|} over x[0..n) with the project's inlined exp: one exponential per point, as the E-step. */
function sweepInlineExp(x: Float64Array, n: number, a: number, b: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const l = a + b * x[i];
    acc += fastExp(-Math.abs(l));
  }
  return acc;
}

/** The same with V8's Math.exp. */
function sweepMathExp(x: Float64Array, n: number, a: number, b: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const l = a + b * x[i];
    acc += Math.exp(l >= 0 ? -l : l);
  }
  return acc;
}

/**
 * The roofline loop. `passesPerN` maps n to the mean EM passes over the full data of the study's fits at that n;
 * each fit costs n × passes exponentials (rounded to whole passes per fit, the fraction spread over
 * replications). The warm start's subsample passes (about half a full pass per fit) are left out, so the loop
 * is a little faster than the exponentials the study really evaluates, and our ratio to it errs high.
 */
export function roofline(replications: number, ns: readonly number[], passesPerN: ReadonlyMap<number, number>): RooflineResult {
  const largest = Math.max(...ns);
  const buf = new Float64Array(largest);
  const stream = createStream('bench-roofline');
  let sink = 0;
  let exps = 0;
  const passPlan = (n: number, rep: number): number => {
    const p = passesPerN.get(n) ?? 0;
    const whole = Math.floor(p);
    return whole + ((rep + 0.5) / replications < p - whole ? 1 : 0);
  };
  const run = (useMathExp: boolean, withExps: boolean): { cpu: number; wall: number } => {
    const c0 = selfCpuSeconds();
    const t0 = performance.now();
    exps = 0;
    for (let rep = 0; rep < replications; rep++) {
      stream.fillNormal(buf, 0, largest);
      if (!withExps) {
        sink += buf[rep % largest];
        continue;
      }
      for (const n of ns) {
        const passes = passPlan(n, rep);
        for (let p = 0; p < passes; p++) {
          // a different linear log-odds each pass, as EM's
          sink += useMathExp ? sweepMathExp(buf, n, 1e-3 * p, 1.9 + p * 1e-3) : sweepInlineExp(buf, n, 1e-3 * p, 1.9 + p * 1e-3);
          exps += n;
        }
      }
    }
    return { cpu: selfCpuSeconds() - c0, wall: (performance.now() - t0) / 1000 };
  };
  run(false, true); // warm-up both variants (JIT)
  run(true, true);
  const normalsOnly = run(false, false);
  const inline = run(false, true);
  const mathExp = run(true, true);
  if (sink === 0.123456) console.log(''); // keeps the loops observable
  return {
    normals: replications * largest,
    exps,
    cpuSecondsInlineExp: inline.cpu,
    cpuSecondsMathExp: mathExp.cpu,
    wallSecondsInlineExp: inline.wall,
    cpuSecondsNormals: normalsOnly.cpu,
  };
}

/** Wall and CPU seconds of drawing every replication's sample as the runner does (nested: the largest n). */
export function samplingTime(replications: number): { wall: number; cpu: number } {
  const c = config(replications);
  const mixture = c.mixtures[0];
  const largest = c.n[c.n.length - 1];
  sampleFor(c, mixture, 0, largest); // warm-up
  const c0 = selfCpuSeconds();
  const t0 = performance.now();
  for (let rep = 0; rep < replications; rep++) sampleFor(c, mixture, rep, largest);
  return { wall: (performance.now() - t0) / 1000, cpu: selfCpuSeconds() - c0 };
}

/**
 * The study's compute alone: every task through executeTask (sampling, fits, estimands) in this process, no
 * runner, files or start-up. Its CPU time is what the roofline ratio compares. benchCanonical runs it in a
 * fresh child process (bench/studyChild.ts).
 */
export function inProcessStudy(replications: number): { wall: number; cpu: number; fitSeconds: number } {
  const c = config(replications);
  executeTask(c, { mixtureIndex: 0, rep: 0 }); // warm-up (JIT), not timed
  const c0 = selfCpuSeconds();
  const t0 = performance.now();
  let fitSeconds = 0;
  for (let m = 0; m < c.mixtures.length; m++) {
    for (let rep = 0; rep < replications; rep++) {
      for (const t of executeTask(c, { mixtureIndex: m, rep }).timings) fitSeconds += t.seconds;
    }
  }
  return { wall: (performance.now() - t0) / 1000, cpu: selfCpuSeconds() - c0, fitSeconds };
}

/** Wall and CPU of `node bin/mixstudy.js run --help` (start-up cost of the CLI), median of 3. */
export async function startupTime(): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await runTimed(process.execPath, ['bin/mixstudy.js', 'run', '--help']);
    wall.push(r.wallSeconds);
    if (r.cpuSeconds !== null) cpu.push(r.cpuSeconds);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export interface CanonicalBenchOptions {
  readonly replications: number;
  readonly passReps: number;
  readonly defaultWorkers: number;
  /** CLI runs per worker count, interleaved (default 1). */
  readonly cliRepeats?: number;
  readonly log?: (s: string) => void;
}

/** The run of median wall time (the lower middle one for an even count). */
function medianRun(runs: readonly CanonicalRun[]): CanonicalRun {
  const sorted = [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds);
  return sorted[(sorted.length - 1) >> 1];
}

export async function benchCanonical(o: CanonicalBenchOptions): Promise<CanonicalBench> {
  const log = o.log ?? ((): void => undefined);
  const reps = o.replications;
  log(`  EM plain, SQUAREM, Newton, Newton + warm start on the study's samples (${o.passReps} replications per n) …`);
  const passes = benchPasses(o.passReps);
  const runsOne: CanonicalRun[] = [];
  const runsDefault: CanonicalRun[] = [];
  const repeats = o.cliRepeats ?? 1;
  for (let i = 0; i < repeats; i++) {
    log(`  [${i + 1}/${repeats}] mixstudy run -j 1 (${reps} replications) …`);
    runsOne.push(await runCanonical(1, reps === 200 ? undefined : reps));
    log(`  [${i + 1}/${repeats}] mixstudy run -j ${o.defaultWorkers} …`);
    runsDefault.push(await runCanonical(o.defaultWorkers, reps === 200 ? undefined : reps));
  }
  const runOne = medianRun(runsOne);
  const runDefault = medianRun(runsDefault);
  log('  start-up, the study in process (executeTask only), sampling time and roofline loop …');
  const startup = await startupTime();
  const child = await runTimed(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'studyChild.ts'), String(reps)]);
  if (child.code !== 0) throw new Error(`bench/studyChild.ts failed (exit ${child.code}):\n${child.stderr.slice(-2000)}`);
  const measured = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as {
    study: { wall: number; cpu: number; fitSeconds: number };
    sampling: { wall: number; cpu: number };
  };
  const inProcess = measured.study;
  const sampling = measured.sampling;
  const ns = [...new Set(runOne.cells.map((c) => c.n))].sort((a, b) => a - b);
  const passesPerN = new Map<number, number>();
  for (const cell of runOne.cells) if (cell.estimator === 'mle') passesPerN.set(cell.n, cell.iterations);
  const roof = roofline(reps, ns, passesPerN);
  return { replications: reps, passes, runsOne, runsDefault, runOne, runDefault, roofline: roof, samplingSeconds: sampling.wall, samplingCpuSeconds: sampling.cpu, startup, inProcess };
}
