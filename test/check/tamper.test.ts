/**
 * A tampered baseline is unusable input, never a pass: the committed regression-canonical baseline, copied to
 * a temporary results folder and edited — a summary mean raised by 0.05 (~24 MCSE), a negative or infinite
 * MCSE, one changed per-replication value, a summary made consistent in itself but not with its values — is
 * refused with exit 2 naming the cell and measure (src/check/consistency.ts); paired mode compares the stored
 * measures, not only the per-replication values (src/check/paired.ts).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBaseline, type Baseline } from '../../src/check/baseline.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/measures.js';
import { comparePaired } from '../../src/check/paired.js';
import { runCheck } from '../../src/check/runCheck.js';
import { UserError } from '../../src/errors/userError.js';
import { summariseCell } from '../../src/performance/index.js';
import type { SummaryCell } from '../../src/results/summary.js';
import { cellOf, copyBaseline, makeFixture, shiftBaselineCell, tempDir, type Fixture } from './helpers.js';

const REPO = join(import.meta.dirname, '../..');
const NAME = 'regression-canonical';
const COMMITTED = join(REPO, 'results', NAME, 'baseline.json');
const N2E4 = 'canonical|n=20000';

type Json = { cells: SummaryCell[]; paired: { cells: { condition: string; estimator: string; estimand: string; values: (number | null)[] }[] } };

function committed(): Json {
  return JSON.parse(readFileSync(COMMITTED, 'utf8')) as Json;
}

/** Writes a (tampered) baseline as <tmp>/results/regression-canonical/baseline.json; returns the results root. */
function writeResults(text: string): string {
  const root = join(tempDir(), 'results');
  mkdirSync(join(root, NAME), { recursive: true });
  writeFileSync(join(root, NAME, 'baseline.json'), text);
  return root;
}

function readTampered(edit: (b: Json) => void): () => Baseline {
  const b = committed();
  edit(b);
  const path = join(writeResults(JSON.stringify(b)), NAME, 'baseline.json');
  return () => readBaseline(path);
}

function expectUserError(f: () => unknown, pattern: RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'expected a UserError').toBeInstanceOf(UserError);
  expect((thrown as UserError).exitCode).toBe(2);
  expect((thrown as Error).message).toMatch(pattern);
  expect((thrown as Error).message).not.toContain('\n');
}

function mle(b: Json, condition = N2E4, estimand = 'separation'): SummaryCell {
  return cellOf(b.cells, condition, 'mle', estimand);
}

function values(b: Json, condition = N2E4, estimand = 'separation'): (number | null)[] {
  const c = b.paired.cells.find((x) => x.condition === condition && x.estimator === 'mle' && x.estimand === estimand);
  if (c === undefined) throw new Error('no stored values');
  return c.values;
}

