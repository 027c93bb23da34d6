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
import { MANIFEST_FILE, readManifest, writeManifest, type Environment, type Manifest, type Session } from '../results/manifest.js';
import { NdjsonAppender, removeStaleTempFiles } from '../results/ndjson.js';
import { readReplicationRows, readTimingRows, REPLICATIONS_FILE, TIMINGS_FILE, writeRows, type ReplicationRow, type TimingRow } from '../results/rows.js';
import { SUMMARY_FILE } from '../results/summaryFile.js';
import { RESULTS_FORMAT_VERSION } from '../results/version.js';
import { checkGrowth } from './growth.js';
import { acquireLocks, lockHolder } from './lock.js';
import { PlanIndex, shardLabel, shardTasks, taskId, type Shard, type TaskSequence } from './plan.js';
import { releasePrestarted, runTasks, type TaskList, type TaskResult } from './pool.js';
import type { ConditionState, PrecisionTracker } from './precision.js';
import { silentProgress, type Progress } from './progress.js';
import { environmentAsync } from './provenance.js';
import type { TaskRef } from './executeTask.js';
import { SummaryAhead } from './summaryAhead.js';

export interface RunOptions {
  readonly config: ExperimentConfig;
  readonly resultsRoot: string;
  readonly workers: number;
  readonly shard: Shard | null;
  readonly fresh: boolean;
  readonly progress?: Progress;
  /** Polled between tasks; when it returns true the run stops cleanly and can be resumed. */
  readonly shouldStop?: () => boolean;
  /**
   * The manifest's environment (./provenance.ts environmentAsync), when the caller started it earlier (`mixstudy
   * run` does, before loading the runner, so its git queries finish during that loading); else started here.
   */
  readonly environment?: Promise<Environment>;
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

/** The rows on disk that belong to the plan, one per cell, and which cells each task has. */
interface Recovered {
  readonly rows: ReplicationRow[];
  readonly timings: TimingRow[];
  /** Task id → its cells with a row (TaskRef.cells numbering). */
  readonly have: Map<string, Set<number>>;
  /** Tasks with every cell. */
  readonly done: Set<string>;
  /** How many of the tasks with every cell belong to `planned`. */
  readonly resumed: number;
  /** Whether the files needed repair (a torn tail, a duplicate row, a timing without its row). */
  readonly repaired: boolean;
}

/**
 * The rows on disk, cell by cell: each complete row is one (condition, replication, estimator) cell, whose
 * numbers depend only on its seeds, so it is kept even when the rest of its task is missing (a crash inside a
 * task's write, a grown config) and only the missing cells are computed. Timings are kept for the cells with
 * a row (a row is written after its timing, so a timing without a row is of a cell that will be recomputed).
 */
function recoverRows(dir: string, plan: PlanIndex, planned: TaskSequence): Recovered {
  const rowsFile = readReplicationRows(join(dir, REPLICATIONS_FILE));
  const timingsFile = readTimingRows(join(dir, TIMINGS_FILE));
  const have = new Map<string, Set<number>>();
  const tasks = new Map<string, TaskRef>();
  const rows: ReplicationRow[] = [];
  for (const row of rowsFile.records) {
    const at = plan.cellOf(row);
    if (at === null) {
      throw new UserError(`${join(dir, REPLICATIONS_FILE)}: row ${JSON.stringify(row).slice(0, 120)} does not belong to this config; use --fresh to start over`);
    }
    const id = taskId(at.task);
    let cells = have.get(id);
    if (cells === undefined) {
      have.set(id, (cells = new Set()));
      tasks.set(id, at.task);
    }
    if (cells.has(at.cell)) continue;
    cells.add(at.cell);
    rows.push(row);
  }
  const done = new Set<string>();
  let resumed = 0;
  for (const [id, cells] of have) {
    if (cells.size !== plan.rowsPerTask) continue;
    done.add(id);
    if (planned.has(tasks.get(id) as TaskRef)) resumed++;
  }
  const timed = new Set<string>();
  const timings = timingsFile.records.filter((t) => {
    const at = plan.cellOf(t);
    if (at === null || have.get(taskId(at.task))?.has(at.cell) !== true) return false;
    const key = `${taskId(at.task)}:${at.cell}`;
    if (timed.has(key)) return false;
    timed.add(key);
    return true;
  });
  const repaired = rowsFile.tornTail || timingsFile.tornTail || rows.length !== rowsFile.records.length || timings.length !== timingsFile.records.length;
  return { rows, timings, have, done, resumed, repaired };
}

/** The cells of a task not in `have` (all of them: undefined), for TaskRef.cells. */
function missingCells(plan: PlanIndex, have: ReadonlySet<number> | undefined, wanted?: (cell: number) => boolean): number[] | undefined {
  if (have === undefined && wanted === undefined) return undefined;
  const cells: number[] = [];
  for (let c = 0; c < plan.rowsPerTask; c++) if (have?.has(c) !== true && (wanted === undefined || wanted(c))) cells.push(c);
  return cells.length === plan.rowsPerTask ? undefined : cells;
}

/** How many tasks of `planned` have every cell. */
function countDone(planned: TaskSequence, fullyDone: (task: TaskRef) => boolean): number {
  let n = 0;
  for (const task of planned) if (fullyDone(task)) n++;
  return n;
}

/** Cells of `planned` with a row: in `rows` (this folder) or in `parent` (the merged run a shard grows). */
function countCells(plan: PlanIndex, planned: TaskSequence, rows: readonly ReplicationRow[], parent: ReadonlyMap<string, ReadonlySet<number>> | null): number {
  const own = new Map<string, Set<number>>();
  let n = 0;
  for (const row of rows) {
    const at = plan.cellOf(row);
    if (at === null || !planned.has(at.task)) continue;
    n++;
    const id = taskId(at.task);
    let cells = own.get(id);
    if (cells === undefined) own.set(id, (cells = new Set()));
    cells.add(at.cell);
  }
  for (const [id, cells] of parent ?? []) for (const c of cells) if (own.get(id)?.has(c) !== true) n++;
  return n;
}

/**
 * The cells of `planned` in the complete unsharded run of the same experiment, when `config` grows it
 * (src/runner/growth.ts): a shard of a grown config computes only what that run lacks, and the merge takes the
 * rest from it (src/runner/merge.ts). Null when there is no such run, it is unfinished, or `config` does not
 * grow it (then the shards compute everything, as before).
 */
function grownParentCells(resultsRoot: string, config: ExperimentConfig, plan: PlanIndex, planned: TaskSequence): Map<string, Set<number>> | null {
  const parentDir = resultsDir(resultsRoot, config.name, null);
  const m = readManifest(parentDir);
  if (m === null || m.status !== 'complete') return null;
  if (m.configHash !== configHash(config)) {
    try {
      checkGrowth(m.config, config, parentDir);
    } catch (err) {
      if (err instanceof UserError) return null;
      throw err;
    }
  }
  const cells = new Map<string, Set<number>>();
  for (const row of readReplicationRows(join(parentDir, REPLICATIONS_FILE)).records) {
    const at = plan.cellOf(row);
    if (at === null) return null;
    if (at.task.rep >= config.replications || !planned.has(at.task)) continue;
    const id = taskId(at.task);
    let set = cells.get(id);
    if (set === undefined) cells.set(id, (set = new Set()));
    set.add(at.cell);
  }
  return cells;
}

/**
 * Refuses rows the config would drop: replications at or beyond R (a fixed run), or beyond the R where the
 * precision rule now stops a condition (a looser target, a larger batch, a lower cap).
 */
function refuseShrink(dir: string, config: ExperimentConfig, rows: readonly ReplicationRow[], tracker: PrecisionTracker | null): void {
  const stops = new Map<string, number>();
  if (tracker !== null) for (const st of tracker.states()) if (st.decided) stops.set(st.condition, st.replications);
  for (const row of rows) {
    const R = tracker === null ? config.replications : stops.get(row.condition);
    if (R !== undefined && row.rep >= R) {
      const rule = tracker === null ? `replications is ${R}` : `the precision rule now stops ${row.condition} at R = ${R}`;
      throw new UserError(
        `${dir} holds replication ${row.rep} of ${row.condition}, but ${rule}: the new config would drop results; ` +
          'a smaller study is a new study: give it another name, or rerun with --fresh to recompute it',
      );
    }
  }
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
  // Started first: the git queries run as child processes while this thread sets up (awaited for the manifest).
  const env = options.environment ?? environmentAsync();
  if (config.precision !== undefined && shard !== null) throw (await import('./precision.js')).precisionShardsRefusal(config.name);
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
    return await runLocked(options, dir, hash, plan, planned, started, startedAt, shardsToDelete, env);
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
  environment: Promise<Environment>,
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
  // A config that only adds cells keeps the rows on disk (src/runner/growth.ts); anything else is refused there.
  const growth = previous !== null && previous.configHash !== hash ? checkGrowth(previous.config, config, dir) : null;
  if (previous === null && existsSync(join(dir, REPLICATIONS_FILE))) {
    throw new UserError(`${dir} has results but no ${MANIFEST_FILE}; rerun with --fresh to discard them`);
  }

  const recovered = recoverRows(dir, plan, planned);
  if (recovered.repaired) {
    writeRows(join(dir, REPLICATIONS_FILE), recovered.rows);
    writeRows(join(dir, TIMINGS_FILE), recovered.timings);
  }
  // A shard of a grown config also counts the cells of the merged run it grows (src/runner/merge.ts adds them).
  const parent = shard === null ? null : grownParentCells(options.resultsRoot, config, plan, planned);
  const have = (id: string): ReadonlySet<number> | undefined => {
    const own = recovered.have.get(id);
    const theirs = parent?.get(id);
    if (theirs === undefined) return own;
    return own === undefined ? theirs : new Set([...own, ...theirs]);
  };
  const fullyDone = (task: TaskRef): boolean => (have(taskId(task))?.size ?? 0) === plan.rowsPerTask;
  const tasksResumed = parent === null ? recovered.resumed : countDone(planned, fullyDone);
  // The precision rule's code (with the theory and measures it needs) only for a config that has one.
  const precision = config.precision === undefined ? null : await import('./precision.js');
  const tracker = precision === null ? null : new precision.PrecisionTracker(config);
  if (tracker !== null) for (const row of recovered.rows) tracker.add(row);
  refuseShrink(dir, config, recovered.rows, tracker);
  if (growth !== null && growth.changes.length > 0) progress.note?.(`growing ${dir}: ${growth.changes.join('; ')}; ${recovered.rows.length} fits kept`);

  const env = await environment;
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
    let failure: { error: unknown } | null = null;
    let states: ConditionState[] = [];
    // The summary's code loads once tasks are running and its theory is computed in the run's tail (./summaryAhead.ts).
    const summary = shard === null ? new SummaryAhead(config) : null;
    const whenDrained = summary === null ? undefined : () => summary.prepare();
    const onResult = (result: TaskResult): void => {
      if (tasksRun === 0) summary?.prefetch();
      // Timings first: the rows are what marks a cell done (recoverRows), so they are written last.
      timingsOut.append(result.timings);
      rowsOut.append(result.rows);
      tasksRun++;
      fits += result.rows.length;
      failures += result.failures;
      const id = taskId(result.task);
      let cells = recovered.have.get(id);
      if (cells === undefined) recovered.have.set(id, (cells = new Set()));
      for (const c of result.task.cells ?? Array.from({ length: plan.rowsPerTask }, (_, i) => i)) cells.add(c);
      if (tracker !== null) for (const line of result.rows) tracker.add(JSON.parse(line) as ReplicationRow);
      progress.tick(result.rows.length);
    };
    const doneCells = countCells(plan, planned, recovered.rows, parent);
    try {
      if (precision === null || tracker === null) {
        const remaining: TaskList = {
          length: planned.length - tasksResumed,
          *[Symbol.iterator]() {
            for (const task of planned) {
              if (fullyDone(task)) continue;
              const cells = missingCells(plan, have(taskId(task)));
              yield cells === undefined ? task : { ...task, cells };
            }
          },
        };
        progress.start(planned.length * plan.rowsPerTask, doneCells);
        await runTasks(config, remaining, options.workers, onResult, options.shouldStop, false, whenDrained);
      } else {
        // Rounds: every undecided condition's next batch, then the stopping rule (src/runner/precision.ts).
        progress.start(doneCells, doneCells);
        let total = doneCells;
        try {
          for (;;) {
            states = tracker.states();
            progress.status?.(precision.precisionStatus(states));
            const round = precision.precisionRound(config, plan, states, tracker.batch, have);
            if (round.length === 0 || options.shouldStop?.() === true) break;
            total += round.reduce((sum, t) => sum + (t.cells?.length ?? plan.rowsPerTask), 0);
            progress.resize?.(total);
            await runTasks(config, round, options.workers, onResult, options.shouldStop, true, whenDrained);
          }
        } finally {
          await releasePrestarted();
        }
      }
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

    const complete = tracker === null ? tasksResumed + tasksRun === planned.length : states.length > 0 && states.every((st) => st.decided);
    if (complete) {
      const rows = readReplicationRows(join(dir, REPLICATIONS_FILE)).records.sort(plan.compare);
      const timings = readTimingRows(join(dir, TIMINGS_FILE)).records.sort(plan.compare);
      writeRows(join(dir, REPLICATIONS_FILE), rows);
      writeRows(join(dir, TIMINGS_FILE), timings);
      if (summary !== null) await summary.write(dir, hash, rows, precision === null ? undefined : states.map(precision.conditionPrecision));
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
