/**
 * Reads one experiment's results directory for reporting: `summary.json` (the measures), `manifest.json`
 * (provenance and completeness), `replications.ndjson` (per-replication statuses and values) and
 * `timings.ndjson`. Refuses, with a message saying what to run, results that are missing, unfinished or
 * still split in shards — a report of a partial run would present conditional measures as final.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors/userError.js';
import { readNdjson } from '../runner/ndjson.js';
import type { ReplicationRow, TimingRow } from '../runner/rows.js';
import { describeUnfinished, MANIFEST_FILE, REPLICATIONS_FILE, SUMMARY_FILE, TIMINGS_FILE, type Manifest } from '../runner/runExperiment.js';
import type { Summary } from '../runner/summary.js';

export interface Results {
  readonly dir: string;
  readonly summary: Summary;
  readonly manifest: Manifest;
  readonly rows: ReplicationRow[];
  readonly timings: TimingRow[];
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new UserError(`${path}: not readable JSON (${(err as Error).message})`);
  }
}

export function loadResults(dir: string): Results {
  if (!existsSync(dir)) throw new UserError(`no results at ${dir}; run the experiment first (\`mixstudy run experiments/<name>.json\`)`);
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    if (existsSync(join(dir, 'shards'))) throw new UserError(`${dir} holds shards only; merge them first (\`mixstudy merge <name>\`)`);
    throw new UserError(`${dir} has no ${MANIFEST_FILE}; it is not a results directory of \`mixstudy run\``);
  }
  const manifest = readJson<Manifest>(manifestPath);
  if (manifest.status !== 'complete') {
    throw new UserError(
      `results in ${dir} are incomplete (${describeUnfinished(dir, manifest)}); ` +
        `finish the run first (the same \`mixstudy run\` command resumes it)`,
    );
  }
  const summaryPath = join(dir, SUMMARY_FILE);
  if (!existsSync(summaryPath)) throw new UserError(`${dir} has no ${SUMMARY_FILE}; rerun \`mixstudy run\` (or \`mixstudy merge\`) to write it`);
  const summary = readJson<Summary>(summaryPath);
  if (!Array.isArray(summary.cells) || !Array.isArray(summary.mixtures) || !Array.isArray(summary.estimators))
    throw new UserError(`${summaryPath}: not a mixstudy summary (cells, mixtures or estimators missing)`);
  if (summary.configHash !== manifest.configHash)
    throw new UserError(`${dir}: ${SUMMARY_FILE} (config ${summary.configHash.slice(0, 12)}) and ${MANIFEST_FILE} (config ${manifest.configHash.slice(0, 12)}) disagree`);
  const rowsFile = readNdjson<ReplicationRow>(join(dir, REPLICATIONS_FILE));
  if (rowsFile.tornTail) throw new UserError(`${join(dir, REPLICATIONS_FILE)} ends with a torn line; resume the run to repair it`);
  const timings = readNdjson<TimingRow>(join(dir, TIMINGS_FILE)).records;
  return { dir, summary, manifest, rows: rowsFile.records, timings };
}
