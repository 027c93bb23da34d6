/**
 * Combines the shard outputs of a sharded run (`results/<name>/shards/<i>-of-<N>/`) into `results/<name>/`,
 * refusing anything incomplete or mismatched. Because each replication's numbers depend only on its own
 * seeds and the merged rows are written in canonical order, the merged files are byte-identical to those of a
 * single-process run of the same config.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../commands/userError.js';
import { readNdjson, writeFileAtomic } from './ndjson.js';
import { allTasks, PlanIndex, taskId } from './plan.js';
import {
  MANIFEST_FILE,
  readManifest,
  REPLICATIONS_FILE,
  SUMMARY_FILE,
  TIMINGS_FILE,
  type Manifest,
} from './runExperiment.js';
import type { ReplicationRow, TimingRow } from './rows.js';
import { buildSummary } from './summary.js';

export interface MergeOutcome {
  readonly dir: string;
  readonly shards: number;
  readonly rows: number;
}

export function mergeShards(resultsRoot: string, name: string): MergeOutcome {
  const dir = join(resultsRoot, name);
  const shardsDir = join(dir, 'shards');
  if (!existsSync(shardsDir)) throw new UserError(`${shardsDir}: no shard results to merge (run with --shard i/N first)`);
  const labels = readdirSync(shardsDir).filter((l) => /^\d+-of-\d+$/.test(l));
  if (labels.length === 0) throw new UserError(`${shardsDir}: no shard directories (<i>-of-<N>)`);

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

  const config = first.config;
  const plan = new PlanIndex(config);
  const rows: ReplicationRow[] = [];
  const timings: TimingRow[] = [];
  const seen = new Map<string, number>();
  for (const { label } of manifests) {
    const shardRows = readNdjson<ReplicationRow>(join(shardsDir, label, REPLICATIONS_FILE));
    if (shardRows.tornTail) throw new UserError(`shard ${label}: ${REPLICATIONS_FILE} ends in a torn line; re-run the shard to repair it`);
    for (const row of shardRows.records) {
      const task = plan.taskOf(row);
      if (task === null) throw new UserError(`shard ${label}: a row does not belong to the config: ${JSON.stringify(row).slice(0, 120)}`);
      seen.set(taskId(task), (seen.get(taskId(task)) ?? 0) + 1);
      rows.push(row);
    }
    timings.push(...readNdjson<TimingRow>(join(shardsDir, label, TIMINGS_FILE)).records);
  }
  const wrong = allTasks(config).filter((t) => seen.get(taskId(t)) !== plan.rowsPerTask);
  if (wrong.length > 0) {
    const show = wrong.slice(0, 5).map((t) => `${config.mixtures[t.mixtureIndex].id} rep ${t.rep} (${seen.get(taskId(t)) ?? 0}/${plan.rowsPerTask} rows)`);
    throw new UserError(`cannot merge ${name}: ${wrong.length} replications missing or duplicated, e.g. ${show.join('; ')}`);
  }
  rows.sort(plan.compare);
  timings.sort(plan.compare);
  writeFileAtomic(join(dir, REPLICATIONS_FILE), rows.map((r) => JSON.stringify(r) + '\n').join(''));
  writeFileAtomic(join(dir, TIMINGS_FILE), timings.map((r) => JSON.stringify(r) + '\n').join(''));
  writeFileAtomic(join(dir, SUMMARY_FILE), JSON.stringify(buildSummary(config, first.configHash, rows), null, 2) + '\n');
  const merged: Manifest = {
    ...first,
    shard: null,
    status: 'complete',
    tasksTotal: allTasks(config).length,
    tasksDone: allTasks(config).length,
    sessions: manifests.flatMap(({ m }) => m.sessions),
  };
  writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify({ ...merged, mergedFrom: labels.sort() }, null, 2) + '\n');
  return { dir, shards: labels.length, rows: rows.length };
}
