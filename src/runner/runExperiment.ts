/**
 * Runs an experiment (or one shard of it) into `results/<name>/` (shards: `results/<name>/shards/<i>-of-<N>/`),
 * resumably: rows are appended as tasks finish; re-running the same command continues where it stopped, after
 * dropping a torn last line and the rows of any task that did not finish (a crash can interrupt a task's
 * write). A completed run rewrites its files in canonical order (temp + rename), so the final
 * `replications.ndjson` is byte-identical whatever the worker count, completion order or resume history.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { configHash, type ExperimentConfig } from '../config/index.js';
import { UserError } from '../commands/userError.js';
import { NdjsonAppender, readNdjson, writeFileAtomic } from './ndjson.js';
import { PlanIndex, shardLabel, shardTasks, taskId, type Shard } from './plan.js';
import { runTasks } from './pool.js';
import { silentProgress, type Progress } from './progress.js';
import { environment, type Environment } from './provenance.js';
import type { ReplicationRow, TimingRow } from './rows.js';
import { buildSummary } from './summary.js';

export const REPLICATIONS_FILE = 'replications.ndjson';
export const TIMINGS_FILE = 'timings.ndjson';
export const MANIFEST_FILE = 'manifest.json';
export const SUMMARY_FILE = 'summary.json';

export interface RunOptions {
  readonly config: ExperimentConfig;
  readonly resultsRoot: string;
  readonly workers: number;
  readonly shard: Shard | null;
  readonly fresh: boolean;
  readonly progress?: Progress;
  /** Polled between tasks; when it returns true the run stops cleanly and can be resumed. */
  readonly shouldStop?: () => boolean;
}

export interface Session {
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly wallSeconds: number | null;
  readonly workers: number;
  readonly tasksRun: number;
}

export interface Manifest {
  readonly name: string;
  readonly configHash: string;
  readonly config: ExperimentConfig;
  readonly shard: Shard | null;
  readonly status: 'running' | 'interrupted' | 'complete';
  readonly tasksTotal: number;
  readonly tasksDone: number;
  readonly environment: Environment;
  /** One entry per invocation (first run and each resume). */
  readonly sessions: Session[];
}

export interface RunOutcome {
  readonly dir: string;
  readonly tasksTotal: number;
  readonly tasksResumed: number;
  readonly tasksRun: number;
  readonly fits: number;
  readonly failures: number;
  readonly wallSeconds: number;
  readonly complete: boolean;
}

export function resultsDir(resultsRoot: string, name: string, shard: Shard | null): string {
  const base = join(resultsRoot, name);
  return shard === null ? base : join(base, 'shards', shardLabel(shard));
}

export function readManifest(dir: string): Manifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** Rows of the tasks that finished, plus whether the files needed repair (torn tail or unfinished task). */
function recoverRows(dir: string, plan: PlanIndex): { rows: ReplicationRow[]; timings: TimingRow[]; done: Set<string>; repaired: boolean } {
  const rowsFile = readNdjson<ReplicationRow>(join(dir, REPLICATIONS_FILE));
  const timingsFile = readNdjson<TimingRow>(join(dir, TIMINGS_FILE));
  const perTask = new Map<string, number>();
  for (const row of rowsFile.records) {
    const task = plan.taskOf(row);
    if (task === null) {
      throw new UserError(`${join(dir, REPLICATIONS_FILE)}: row ${JSON.stringify(row).slice(0, 120)} does not belong to this config; use --fresh to start over`);
    }
    const id = taskId(task);
    perTask.set(id, (perTask.get(id) ?? 0) + 1);
  }
  const done = new Set([...perTask].filter(([, count]) => count === plan.rowsPerTask).map(([id]) => id));
  const keep = (r: ReplicationRow | TimingRow): boolean => {
    const task = plan.taskOf(r);
    return task !== null && done.has(taskId(task));
  };
  const rows = rowsFile.records.filter(keep);
  const timings = timingsFile.records.filter(keep);
  const repaired = rowsFile.tornTail || timingsFile.tornTail || rows.length !== rowsFile.records.length || timings.length !== timingsFile.records.length;
  return { rows, timings, done, repaired };
}

