/**
 * Side-by-side comparison of the canonical study — scikit-learn (default and tight EM tolerance),
 * R (kmeans + mclust) and `mixstudy run experiments/canonical.json --fresh` with the default worker count and
 * with one worker — in one process, interleaved and repeated (median of `--repeats`, order rotated each
 * repeat so slow drifts of the machine's load hit every contender alike). Reports wall and CPU seconds, the
 * ratio anchor / mixstudy, and each contender's mean separation at the largest n (who converged: sklearn's
 * default EM stops at ≈ 2.066, a converged MLE tends to 2; k-means tends to 2.3333). Then the per-fit grids
 * (grid_sklearn.py, grid_r.R) once each. Writes everything to bench/anchors/last.json, which `npm run bench`
 * prints.
 *
 * Invoked by bench/anchors/run.sh (`npm run bench:anchors`), which installs the anchors' packages first.
 * Flags: --repeats N (3), --reps R (replications, 200), --quick (R = 40, 1 repeat, grid to n = 1e4), --no-grid
 * (keeps the previous last.json's grid),
 * --grid-max-n N (1e6), --no-python, --no-r, --python PATH (/usr/bin/python3).
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
  runCanonical,
  runTimed,
  table,
  type CanonicalRun,
  type Machine,
} from '../lib.js';

interface AnchorPerN {
  readonly n: number;
  readonly kmeansSeconds: number;
  readonly gmmSeconds: number;
  readonly kmeansSeparation: number;
  readonly kmeansSeparationSE: number;
  readonly gmmSeparation: number;
  readonly gmmSeparationSE: number;
  readonly gmmIterations: number | null;
}

interface AnchorResult {
  readonly variant: string;
  readonly reps: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly perN: AnchorPerN[];
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

/** One contender's repeated measurements. */
export interface SystemSummary {
  readonly id: string;
  readonly label: string;
  /** Process wall seconds (start-up included), one per repeat. */
  readonly wall: number[];
  /** Process CPU seconds, one per repeat (null entries dropped). */
  readonly cpu: number[];
  readonly medianWall: number;
  readonly medianCpu: number;
  /** From the last repeat, at the largest n. */
  readonly kmeansSeparation: number | null;
  readonly mixtureSeparation: number | null;
  readonly mixtureSeparationSE: number | null;
  readonly mixtureIterations: number | null;
}

/** The JSON written to bench/anchors/last.json. */
export interface AnchorsReport {
  readonly measuredAt: string;
  readonly machine: Machine;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
  readonly replications: number;
  readonly repeats: number;
  readonly largestN: number;
  readonly systems: SystemSummary[];
  /** Ratios (median wall or CPU of the anchor) / (median of mixstudy with default workers, or with -j 1). */
  readonly ratios: { readonly id: string; readonly wallVsDefault: number; readonly wallVsOne: number; readonly cpuVsOne: number }[];
  readonly grid: GridRow[];
  /** When the grid was measured (an earlier run's grid is kept when this one ran with --no-grid). */
  readonly gridMeasuredAt: string | null;
}

interface Contender {
  readonly id: string;
  readonly label: string;
  run(): Promise<{ wall: number; cpu: number | null; kmeansSep: number | null; mixSep: number | null; mixSE: number | null; mixIter: number | null }>;
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
      const last = res.perN[res.perN.length - 1];
      return {
        wall: r.wallSeconds,
        cpu: r.cpuSeconds,
        kmeansSep: last?.kmeansSeparation ?? null,
        mixSep: last?.gmmSeparation ?? null,
        mixSE: last?.gmmSeparationSE ?? null,
        mixIter: last?.gmmIterations ?? null,
      };
    },
  };
}

