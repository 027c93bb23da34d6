/**
 * The version of the results format (docs/ARCHITECTURE.md §4): `manifest.json`, `replications.ndjson`,
 * `timings.ndjson` and `summary.json` of one results folder. The two JSON files carry it as their first field,
 * `"formatVersion": 1`; the row files have no header, so the manifest's version is theirs. Bump it whenever a
 * reader must know about a change (a field added, removed, renamed or given another meaning).
 *
 * Readers accept exactly this version. A file without the field (written before it existed) or with another
 * version is refused with one line saying how to regenerate it: never a crash on a missing field, never a
 * silent misread of a field whose meaning changed.
 */
import { UserError } from '../errors/userError.js';

export const RESULTS_FORMAT_VERSION = 1;

/** How to regenerate the files of a run (or of a merge of shards), for the messages of every reader. */
export const REGENERATE_RUN =
  'regenerate it with `mixstudy run <config> --fresh` (with its --shard i/N for a shard; `mixstudy merge <name> --fresh` for merged shards)';

/**
 * Throws a UserError unless `json` (the parsed file at `path`) is an object with `formatVersion` equal to
 * RESULTS_FORMAT_VERSION. `regenerate` says how to write the file anew.
 */
export function assertFormatVersion(json: unknown, path: string, what: string, regenerate: string): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UserError(`${path}: not a mixstudy ${what} (not a JSON object); ${regenerate}`);
  }
  const version: unknown = (json as Record<string, unknown>).formatVersion;
  if (version === RESULTS_FORMAT_VERSION) return;
  if (version === undefined) {
    throw new UserError(
      `${path}: written by an older mixstudy (no "formatVersion"; this one reads results format ${RESULTS_FORMAT_VERSION}); ${regenerate}`,
    );
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > RESULTS_FORMAT_VERSION) {
    throw new UserError(
      `${path}: results format ${version}, newer than this mixstudy reads (${RESULTS_FORMAT_VERSION}); use the mixstudy that wrote it, or ${regenerate}`,
    );
  }
  throw new UserError(`${path}: unknown results format ${JSON.stringify(version)} (this mixstudy reads ${RESULTS_FORMAT_VERSION}); ${regenerate}`);
}
