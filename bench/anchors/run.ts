/**
 * Side-by-side comparison of the speed workloads of experiments/speed/ (canonical, multivariate, unequal-1d) —
 * scikit-learn (GaussianMixture at its default tol and at tol 1e-8), R (kmeans + Mclust) and
 * `mixstudy run experiments/speed/<workload>.json --fresh` with the default worker count and with one worker —
 * in one process, interleaved and repeated (median of `--repeats`, order rotated each repeat so slow drifts of
 * the machine's load hit every contender alike). Reports wall and CPU seconds, the ratio anchor / mixstudy,
 * and each contender's answers beside its time: the mean separation (± its Monte Carlo SE) of k-means and of
 * the mixture fit at the largest n, per mixture, and the mean EM passes. The anchors read the workload's
 * mixtures, sizes and replications from the same config file (speed_sklearn.py, speed_r.R), so the comparison
 * is self-contained: the configs and these scripts are all it needs. Optionally (--grid) the per-fit grids of
 * the canonical mixture (grid_sklearn.py, grid_r.R). Writes everything to bench/anchors/last.json, which
 * `npm run bench` prints.
 *
 * Invoked by bench/anchors/run.sh (`npm run bench:anchors`), which installs the anchors' packages first.
 * Flags: --workloads a,b (all three), --repeats N (3), --reps R (every workload's replications; default the
 * config's), --quick (1 repeat, a fifth of the replications), --grid (also the per-fit grids; otherwise the
 * previous last.json's grid is kept), --grid-max-n N (1e6), --no-python, --no-r, --python PATH (/usr/bin/python3).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fmt,
  formatLoad,
  loadAverage,
  machine,
  markdownTable,
  median,
  ROOT,
  runStudy,
  runTimed,
  table,
  type Machine,
} from '../lib.js';

/** The workloads: id, config path (relative to the repository root). */
export const SPEED_WORKLOADS: readonly { readonly id: string; readonly config: string }[] = [
  { id: 'canonical', config: 'experiments/speed/canonical.json' },
  { id: 'multivariate', config: 'experiments/speed/multivariate.json' },
  { id: 'unequal-1d', config: 'experiments/speed/unequal-1d.json' },
];

/** One contender's answer for one (mixture, n) of a workload. */
export interface AnswerRow {
  readonly mixture: string;
  readonly n: number;
  readonly kmeansSeparation: number | null;
  readonly kmeansSeparationSE: number | null;
  readonly mixtureSeparation: number | null;
  readonly mixtureSeparationSE: number | null;
  /** Mean EM passes per fit (null when the tool does not say). */
  readonly mixtureIterations: number | null;
}

/** What an anchor script prints after 'RESULT '. */
interface AnchorResult {
  readonly rows: {
    readonly mixture: string;
    readonly n: number;
    readonly kmeansSeparation: number;
    readonly kmeansSeparationSE: number;
    readonly gmmSeparation: number;
    readonly gmmSeparationSE: number;
    readonly gmmIterations: number | null;
  }[];
}

export interface GridRow {
  readonly tool: string;
  readonly method: string;
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly medianSeconds: number;
  readonly medianCpuSeconds?: number;
  readonly iterations: number;
  readonly pointIterPerSec: number;
  readonly pointIterPerCpuSec?: number | null;
}

/** One contender's repeated measurements on one workload. */
export interface SystemSummary {
  readonly id: string;
  readonly label: string;
  /** Process wall seconds (start-up included), one per repeat. */
  readonly wall: number[];
  /** Process CPU seconds, one per repeat (null entries dropped). */
  readonly cpu: number[];
  readonly medianWall: number;
  readonly medianCpu: number;
  /** From the last repeat: per mixture and n. */
  readonly answers: AnswerRow[];
}

