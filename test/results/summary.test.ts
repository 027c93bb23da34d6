/**
 * summary.json (src/results/summary.ts): buildSummary stamps the format version, the writer and reader round
 * trip it byte for byte, and a summary of an older format or of the wrong shape is one clear UserError —
 * before, a summary without `cells` crashed `mixstudy baseline` with "TypeError: cells is not iterable".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/userError.js';
import { readSummary, SUMMARY_FILE, writeSummary } from '../../src/results/summary.js';
import { RESULTS_FORMAT_VERSION } from '../../src/results/version.js';
import { tempDir } from '../runner/helpers.js';
import { completedRun, copyRun, editJson, without } from './fixture.js';

let run: string;
beforeAll(async () => {
  run = await completedRun();
});

function message(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message.split('\n')).toHaveLength(1);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('summary.json', () => {
  it('carries formatVersion first and round-trips byte for byte', () => {
    const text = readFileSync(join(run, SUMMARY_FILE), 'utf8');
    expect(text.startsWith(`{\n  "formatVersion": ${RESULTS_FORMAT_VERSION},\n  "name": "tiny",`)).toBe(true);
    const summary = readSummary(run);
    expect(summary.cells.length).toBeGreaterThan(0);
    const dir = tempDir();
    writeSummary(dir, summary);
    expect(readFileSync(join(dir, SUMMARY_FILE), 'utf8')).toBe(text);
  });

  it('refuses an older summary (no formatVersion) with how to regenerate it', () => {
    const dir = copyRun(run);
    editJson(dir, SUMMARY_FILE, (s) => without(s, 'formatVersion'));
    expect(message(() => readSummary(dir))).toMatch(
      new RegExp(`^${join(dir, SUMMARY_FILE)}: written by an older mixstudy \\(no "formatVersion"; this one reads results format 1\\); regenerate it with \`mixstudy run <config> --fresh\``),
    );
  });

  it('names what is wrong in a summary of the wrong shape', () => {
    const dir = copyRun(run);
    editJson(dir, SUMMARY_FILE, (s) => without(s, 'cells'));
    expect(message(() => readSummary(dir))).toMatch(/summary\.json: not a valid performance summary \(cells: required, expected an array \(got nothing\)\)/);
    editJson(dir, SUMMARY_FILE, () => ({ formatVersion: 1 }));
    expect(message(() => readSummary(dir))).toMatch(/not a valid performance summary \(name: required.*; and \d+ more\)/);
    const cell = copyRun(run);
    editJson(cell, SUMMARY_FILE, (s) => ({ ...s, cells: (s.cells as object[]).map((c, i) => (i === 3 ? { ...c, n: '60' } : c)) }));
    expect(message(() => readSummary(cell))).toMatch(/cells\[3\]\.n: expected a number \(got "60"\)/);
    const measure = copyRun(run);
    editJson(measure, SUMMARY_FILE, (s) => ({ ...s, cells: (s.cells as Record<string, unknown>[]).map((c, i) => (i === 2 ? without(c, 'vsTruth') : c)) }));
    expect(message(() => readSummary(measure))).toMatch(/cells\[2\]\.vsTruth: required, expected an object \(got nothing\)/);
    const theory = copyRun(run);
    editJson(theory, SUMMARY_FILE, (s) => ({ ...s, mixtures: (s.mixtures as object[]).map((m) => ({ ...m, theory: { kmeansLimit: null } })) }));
    expect(message(() => readSummary(theory))).toMatch(/mixtures\[0\]\.theory\.fisher: required/);
  });

  it('a file cut short is damaged; a JSON value that is no object is not a summary', () => {
    const dir = copyRun(run);
    writeFileSync(join(dir, SUMMARY_FILE), '{"formatVersion": 1, "na');
    expect(message(() => readSummary(dir))).toMatch(/summary\.json: damaged \(not valid JSON: .*\); regenerate it/);
    writeFileSync(join(dir, SUMMARY_FILE), '"x"\n');
    expect(message(() => readSummary(dir))).toMatch(/summary\.json: not a mixstudy performance summary \(not a JSON object\)/);
  });
});
