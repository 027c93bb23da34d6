/**
 * Reading one completed run (`results/<name>/`) for the regression checks (src/results/load.ts): its
 * manifest, summary, replication rows and the sha256 of `replications.ndjson`. The runner writes that file
 * byte-identically for the same config, seed and code, so equal hashes mean a bit-identical re-run. Anything
 * unusable (no run, an interrupted or sharded run, unreadable files) is a UserError: exit 2.
 */
import { loadCompletedRun, type CompletedRun } from '../results/load.js';
import { describeUnfinished } from '../runner/runExperiment.js';

export type RunResults = CompletedRun;

/** A complete, unsharded run in `dir`; `hint` is the command that would produce one. */
export function loadRunResults(dir: string, hint: string): RunResults {
  return loadCompletedRun(dir, { hint, describeUnfinished });
}