/** One workload's comparison. */
export interface WorkloadReport {
  readonly id: string;
  /** When this workload was measured (a run with --workloads keeps the other workloads of the previous last.json). */
  readonly measuredAt?: string;
  readonly loadBefore?: number[];
  readonly loadAfter?: number[];
  readonly repeats?: number;
  readonly config: string;
  readonly replications: number;
  readonly systems: SystemSummary[];
  /** Ratios (median wall or CPU of the anchor) / (median of mixstudy with default workers, or with -j 1). */
  readonly ratios: { readonly id: string; readonly wallVsDefault: number; readonly wallVsOne: number; readonly cpuVsOne: number }[];
}

/** The JSON written to bench/anchors/last.json. */
export interface AnchorsReport {
  readonly measuredAt: string;
  readonly machine: Machine;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
  readonly repeats: number;
  /** Seconds the whole comparison took (grid included). */
  readonly totalSeconds?: number;
  readonly workloads?: WorkloadReport[];
  readonly grid: GridRow[];
  /** When the grid was measured (an earlier run's grid is kept when this one ran without --grid). */
  readonly gridMeasuredAt: string | null;
}

interface Outcome {
  readonly wall: number;
  readonly cpu: number | null;
  readonly answers: AnswerRow[];
}

interface Contender {
  readonly id: string;
  readonly label: string;
  run(): Promise<Outcome>;
}

