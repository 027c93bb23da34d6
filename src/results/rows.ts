/**
 * The rows a run writes (docs/ARCHITECTURE.md §4): `replications.ndjson`, one line per (condition,
 * replication, estimator) holding only deterministic values, so two runs of the same config and seed write
 * byte-identical files; and `timings.ndjson`, the wall time of each fit, kept apart so the first file stays
 * byte-comparable. Their format version is the manifest's (./version.ts).
 *
 * Read with hand-written guards rather than zod: worker threads produce rows, and this module must stay cheap
 * to load (no schema library), and a run's files can hold millions of rows.
 */
import { UserError } from '../errors/userError.js';
import type { FitInference } from '../estimands/intervals.js';
import type { FitStatus } from '../types.js';
import { inferenceProblem } from './inferenceRow.js';
import { readNdjson, writeFileAtomic, type NdjsonContents } from './ndjson.js';

export const REPLICATIONS_FILE = 'replications.ndjson';
export const TIMINGS_FILE = 'timings.ndjson';

/** `error`: the estimator threw (invalid input for that method); the message says why. */
export type RowStatus = FitStatus | 'error';

/** Every row status, once (a Record, so a status added to FitStatus must be added here to compile). */
const ROW_STATUSES: ReadonlySet<string> = new Set(
  Object.keys({ ok: true, 'not-converged': true, degenerate: true, 'empty-cluster': true, 'not-mixed': true, error: true } satisfies Record<RowStatus, true>),
);

/** One (condition, replication, estimator). */
export interface ReplicationRow {
  readonly condition: string;
  readonly rep: number;
  readonly estimator: string;
  readonly status: RowStatus;
  readonly message?: string;
  /** Estimand values (see src/estimands); null where the fit has no such quantity or failed. */
  readonly values: Readonly<Record<string, number | null>>;
  /**
   * SEs and intervals per interval method and estimand key (src/estimands/intervals.ts), only in runs whose
   * config has an `inference` block and only for fits with status ok; absent otherwise.
   */
  readonly inference?: FitInference;
}

export interface TimingRow {
  readonly condition: string;
  readonly rep: number;
  readonly estimator: string;
  /** Wall seconds of `fit` alone (sampling and measuring excluded). */
  readonly seconds: number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const show = (x: unknown): string => (x === undefined ? 'nothing' : JSON.stringify(x).slice(0, 40));

/** What identifies a row: the same three fields in both files. */
function keyProblem(r: Record<string, unknown>): string | null {
  if (typeof r.condition !== 'string') return `condition: expected a string (got ${show(r.condition)})`;
  if (typeof r.rep !== 'number' || !Number.isInteger(r.rep) || r.rep < 0) return `rep: expected an integer ≥ 0 (got ${show(r.rep)})`;
  if (typeof r.estimator !== 'string') return `estimator: expected a string (got ${show(r.estimator)})`;
  return null;
}

/** Why `x` is not a ReplicationRow, or null when it is one. */
export function replicationRowProblem(x: unknown): string | null {
  if (!isRecord(x)) return 'not an object';
  const key = keyProblem(x);
  if (key !== null) return key;
  if (typeof x.status !== 'string' || !ROW_STATUSES.has(x.status)) return `status: expected one of ${[...ROW_STATUSES].join(', ')} (got ${show(x.status)})`;
  if (x.message !== undefined && typeof x.message !== 'string') return `message: expected a string (got ${show(x.message)})`;
  if (!isRecord(x.values)) return `values: expected an object (got ${show(x.values)})`;
  const values = x.values;
  for (const k in values) {
    const v = values[k];
    if (v !== null && typeof v !== 'number') return `values.${k}: expected a number or null (got ${show(v)})`;
  }
  return x.inference === undefined ? null : inferenceProblem(x.inference);
}

/** Why `x` is not a TimingRow, or null when it is one. */
export function timingRowProblem(x: unknown): string | null {
  if (!isRecord(x)) return 'not an object';
  const key = keyProblem(x);
  if (key !== null) return key;
  if (typeof x.seconds !== 'number' || !(x.seconds >= 0)) return `seconds: expected a number ≥ 0 (got ${show(x.seconds)})`;
  return null;
}

/**
 * The rows of an NDJSON file (none when it does not exist), each checked by `problem`; a torn last line is
 * dropped and reported in `tornTail` (./ndjson.ts). A complete line that is not a row is damage: a UserError.
 */
function readChecked<T>(path: string, what: string, problem: (x: unknown) => string | null): NdjsonContents<T> {
  const file = readNdjson<unknown>(path);
  file.records.forEach((record, i) => {
    const why = problem(record);
    if (why !== null) {
      throw new UserError(`${path}: row ${i + 1} is not ${what} (${why}); the file is damaged: restore it or rerun with --fresh`);
    }
  });
  return file as NdjsonContents<T>;
}

export function readReplicationRows(path: string): NdjsonContents<ReplicationRow> {
  return readChecked(path, 'a replication row', replicationRowProblem);
}

export function readTimingRows(path: string): NdjsonContents<TimingRow> {
  return readChecked(path, 'a timing row', timingRowProblem);
}

/** Writes rows as NDJSON atomically, one piece per row, so no string of the whole file is built. */
export function writeRows(path: string, rows: readonly (ReplicationRow | TimingRow)[]): void {
  writeFileAtomic(
    path,
    (function* () {
      for (const r of rows) yield JSON.stringify(r) + '\n';
    })(),
  );
}
