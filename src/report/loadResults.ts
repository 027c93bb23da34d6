/**
 * Reads one experiment's completed run for reporting (src/results/load.ts): `summary.json` (the measures),
 * `manifest.json` (provenance and completeness), `replications.ndjson` (per-replication statuses and values)
 * and `timings.ndjson`, each checked. Results that are missing, unfinished or still split in shards are
 * refused with a message saying what to run — a report of a partial run would present conditional measures as
 * final.
 */
import { loadCompletedRun, type CompletedRun } from '../results/load.js';
import { describeUnfinished } from '../runner/runExperiment.js';

export type Results = CompletedRun;

export function loadResults(dir: string): Results {
  return loadCompletedRun(dir, { hint: 'run the experiment first (`mixstudy run experiments/<name>.json`)', describeUnfinished });
}