function parseResult<T>(stdout: string): T {
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) throw new Error(`no RESULT line in output:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as T;
}

const SINGLE_THREAD: NodeJS.ProcessEnv = {
  ...process.env,
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  OPENBLAS_MAIN_FREE: '1',
};

function anchor(id: string, label: string, command: string, args: string[]): Contender {
  return {
    id,
    label,
    async run() {
      const r = await runTimed(command, args, { env: SINGLE_THREAD });
      if (r.code !== 0) throw new Error(`${label} failed (exit ${r.code}):\n${r.stderr.slice(-3000)}`);
      const res = parseResult<AnchorResult>(r.stdout);
      return {
        wall: r.wallSeconds,
        cpu: r.cpuSeconds,
        answers: res.rows.map((row) => ({
          mixture: row.mixture,
          n: row.n,
          kmeansSeparation: row.kmeansSeparation,
          kmeansSeparationSE: row.kmeansSeparationSE,
          mixtureSeparation: row.gmmSeparation,
          mixtureSeparationSE: row.gmmSeparationSE,
          mixtureIterations: row.gmmIterations,
        })),
      };
    },
  };
}

function mixstudy(config: string, name: string, workers: number, reps: number | undefined, label: string): Contender {
  return {
    id: workers === 1 ? 'mixstudy-j1' : 'mixstudy',
    label: workers === 1 ? 'mixstudy run -j 1' : label,
    async run() {
      const r = await runStudy(config, name, workers, reps);
      const keys = [...new Set(r.cells.map((c) => `${c.mixture}\u0000${c.n}`))];
      const answers = keys.map((k) => {
        const [mixture, nText] = k.split('\u0000');
        const n = Number(nText);
        const km = r.cells.find((c) => c.mixture === mixture && c.n === n && c.estimator === 'kmeans');
        const em = r.cells.find((c) => c.mixture === mixture && c.n === n && c.estimator === 'mle');
        return {
          mixture,
          n,
          kmeansSeparation: km?.separation ?? null,
          kmeansSeparationSE: km?.separationSE ?? null,
          mixtureSeparation: em?.separation ?? null,
          mixtureSeparationSE: em?.separationSE ?? null,
          mixtureIterations: em?.iterations ?? null,
        };
      });
      return { wall: r.wallSeconds, cpu: r.cpuSeconds, answers };
    },
  };
}

function flag(name: string): boolean {
  return process.argv.includes(name);
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface WorkloadRun {
  readonly id: string;
  readonly config: string;
  readonly replications: number;
  readonly contenders: Contender[];
  readonly results: Map<string, { wall: number[]; cpu: number[]; last: Outcome | null }>;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const quick = flag('--quick');
  const repeats = Number(option('--repeats') ?? (quick ? 1 : 3));
  const python = option('--python') ?? '/usr/bin/python3';
  const withPython = !flag('--no-python');
  const withR = !flag('--no-r');
  const withGrid = flag('--grid');
  const wanted = (option('--workloads') ?? SPEED_WORKLOADS.map((w) => w.id).join(',')).split(',');
  for (const id of wanted) {
    if (!SPEED_WORKLOADS.some((w) => w.id === id)) throw new Error(`unknown workload '${id}' (known: ${SPEED_WORKLOADS.map((w) => w.id).join(', ')})`);
  }
  const { availableParallelism } = await import('node:os');
  const defaultWorkers = availableParallelism();
  const here = join(ROOT, 'bench', 'anchors');

  const runs: WorkloadRun[] = [];
  for (const wl of SPEED_WORKLOADS.filter((w) => wanted.includes(w.id))) {
    const config = JSON.parse(readFileSync(join(ROOT, wl.config), 'utf8')) as { name: string; replications: number };
    const repsOption = option('--reps');
    const reps = repsOption !== undefined ? Number(repsOption) : quick ? Math.max(2, Math.round(config.replications / 5)) : config.replications;
    const repsArg = reps === config.replications ? undefined : reps;
    const cfg = join(ROOT, wl.config);
    const contenders: Contender[] = [];
    if (withPython) {
      contenders.push(anchor('sklearn', 'scikit-learn (GMM default tol 1e-3)', python, [join(here, 'speed_sklearn.py'), '--config', cfg, '--reps', String(reps)]));
      contenders.push(
        anchor('sklearn-tight', 'scikit-learn (GMM tol 1e-8)', python, [join(here, 'speed_sklearn.py'), '--config', cfg, '--variant', 'tight', '--reps', String(reps)]),
      );
    }
    if (withR) contenders.push(anchor('r', 'R kmeans + Mclust', 'Rscript', [join(here, 'speed_r.R'), '--config', cfg, '--reps', String(reps)]));
    contenders.push(mixstudy(wl.config, config.name, defaultWorkers, repsArg, `mixstudy run (default: ${defaultWorkers} workers)`));
    contenders.push(mixstudy(wl.config, config.name, 1, repsArg, ''));
    const results = new Map<string, { wall: number[]; cpu: number[]; last: Outcome | null }>();
    for (const c of contenders) results.set(c.id, { wall: [], cpu: [], last: null });
    runs.push({ id: wl.id, config: wl.config, replications: reps, contenders, results });
  }

  const m = machine();
  const loadBefore = loadAverage();
  console.log(`speed workloads ${runs.map((r) => `${r.id} (R = ${r.replications})`).join(', ')}; median of ${repeats} interleaved repeat(s)`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average before: ${formatLoad(loadBefore)}`);

  const loadsBefore = new Map<string, number[]>();
  const loadsAfter = new Map<string, number[]>();
  for (let rep = 0; rep < repeats; rep++) {
    for (const wl of runs) {
      if (rep === 0) loadsBefore.set(wl.id, loadAverage());
      const cs = wl.contenders;
      const order = cs.map((_, i) => cs[(i + rep) % cs.length]);
      for (const c of order) {
        process.stdout.write(`  [${rep + 1}/${repeats}] ${wl.id}: ${c.label} … `);
        const out = await c.run();
        const slot = wl.results.get(c.id);
        if (slot === undefined) continue;
        slot.wall.push(out.wall);
        if (out.cpu !== null) slot.cpu.push(out.cpu);
        slot.last = out;
        console.log(`${out.wall.toFixed(1)} s wall, ${fmt(out.cpu, 1)} s CPU (load ${formatLoad(loadAverage())})`);
      }
      loadsAfter.set(wl.id, loadAverage());
    }
  }
  const measuredAt = new Date().toISOString();

  const workloads: WorkloadReport[] = runs.map((wl) => {
    const systems: SystemSummary[] = wl.contenders.map((c) => {
      const s = wl.results.get(c.id);
      return {
        id: c.id,
        label: c.label,
        wall: s?.wall ?? [],
        cpu: s?.cpu ?? [],
        medianWall: median(s?.wall ?? []),
        medianCpu: median(s?.cpu ?? []),
        answers: s?.last?.answers ?? [],
      };
    });
    const ours = systems.find((s) => s.id === 'mixstudy');
    const ours1 = systems.find((s) => s.id === 'mixstudy-j1');
    const ratios = systems
      .filter((s) => !s.id.startsWith('mixstudy'))
      .map((s) => ({
        id: s.id,
        wallVsDefault: ours === undefined ? NaN : s.medianWall / ours.medianWall,
        wallVsOne: ours1 === undefined ? NaN : s.medianWall / ours1.medianWall,
        cpuVsOne: ours1 === undefined ? NaN : s.medianCpu / ours1.medianCpu,
      }));
    return {
      id: wl.id,
      measuredAt,
      loadBefore: loadsBefore.get(wl.id) ?? [],
      loadAfter: loadsAfter.get(wl.id) ?? [],
      repeats,
      config: wl.config,
      replications: wl.replications,
      systems,
      ratios,
    };
  });

  let grid: GridRow[] = [];
  let gridMeasuredAt: string | null = null;
  const lastPath = join(here, 'last.json');
  const previous = existsSync(lastPath) ? (JSON.parse(readFileSync(lastPath, 'utf8')) as Partial<AnchorsReport>) : {};
  // Workloads not run this time keep their previous measurement (each says when it was taken).
  for (const old of previous.workloads ?? []) {
    if (!workloads.some((w) => w.id === old.id)) workloads.push(old);
  }
  workloads.sort((a, b) => SPEED_WORKLOADS.findIndex((w) => w.id === a.id) - SPEED_WORKLOADS.findIndex((w) => w.id === b.id));
  if (!withGrid) {
    grid = previous.grid ?? [];
    gridMeasuredAt = previous.gridMeasuredAt ?? previous.measuredAt ?? null;
  }
  if (withGrid) {
    gridMeasuredAt = new Date().toISOString();
    const gridMax = Number(option('--grid-max-n') ?? (quick ? 1e4 : 1e6));
    const gridN = ['100', '1000', '10000', '100000', '1000000'].filter((v) => Number(v) <= gridMax);
    if (withPython) {
      console.log('  per-fit grid: scikit-learn …');
      const r = await runTimed(python, [join(here, 'grid_sklearn.py'), '--n', ...gridN, '--reps', quick ? '3' : '5'], { env: SINGLE_THREAD });
      if (r.code === 0) grid = grid.concat(parseResult<GridRow[]>(r.stdout));
      else console.log(`  grid_sklearn.py failed: ${r.stderr.slice(-500)}`);
    }
    if (withR) {
      console.log('  per-fit grid: R …');
      const r = await runTimed('Rscript', [join(here, 'grid_r.R'), '--n', gridN.join(','), '--reps', quick ? '3' : '5'], { env: SINGLE_THREAD });
      if (r.code === 0) grid = grid.concat(parseResult<GridRow[]>(r.stdout));
      else console.log(`  grid_r.R failed: ${r.stderr.slice(-500)}`);
    }
  }
  const loadAfter = loadAverage();

  const report: AnchorsReport = {
    measuredAt,
    machine: m,
    loadBefore,
    loadAfter,
    repeats,
    totalSeconds: (performance.now() - t0) / 1000,
    workloads,
    grid,
    gridMeasuredAt,
  };
  writeFileSync(lastPath, JSON.stringify(report, null, 2) + '\n');

  console.log('');
  console.log(formatAnchors(report, false));
  console.log('');
  console.log(formatAnchors(report, true));
  console.log(`\nwritten: bench/anchors/last.json (the whole comparison took ${(report.totalSeconds ?? 0).toFixed(0)} s)`);
}

