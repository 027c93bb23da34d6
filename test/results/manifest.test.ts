/**
 * manifest.json (src/results/manifest.ts): written and read back unchanged, versioned, and checked — a file of
 * an older or newer format, of the wrong shape, or edited by hand is one clear UserError, never a misread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/userError.js';
import { MANIFEST_FILE, readManifest, writeManifest } from '../../src/results/manifest.js';
import { RESULTS_FORMAT_VERSION } from '../../src/results/version.js';
import { tempDir } from '../runner/helpers.js';
import { completedRun, copyRun, editJson, without } from './fixture.js';

let run: string;
beforeAll(async () => {
  run = await completedRun();
});

/** The UserError `f` throws: one line, naming the file. */
function userError(f: () => unknown, path: string): string {
  let caught: unknown;
  try {
    f();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UserError);
  const message = (caught as UserError).message;
  expect(message.split('\n')).toHaveLength(1);
  expect(message.startsWith(path)).toBe(true);
  return message;
}

describe('manifest.json', () => {
  it('the runner writes formatVersion first; a manifest is written and read back unchanged', () => {
    const text = readFileSync(join(run, MANIFEST_FILE), 'utf8');
    expect(text.startsWith(`{\n  "formatVersion": ${RESULTS_FORMAT_VERSION},\n  "name": "tiny",`)).toBe(true);
    const manifest = readManifest(run);
    expect(manifest?.status).toBe('complete');
    const dir = tempDir();
    writeManifest(dir, manifest!);
    expect(readFileSync(join(dir, MANIFEST_FILE), 'utf8')).toBe(text);
    expect(readManifest(dir)).toEqual(manifest);
    expect(readManifest(tempDir())).toBeNull();
  });

  it('an older manifest (no formatVersion) or a newer one: one line saying how to regenerate it', () => {
    const dir = copyRun(run);
    const path = join(dir, MANIFEST_FILE);
    editJson(dir, MANIFEST_FILE, (m) => without(m, 'formatVersion'));
    expect(userError(() => readManifest(dir), path)).toMatch(/written by an older mixstudy \(no "formatVersion".*regenerate it with `mixstudy run <config> --fresh`/);
    editJson(dir, MANIFEST_FILE, (m) => ({ formatVersion: RESULTS_FORMAT_VERSION + 1, ...m }));
    expect(userError(() => readManifest(dir), path)).toMatch(/results format 2, newer than this mixstudy reads \(1\)/);
    editJson(dir, MANIFEST_FILE, (m) => ({ ...m, formatVersion: '1' }));
    expect(userError(() => readManifest(dir), path)).toMatch(/unknown results format "1"/);
  });

  it('a manifest of the wrong shape names the field', () => {
    const dir = copyRun(run);
    const path = join(dir, MANIFEST_FILE);
    editJson(dir, MANIFEST_FILE, (m) => without(m, 'config'));
    expect(userError(() => readManifest(dir), path)).toMatch(/not a valid run manifest \(config: required, expected an object \(got nothing\)\)/);
    const other = copyRun(run);
    editJson(other, MANIFEST_FILE, (m) => ({ ...m, sessions: [{ ...(m.sessions as object[])[0], workers: 'two' }] }));
    expect(userError(() => readManifest(other), join(other, MANIFEST_FILE))).toMatch(/sessions\[0\]\.workers: expected a number \(got "two"\)/);
  });

  it('a recorded config edited by hand no longer matches its hash and is refused', () => {
    const dir = copyRun(run);
    editJson(dir, MANIFEST_FILE, (m) => ({ ...m, config: { ...(m.config as object), seed: 8 } }));
    expect(userError(() => readManifest(dir), join(dir, MANIFEST_FILE))).toMatch(/recorded config does not match its configHash/);
  });
});
