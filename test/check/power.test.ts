/**
 * Detection power of `mixstudy check` (in-process): an unchanged re-run passes bit-identically; a baseline
 * shifted by k MCSE in one cell gives z = k/√2 in independent mode; a shift of 0.2 MCSE of the estimates is
 * invisible independently but caught by the paired test; a perturbed estimator is caught in every cell it moves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/check/baseline.js';
import { DEFAULT_THRESHOLDS, isFailure, type Comparison, type Thresholds } from '../../src/check/measures.js';
import { loadRunResults, type RunResults } from '../../src/check/results.js';
import { runCheck, type CheckReport } from '../../src/check/runCheck.js';
import { formatReport } from '../../src/check/table.js';
import { parseConfig } from '../../src/config/index.js';
import { createStream } from '../../src/rng/stream.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { cellOf, copyBaseline, makeFixture, perturbResults, rawConfig, scaleValues, shiftBaselineCell, tempDir, type Fixture } from './helpers.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await makeFixture();
});

const N2000 = 'canonical|n=2000';

function check(baseline: Baseline, results: RunResults, thresholds: Thresholds = DEFAULT_THRESHOLDS): CheckReport {
  return runCheck({ baseline, baselinePath: 'baseline.json', config: fx.config, results, reused: true, thresholds });
}

function row(report: CheckReport, condition: string, estimator: string, estimand: string, measure: string): Comparison {
  const r = report.comparisons.find((c) => c.condition === condition && c.estimator === estimator && c.estimand === estimand && c.measure === measure);
  if (r === undefined) throw new Error(`no row ${condition} ${estimator} ${estimand} ${measure}`);
  return r;
}

/** Same data, but compared as if independent: the baseline without per-replication values. */
function unpaired(b: Baseline): Baseline {
  return { ...copyBaseline(b), paired: { note: b.paired.note, cells: [] } };
}

describe('unchanged code', () => {
  it('a fresh re-run of the same config passes and is bit-identical (paired mode)', async () => {
    const out = await runExperiment({ config: parseConfig(rawConfig()), resultsRoot: tempDir(), workers: 1, shard: null, fresh: true });
    const report = check(fx.baseline, loadRunResults(out.dir, 'test'));
    expect(report.mode).toBe('paired');
    expect(report.bitIdentical).toBe(true);
    expect(report.passed).toBe(true);
    expect(report.counts.moved).toBe(0);
    expect(report.counts.paired).toBeGreaterThan(0);
    expect(formatReport(report)).toContain('bit-identical');
  });

  it('a different seed compares independently and passes (no false alarm)', async () => {
    const raw = rawConfig({ seed: 12 });
    const out = await runExperiment({ config: parseConfig(raw), resultsRoot: tempDir(), workers: 1, shard: null, fresh: true });
    const report = runCheck({
      baseline: fx.baseline,
      baselinePath: 'baseline.json',
      config: parseConfig(raw),
      results: loadRunResults(out.dir, 'test'),
      reused: true,
      thresholds: DEFAULT_THRESHOLDS,
    });
    expect(report.mode).toBe('independent');
    expect(report.modeReason).toContain('seed 11 → 12');
    expect(report.bitIdentical).toBe(false);
    expect(report.counts.moved).toBeGreaterThan(50);
    expect(report.passed, formatReport(report)).toBe(true);
  });

  it('a last-bit change (× (1 + 1e−14)) is negligible, not a regression', () => {
    const results = perturbResults(fx.results, scaleValues(null, 'mle', ['separation', 'means.0.0', 'means.1.0'], (v) => v * (1 + 1e-14)));
    const report = check(fx.baseline, results);
    expect(report.passed).toBe(true);
    expect(report.bitIdentical).toBe(false);
    expect(row(report, N2000, 'mle', 'separation', 'mean').verdict).toBe('negligible');
  });
});