function sepText(v: number | null, se: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : `${fmt(v, 4)} ±${fmt(se, 4)}`;
}

/** The comparison tables (plain text or Markdown) of an anchors report; also used by `npm run bench`. */
export function formatAnchors(report: AnchorsReport, markdown: boolean): string {
  const render = (h: readonly string[], r: readonly (readonly string[])[], left = 1): string => (markdown ? markdownTable(h, r, left) : table(h, r, left));
  const parts: string[] = [];
  const workloads = report.workloads ?? [];
  if (workloads.length === 0) parts.push('bench/anchors/last.json is from before the speed workloads: run `npm run bench:anchors`.');
  parts.push(
    `median of ${report.repeats} interleaved repeat(s); ${report.machine.cpu}, ${report.machine.cores} cores, Node ${report.machine.node}; ` +
      `load average ${formatLoad(report.loadBefore)} → ${formatLoad(report.loadAfter)}; ${report.measuredAt}` +
      (report.totalSeconds === undefined ? '' : `; whole comparison ${report.totalSeconds.toFixed(0)} s`),
  );
  for (const wl of workloads) {
    const header = ['contender', 'wall s', 'CPU s', 'wall ÷ ours', 'wall ÷ ours -j1', 'CPU ÷ ours -j1'];
    const rows = wl.systems.map((s) => {
      const r = wl.ratios.find((x) => x.id === s.id);
      return [
        s.label,
        fmt(s.medianWall, 1),
        fmt(s.medianCpu, 1),
        r === undefined ? '—' : fmt(r.wallVsDefault, 1) + '×',
        r === undefined ? '—' : fmt(r.wallVsOne, 1) + '×',
        r === undefined ? '—' : fmt(r.cpuVsOne, 1) + '×',
      ];
    });
    const when =
      wl.measuredAt === undefined
        ? ''
        : `; measured ${wl.measuredAt}, median of ${wl.repeats ?? '?'} repeat(s), load ${formatLoad(wl.loadBefore ?? [])} → ${formatLoad(wl.loadAfter ?? [])}`;
    parts.push(`${wl.id} (${wl.config}, ${wl.replications} replications${when}): times`, render(header, rows));
    const largest = Math.max(...wl.systems.flatMap((s) => s.answers.map((a) => a.n)));
    const ah = ['contender', 'mixture', 'k-means sep ±SE', 'mixture sep ±SE', 'EM passes'];
    const ar = wl.systems.flatMap((s) =>
      s.answers
        .filter((a) => a.n === largest)
        .map((a) => [s.label, a.mixture, sepText(a.kmeansSeparation, a.kmeansSeparationSE), sepText(a.mixtureSeparation, a.mixtureSeparationSE), fmt(a.mixtureIterations, 1)]),
    );
    parts.push(`${wl.id}: answers at n = ${largest.toExponential(0)} (separation = mean pairwise distance of the centres)`, render(ah, ar, 2));
  }
  if (report.grid.length > 0) {
    const gh = ['tool · method', 'd', 'K', 'n', 'median s/fit', 'CPU s/fit', 'iters', 'M pt-it/s (wall)', 'M pt-it/s (CPU)'];
    const gr = report.grid.map((g) => [
      `${g.tool} · ${g.method}`,
      String(g.d),
      String(g.K),
      g.n.toExponential(0),
      g.medianSeconds.toPrecision(3),
      g.medianCpuSeconds === undefined ? '—' : g.medianCpuSeconds.toPrecision(3),
      fmt(g.iterations, 1),
      fmt(g.pointIterPerSec / 1e6, 1),
      g.pointIterPerCpuSec === undefined || g.pointIterPerCpuSec === null ? '—' : fmt(g.pointIterPerCpuSec / 1e6, 1),
    ]);
    parts.push(`per-fit grid of the anchors on the canonical mixture (single thread; measured ${report.gridMeasuredAt ?? '?'}):`, render(gh, gr));
  }
  return parts.join('\n\n');
}

if (process.argv[1] !== undefined && process.argv[1].endsWith('run.ts')) {
  await main();
}