describe('a tampered copy of the committed baseline is refused (exit 2)', () => {
  it('the untampered copy is accepted', () => {
    expect(readTampered(() => {})().cells.length).toBe(committed().cells.length);
  });

  it('a summary mean raised by 0.05 (~24 MCSE)', () => {
    const b = committed();
    expect(0.05 / (mle(b).mean.mcse as number)).toBeGreaterThan(20);
    expectUserError(
      readTampered((x) => void ((mle(x).mean as { value: number }).value += 0.05)),
      /inconsistent baseline.*cells\[\d+\] \(canonical\|n=20000 mle separation\): vsTruth\.bias\.value = .*, but mean − target = /,
    );
  });

  it('a summary raised by 0.05 in every measure consistently, but not in its stored replication values', () => {
    expectUserError(
      readTampered((x) => {
        const c = mle(x) as unknown as { mean: { value: number }; vsTruth: Record<'bias' | 'relBias' | 'mse' | 'rmse', { value: number }>; empSE: { value: number }; nUsed: number; truth: number };
        c.mean.value += 0.05;
        c.vsTruth.bias.value += 0.05;
        c.vsTruth.relBias.value = c.vsTruth.bias.value / c.truth;
        c.vsTruth.mse.value = c.vsTruth.bias.value ** 2 + ((c.nUsed - 1) / c.nUsed) * c.empSE.value ** 2;
        c.vsTruth.rmse.value = Math.sqrt(c.vsTruth.mse.value);
      }),
      /inconsistent baseline.*\(canonical\|n=20000 mle separation\): mean\.value = [\d.]+, but its 100 stored replication values give [\d.]+/,
    );
  });

  it('a negative MCSE, and an infinite one', () => {
    expectUserError(
      readTampered((x) => void ((mle(x).empSE as { mcse: number }).mcse *= -1)),
      /\(canonical\|n=20000 mle separation\): empSE\.mcse = -[\d.e-]+: an MCSE must be finite and ≥ 0/,
    );
    expectUserError(
      readTampered((x) => void ((cellOf(x.cells, 'canonical|n=200', 'kmeans', 'means.0.0').mean as { mcse: number }).mcse *= -1)),
      /\(canonical\|n=200 kmeans means\.0\.0\): mean\.mcse = -[\d.e-]+: an MCSE must be finite and ≥ 0/,
    );
    const b = committed();
    const mcse = mle(b).vsTruth.mse.mcse as number;
    const text = readFileSync(COMMITTED, 'utf8').replace(`"mcse":${JSON.stringify(mcse)}`, '"mcse":1e999');
    expect(text).toContain('1e999');
    const path = join(writeResults(text), NAME, 'baseline.json');
    expect(() => readBaseline(path)).toThrow(/invalid baseline[\s\S]*cells\[\d+\]\.vsTruth\.mse\.mcse: .*Infinity/);
  });

  it('an EmpSE or RMSE MCSE inflated 1000× (which would excuse any shift as noise)', () => {
    expectUserError(
      readTampered((x) => void ((mle(x).empSE as { mcse: number }).mcse *= 1000)),
      /\(canonical\|n=20000 mle separation\): empSE\.mcse = [\d.e-]+, but its 100 stored replication values give [\d.e-]+/,
    );
    expectUserError(
      readTampered((x) => void ((mle(x).vsTruth.rmse as { mcse: number }).mcse *= 1000)),
      /\(canonical\|n=20000 mle separation\): vsTruth\.rmse\.mcse = [\d.e-]+, but its 100 stored replication values give [\d.e-]+/,
    );
  });

  it('one changed per-replication value', () => {
    expectUserError(
      readTampered((x) => {
        const v = values(x);
        v[5] = (v[5] as number) + 0.01;
      }),
      /\(canonical\|n=20000 mle separation\): mean\.value = [\d.]+, but its 100 stored replication values give [\d.]+/,
    );
  });

  it('mixstudy check exits 2 on the raised mean before running anything (spawned CLI)', { timeout: 60_000 }, async () => {
    const b = committed();
    (mle(b).mean as { value: number }).value += 0.05;
    const results = writeResults(JSON.stringify(b));
    const out = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(REPO, 'bin/mixstudy.js'), 'check', NAME, '--results', results, '-j', '1'], { cwd: REPO, encoding: 'utf8' }, (err, stdout, stderr) => {
        resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
      });
    });
    expect(out.status, out.stderr).toBe(2);
    expect(out.stderr).toMatch(/baseline\.json: inconsistent baseline.*canonical\|n=20000 mle separation/);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    expect(out.stdout).toBe('');
  });
});

describe('in-process: runCheck and paired mode', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await makeFixture();
  });

  it('runCheck refuses a tampered baseline and accepts a consistently shifted one', () => {
    const tampered = copyBaseline(fx.baseline);
    const c = cellOf(tampered.cells, 'canonical|n=2000', 'mle', 'separation');
    (c.mean as { value: number }).value += 24 * (c.mean.mcse as number);
    const input = { baselinePath: 'b.json', config: fx.config, results: fx.results, reused: true, thresholds: DEFAULT_THRESHOLDS };
    expect(() => runCheck({ ...input, baseline: tampered })).toThrow(/b\.json: inconsistent baseline.*canonical\|n=2000 mle separation/);
    const shifted = shiftBaselineCell(fx.baseline, 'canonical|n=2000', 'mle', 'separation', 24 * (c.mean.mcse as number));
    const report = runCheck({ ...input, baseline: shifted });
    expect(report.passed).toBe(false);
    expect(report.comparisons.find((r) => r.condition === 'canonical|n=2000' && r.estimator === 'mle' && r.estimand === 'separation' && r.measure === 'mean')?.verdict).toBe('regression');
  });

  it('paired mode compares the stored measures: a summary off its own values is a regression, not "diff 0"', () => {
    const y = Array.from({ length: 50 }, (_, i) => 2 + 0.1 * Math.sin(i + 1));
    const cell = (v: readonly number[]): SummaryCell => ({
      condition: 'm|n=100',
      mixture: 'm',
      n: 100,
      estimator: 'e',
      method: 'em',
      estimand: 'separation',
      truth: 2,
      limit: null,
      ...summariseCell(v, v.map(() => 'ok'), { truth: 2 }),
    });
    const next = cell(y);
    const base = cell(y);
    const raised = { ...base, mean: { value: (base.mean.value as number) + 0.05, mcse: base.mean.mcse } };
    const rows = comparePaired(raised, next, y, y, DEFAULT_THRESHOLDS);
    const mean = rows.find((r) => r.measure === 'mean');
    expect(mean?.verdict).toBe('regression');
    expect(mean?.diff).toBeCloseTo(-0.05, 12);
    expect(mean?.note).toMatch(/stored measures differ by -0\.05.* per-replication values by 0/);
    // Every other measure is still identical.
    expect(rows.filter((r) => r.measure !== 'mean').every((r) => r.verdict === 'identical')).toBe(true);
  });
});