describe('independent mode: baseline shifted by k MCSE in one cell', () => {
  /** The baseline of an estimator whose separation at n = 2000 is k MCSE higher (every number consistent). */
  function shiftedPaired(k: number): Baseline {
    const mcse = cellOf(fx.baseline.cells, N2000, 'mle', 'separation').mean.mcse as number;
    return shiftBaselineCell(fx.baseline, N2000, 'mle', 'separation', k * mcse);
  }
  function shifted(k: number): Baseline {
    return unpaired(shiftedPaired(k));
  }
  const SHIFTED = [`${N2000} mle separation`];
  const cellName = (c: Comparison): string => `${c.condition} ${c.estimator} ${c.estimand}`;

  it('gives z = −k/√2 in that cell and nothing elsewhere', () => {
    const report = check(shifted(3), fx.results);
    expect(report.mode).toBe('independent');
    const r = row(report, N2000, 'mle', 'separation', 'mean');
    expect(r.z).toBeCloseTo(-3 / Math.SQRT2, 6);
    expect(row(report, N2000, 'mle', 'separation', 'vsTruth.bias').z).toBeCloseTo(-3 / Math.SQRT2, 6);
    const moved = report.comparisons.filter((c) => c.verdict !== 'identical');
    expect([...new Set(moved.map(cellName))]).toEqual(SHIFTED);
    // The location measures and the MSE move; the spread only by rounding.
    expect(moved.filter((c) => c.verdict !== 'negligible').map((c) => c.measure)).toEqual(['mean', 'vsTruth.bias', 'vsTruth.relBias', 'vsTruth.mse', 'vsTruth.rmse']);
  });

  it('3 MCSE is caught at --z 2 (z = 2.12) judged alone but not at the defaults; 6 MCSE is caught at the defaults (z = 4, Holm α = 0.01)', () => {
    const alone = check(shifted(3), fx.results, { ...DEFAULT_THRESHOLDS, z: 2, alpha: null });
    expect(row(alone, N2000, 'mle', 'separation', 'mean').verdict).toBe('regression');
    expect([...new Set(alone.comparisons.filter((c) => isFailure(c.verdict)).map(cellName))]).toEqual(SHIFTED);
    expect(check(shifted(3), fx.results).passed).toBe(true);
    const six = check(shifted(6), fx.results);
    expect(six.passed).toBe(false);
    expect(six.family.alpha).toBe(0.01);
    expect(row(six, N2000, 'mle', 'separation', 'mean').verdict).toBe('regression');
    expect(row(six, N2000, 'mle', 'separation', 'vsTruth.bias').verdict).toBe('regression');
    expect([...new Set(six.comparisons.filter((c) => isFailure(c.verdict)).map(cellName))]).toEqual(SHIFTED);
    console.log(`6-MCSE shift: z = ${row(six, N2000, 'mle', 'separation', 'mean').z?.toFixed(3)}, p = ${row(six, N2000, 'mle', 'separation', 'mean').p?.toExponential(2)}, ${six.family.tests} tests in the family`);
  });

  it('the same 3-MCSE shift applied to the baseline replications is caught in paired mode at z = 4', () => {
    const report = check(shiftedPaired(3), fx.results);
    expect(report.mode).toBe('paired');
    expect(report.passed).toBe(false);
    expect(Math.abs(row(report, N2000, 'mle', 'separation', 'mean').z as number)).toBeGreaterThan(1e3);
  });
});

describe('paired mode: small changes of the estimator', () => {
  const mcse = (): number => cellOf(fx.baseline.cells, N2000, 'mle', 'separation').mean.mcse as number;
  const empSE = (): number => cellOf(fx.baseline.cells, N2000, 'mle', 'separation').empSE.value as number;

  it('a shift of 0.2 MCSE with per-replication scatter 0.02·EmpSE: independent z ≈ 0.14 (missed), paired z ≈ 10 (caught)', () => {
    const delta = 0.2 * mcse();
    const tau = 0.02 * empSE();
    const perturbed = perturbResults(
      fx.results,
      scaleValues(N2000, 'mle', ['separation'], (v, r) => v + delta + tau * createStream('check-power', r.rep).normal()),
    );
    const independent = row(check(unpaired(fx.baseline), perturbed), N2000, 'mle', 'separation', 'mean');
    expect(Math.abs(independent.z as number)).toBeLessThan(0.3);
    expect(independent.verdict).toBe('ok');
    const report = check(fx.baseline, perturbed);
    const paired = row(report, N2000, 'mle', 'separation', 'mean');
    expect(paired.mode).toBe('paired');
    expect(paired.verdict).toBe('regression');
    expect(paired.z as number).toBeGreaterThan(6);
    expect(report.passed).toBe(false);
    console.log(`0.2-MCSE shift: independent z = ${independent.z?.toFixed(3)}, paired z = ${paired.z?.toFixed(2)} (SE ${paired.se?.toExponential(2)} vs MCSE ${mcse().toExponential(2)})`);
  });

  it('a perturbed estimator (every EM estimate × (1 + 1e−3)) is caught in every EM cell, all of them listed', () => {
    const keys = ['separation', 'means.0.0', 'means.1.0'];
    const report = check(fx.baseline, perturbResults(fx.results, scaleValues(null, 'mle', keys, (v) => v * (1 + 1e-3))));
    expect(report.passed).toBe(false);
    const failedCells = new Set(report.comparisons.filter((c) => isFailure(c.verdict)).map((c) => `${c.condition} ${c.estimator} ${c.estimand}`));
    for (const condition of ['canonical|n=100', N2000]) for (const k of keys) expect(failedCells).toContain(`${condition} mle ${k}`);
    expect([...failedCells].every((c) => c.includes(' mle '))).toBe(true);
    const text = formatReport(report);
    expect(text.match(/REGRESSION/g)?.length).toBe(report.counts.regressions);
    const sep = row(report, N2000, 'mle', 'separation', 'mean');
    const shiftInMcse = (sep.diff as number) / (sep.base?.mcse as number);
    console.log(`×(1+1e-3): separation n=2000 moved ${shiftInMcse.toFixed(2)} MCSE, paired z = ${sep.z?.toFixed(0)}; ${report.counts.regressions} regression rows in ${failedCells.size} cells`);
  });

  it('fits that start failing are caught through the failure rate (McNemar)', () => {
    const failing = perturbResults(fx.results, (r) =>
      r.estimator === 'mle' && r.condition === 'canonical|n=100' && r.rep < 20 ? { ...r, status: 'not-converged' } : r,
    );
    const report = check(fx.baseline, failing);
    const fr = row(report, 'canonical|n=100', 'mle', 'separation', 'failRate');
    expect(fr.next?.value).toBe(0.5);
    expect(fr.z).toBeCloseTo(20 / Math.sqrt(20), 10);
    expect(fr.verdict).toBe('regression');
  });
});
