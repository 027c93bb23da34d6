/**
 * Reading and writing the JSON files of a results folder (`manifest.json`, `summary.json`): parse, check the
 * format version (./version.ts), check the shape with a zod schema, and hand back the parsed value itself, so
 * what a reader passes on (a baseline copies summary cells) keeps the file's key order and every field.
 * Every problem is one line (a UserError, exit 2) naming the file and how to regenerate it.
 *
 * Not for worker threads: zod takes ~0.1–0.4 s to load (docs/ARCHITECTURE.md §9); rows are read and written
 * by ./rows.ts, which does not load it.
 */
import { readFileSync } from 'node:fs';
import type * as z from 'zod';
import { errorMap, issueProblems } from '../config/messages.js';
import { UserError } from '../errors/userError.js';
import { writeFileAtomic } from './ndjson.js';
import { assertFormatVersion } from './version.js';

/** What a file is (for messages) and how to write it anew. */
export interface JsonFileKind {
  /** E.g. "run manifest". */
  readonly what: string;
  readonly regenerate: string;
}

/** The problems of a failed parse, as one clause: the first two, and how many more. */
function problemsText(error: z.ZodError): string {
  const problems = error.issues.flatMap(issueProblems);
  const shown = problems.slice(0, 2).join('; ');
  return problems.length > 2 ? `${shown}; and ${problems.length - 2} more` : shown;
}

/** The file at `path`, parsed and checked against `schema`; T is the type the schema guards. */
export function readResultsJson<T>(path: string, kind: JsonFileKind, schema: z.ZodType): T {
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new UserError(`${path}: damaged (not valid JSON: ${err.message}); ${kind.regenerate}`);
  }
  assertFormatVersion(json, path, kind.what, kind.regenerate);
  const parsed = schema.safeParse(json, { error: errorMap });
  if (!parsed.success) throw new UserError(`${path}: not a valid ${kind.what} (${problemsText(parsed.error)}); ${kind.regenerate}`);
  return json as T;
}

/** Writes `value` as indented JSON (two spaces, final newline), atomically (./ndjson.ts `writeFileAtomic`). */
export function writeResultsJson(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}
