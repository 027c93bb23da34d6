/**
 * The status of one fit, in the vocabulary of `replications.ndjson` (src/results/rows.ts `RowStatus`): the
 * estimator's own `FitStatus` (src/types.ts: ok, not-converged, degenerate, empty-cluster, not-mixed) with its message when
 * it returned a fit, and `error` with the thrown message when it threw (input that method cannot fit). One rule,
 * used by the runner for every row (src/runner/executeTask.ts) and by `fit --json` (src/commands/fitJson.ts).
 */
import type { Fit } from '../types.js';
import type { RowStatus } from '../results/rows.js';

export interface FitStatusRecord {
  readonly status: RowStatus;
  /** Why the status is not `ok` (absent when the estimator gave no detail). */
  readonly message?: string;
}

/** The status of a fit the estimator returned. */
export function statusOfFit(fit: Fit): FitStatusRecord {
  return { status: fit.status, ...(fit.message ? { message: fit.message } : {}) };
}

/** The status of a fit whose estimator (or its measurement) threw `err`. */
export function statusOfError(err: unknown): FitStatusRecord & { readonly status: 'error'; readonly message: string } {
  return { status: 'error', message: err instanceof Error ? err.message : String(err) };
}