function writeRows(path: string, rows: readonly (ReplicationRow | TimingRow)[]): void {
  writeFileAtomic(path, rows.map((r) => JSON.stringify(r) + '\n').join(''));
}

export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
  const { config, shard } = options;
  const progress = options.progress ?? silentProgress;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const dir = resultsDir(options.resultsRoot, config.name, shard);
  const hash = configHash(config);
  const plan = new PlanIndex(config);

  if (options.fresh) {
    for (const f of [REPLICATIONS_FILE, TIMINGS_FILE, MANIFEST_FILE, SUMMARY_FILE]) rmSync(join(dir, f), { force: true });
    if (shard === null) rmSync(join(dir, 'shards'), { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });

  const previous = readManifest(dir);
  if (previous !== null && previous.configHash !== hash) {
    throw new UserError(
      `${dir} holds results of a different config (hash ${previous.configHash.slice(0, 12)}, now ${hash.slice(0, 12)}); ` +
        'rerun with --fresh to discard them, or give the experiment another name',
    );
  }
  if (previous === null && existsSync(join(dir, REPLICATIONS_FILE))) {
    throw new UserError(`${dir} has results but no ${MANIFEST_FILE}; rerun with --fresh to discard them`);
  }

  const recovered = recoverRows(dir, plan);
  if (recovered.repaired) {
    writeRows(join(dir, REPLICATIONS_FILE), recovered.rows);
    writeRows(join(dir, TIMINGS_FILE), recovered.timings);
  }
  const planned = shardTasks(config, shard);
  const remaining = planned.filter((t) => !recovered.done.has(taskId(t)));
  const tasksResumed = planned.length - remaining.length;

  const env = environment();
  const sessions = [...(previous?.sessions ?? [])];
  const manifest = (status: Manifest['status'], tasksDone: number, session: Session): Manifest => ({
    name: config.name,
    configHash: hash,
    config,
    shard,
    status,
    tasksTotal: planned.length,
    tasksDone,
    environment: env,
    sessions: [...sessions, session],
  });
  writeJson(join(dir, MANIFEST_FILE), manifest('running', tasksResumed, { startedAt, endedAt: null, wallSeconds: null, workers: options.workers, tasksRun: 0 }));

  const rowsOut = new NdjsonAppender(join(dir, REPLICATIONS_FILE));
  const timingsOut = new NdjsonAppender(join(dir, TIMINGS_FILE));
  let tasksRun = 0;
  let fits = 0;
  let failures = 0;
  progress.start(planned.length, tasksResumed);
  try {
    await runTasks(
      config,
      remaining,
      options.workers,
      (result) => {
        rowsOut.append(result.rows);
        timingsOut.append(result.timings);
        tasksRun++;
        fits += result.rows.length;
        failures += result.failures;
        progress.tick(result.rows.length);
      },
      options.shouldStop,
    );
  } finally {
    progress.stop();
    rowsOut.close();
    timingsOut.close();
  }

  const complete = tasksResumed + tasksRun === planned.length;
  if (complete) {
    const rows = readNdjson<ReplicationRow>(join(dir, REPLICATIONS_FILE)).records.sort(plan.compare);
    const timings = readNdjson<TimingRow>(join(dir, TIMINGS_FILE)).records.sort(plan.compare);
    writeRows(join(dir, REPLICATIONS_FILE), rows);
    writeRows(join(dir, TIMINGS_FILE), timings);
    if (shard === null) writeJson(join(dir, SUMMARY_FILE), buildSummary(config, hash, rows));
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const session: Session = { startedAt, endedAt: new Date().toISOString(), wallSeconds, workers: options.workers, tasksRun };
  writeJson(join(dir, MANIFEST_FILE), manifest(complete ? 'complete' : 'interrupted', tasksResumed + tasksRun, session));
  return { dir, tasksTotal: planned.length, tasksResumed, tasksRun, fits, failures, wallSeconds, complete };
}
