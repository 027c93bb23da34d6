/**
 * The records a run writes. `ReplicationRow`s hold only deterministic values, so two runs of the same config
 * and seed produce byte-identical `replications.ndjson` files; wall-clock timings go to `timings.ndjson`.
 */
import type { FitStatus } from '../types.js';

/** `error`: the estimator threw (invalid input for that method); the message says why. */
export type RowStatus = FitStatus | 'error';

/** One (condition, replication, estimator). */
export interface ReplicationRow {
  readonly condition: string;
  readonly rep: number;
  readonly estimator: string;
  readonly status: RowStatus;
  readonly message?: string;
  /** Estimand values (see src/estimands); null where the fit has no such quantity or failed. */
  readonly values: Readonly<Record<string, number | null>>;
}

export interface TimingRow {
  readonly condition: string;
  readonly rep: number;
  readonly estimator: string;
  /** Wall seconds of `fit` alone (sampling and measuring excluded). */
  readonly seconds: number;
}
