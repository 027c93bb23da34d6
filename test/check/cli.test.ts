/**
 * `mixstudy baseline` and `mixstudy check` as child processes: exit 0 (unchanged, bit-identical), 1 (a
 * regression), 2 (unusable input: missing, malformed and MCSE-less baselines here; config mismatches and
 * inconsistent baselines are the same UserError, tested in-process in baseline.test.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/check/baseline.js';
import { cellOf, makeFixture, NAME, shiftBaselineCell, type Fixture } from './helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

function mixstudy(args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ status: code, stdout, stderr });
    });
  });
}

let fx: Fixture;
let baselinePath: string;
let baselineRun: Outcome;
beforeAll(async () => {
  fx = await makeFixture();
  baselineRun = await mixstudy(['baseline', NAME, '--results', fx.resultsRoot, '--config', fx.configPath], fx.root);
  baselinePath = join(fx.resultsRoot, NAME, 'baseline.json');
});

function variant(file: string, text: string): string {
  const path = join(fx.root, file);
  writeFileSync(path, text);
  return path;
}

describe('mixstudy baseline / check', () => {
  it('exit codes 0, 1 and 2', { timeout: 120_000 }, async () => {
    expect(baselineRun.status, baselineRun.stderr).toBe(0);
    expect(baselineRun.stderr).toMatch(/wrote .*baseline\.json: \d+ cells, 16 per-replication arrays × 40/);
    expect(existsSync(baselinePath)).toBe(true);

    const b = JSON.parse(readFileSync(baselinePath, 'utf8')) as Baseline;
    // The baseline of an estimator shifted by 6 MCSE in one cell, without per-replication values (independent mode).
    const mcse = cellOf(b.cells, 'canonical|n=2000', 'mle', 'separation').mean.mcse as number;
    const shifted = { ...shiftBaselineCell(b, 'canonical|n=2000', 'mle', 'separation', 6 * mcse), paired: { note: b.paired.note, cells: [] } };
    const common = ['--results', fx.resultsRoot, '--config', fx.configPath];

    // Few processes (each costs a tsx start-up), run concurrently.
    const noMcse = readFileSync(baselinePath, 'utf8').replace(/,"mcse":(null|[-0-9.e+]+)/g, '');
    const [reuse, json, regression, missing, malformed, mcseLess] = await Promise.all([
      mixstudy(['check', NAME, ...common, '--reuse'], fx.root),
      mixstudy(['check', NAME, ...common, '-j', '1', '--json'], fx.root),
      mixstudy(['check', NAME, ...common, '--reuse', '--baseline', variant('shifted.json', JSON.stringify(shifted))], fx.root),
      mixstudy(['check', NAME, ...common, '--reuse', '--baseline', join(fx.root, 'absent.json')], fx.root),
      mixstudy(['check', NAME, ...common, '--reuse', '--baseline', variant('malformed.json', '{"format": "mixstudy-baseline/1",')], fx.root),
      mixstudy(['check', NAME, ...common, '--reuse', '--baseline', variant('nomcse.json', noMcse)], fx.root),
    ]);

    expect(reuse.status, reuse.stderr).toBe(0);
    expect(reuse.stdout).toContain('paired mode');
    expect(reuse.stdout).toContain('bit-identical');
    expect(reuse.stdout).toMatch(/PASS checktest \[paired, bit-identical\]/);
    expect(reuse.stdout).toMatch(/k-means → population limit .*separation .* (ok|skipped)/);
    expect(reuse.stdout).toMatch(/MLE → truth .* ok/);

    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { mode: string; bitIdentical: boolean; passed: boolean; comparisons: unknown[]; invariants: unknown[] };
    expect(report).toMatchObject({ mode: 'paired', bitIdentical: true, passed: true });
    expect(report.comparisons.length).toBeGreaterThan(100);

    expect(regression.status, regression.stderr).toBe(1);
    expect(regression.stdout).toContain('independent mode');
    expect(regression.stdout).toMatch(/canonical\|n=2000\s+mle\s+separation\s+mean .* REGRESSION/);
    expect(regression.stdout).toMatch(/FAIL checktest \[independent\]/);

    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/absent\.json: no baseline file/);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/malformed\.json: malformed baseline, not valid JSON/);
    expect(mcseLess.status).toBe(2);
    expect(mcseLess.stderr).toMatch(/nomcse\.json: baseline without Monte Carlo SEs/);
    expect(`${missing.stderr}${malformed.stderr}${mcseLess.stderr}`).not.toMatch(/\n\s+at /); // no stack traces
  });
});
