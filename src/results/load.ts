/**
 * One completed run, read for a report, a regression check, a baseline or the paper: its manifest, summary,
 * replication rows, timings and the sha256 of `replications.ndjson` (the runner writes that file
 * byte-identically for the same config, seed and code, so equal hashes mean a bit-identical re-run). Every
 * file is checked (format version and shape); anything unusable — no run, a shard, an unfinished run, files
 * that disagree — is refused with a message saying what to run, because a report or check of a partial run
 * would present conditional measures as final.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../errors/userError.js';
import { MANIFEST_FILE, readManifest, type Manifest } from './manifest.js';
import { readReplicationRows, readTimingRows, REPLICATIONS_FILE, TIMINGS_FILE, type ReplicationRow, type TimingRow } from './rows.js';
import { readSummary, SUMMARY_FILE, type Summary } from './summary.js';

export interface CompletedRun {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly summary: Summary;
  readonly rows: ReplicationRow[];
  readonly timings: TimingRow[];
  /** sha256 (hex) of `replications.ndjson`. */
  readonly replicationsSha256: string;
}

export interface LoadOptions {
  /** What to run when there is no run in the folder, e.g. "run it first (`mixstudy run <config>`)". */
  readonly hint?: string;
  /**
   * The state of a run that is not complete, for the message, e.g. "interrupted, 21/60 tasks done". The runner
   * knows it from the disk and the folder's lock (src/runner/runExperiment.ts `describeUnfinished`); without
   * it, the manifest's status and counts are said.
   */
  readonly describeUnfinished?: (dir: string, manifest: Manifest) => string;
}

const fromManifest = (_dir: string, m: Manifest): string => `${m.status}, ${m.tasksDone}/${m.tasksTotal} tasks done`;

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The complete, unsharded run in `dir`. */
export function loadCompletedRun(dir: string, options: LoadOptions = {}): CompletedRun {
  const hint = options.hint ?? 'run it first (`mixstudy run <config>`)';
  const manifest = existsSync(dir) ? readManifest(dir) : null;
  if (manifest === null) {
    if (existsSync(join(dir, 'shards'))) throw new UserError(`${dir} holds shards only; merge them first (\`mixstudy merge ${basename(dir)}\`)`);
    throw new UserError(`no results at ${dir} (no ${MANIFEST_FILE}); ${hint}`);
  }
  if (manifest.shard !== null) {
    throw new UserError(`${dir} holds one shard of a sharded run; merge the shards first (\`mixstudy merge ${manifest.name}\`)`);
  }
  if (manifest.status !== 'complete') {
    const state = (options.describeUnfinished ?? fromManifest)(dir, manifest);
    throw new UserError(`results in ${dir} are incomplete (${state}); finish the run first (the same \`mixstudy run\` command resumes it)`);
  }
  if (!existsSync(join(dir, SUMMARY_FILE))) throw new UserError(`${dir} has no ${SUMMARY_FILE}; rerun \`mixstudy run\` (or \`mixstudy merge\`) to write it`);
  const summary = readSummary(dir);
  if (summary.configHash !== manifest.configHash) {
    throw new UserError(
      `${dir}: ${SUMMARY_FILE} (config ${summary.configHash.slice(0, 12)}) and ${MANIFEST_FILE} (config ${manifest.configHash.slice(0, 12)}) disagree; rerun with --fresh`,
    );
  }
  const rowsPath = join(dir, REPLICATIONS_FILE);
  if (!existsSync(rowsPath)) throw new UserError(`${rowsPath}: not found, although ${MANIFEST_FILE} says the run is complete; rerun with --fresh`);
  const rows = readReplicationRows(rowsPath);
  if (rows.tornTail) throw new UserError(`${rowsPath} ends with a torn line; resume the run to repair it`);
  // Timings only inform (the report's cost table): a missing file or torn last line leaves fewer of them.
  const timings = readTimingRows(join(dir, TIMINGS_FILE)).records;
  return { dir, manifest, summary, rows: rows.records, timings, replicationsSha256: sha256File(rowsPath) };
}