function mixstudy(workers: number, reps: number): Contender {
  return {
    id: workers === 1 ? 'mixstudy-j1' : 'mixstudy',
    label: workers === 1 ? 'mixstudy run -j 1' : `mixstudy run (default: ${workers} workers)`,
    async run() {
      const r: CanonicalRun = await runCanonical(workers, reps === 200 ? undefined : reps);
      const largest = Math.max(...r.cells.map((c) => c.n));
      const km = r.cells.find((c) => c.n === largest && c.estimator === 'kmeans');
      const em = r.cells.find((c) => c.n === largest && c.estimator === 'mle');
      return {
        wall: r.wallSeconds,
        cpu: r.cpuSeconds,
        kmeansSep: km?.separation ?? null,
        mixSep: em?.separation ?? null,
        mixSE: em?.separationSE ?? null,
        mixIter: em?.iterations ?? null,
      };
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

async function main(): Promise<void> {
  const quick = flag('--quick');
  const reps = Number(option('--reps') ?? (quick ? 40 : 200));
  const repeats = Number(option('--repeats') ?? (quick ? 1 : 3));
  const python = option('--python') ?? '/usr/bin/python3';
  const withPython = !flag('--no-python');
  const withR = !flag('--no-r');
  const withGrid = !flag('--no-grid');
  const { availableParallelism } = await import('node:os');
  const defaultWorkers = availableParallelism();
  const here = join(ROOT, 'bench', 'anchors');

  const contenders: Contender[] = [];
  if (withPython) {
    contenders.push(anchor('sklearn', 'scikit-learn (GMM default tol 1e-3)', python, [join(here, 'canonical_sklearn.py'), '--reps', String(reps)]));
    contenders.push(
      anchor('sklearn-tight', 'scikit-learn (GMM tol 1e-8)', python, [join(here, 'canonical_sklearn.py'), '--variant', 'tight', '--reps', String(reps)]),
    );
  }
  if (withR) contenders.push(anchor('r', 'R kmeans + Mclust(E)', 'Rscript', [join(here, 'canonical_r.R'), '--reps', String(reps)]));
  contenders.push(mixstudy(defaultWorkers, reps));
  contenders.push(mixstudy(1, reps));

  const m = machine();
  const loadBefore = loadAverage();
  console.log(`canonical study, ${reps} replications, median of ${repeats} interleaved repeat(s)`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average before: ${formatLoad(loadBefore)}`);

  const results = new Map<string, { wall: number[]; cpu: number[]; last: Awaited<ReturnType<Contender['run']>> | null }>();
  for (const c of contenders) results.set(c.id, { wall: [], cpu: [], last: null });
  for (let rep = 0; rep < repeats; rep++) {
    const order = contenders.map((_, i) => contenders[(i + rep) % contenders.length]);
    for (const c of order) {
      process.stdout.write(`  [${rep + 1}/${repeats}] ${c.label} … `);
      const out = await c.run();
      const slot = results.get(c.id);
      if (slot === undefined) continue;
      slot.wall.push(out.wall);
      if (out.cpu !== null) slot.cpu.push(out.cpu);
      slot.last = out;
      console.log(`${out.wall.toFixed(1)} s wall, ${fmt(out.cpu, 1)} s CPU (load ${formatLoad(loadAverage())})`);
    }
  }

  const systems: SystemSummary[] = contenders.map((c) => {
    const s = results.get(c.id);
    const last = s?.last ?? null;
    return {
      id: c.id,
      label: c.label,
      wall: s?.wall ?? [],
      cpu: s?.cpu ?? [],
      medianWall: median(s?.wall ?? []),
      medianCpu: median(s?.cpu ?? []),
      kmeansSeparation: last?.kmeansSep ?? null,
      mixtureSeparation: last?.mixSep ?? null,
      mixtureSeparationSE: last?.mixSE ?? null,
      mixtureIterations: last?.mixIter ?? null,
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

  let grid: GridRow[] = [];
  let gridMeasuredAt: string | null = null;
  const lastPath = join(here, 'last.json');
  if (!withGrid && existsSync(lastPath)) {
    const previous = JSON.parse(readFileSync(lastPath, 'utf8')) as Partial<AnchorsReport>;
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
    measuredAt: new Date().toISOString(),
    machine: m,
    loadBefore,
    loadAfter,
    replications: reps,
    repeats,
    largestN: 100000,
    systems,
    ratios,
    grid,
    gridMeasuredAt,
  };
  writeFileSync(lastPath, JSON.stringify(report, null, 2) + '\n');

  console.log('');
  console.log(formatAnchors(report, false));
  console.log('');
  console.log(formatAnchors(report, true));
  console.log(`\nwritten: bench/anchors/last.json`);
}

/** The comparison table (plain text or Markdown) of an anchors report; also used by `npm run bench`. */
export function formatAnchors(report: AnchorsReport, markdown: boolean): string {
  const header = ['contender', 'wall s', 'CPU s', 'wall ÷ ours', 'wall ÷ ours -j1', 'CPU ÷ ours -j1', 'k-means sep', 'mixture sep (±SE)', 'EM iters'];
  const rows = report.systems.map((s) => {
    const r = report.ratios.find((x) => x.id === s.id);
    return [
      s.label,
      fmt(s.medianWall, 1),
      fmt(s.medianCpu, 1),
      r === undefined ? '—' : fmt(r.wallVsDefault, 1) + '×',
      r === undefined ? '—' : fmt(r.wallVsOne, 1) + '×',
      r === undefined ? '—' : fmt(r.cpuVsOne, 1) + '×',
      fmt(s.kmeansSeparation, 4),
      s.mixtureSeparation === null ? '—' : `${fmt(s.mixtureSeparation, 4)} (±${fmt(s.mixtureSeparationSE, 4)})`,
      fmt(s.mixtureIterations, 1),
    ];
  });
  const head =
    `canonical study, ${report.replications} replications × n ∈ {1e2..1e5}; median of ${report.repeats} interleaved repeat(s); ` +
    `separations at n = ${report.largestN.toExponential(0)} (truth 2; k-means limit 2.3333). ` +
    `${report.machine.cpu}, ${report.machine.cores} cores, Node ${report.machine.node}; load average ${formatLoad(report.loadBefore)} → ${formatLoad(report.loadAfter)}; ${report.measuredAt}`;
  const t = markdown ? markdownTable(header, rows) : table(header, rows);
  const parts = [head, t];
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
    parts.push(`per-fit grid of the anchors (single thread; measured ${report.gridMeasuredAt ?? '?'}):`, markdown ? markdownTable(gh, gr) : table(gh, gr));
  }
  return parts.join('\n\n');
}

if (process.argv[1] !== undefined && process.argv[1].endsWith('run.ts')) {
  await main();
}
