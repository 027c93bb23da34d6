/**
 * Reading one completed run (`results/<name>/`) for the regression checks: its manifest, summary, replication
 * rows and the sha256 of `replications.ndjson`. The runner writes that file byte-identically for the same
 * config, seed and code, so equal hashes mean a bit-identical re-run. Anything unusable (no run, an
 * interrupted or sharded run, unreadable files) is a UserError: exit 2.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors/userError.js';
import { readNdjson } from '../runner/ndjson.js';
import type { ReplicationRow } from '../runner/rows.js';
import { describeUnfinished, MANIFEST_FILE, REPLICATIONS_FILE, SUMMARY_FILE, type Manifest } from '../runner/runExperiment.js';
import type { Summary } from '../runner/summary.js';

export interface RunResults {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly summary: Summary;
  readonly rows: ReplicationRow[];
  readonly replicationsSha256: string;
}

function readJson<T>(path: string, what: string): T {
  if (!existsSync(path)) throw new UserError(`${path}: not found (${what})`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A complete, unsharded run in `dir`; `hint` is the command that would produce one. */
export function loadRunResults(dir: string, hint: string): RunResults {
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw new UserError(`${dir}: no completed run here (no ${MANIFEST_FILE}); ${hint}`);
  const manifest = readJson<Manifest>(manifestPath, 'run manifest');
  if (manifest.shard !== null && manifest.shard !== undefined) {
    throw new UserError(`${dir}: holds one shard of a sharded run; merge the shards first (\`mixstudy merge ${manifest.name}\`)`);
  }
  if (manifest.status !== 'complete') {
    throw new UserError(`${dir}: the run is ${describeUnfinished(dir, manifest)}; finish it first — ${hint}`);
  }
  const summary = readJson<Summary>(join(dir, SUMMARY_FILE), 'performance summary of the run');
  const rowsPath = join(dir, REPLICATIONS_FILE);
  if (!existsSync(rowsPath)) throw new UserError(`${rowsPath}: not found (replication rows of the run)`);
  let rows: ReplicationRow[];
  try {
    const file = readNdjson<ReplicationRow>(rowsPath);
    if (file.tornTail) throw new Error('the last line is torn');
    rows = file.records;
  } catch (err) {
    throw new UserError(`${rowsPath}: unreadable (${(err as Error).message})`);
  }
  if (summary.configHash !== manifest.configHash) {
    throw new UserError(`${dir}: ${SUMMARY_FILE} (config ${summary.configHash.slice(0, 12)}) and ${MANIFEST_FILE} (${manifest.configHash.slice(0, 12)}) disagree; rerun with --fresh`);
  }
  return { dir, manifest, summary, rows, replicationsSha256: sha256File(rowsPath) };
}
