/**
 * Runs an experiment (or one shard of it) into `results/<name>/` (shards: `results/<name>/shards/<i>-of-<N>/`),
 * resumably: rows are appended as tasks finish; re-running the same command continues where it stopped, after
 * dropping a torn last line and the rows of any task that did not finish (a crash can interrupt a task's
 * write). A completed run rewrites its files in canonical order (temp + rename), so the final
 * `replications.ndjson` is byte-identical whatever the worker count, completion order or resume history.
 *
 * Nothing is claimed that is not on disk: a task counts as done only once its rows are written (after its
 * timings), and the manifest says `complete` only after every file has been written in full and fsynced
 * (src/results/ndjson.ts). A failed write (a full disk) ends the run with that error and leaves the folder
 * resumable. The folder is locked while the run works in it (src/runner/lock.ts), and the plan is enumerated
 * lazily (src/runner/plan.ts), so memory does not grow with the number of replications until the final
 * canonical rewrite, which holds the rows of the run.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { configHash, type ExperimentConfig } from '../config/index.js';
import { UserError } from '../errors/userError.js';
import { MANIFEST_FILE, readManifest, writeManifest, type Manifest, type Session } from '../results/manifest.js';
import { NdjsonAppender, removeStaleTempFiles } from '../results/ndjson.js';
import { readReplicationRows, readTimingRows, REPLICATIONS_FILE, TIMINGS_FILE, writeRows, type ReplicationRow, type TimingRow } from '../results/rows.js';
import { SUMMARY_FILE, writeSummary } from '../results/summary.js';
import { RESULTS_FORMAT_VERSION } from '../results/version.js';
import { acquireLocks, lockHolder } from './lock.js';
import { PlanIndex, shardLabel, shardTasks, taskId, type Shard, type TaskSequence } from './plan.js';
import { runTasks, type TaskList } from './pool.js';
import { silentProgress, type Progress } from './progress.js';
import { environment } from './provenance.js';
import type { TaskRef } from './executeTask.js';
import { buildSummary } from './summary.js';

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

/** The files a run writes into its folder (and `mixstudy baseline` beside them): the only temp files it removes. */
export const RESULT_FILES = [REPLICATIONS_FILE, TIMINGS_FILE, MANIFEST_FILE, SUMMARY_FILE, 'baseline.json'] as const;

/**
 * Rows of the tasks that finished, whether the files needed repair (torn tail or unfinished task), and how
 * many of the finished tasks belong to `planned`.
 */
function recoverRows(
  dir: string,
  plan: PlanIndex,
  planned: TaskSequence,
): { rows: ReplicationRow[]; timings: TimingRow[]; done: Set<string>; resumed: number; repaired: boolean } {
  const rowsFile = readReplicationRows(join(dir, REPLICATIONS_FILE));
  const timingsFile = readTimingRows(join(dir, TIMINGS_FILE));
  const perTask = new Map<string, { task: TaskRef; rows: number }>();
  for (const row of rowsFile.records) {
    const task = plan.taskOf(row);
    if (task === null) {
      throw new UserError(`${join(dir, REPLICATIONS_FILE)}: row ${JSON.stringify(row).slice(0, 120)} does not belong to this config; use --fresh to start over`);
    }
    const id = taskId(task);
    const entry = perTask.get(id);
    if (entry === undefined) perTask.set(id, { task, rows: 1 });
    else entry.rows++;
  }
  const done = new Set<string>();
  let resumed = 0;
  for (const [id, { task, rows }] of perTask) {
    if (rows !== plan.rowsPerTask) continue;
    done.add(id);
    if (planned.has(task)) resumed++;
  }
  const keep = (r: ReplicationRow | TimingRow): boolean => {
    const task = plan.taskOf(r);
    return task !== null && done.has(taskId(task));
  };
  const rows = rowsFile.records.filter(keep);
  const timings = timingsFile.records.filter(keep);
  const repaired = rowsFile.tornTail || timingsFile.tornTail || rows.length !== rowsFile.records.length || timings.length !== timingsFile.records.length;
  return { rows, timings, done, resumed, repaired };
}

/** The shard folders of an unsharded run's folder (`shards/<i>-of-<N>/`) that exist now. */
export function shardDirs(dir: string): string[] {
  const shards = join(dir, 'shards');
  if (!existsSync(shards)) return [];
  return readdirSync(shards, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d+-of-\d+$/.test(e.name))
    .map((e) => join(shards, e.name));
}

/** How many tasks of the run in `dir` have all their rows on disk (what a killed run really finished). */
export function tasksDoneOnDisk(dir: string, manifest: Manifest): number {
  const plan = new PlanIndex(manifest.config);
  const planned = shardTasks(manifest.config, manifest.shard);
  return recoverRows(dir, plan, planned).resumed;
}

/**
 * The state of an unfinished run for messages, from the disk rather than the manifest: the manifest of a run
 * killed with SIGKILL still says `running` with the count of its start. E.g. "interrupted, 21/60 tasks done".
 */
export function describeUnfinished(dir: string, manifest: Manifest): string {
  let done = manifest.tasksDone;
  let total = manifest.tasksTotal;
  try {
    total = shardTasks(manifest.config, manifest.shard).length;
    done = tasksDoneOnDisk(dir, manifest);
  } catch {
    // unreadable rows or config: the manifest's counts are the best there are
  }
  const holder = lockHolder(dir);
  const state = holder !== null ? `running now (pid ${holder.pid} on ${holder.host})` : manifest.status === 'running' ? 'interrupted' : manifest.status;
  return `${state}, ${done}/${total} tasks done`;
}

