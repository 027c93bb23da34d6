/**
 * Combines the shard outputs of a sharded run (`results/<name>/shards/<i>-of-<N>/`) into `results/<name>/`,
 * refusing anything incomplete or mismatched. Because each replication's numbers depend only on its own
 * seeds and the merged rows are written in canonical order, the merged files are byte-identical to those of a
 * single-process run of the same config.
 *
 * The folder and every shard folder are locked while merging (src/runner/lock.ts). A folder that already holds
 * results of another config is not overwritten without `fresh`. The merged manifest is first written as
 * `running` and says `complete` only after every merged file has been written in full and fsynced, so a merge
 * cut short (a full disk) never leaves a folder that claims a complete run; rerunning the merge repairs it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors/userError.js';
import { MANIFEST_FILE, readManifest, writeManifest, type Manifest } from '../results/manifest.js';
import { removeStaleTempFiles } from '../results/ndjson.js';
import { readReplicationRows, readTimingRows, REPLICATIONS_FILE, TIMINGS_FILE, writeRows, type ReplicationRow, type TimingRow } from '../results/rows.js';
import { writeSummary } from '../results/summary.js';
import { RESULTS_FORMAT_VERSION } from '../results/version.js';
import { acquireLock, acquireLocks } from './lock.js';
import { checkGrowth } from './growth.js';
import { allTasks, PlanIndex, taskId } from './plan.js';
import { RESULT_FILES } from './runExperiment.js';
import { buildSummary } from './summary.js';

export interface MergeOutcome {
  readonly dir: string;
  readonly shards: number;
  readonly rows: number;
}

export interface MergeOptions {
  /** Overwrite results of another config already in results/<name>/. */
  readonly fresh?: boolean;
}

/** Whether `next` only adds cells to `previous` (src/runner/growth.ts), without throwing. */
function growsFrom(previous: Manifest['config'], next: Manifest['config'], dir: string): boolean {
  try {
    checkGrowth(previous, next, dir);
    return true;
  } catch (err) {
    if (err instanceof UserError) return false;
    throw err;
  }
}

export function mergeShards(resultsRoot: string, name: string, options: MergeOptions = {}): MergeOutcome {
  const dir = join(resultsRoot, name);
  const shardsDir = join(dir, 'shards');
  // The folder first, so a merge into a folder in use names its user whatever else is wrong.
  const lock = existsSync(dir) ? acquireLock(dir) : null;
  try {
    if (!existsSync(shardsDir)) throw new UserError(`${shardsDir}: no shard results to merge (run with --shard i/N first)`);
    const labels = readdirSync(shardsDir).filter((l) => /^\d+-of-\d+$/.test(l));
    if (labels.length === 0) throw new UserError(`${shardsDir}: no shard directories (<i>-of-<N>)`);
    const shardLocks = acquireLocks(labels.sort().map((label) => join(shardsDir, label)));
    try {
      return mergeLocked(dir, shardsDir, labels, name, options);
    } finally {
      shardLocks.release();
    }
  } finally {
    lock?.release();
  }
}

