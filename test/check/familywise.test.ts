/**
 * Independent-mode false alarms: Student-t p-values (src/check/pValue.ts), Holm's procedure
 * (src/check/familywise.ts), diagnostics that never fail, zero MCSEs, and the two false alarms reproduced on
 * unchanged code (seed 42 against seed 43 at R = 20) now passing. The 100-seed-pair rate is measured by
 * bench/checkFalseAlarms.ts (README, "Regression checks").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBaseline } from '../../src/check/baseline.js';
import { compareIndependent } from '../../src/check/compare.js';
import { applyFamilywise, holm } from '../../src/check/familywise.js';
import { DEFAULT_THRESHOLDS, isFailure } from '../../src/check/measures.js';
import { twoSidedP } from '../../src/check/pValue.js';
import { loadRunResults } from '../../src/check/results.js';
import { runCheck } from '../../src/check/runCheck.js';
import { parseConfig } from '../../src/config/index.js';
import { summariseCell } from '../../src/performance/index.js';
import { createStream } from '../../src/rng/stream.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import type { SummaryCell } from '../../src/results/summary.js';
import { tempDir } from './helpers.js';

const REPO = join(import.meta.dirname, '../..');

describe('twoSidedP', () => {
  const grid = [0.1, 0.5, 1, 2, 4, 8, 30, 1e3];
  it('matches the closed forms of Student t with 1, 2 and 3 degrees of freedom, tails included', () => {
    for (const t of grid) {
      const df1 = 1 - (2 / Math.PI) * Math.atan(t);
      const df2 = 1 - t / Math.sqrt(2 + t * t);
      const u = t / Math.sqrt(3);
      const df3 = 1 - (2 / Math.PI) * (Math.atan(u) + u / (1 + u * u));
      // Relative accuracy; in the far tail the closed forms themselves cancel, so compare there on 1e-9 absolute.
      expect(Math.abs(twoSidedP(t, 1) - df1)).toBeLessThan(1e-12 * df1 + 1e-15);
      expect(Math.abs(twoSidedP(-t, 2) - df2)).toBeLessThan(1e-12 * df2 + 1e-15);
      expect(Math.abs(twoSidedP(t, 3) - df3)).toBeLessThan(1e-9 * df3 + 1e-14);
    }
  });

  it('tends to the normal as df grows, is monotone in fractional df, and handles 0 and ∞', () => {
    // The gap to the normal shrinks like 1/ν.
    for (const z of [1, 3, 5]) {
      const gap = (df: number): number => twoSidedP(z, df) / twoSidedP(z, null) - 1;
      expect(Math.abs(gap(1e7))).toBeLessThan(1e-4);
      expect(gap(1e5) / gap(1e6)).toBeGreaterThan(9.5);
      expect(gap(1e5) / gap(1e6)).toBeLessThan(10.5);
    }
    expect(twoSidedP(4, 3)).toBeGreaterThan(twoSidedP(4, 3.5));
    expect(twoSidedP(4, 3.5)).toBeGreaterThan(twoSidedP(4, 4));
    // R = 20: a z of 4 is 12 times likelier under t(19) than under the normal.
    expect(twoSidedP(4, 19) / twoSidedP(4, null)).toBeGreaterThan(10);
    expect(twoSidedP(0, 5)).toBe(1);
    expect(twoSidedP(Infinity, 5)).toBe(0);
    expect(twoSidedP(-Infinity, null)).toBe(0);
  });
});

describe('holm', () => {
  it('steps down: p₍ᵢ₎ ≤ α/(m − i + 1) until the first that is not', () => {
    expect(holm([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, false, false, true]);
    expect(holm([0.012, 0.013], 0.05)).toEqual([true, true]); // 0.012 ≤ 0.025, 0.013 ≤ 0.05
    expect(holm([0.03, 0.001], 0.05)).toEqual([true, true]);
    expect(holm([0.026, 0.001, 0.5], 0.05)).toEqual([false, true, false]); // 0.026 > 0.05/2
    expect(holm([], 0.05)).toEqual([]);
  });

  it('rejects a true null in at most ≈ α of families (m = 20 independent uniform p-values)', () => {
    const s = createStream('holm-test', 1);
    const families = 4000;
    let any = 0;
    for (let f = 0; f < families; f++) if (holm(Array.from({ length: 20 }, () => s.uniform()), 0.05).some((r) => r)) any++;
    const rate = any / families;
    expect(rate).toBeLessThan(0.05 + 3 * Math.sqrt((0.05 * 0.95) / families));
    expect(rate).toBeGreaterThan(0.03); // Holm is not much more conservative than α for independent tests
  });
});

function cell(estimand: string, values: readonly number[], truth: number | null = null): SummaryCell {
  return {
    condition: 'm|n=100',
    mixture: 'm',
    n: 100,
    estimator: 'mle',
    method: 'em',
    estimand,
    truth,
    limit: null,
    ...summariseCell(values, values.map(() => 'ok'), { truth }),
  };
}

describe('diagnostics and zero MCSEs', () => {
  const t = DEFAULT_THRESHOLDS;
  const varying = Array.from({ length: 20 }, (_, i) => 3 + (i % 2));
  const constant = varying.map(() => 3);

  it('a diagnostic against a baseline of 0 ± 0 is shown but never fails', () => {
    const rows = compareIndependent(cell('iterations', constant), cell('iterations', varying), t);
    const perMeasure = rows.find((r) => r.measure === 'empSE');
    expect(perMeasure?.verdict).toBe('regression'); // alone: EmpSE 0 ± 0 against 0.51 ± ~0.01
    const { comparisons, family } = applyFamilywise(rows, [], t);
    const empSE = comparisons.find((r) => r.measure === 'empSE');
    expect(empSE?.verdict).toBe('diagnostic');
    expect(empSE?.note).toMatch(/beyond \|z\| = 4; diagnostics never fail/);
    expect(comparisons.some((r) => isFailure(r.verdict))).toBe(false);
    expect(family.tests).toBe(0); // diagnostics are not in the family
  });

  it('MCSE 0 on both sides: equal is identical; different fails with a note unless it is a diagnostic', () => {
    const same = compareIndependent(cell('misclassification', constant), cell('misclassification', constant), t);
    expect(same.every((r) => r.verdict === 'identical')).toBe(true);
    const moved = applyFamilywise(compareIndependent(cell('misclassification', constant), cell('misclassification', constant.map((v) => v + 1)), t), [], t);
    const mean = moved.comparisons.find((r) => r.measure === 'mean');
    expect(mean).toMatchObject({ verdict: 'regression', z: Infinity, p: 0 });
    expect(mean?.note).toMatch(/constant on both sides \(MCSE 0\) but different/);
    const diag = applyFamilywise(compareIndependent(cell('converged', constant), cell('converged', constant.map((v) => v + 1)), t), [], t);
    expect(diag.comparisons.find((r) => r.measure === 'mean')?.verdict).toBe('diagnostic');
    expect(diag.comparisons.some((r) => isFailure(r.verdict))).toBe(false);
  });

  it('a per-measure regression that Holm does not confirm is ok, with the reason', () => {
    // One shifted mean among many unchanged measures, |z| just above 4 with 19 degrees of freedom each side.
    const s = createStream('familywise-test', 2);
    const draws = (shift: number): number[] => Array.from({ length: 20 }, () => 2 + shift + 0.1 * s.normal());
    const cells = Array.from({ length: 40 }, (_, i) => [cell(`means.${i}.0`, draws(0), 2), cell(`means.${i}.0`, draws(0), 2)] as const);
    const rows = cells.flatMap(([b, n]) => compareIndependent(b, n, t));
    const base = cell('separation', draws(0), 2);
    const se = Math.hypot(base.mean.mcse as number, base.mean.mcse as number);
    const next = { ...base, mean: { value: (base.mean.value as number) + 4.3 * se, mcse: base.mean.mcse } };
    const all = [...rows, ...compareIndependent(base, next, t)];
    const before = all.find((r) => r.estimand === 'separation' && r.measure === 'mean');
    expect(before?.verdict).toBe('regression');
    const after = applyFamilywise(all, [], t).comparisons.find((r) => r.estimand === 'separation' && r.measure === 'mean');
    expect(after?.verdict).toBe('ok');
    expect(after?.note).toMatch(/\|z\| > 4 but not significant family-wise: p = .* > Holm's bound .* \(\d+ tests, α = 0\.01\)/);
    // Judged alone (no family-wise correction) it stays a regression.
    expect(applyFamilywise(all, [], { ...t, alpha: null }).comparisons.find((r) => r.estimand === 'separation' && r.measure === 'mean')?.verdict).toBe('regression');
  });
});

describe('unchanged code, seed 42 against seed 43 at R = 20 (false alarms before the family-wise correction)', () => {
  async function pair(path: string): Promise<ReturnType<typeof runCheck>> {
    const raw = JSON.parse(readFileSync(join(REPO, path), 'utf8')) as Record<string, unknown>;
    const config = (seed: number) => parseConfig({ ...raw, seed, replications: 20 });
    const run = async (seed: number) => {
      const out = await runExperiment({ config: config(seed), resultsRoot: tempDir(), workers: 1, shard: null, fresh: true });
      return loadRunResults(out.dir, 'test');
    };
    const [a, b] = [await run(42), await run(43)];
    return runCheck({ baseline: buildBaseline(a), baselinePath: 'seed 42', config: config(43), results: b, reused: true, thresholds: DEFAULT_THRESHOLDS });
  }

  /** Every test beyond |z| = 4 is a diagnostic or was not confirmed by Holm; none fails. */
  function expectNoFalseAlarm(report: ReturnType<typeof runCheck>, name: string): void {
    const beyond = report.comparisons.filter((c) => c.mode !== 'exact' && c.z !== null && Math.abs(c.z) > 4);
    for (const c of beyond) {
      expect(c.verdict === 'diagnostic' || (c.verdict === 'ok' && /not significant family-wise/.test(c.note ?? '')), `${c.estimand} ${c.measure}`).toBe(true);
    }
    for (const r of report.invariants.filter((i) => i.z !== null && Math.abs(i.z) > 4)) expect(r.verdict).toBe('ok');
    expect(report.passed).toBe(true);
    const shown = beyond.map((c) => `${c.condition} ${c.estimator} ${c.estimand} ${c.measure} z=${c.z?.toFixed(2)} → ${c.verdict}`);
    console.log(`${name} 42 vs 43: ${report.family.tests} tests; beyond |z| = 4: ${shown.join('; ') || 'none'}`);
  }

  // ~2 s of fitting alone (11 sample sizes up to 1e5): a slow test.
  it.runIf(process.env.MIXSTUDY_SLOW_TESTS === '1')('bw1978 (its old false alarm: the EmpSE of EM iterations at n = 100, a diagnostic)', { timeout: 120_000 }, async () => {
    const report = await pair('experiments/bw1978.json');
    expect(report.mode).toBe('independent');
    expect(report.comparisons.filter((c) => c.estimand === 'iterations').every((c) => !isFailure(c.verdict))).toBe(true);
    expectNoFalseAlarm(report, 'bw1978');
  });

  it('regression-unequal (its old false alarm: σ₀ of EM at n = 20 000, z = 4.5, and 4.9 from the truth)', { timeout: 60_000 }, async () => {
    const report = await pair('experiments/regression/regression-unequal.json');
    const sigma = report.comparisons.find((c) => c.condition === 'unequal|n=20000' && c.estimator === 'mle' && c.estimand === 'sigma.0' && c.measure === 'mean');
    expect(sigma?.verdict).toBe('ok');
    expect(report.invariants.find((r) => r.estimator === 'mle' && r.estimand === 'sigma.0')?.verdict).toBe('ok');
    expectNoFalseAlarm(report, 'regression-unequal');
  });
});
