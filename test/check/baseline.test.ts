/** baseline.json: layout round-trips, size stays small, and every unusable baseline is a clear exit-2 error. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBaseline, readBaseline, writeBaseline, type Baseline } from '../../src/check/baseline.js';
import { matchConfigs } from '../../src/check/configMatch.js';
import { loadRunResults } from '../../src/check/results.js';
import { UserError } from '../../src/errors/userError.js';
import { parseConfig } from '../../src/config/index.js';
import { copyBaseline, makeFixture, rawConfig, tempDir, type Fixture } from './helpers.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await makeFixture();
});

function expectUserError(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a UserError');
}

function writeJson(value: unknown): string {
  const path = join(tempDir(), 'baseline.json');
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('baseline.json', () => {
  it('round-trips through its one-cell-per-line layout and holds cells with MCSEs, provenance and paired values', () => {
    const b = fx.baseline;
    expect(JSON.parse(formatBaseline(b))).toEqual(b);
    const path = join(tempDir(), 'baseline.json');
    writeBaseline(path, b);
    expect(readBaseline(path)).toEqual(b);
    expect(b.cells.every((c) => c.mean.mcse !== null)).toBe(true);
    expect(b.provenance.run.packageVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(b.replicationsSha256).toBe(fx.results.replicationsSha256);
    // configured estimands (separation, means.0.0, means.1.0) + iterations, for 2 estimators × 2 n
    expect(b.paired.cells).toHaveLength(4 * 2 * 2);
    expect(new Set(b.paired.cells.map((c) => c.estimand))).toEqual(new Set(['separation', 'means.0.0', 'means.1.0', 'iterations']));
    const lines = formatBaseline(b).split('\n');
    expect(lines.filter((l) => l.startsWith('    {"condition"')).length).toBe(b.cells.length);
  });

  it('refuses a missing file, malformed JSON, a summary.json, and a baseline without MCSEs', () => {
    expectUserError(() => readBaseline(join(tempDir(), 'nope.json')), /no baseline file.*mixstudy baseline/);
    expectUserError(() => readBaseline(writeJson('{"format": "mixstudy-baseline/1", "cells": [')), /malformed baseline, not valid JSON/);
    expectUserError(() => readBaseline(writeJson(fx.results.summary)), /not a mixstudy baseline.*summary\.json is not a baseline/);
    const noMcse = JSON.parse(JSON.stringify(fx.baseline), (key, value: unknown) => (key === 'mcse' ? undefined : value)) as unknown;
    expectUserError(() => readBaseline(writeJson(noMcse)), /baseline without Monte Carlo SEs[\s\S]*cells\[0\]\.mean\.mcse/);
  });

  it('refuses a hand-edited config and per-replication arrays that do not fit', () => {
    const edited = copyBaseline(fx.baseline) as Baseline & { config: { seed: number } };
    edited.config.seed = 99;
    expectUserError(() => readBaseline(writeJson(edited)), /inconsistent baseline[\s\S]*configHash/);
    const short = copyBaseline(fx.baseline);
    (short.paired.cells[0] as { values: (number | null)[] }).values = short.paired.cells[0].values.slice(1);
    expectUserError(() => readBaseline(writeJson(short)), /paired\.cells\[0\]\.values: 39 entries, expected 40/);
  });

  it('a different design is a config mismatch (exit 2); another seed or replication count is not', () => {
    const more = parseConfig(rawConfig({ estimators: [{ id: 'kmeans', method: 'kmeans-exact' }] }));
    expectUserError(() => matchConfigs(fx.config, more, 'b.json'), /config mismatch.*estimators/);
    expect(matchConfigs(fx.config, parseConfig(rawConfig({ replications: 20 })), 'b.json').kind).toBe('other-seed');
    expect(matchConfigs(fx.config, parseConfig(rawConfig({ title: 'renamed' })), 'b.json').kind).toBe('same-seed');
  });

  it('refuses to check against a run that is absent or incomplete', () => {
    expectUserError(() => loadRunResults(join(tempDir(), 'checktest'), 'run it'), /no results at .*checktest \(no manifest\.json\); run it/);
    const copy = join(tempDir(), 'checktest');
    cpSync(fx.results.dir, copy, { recursive: true });
    const manifestPath = join(copy, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(readFileSync(manifestPath, 'utf8')), status: 'interrupted' }));
    expectUserError(() => loadRunResults(copy, 'run it'), /incomplete \(interrupted/);
  });
});