function mergeLocked(dir: string, shardsDir: string, labels: string[], name: string, options: MergeOptions): MergeOutcome {
  removeStaleTempFiles(dir, RESULT_FILES);

  const manifests = labels.sort().map((label) => {
    const m = readManifest(join(shardsDir, label));
    if (m === null) throw new UserError(`${join(shardsDir, label)}: no ${MANIFEST_FILE}; that shard never started`);
    return { label, m };
  });
  const splits = [...new Set(manifests.map(({ m }) => m.shard?.count ?? 1))].sort((a, b) => a - b);
  if (splits.length > 1) {
    const bySplit = splits.map((c) => `${c}-way: ${manifests.filter(({ m }) => (m.shard?.count ?? 1) === c).map(({ label }) => label).join(', ')}`);
    throw new UserError(`cannot merge ${name}: ${shardsDir} holds shards of different splits (${bySplit.join('; ')}); remove the stale ones`);
  }
  const first = manifests[0].m;
  const count = first.shard?.count ?? 0;
  const problems: string[] = [];
  for (const { label, m } of manifests) {
    if (m.configHash !== first.configHash) problems.push(`shard ${label}: config hash ${m.configHash.slice(0, 12)} differs from ${first.configHash.slice(0, 12)} (shards of different configs)`);
    if (m.status !== 'complete') problems.push(`shard ${label}: incomplete (${m.tasksDone}/${m.tasksTotal} replications, status ${m.status}); re-run it to resume`);
  }
  const present = new Set(manifests.map(({ m }) => m.shard?.index));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !present.has(i));
  if (missing.length > 0) problems.push(`missing shards: ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  if (problems.length > 0) throw new UserError(`cannot merge ${name}:\n  ${problems.join('\n  ')}`);

  const existing = readManifest(dir);
  // Shards of a config that grows the complete run already here computed only the cells it lacks
  // (src/runner/runExperiment.ts): its rows are part of the merge.
  const grows = existing !== null && existing.status === 'complete' && options.fresh !== true && growsFrom(existing.config, first.config, dir);
  if (existing !== null && existing.configHash !== first.configHash && options.fresh !== true && !grows) {
    throw new UserError(
      `${dir} already holds ${existing.status === 'complete' ? 'a complete' : 'an unfinished'} run of another config ` +
        `(hash ${existing.configHash.slice(0, 12)}, the shards have ${first.configHash.slice(0, 12)}); merge with --fresh to replace it, or remove it`,
    );
  }

  const config = first.config;
  const plan = new PlanIndex(config);
  const rows: ReplicationRow[] = [];
  const timings: TimingRow[] = [];
  const seen = new Map<string, number>();
  // One row per cell. A cell may be in the run grown and in a shard, or in two shards (a shard folder kept
  // from before the growth): its numbers depend only on its seeds, so the copies must be identical.
  const cellRows = new Map<string, string>();
  const timed = new Set<string>();
  const sources = [
    ...(grows ? [{ label: 'the run it grows', folder: dir }] : []),
    ...manifests.map(({ label }) => ({ label: `shard ${label}`, folder: join(shardsDir, label) })),
  ];
  for (const { label, folder } of sources) {
    const shardRows = readReplicationRows(join(folder, REPLICATIONS_FILE));
    if (shardRows.tornTail) throw new UserError(`${label}: ${REPLICATIONS_FILE} ends in a torn line; re-run the shard to repair it`);
    for (const row of shardRows.records) {
      const at = plan.cellOf(row);
      if (at === null || at.task.rep >= config.replications) throw new UserError(`${label}: a row does not belong to the config: ${JSON.stringify(row).slice(0, 120)}`);
      const key = `${taskId(at.task)}:${at.cell}`;
      const text = JSON.stringify(row);
      const before = cellRows.get(key);
      if (before !== undefined) {
        if (before !== text) throw new UserError(`cannot merge ${name}: ${label} has a row of ${row.condition} rep ${row.rep} ${row.estimator} that differs from another copy of it`);
        continue;
      }
      cellRows.set(key, text);
      seen.set(taskId(at.task), (seen.get(taskId(at.task)) ?? 0) + 1);
      rows.push(row);
    }
    for (const t of readTimingRows(join(folder, TIMINGS_FILE)).records) {
      const at = plan.cellOf(t);
      const key = at === null ? null : `${taskId(at.task)}:${at.cell}`;
      if (key === null || timed.has(key)) continue;
      timed.add(key);
      timings.push(t);
    }
  }
  const tasks = allTasks(config);
  let wrong = 0;
  const show: string[] = [];
  for (const t of tasks) {
    const count = seen.get(taskId(t)) ?? 0;
    if (count === plan.rowsPerTask) continue;
    if (++wrong <= 5) show.push(`${config.mixtures[t.mixtureIndex].id} rep ${t.rep} (${count}/${plan.rowsPerTask} rows)`);
  }
  if (wrong > 0) throw new UserError(`cannot merge ${name}: ${wrong} replications missing or duplicated, e.g. ${show.join('; ')}`);
  rows.sort(plan.compare);
  timings.sort(plan.compare);
  const merged = (status: Manifest['status']): Manifest => ({
    ...first,
    formatVersion: RESULTS_FORMAT_VERSION,
    shard: null,
    status,
    tasksTotal: tasks.length,
    tasksDone: status === 'complete' ? tasks.length : 0,
    sessions: [...(grows && existing !== null ? existing.sessions : []), ...manifests.flatMap(({ m }) => m.sessions)],
    mergedFrom: [...labels].sort(),
  });
  // 'running' first: until the last byte is on disk, nothing here may claim a complete run.
  writeManifest(dir, merged('running'));
  writeRows(join(dir, REPLICATIONS_FILE), rows);
  writeRows(join(dir, TIMINGS_FILE), timings);
  writeSummary(dir, buildSummary(config, first.configHash, rows));
  writeManifest(dir, merged('complete'));
  return { dir, shards: labels.length, rows: rows.length };
}