export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
  const { config, shard } = options;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const dir = resultsDir(options.resultsRoot, config.name, shard);
  const hash = configHash(config);
  const plan = new PlanIndex(config);
  const planned = shardTasks(config, shard);

  mkdirSync(dir, { recursive: true });
  // --fresh of an unsharded run deletes the shard folders too, so it needs their locks as well; only the
  // folders it locked are deleted, so a shard that starts meanwhile keeps its own.
  const shardsToDelete = options.fresh && shard === null ? shardDirs(dir) : [];
  const lock = acquireLocks([dir, ...shardsToDelete]);
  try {
    return await runLocked(options, dir, hash, plan, planned, started, startedAt, shardsToDelete);
  } finally {
    lock.release();
  }
}

/** Removes an empty folder; one that is missing or still holds something is left as it is. */
function removeIfEmpty(path: string): void {
  try {
    rmdirSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
  }
}

async function runLocked(
  options: RunOptions,
  dir: string,
  hash: string,
  plan: PlanIndex,
  planned: TaskSequence,
  started: number,
  startedAt: string,
  shardsToDelete: readonly string[],
): Promise<RunOutcome> {
  const { config, shard } = options;
  const progress = options.progress ?? silentProgress;
  // Temp files of a rewrite cut short by a kill: stale, since we hold the folder's lock.
  removeStaleTempFiles(dir, RESULT_FILES);
  if (options.fresh) {
    for (const f of [REPLICATIONS_FILE, TIMINGS_FILE, MANIFEST_FILE, SUMMARY_FILE]) rmSync(join(dir, f), { force: true });
    for (const d of shardsToDelete) rmSync(d, { recursive: true, force: true });
    if (shard === null) removeIfEmpty(join(dir, 'shards'));
  }

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

  const recovered = recoverRows(dir, plan, planned);
  if (recovered.repaired) {
    writeRows(join(dir, REPLICATIONS_FILE), recovered.rows);
    writeRows(join(dir, TIMINGS_FILE), recovered.timings);
  }
  const tasksResumed = recovered.resumed;
  const done = recovered.done;
  const remaining: TaskList = {
    length: planned.length - tasksResumed,
    *[Symbol.iterator]() {
      for (const task of planned) if (!done.has(taskId(task))) yield task;
    },
  };

  const env = environment();
  const sessions = [...(previous?.sessions ?? [])];
  const manifest = (status: Manifest['status'], tasksDone: number, session: Session): Manifest => ({
    formatVersion: RESULTS_FORMAT_VERSION,
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
  writeManifest(dir, manifest('running', tasksResumed, { startedAt, endedAt: null, wallSeconds: null, workers: options.workers, tasksRun: 0 }));

  let tasksRun = 0;
  let fits = 0;
  let failures = 0;
  const endSession = (): Session => ({
    startedAt,
    endedAt: new Date().toISOString(),
    wallSeconds: (performance.now() - started) / 1000,
    workers: options.workers,
    tasksRun,
  });
  try {
    const rowsOut = new NdjsonAppender(join(dir, REPLICATIONS_FILE));
    let timingsOut: NdjsonAppender;
    try {
      timingsOut = new NdjsonAppender(join(dir, TIMINGS_FILE));
    } catch (err) {
      rowsOut.close();
      throw err;
    }
    progress.start(planned.length, tasksResumed);
    let failure: { error: unknown } | null = null;
    try {
      await runTasks(
        config,
        remaining,
        options.workers,
        (result) => {
          // Timings first: the rows are what marks a task done (recoverRows), so they are written last.
          timingsOut.append(result.timings);
          rowsOut.append(result.rows);
          tasksRun++;
          fits += result.rows.length;
          failures += result.failures;
          progress.tick(result.rows.length);
        },
        options.shouldStop,
      );
    } catch (error) {
      failure = { error };
    }
    progress.stop();
    for (const out of [timingsOut, rowsOut]) {
      try {
        out.close();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== null) throw failure.error;

    const complete = tasksResumed + tasksRun === planned.length;
    if (complete) {
      const rows = readReplicationRows(join(dir, REPLICATIONS_FILE)).records.sort(plan.compare);
      const timings = readTimingRows(join(dir, TIMINGS_FILE)).records.sort(plan.compare);
      writeRows(join(dir, REPLICATIONS_FILE), rows);
      writeRows(join(dir, TIMINGS_FILE), timings);
      if (shard === null) writeSummary(dir, buildSummary(config, hash, rows));
    }
    const session = endSession();
    writeManifest(dir, manifest(complete ? 'complete' : 'interrupted', tasksResumed + tasksRun, session));
    return { dir, tasksTotal: planned.length, tasksResumed, tasksRun, fits, failures, wallSeconds: session.wallSeconds ?? 0, complete };
  } catch (err) {
    // Record the session as interrupted if that can still be written; if not (the disk is full), the manifest
    // still says 'running', which resumes the same way. Either way the error is what the caller sees.
    try {
      writeManifest(dir, manifest('interrupted', tasksResumed + tasksRun, endSession()));
    } catch {
      // the original error explains the failure
    }
    throw err;
  }
}
