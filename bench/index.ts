/**
 * `npm run bench` (bin/bench.js): every benchmark in one report.
 *
 * 1. normals/s of the sampler (bench/normals.ts);
 * 2. per estimator, n ∈ {1e2..1e6}, (d, K) ∈ {(1,2), (2,3), (10,4)}: median seconds per fit, iterations,
 *    point-iterations/s (bench/kmeans.ts for kmeans and exact 1-D k-means, bench/em.ts for EM plain, SQUAREM and, for d = 1, K = 2, Newton);
 * 2b. roofline ratios of the general EM and Lloyd kernels per (d, K), shared and unequal σ, and EM passes per fit of
 *    every acceleration on the speed workloads' mixtures (bench/roofline.ts);
 * 3. the canonical study (bench/canonical.ts): EM passes plain vs SQUAREM vs Newton on the study's own samples, the CLI
 *    run with 1 and with the default number of workers, the roofline loop and our ratio to it, the runner's
 *    overhead and worker scaling;
 * 3b. the step ladder (bench/ladder.ts): the study's compute with each speed-up switched on in turn;
 * 4. memory: extra peak RSS of one fit at n = 1e7, d = 1 ÷ the data size (bench/memory.ts);
 * 5. the anchors' last comparison (bench/anchors/last.json, written by `npm run bench:anchors`).
 *
 * Every timing is printed with the load average around it: on a shared machine wall times are unreliable, so
 * the canonical figures are also given in CPU seconds. Everything measured is also written to bench/last.json.
 *
 * Flags: --quick (smaller grids, 40 replications, memory at n = 1e6; ~1–2 min), --skip a,b (sections: normals,
 * estimators, roofline, canonical, ladder, memory, anchors), --ckmeans (add simple-statistics' ckmeans rows; slow at 1e6),
 * --markdown (also print the Markdown tables for the README).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { formatAnchors, type AnchorsReport } from './anchors/run.js';
import { benchCanonical, type CanonicalBench } from './canonical.js';
import { benchEM, type EMBenchRow } from './em.js';
import { benchKMeans, type KMeansBenchRow } from './kmeans.js';
import { benchLadder, type LadderRow } from './ladder.js';
import { fmt, fmtSeconds, formatLoad, loadAverage, machine, markdownTable, median, ROOT, table, type CanonicalRun } from './lib.js';
import { benchMemory, type MemoryRow } from './memory.js';
import { benchNormals, type NormalsBenchResult } from './normals.js';
import { benchPasses, benchRoofline, type PassesRow, type RooflineRow } from './roofline.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const markdown = args.includes('--markdown');
const skipIndex = args.indexOf('--skip');
const skip = new Set(skipIndex >= 0 ? (args[skipIndex + 1] ?? '').split(',') : []);
const started = performance.now();

function section(title: string): void {
  const el = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`\n## ${title}   (t = ${el} s, load ${formatLoad(loadAverage())})\n`);
}

const md: string[] = [];
const m = machine();
const loadStart = loadAverage();
console.log(`# mixstudy benchmark${quick ? ' (--quick)' : ''}`);
console.log(`${m.cpu}; ${m.cores} cores; Node ${m.node}; ${m.platform}; ${new Date().toISOString()}`);
console.log(`load average at start: ${formatLoad(loadStart)} (the machine has ${m.cores} cores; above that, wall times are inflated)`);

// ---------------------------------------------------------------------------------------------- normals
let normals: NormalsBenchResult[] = [];
if (!skip.has('normals')) {
  section('1. Normal sampler (target ≥ 50 M normals/s on one core)');
  normals = await benchNormals();
  const h = ['sampler', 'M normals/s (CPU)', 'M normals/s (wall)'];
  const rows = normals.map((r) => [r.name, fmt(r.perSecond / 1e6, 1), fmt(r.wallPerSecond / 1e6, 1)]);
  console.log(table(h, rows));
  md.push('**Normal sampler**\n\n' + markdownTable(h, rows));
}

// ------------------------------------------------------------------------------------------- estimators
let kmRows: KMeansBenchRow[] = [];
let emRows: EMBenchRow[] = [];
if (!skip.has('estimators')) {
  section('2. Per-fit benchmark (targets for d=1, K=2: k-means ≥ 100 M, EM ≥ 50 M point-iterations/s)');
  const ns = quick ? [1e2, 1e3, 1e4, 1e5] : [1e2, 1e3, 1e4, 1e5, 1e6];
  kmRows = benchKMeans({ ns, budgetSeconds: quick ? 0.15 : 0.4, ckmeans: args.includes('--ckmeans') });
  console.log('  k-means done; EM …');
  emRows = benchEM({ ns });
  const h = ['estimator', 'd', 'K', 'n', 'median s/fit', 'iters', 'M pt-it/s (fit)', 'kernel'];
  const rows: string[][] = [];
  for (const r of kmRows) {
    rows.push([
      r.method,
      String(r.d),
      String(r.K),
      r.n.toExponential(0),
      fmtSeconds(r.medianSeconds),
      r.medianIterations === null ? '—' : String(r.medianIterations),
      r.fitPointIterationsPerSecond === null ? '—' : fmt(r.fitPointIterationsPerSecond / 1e6, 1),
      r.passPointsPerSecond === null ? '—' : `${fmt(r.passPointsPerSecond / 1e6, 0)} M pt/s per pass`,
    ]);
  }
  for (const r of emRows) {
    rows.push([
      `em (${r.accelerate === 'none' ? 'plain' : r.accelerate === 'newton' ? 'Newton' : 'SQUAREM'})`,
      String(r.d),
      String(r.K),
      r.n.toExponential(0),
      fmtSeconds(r.medianSeconds),
      String(r.passes),
      fmt(r.pointIterPerSec / 1e6, 1),
      `${fmt(r.nsPerPass / r.n, 1)} ns/pt/pass`,
    ]);
  }
  console.log(table(h, rows));
  console.log('(kmeans-exact: K = 2 rows use prefix sums, K = 3 rows dynamic programming; EM fits start from given parameters, so they exclude k-means initialisation; Newton rows count full-data passes only, its warm start adds ~5 passes over n/10 and ~5 over n/100 points for n ≥ 1e4)');
  md.push('**Per fit** (single thread; EM from given k-means++ starting parameters, tol 1e-10)\n\n' + markdownTable(h, rows));
}

// -------------------------------------------------------------------------------------------- roofline
let roofline: RooflineRow[] = [];
let passes: PassesRow[] = [];
if (!skip.has('roofline')) {
  section('2b. Roofline: general kernels ÷ a loop doing only the unavoidable work (target ≤ 2×); EM passes per fit');
  roofline = benchRoofline({ n: quick ? 20_000 : 100_000, repeats: quick ? 3 : 7 });
  const h = ['d', 'K', 'kernel', 'roofline ns/pt', 'kernel ns/pt', 'kernel ÷ roofline', 'loops ns/pt (before)', 'loops ÷ roofline'];
  const rows = roofline.map((r) => [
    String(r.d),
    String(r.K),
    r.kernel,
    fmt(r.rooflineNs, 1),
    fmt(r.kernelNs, 1),
    fmt(r.kernelNs / r.rooflineNs, 2) + '×',
    r.loopsNs === null ? '— (own d=1,K=2 kernel)' : fmt(r.loopsNs, 1),
    r.loopsNs === null ? '—' : fmt(r.loopsNs / r.rooflineNs, 2) + '×',
  ]);
  console.log(table(h, rows, 3));
  console.log('(CPU ns per point, median of interleaved rounds at n = 1e5; EM: one E-step; Lloyd: one assignment + accumulation pass)');
  md.push('**Roofline** (CPU ns per point; EM = one E-step, Lloyd = one assignment + accumulation pass)\n\n' + markdownTable(h, rows, 3));
  passes = benchPasses({ n: 10_000, fits: quick ? 4 : 10 });
  const ph = ['workload', 'mixture', 'd', 'K', 'σ', 'acceleration', 'EM passes per fit'];
  const prow = passes.map((p) => [p.workload, p.mixture, String(p.d), String(p.K), p.covariance, p.accelerate, fmt(p.meanPasses, 1)]);
  console.log('');
  console.log(table(ph, prow, 6));
  console.log(`(mean over ${passes[0]?.fits ?? 0} fits at n = 1e4 from em.fit's default k-means start, tol 1e-10)`);
  md.push('**EM passes per fit** (n = 1e4, default start, tol 1e-10)\n\n' + markdownTable(ph, prow, 6));
}

// ------------------------------------------------------------------------------------------- canonical
let canonical: CanonicalBench | null = null;
if (!skip.has('canonical')) {
  const reps = quick ? 40 : 200;
  const workers = availableParallelism();
  section(`3. Canonical study (experiments/canonical.json, ${reps} replications)`);
  canonical = await benchCanonical({
    replications: reps,
    passReps: quick ? 10 : 40,
    defaultWorkers: workers,
    cliRepeats: quick ? 1 : 3,
    log: (s) => console.log(s),
  });
  const c = canonical;

  console.log('\nEM passes per fit: plain, SQUAREM, Newton (cold) and Newton + subsample warm start (the default), tol 1e-10, the study\'s samples and init streams:');
  const ph = ['n', 'variant', 'reps', 'median passes', 'mean passes', 'median s/fit', 'CPU s/fit', 'not conv.', 'mean sep', 'max shortfall vs tol-1e-14 fit'];
  const prow = c.passes.map((p) => [
    p.n.toExponential(0),
    p.variant,
    String(p.reps),
    fmt(p.medianPasses, 0),
    fmt(p.meanPasses, 1),
    fmtSeconds(p.medianSeconds),
    fmtSeconds(p.medianCpuSeconds),
    String(p.notConverged),
    fmt(p.meanSeparation, 4),
    p.maxRelShortfall.toExponential(1),
  ]);
  console.log(table(ph, prow));
  console.log('(passes are over the full data; the warm start also makes ~5 passes over a 1-in-10 and ~5 over a 1-in-100 subsample)');
  md.push('**EM passes in the canonical case**\n\n' + markdownTable(ph, prow));

  const { runOne, runDefault, runsOne, runsDefault, roofline } = c;
  console.log('\nThe study through the CLI (`mixstudy run experiments/canonical.json --fresh`; per-n figures from the median -j 1 run):');
  const ch = ['n', 'estimator', 'mean sep (±SE)', 'mean iters', 'Σ fit s (-j 1)'];
  const crow = runOne.cells.map((cell) => [
    cell.n.toExponential(0),
    cell.estimator,
    `${fmt(cell.separation, 4)} (±${fmt(cell.separationSE, 4)})`,
    fmt(cell.iterations, 1),
    fmt(cell.fitSeconds, 2),
  ]);
  console.log(table(ch, crow));
  const rh = ['run', 'wall s', 'CPU s', 'runner s (no start-up)', 'Σ fit s'];
  const rrow = [...runsOne, ...runsDefault].map((r) => [`-j ${r.workers}`, fmt(r.wallSeconds, 2), fmt(r.cpuSeconds, 2), fmt(r.runnerSeconds, 2), fmt(r.fitSeconds, 2)]);
  console.log('');
  console.log(table(rh, rrow));

  // Per run, then the median: each difference is taken within one run.
  const overheadFrac = median(runsOne.map((r) => (r.wallSeconds - r.fitSeconds - c.samplingSeconds) / r.wallSeconds));
  const overhead = median(runsOne.map((r) => r.wallSeconds - r.fitSeconds - c.samplingSeconds));
  const runnerOf = (r: CanonicalRun): number => r.runnerSeconds ?? NaN;
  const overheadRunnerFrac = median(runsOne.map((r) => (runnerOf(r) - r.fitSeconds - c.samplingSeconds) / runnerOf(r)));
  const overheadRunner = median(runsOne.map((r) => runnerOf(r) - r.fitSeconds - c.samplingSeconds));
  const startup = median(runsOne.map((r) => r.wallSeconds - runnerOf(r)));
  const scaling = median(runsOne.map((r) => r.wallSeconds)) / median(runsDefault.map((r) => r.wallSeconds));
  const scalingRunner = median(runsOne.map(runnerOf)) / median(runsDefault.map(runnerOf));
  const cpuOne = median(runsOne.map((r) => r.cpuSeconds ?? NaN));
  const cpuDefault = median(runsDefault.map((r) => r.cpuSeconds ?? NaN));
  const roof = Math.min(roofline.cpuSecondsInlineExp, roofline.cpuSecondsMathExp);
  const ip = c.inProcess;
  const cpuOverhead = cpuOne - ip.cpu;
  const sh = ['measure', 'value', 'target'];
  const srow = [
    ['the study in process (executeTask only)', `${fmt(ip.wall, 2)} s wall, ${fmt(ip.cpu, 2)} s CPU, Σ fit ${fmt(ip.fitSeconds, 2)} s`, ''],
    ['sampling (R × 1e5 points, in process)', `${fmt(c.samplingSeconds, 2)} s wall, ${fmt(c.samplingCpuSeconds, 2)} s CPU`, ''],
    ['CLI start-up (`mixstudy run --help`)', `${fmt(c.startup.wall, 2)} s wall, ${fmt(c.startup.cpu, 2)} s CPU`, ''],
    [
      'runner overhead, CPU = CPU(-j 1) − CPU(study in process)',
      `${fmt(cpuOverhead, 2)} s = ${fmt((100 * cpuOverhead) / cpuOne, 1)} % (${fmt(cpuOverhead - c.startup.cpu, 2)} s = ${fmt((100 * (cpuOverhead - c.startup.cpu)) / cpuOne, 1)} % without start-up)`,
      '< 5 %',
    ],
    ['runner overhead = wall(-j 1) − Σ fit − sampling', `${fmt(overhead, 2)} s = ${fmt(100 * overheadFrac, 1)} % of wall`, '< 5 %'],
    ['  … of which process start-up (Node + tsx + config)', `${fmt(startup, 2)} s`, ''],
    ['  … without start-up (manifest session time)', `${fmt(overheadRunner, 2)} s = ${fmt(100 * overheadRunnerFrac, 1)} %`, ''],
    [`worker scaling wall(-j 1) ÷ wall(-j ${runDefault.workers})`, `${fmt(scaling, 2)}× (runner only: ${fmt(scalingRunner, 2)}×)`, '≥ 1.8× when idle'],
    [`  … CPU(-j ${runDefault.workers}) − CPU(-j 1): cost of the worker threads`, `${fmt(cpuDefault - cpuOne, 2)} s`, ''],
    [
      'roofline loop: normals + exps',
      `${(roofline.normals / 1e6).toFixed(1)} M normals + ${(roofline.exps / 1e6).toFixed(0)} M exps: ${fmt(roofline.cpuSecondsInlineExp, 2)} s CPU (inlined exp), ${fmt(roofline.cpuSecondsMathExp, 2)} s (Math.exp); normals alone ${fmt(roofline.cpuSecondsNormals, 2)} s`,
      '',
    ],
    ['ours ÷ roofline, CPU (study in process ÷ fastest loop)', `${fmt(ip.cpu / roof, 1)}×`, '≤ 2×'],
    ['  … whole -j 1 command (start-up included) ÷ loop', `${fmt(cpuOne / roof, 1)}×`, ''],
  ];
  console.log('');
  console.log(table(sh, srow, 3));
  md.push('**Canonical study through the CLI**\n\n' + markdownTable(rh, rrow) + '\n\n' + markdownTable(ch, crow) + '\n\n' + markdownTable(sh, srow, 3));
}

// ------------------------------------------------------------------------------------------- ladder
let ladder: LadderRow[] = [];
if (!skip.has('ladder')) {
  const reps = quick ? 10 : 40;
  const repeats = quick ? 1 : 3;
  section(`3b. Step ladder: the study's compute with the speed-ups switched on one at a time (${reps} replications, ${repeats} interleaved repeats, medians)`);
  ladder = await benchLadder(reps, repeats, (s) => console.log(s));
  const h = ['step', 'configuration', 'CPU s per 200 reps', '× previous', 'EM passes n=1e3 / 1e4 / 1e5'];
  const rows = ladder.map((r) => [
    String(r.step),
    r.label,
    fmt(r.cpuSecondsPer200, 2),
    r.speedup === null ? '—' : `${fmt(r.speedup, 2)}×`,
    ['1000', '10000', '100000'].map((n) => fmt(r.emPasses[n] ?? NaN, 1)).join(' / '),
  ]);
  console.log(table(h, rows));
  const first = ladder[0];
  const last = ladder[ladder.length - 1];
  if (first !== undefined && last !== undefined) console.log(`all steps: ${fmt(first.cpuSeconds / last.cpuSeconds, 1)}× less CPU`);
  md.push('**Step ladder** (CPU of sampling + fits, one thread, per 200 replications)\n\n' + markdownTable(h, rows));
}

// ------------------------------------------------------------------------------------------- memory
let memory: MemoryRow[] = [];
if (!skip.has('memory')) {
  const n = quick ? 1e6 : 1e7;
  section(`4. Memory: extra peak RSS of one fit at n = ${n.toExponential(0)}, d = 1 (target < 3× the data)`);
  memory = await benchMemory(n);
  const h = ['method', 'data MB', 'RSS before MB', 'peak after MB', 'extra MB', 'extra ÷ data', 'fit s', 'iters'];
  const rows = memory.map((r) => [
    r.method,
    fmt(r.dataBytes / 1e6, 0),
    fmt(r.rssBeforeBytes / 1e6, 0),
    fmt(r.peakAfterBytes / 1e6, 0),
    fmt(r.extraBytes / 1e6, 0),
    `${fmt(r.ratio, 2)}×`,
    fmt(r.seconds, 2),
    String(r.iterations),
  ]);
  console.log(table(h, rows));
  md.push(`**Memory, one fit at n = ${n.toExponential(0)}, d = 1**\n\n` + markdownTable(h, rows));
}

// ------------------------------------------------------------------------------------------- anchors
let anchors: AnchorsReport | null = null;
if (!skip.has('anchors')) {
  section('5. Anchors (last `npm run bench:anchors`)');
  const path = join(ROOT, 'bench', 'anchors', 'last.json');
  if (existsSync(path)) {
    anchors = JSON.parse(readFileSync(path, 'utf8')) as AnchorsReport;
    console.log(formatAnchors(anchors, false));
    md.push('**Anchors**\n\n' + formatAnchors(anchors, true));
  } else {
    console.log('no bench/anchors/last.json yet: run `npm run bench:anchors` (scikit-learn and R versions of the study).');
  }
}

const loadEnd = loadAverage();
const seconds = (performance.now() - started) / 1000;
console.log(`\nbenchmark took ${seconds.toFixed(0)} s; load average at end: ${formatLoad(loadEnd)}`);
writeFileSync(
  join(ROOT, 'bench', 'last.json'),
  JSON.stringify({ measuredAt: new Date().toISOString(), quick, machine: m, loadStart, loadEnd, seconds, normals, kmeans: kmRows, em: emRows, roofline, passes, canonical, ladder, memory }, null, 2) + '\n',
);
console.log('written: bench/last.json');
if (markdown) {
  console.log('\n---- Markdown ----\n');
  console.log(`Measured on ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average ${formatLoad(loadStart)} → ${formatLoad(loadEnd)}.\n`);
  console.log(md.join('\n\n'));
}
