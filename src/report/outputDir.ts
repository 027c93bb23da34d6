/**
 * Output folders that `mixstudy report` and `mixstudy figures` own. Both write into a folder the user names
 * (`--out`), so they must never delete or overwrite a file they did not write there.
 *
 * The folder keeps a manifest, `.mixstudy-output.json`, listing every file mixstudy wrote into it (paths relative
 * to the folder, with their SHA-256). A folder is ours when it does not exist yet, holds no files, or holds that
 * manifest. A folder written by a mixstudy from before the manifest (an `index.html` with the report's spec
 * block, `report.md`, and `figures/<id>.vl.json|.svg|.png`, nothing else) is adopted: its files may be
 * overwritten by the new ones but none is deleted. Any other non-empty folder is refused.
 *
 * Writing goes `claimOutputDir` (check ownership; before any slow work) → `beginOutput` (the files about to be
 * written; the manifest records them first, so an interrupted write leaves them owned) → write the files →
 * `finishOutput` (remove the files of the previous write that were not written again — only those whose
 * content is still what mixstudy wrote — and record the new set).
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { UserError } from '../errors/userError.js';
import { writeFileAtomic } from '../results/ndjson.js';

export const OUTPUT_MANIFEST = '.mixstudy-output.json';

/** What the manifest holds: written files (relative, `/`-separated) → SHA-256 hex of their content as written. */
interface Manifest {
  readonly tool: 'mixstudy';
  readonly files: Record<string, string>;
}

export interface OutputClaim {
  readonly dir: string;
  /** Files of the previous write, with the hash they were written with ('' when the write was interrupted). */
  readonly previous: ReadonlyMap<string, string>;
  /** Files of a pre-manifest mixstudy output, which may be overwritten but are never deleted. */
  readonly adopted: ReadonlySet<string>;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A manifest path must stay inside the folder: relative, normalised, no `..`. */
function safeRelative(path: string): boolean {
  return path.length > 0 && !isAbsolute(path) && !path.includes('\\') && !path.includes('\0') && normalize(path) === path.split('/').join(sep) && !path.split('/').includes('..');
}

function readManifest(dir: string): Map<string, string> {
  const path = join(dir, OUTPUT_MANIFEST);
  const refuse = (why: string): never => {
    throw new UserError(`${path}: ${why}; delete the folder's mixstudy files by hand or choose another --out`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return refuse(`not a readable mixstudy output manifest (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { tool?: unknown }).tool !== 'mixstudy') return refuse('not a mixstudy output manifest');
  const files = (parsed as { files?: unknown }).files;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return refuse('"files" is not an object');
  const out = new Map<string, string>();
  for (const [file, hash] of Object.entries(files)) {
    if (!safeRelative(file) || file === OUTPUT_MANIFEST) return refuse(`lists "${file}", which is not a file inside the folder`);
    if (typeof hash !== 'string') return refuse(`the hash of "${file}" is not a string`);
    out.set(file, hash);
  }
  return out;
}

/** Every non-directory entry under `dir`, relative and `/`-separated (symlinks are listed, not followed). */
function listFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    if (prefix === '' && TEMP_MANIFEST.test(entry.name)) continue; // left by a kill while the manifest was written
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(dir, rel));
    else files.push(rel);
  }
  return files.sort();
}

const TEMP_MANIFEST = /^\.mixstudy-output\.json\.\d+\.tmp$/;
const FIGURE_FILE = /^figures\/[A-Za-z0-9][A-Za-z0-9._-]*\.(vl\.json|svg|png)$/;

/** Whether the files are exactly what a mixstudy report or paper from before the manifest writes. */
function isPreManifestOutput(dir: string, files: readonly string[]): boolean {
  if (!files.includes('index.html')) return false;
  for (const f of files) {
    if (!lstatSync(join(dir, f)).isFile()) return false;
    if (f !== 'index.html' && f !== 'report.md' && !FIGURE_FILE.test(f)) return false;
  }
  return readFileSync(join(dir, 'index.html'), 'utf8').includes('<script type="application/json" id="mixstudy-specs">');
}

/** Checks that `dir` is a folder mixstudy may write into (creating it if needed); throws a UserError if not. */
export function claimOutputDir(dir: string): OutputClaim {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(`--out ${dir}: exists and is not a folder`);
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, OUTPUT_MANIFEST))) return { dir, previous: readManifest(dir), adopted: new Set() };
  const files = listFiles(dir);
  if (files.length === 0) return { dir, previous: new Map(), adopted: new Set() };
  if (isPreManifestOutput(dir, files)) return { dir, previous: new Map(), adopted: new Set(files) };
  throw new UserError(
    `--out ${dir}: the folder holds files mixstudy did not write (e.g. ${files[0]}); choose a new or empty folder, or one an earlier report or figures run wrote`,
  );
}

function writeManifest(dir: string, files: ReadonlyMap<string, string>): void {
  const sorted = Object.fromEntries([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const manifest: Manifest = { tool: 'mixstudy', files: sorted };
  writeFileAtomic(join(dir, OUTPUT_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * Records `planned` (relative paths) as about to be written. Refuses when one of them exists and is not a file
 * mixstudy wrote, or is one it wrote that has been edited since, so a user's file is never overwritten.
 */
export function beginOutput(claim: OutputClaim, planned: readonly string[]): void {
  for (const f of planned) {
    if (!safeRelative(f)) throw new Error(`output file "${f}" is not a relative path inside the folder`);
    const path = join(claim.dir, f);
    if (!existsSync(path)) continue;
    if (!claim.previous.has(f) && !claim.adopted.has(f))
      throw new UserError(`--out ${claim.dir}: ${f} exists and was not written by mixstudy; move it away or choose another --out`);
    // A file mixstudy wrote and the user has edited since is theirs now: never overwritten either.
    const hash = claim.previous.get(f);
    if (hash !== undefined && hash !== '' && lstatSync(path).isFile() && sha256(path) !== hash)
      throw new UserError(`--out ${claim.dir}: ${f} was changed after mixstudy wrote it; move it away (or delete it) to regenerate it`);
  }
  const pending = new Map(claim.previous);
  for (const f of planned) if (!pending.has(f)) pending.set(f, '');
  writeManifest(claim.dir, pending);
}

/**
 * After `written` (relative paths) are in place: removes the previous write's files that were not written again
 * and still hold the content mixstudy wrote (a file the user changed or replaced is left alone), then records
 * the new set. Returns the relative paths removed.
 */
export function finishOutput(claim: OutputClaim, written: readonly string[]): string[] {
  const keep = new Set(written);
  const removed: string[] = [];
  for (const [f, hash] of claim.previous) {
    if (keep.has(f)) continue;
    const path = join(claim.dir, f);
    if (hash !== '' && existsSync(path) && lstatSync(path).isFile() && sha256(path) === hash) {
      unlinkSync(path);
      removed.push(f);
    }
  }
  writeManifest(claim.dir, new Map(written.map((f) => [f, sha256(join(claim.dir, f))])));
  return removed;
}
