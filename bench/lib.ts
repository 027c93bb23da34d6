/**
 * Small helpers shared by the benchmark entry points (bench/index.ts, bench/anchors/run.ts): medians, CPU time
 * of this process and of its waited-for children, the machine description (CPU model, cores, Node version,
 * load average), child processes timed by wall and CPU clock, the canonical study run through the CLI, and
 * plain-text tables.
 *
 * Why CPU time everywhere: this 2-core machine is shared; wall time measures the neighbours as much as the
 * code, CPU time (user + system) far less. Children's CPU time is read from /proc/self/stat (cutime + cstime
 * of reaped children, Linux only; null elsewhere), so no external `time` binary is needed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCompletedRun } from '../src/results/load.js';

/** Repository root (bench/ is one level below it). */
export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length > 0 ? s / values.length : NaN;
}

/** CPU seconds (user + system, all threads) of this process so far. */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux/x86-64

/** CPU seconds of all reaped children of this process (Linux /proc), or null where unavailable. */
export function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": field 3 (state) is fields[0], so cutime (16) and cstime (17) are fields[13], fields[14].
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
}

export function machine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line !== undefined) model = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // keep os.cpus()'s model
  }
  return { cpu: model, cores: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` };
}

/** 1-, 5- and 15-minute load averages. */
export function loadAverage(): [number, number, number] {
  const [a, b, c] = loadavg();
  return [a, b, c];
}

export function formatLoad(l: readonly number[]): string {
  return l.map((v) => v.toFixed(2)).join(' ');
}

export interface TimedRun {
  readonly wallSeconds: number;
  /** CPU seconds of the child (and its own children), or null where /proc is unavailable. */
  readonly cpuSeconds: number | null;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion, capturing its output, timed by wall clock and by the child's CPU time. One
 * child at a time: the CPU figure is the difference of this process's reaped-children total.
 */
export function runTimed(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean } = {},
): Promise<TimedRun> {
  return new Promise((resolvePromise, reject) => {
    const cpu0 = childrenCpuSeconds();
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      stdout += s;
      if (options.echo === true) process.stdout.write(s);
    });
    child.stderr.on('data', (s: string) => {
      stderr += s;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - t0) / 1000;
      const cpu1 = childrenCpuSeconds();
      resolvePromise({
        wallSeconds,
        cpuSeconds: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
        code,
        stdout,
        stderr,
      });
    });
  });
}

/** Per (n, estimator) of a canonical run: mean separation, its Monte Carlo SE, EM passes, summed fit seconds. */
export interface CanonicalCell {
  /** The mixture id (the condition's part before `|n=`). */
  readonly mixture: string;
  readonly n: number;
  readonly estimator: string;
  readonly fits: number;
  readonly failures: number;
  readonly separation: number;
  readonly separationSE: number;
  /** Mean `iterations` (EM maps for 'em', Lloyd iterations for k-means). */
  readonly iterations: number;
  readonly fitSeconds: number;
}

export interface CanonicalRun {
  readonly workers: number;
  readonly replications: number;
  /** Wall seconds of the whole command (process start to exit). */
  readonly wallSeconds: number;
  /** CPU seconds of the command (all threads), or null. */
  readonly cpuSeconds: number | null;
  /** The runner's own wall time (manifest session), without Node/tsx start-up and config loading. */
  readonly runnerSeconds: number | null;
  /** Σ fit seconds over timings.ndjson. */
  readonly fitSeconds: number;
  readonly cells: CanonicalCell[];
}

function mixtureOfCondition(condition: string): string {
  const i = condition.indexOf('|n=');
  return i < 0 ? condition : condition.slice(0, i);
}

function nOfCondition(condition: string): number {
  const m = /\|n=(\d+)/.exec(condition);
  return m === null ? NaN : Number(m[1]);
}

/** Summarises the files of a finished run directory (results/<name>/), read by src/results/load.ts. */
export function summariseRunDir(dir: string): { cells: CanonicalCell[]; fitSeconds: number; runnerSeconds: number | null } {
  const { rows, timings, manifest } = loadCompletedRun(dir);
  interface Group {
    mixture: string;
    n: number;
    estimator: string;
    seps: number[];
    iters: number[];
    failures: number;
    seconds: number;
    fits: number;
  }
  const groups = new Map<string, Group>();
  const key = (condition: string, estimator: string): string => `${condition}\u0000${estimator}`;
  const group = (condition: string, estimator: string): Group => {
    const k = key(condition, estimator);
    let g = groups.get(k);
    if (g === undefined) {
      g = { mixture: mixtureOfCondition(condition), n: nOfCondition(condition), estimator, seps: [], iters: [], failures: 0, seconds: 0, fits: 0 };
      groups.set(k, g);
    }
    return g;
  };
  for (const r of rows) {
    const g = group(r.condition, r.estimator);
    g.fits++;
    if (r.status !== 'ok') g.failures++;
    const s = r.values.separation;
    if (typeof s === 'number') g.seps.push(s);
    const it = r.values.iterations;
    if (typeof it === 'number') g.iters.push(it);
  }
  let fitSeconds = 0;
  for (const t of timings) {
    group(t.condition, t.estimator).seconds += t.seconds;
    fitSeconds += t.seconds;
  }
  const cells: CanonicalCell[] = [...groups.values()]
    .map((g) => {
      const m = mean(g.seps);
      let ss = 0;
      for (const v of g.seps) ss += (v - m) ** 2;
      const se = g.seps.length > 1 ? Math.sqrt(ss / (g.seps.length - 1) / g.seps.length) : NaN;
      return {
        mixture: g.mixture,
        n: g.n,
        estimator: g.estimator,
        fits: g.fits,
        failures: g.failures,
        separation: m,
        separationSE: se,
        iterations: mean(g.iters),
        fitSeconds: g.seconds,
      };
    })
    .sort((a, b) => a.mixture.localeCompare(b.mixture) || a.n - b.n || a.estimator.localeCompare(b.estimator));
  const runnerSeconds = manifest.sessions.at(-1)?.wallSeconds ?? null;
  return { cells, fitSeconds, runnerSeconds };
}

/**
 * `node bin/mixstudy.js run experiments/canonical.json --fresh -q --results <tmp> -j <workers> [-R reps]` as a
 * user runs it, timed; the results directory is summarised and deleted.
 */
export async function runCanonical(workers: number, replications?: number): Promise<CanonicalRun> {
  return runStudy('experiments/canonical.json', 'canonical', workers, replications);
}

/**
 * `node bin/mixstudy.js run <config> --fresh -q --results <tmp> -j <workers> [-R reps]` as a user runs it, timed;
 * `name` is the config's name (its results folder), which is summarised and deleted.
 */
export async function runStudy(config: string, name: string, workers: number, replications?: number): Promise<CanonicalRun> {
  const resultsRoot = mkdtempSync(join(tmpdir(), 'mixstudy-bench-'));
  try {
    const args = ['bin/mixstudy.js', 'run', config, '--fresh', '-q', '--results', resultsRoot, '-j', String(workers)];
    if (replications !== undefined) args.push('-R', String(replications));
    const run = await runTimed(process.execPath, args);
    if (run.code !== 0) throw new Error(`mixstudy run failed (exit ${run.code}):\n${run.stderr}`);
    const s = summariseRunDir(join(resultsRoot, name));
    const reps = s.cells.length > 0 ? s.cells[0].fits : 0;
    return { workers, replications: reps, wallSeconds: run.wallSeconds, cpuSeconds: run.cpuSeconds, runnerSeconds: s.runnerSeconds, fitSeconds: s.fitSeconds, cells: s.cells };
  } finally {
    rmSync(resultsRoot, { recursive: true, force: true });
  }
}

/** A plain-text table: the first `left` columns left-aligned (default 1), the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((s, c) => (c < left ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The same table as Markdown. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, c) => (c < left ? ':---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Fixed-point with `digits` decimals, '—' for null/NaN. */
export function fmt(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

/** Seconds in a readable unit (µs / ms / s). */
export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`;
  return `${s.toFixed(2)} s`;
}
