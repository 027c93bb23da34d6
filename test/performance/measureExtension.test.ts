/**
 * Adding a measure is one entry in the measure table (src/performance/measures.ts) and nothing else: this test
 * adds one — the share of estimates above the target, p̂ = #{θ̂ᵢ > θ}/R, carrying a Wald 95 % interval
 * [p̂ ∓ 1.96·MCSE] in two extra fields `lo` and `hi` — to the table alone (vi.mock of that module), and finds
 * it in every reader with no other change: summary cells and the MCSE sentence (src/runner/summary.ts), the
 * schema (src/performance/schema.ts), a written and re-read baseline with its consistency check
 * (src/check/baseline.ts, consistency.ts), paired and independent check rows (src/check/paired.ts,
 * compare.ts), and the report's table and figure series (src/report/tables.ts, figures/series.ts).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readBaseline, writeBaseline } from '../../src/check/baseline.js';
import { compareIndependent } from '../../src/check/compare.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/measures.js';
import { runCheck } from '../../src/check/runCheck.js';
import { configHash } from '../../src/config/index.js';
import { UserError } from '../../src/errors/userError.js';
import { MCSE_DESCRIPTION, MEASURE_SLOTS } from '../../src/performance/measureAccess.js';
import { seriesOf, type Measure } from '../../src/report/figures/series.js';
import { biasRmseTable } from '../../src/report/tables.js';
import { buildSummary } from '../../src/runner/summary.js';
import type { SummaryCell } from '../../src/results/summary.js';
import { cellOf, copyBaseline, makeFixture, perturbResults, scaleValues, tempDir, type Fixture } from '../check/helpers.js';
import { syntheticConfig, syntheticRows, withTheory } from '../report/fixtures.js';

vi.mock('../../src/performance/measures.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/performance/measures.js')>();
  type Share = { value: number | null; mcse: number | null; lo: number | null; hi: number | null };
  const above: import('../../src/performance/measureSpec.js').TargetMeasure<'above', Share> = {
    key: 'above',
    scope: 'target',
    noun: 'the share above θ',
    fields: ['value', 'mcse', 'lo', 'hi'],
    unit: 'proportion',
    mcse: 'mean',
    compute: ({ estimates, moments, target }) => {
      const R = moments.R;
      let k = 0;
      for (let i = 0; i < R; i++) if (estimates[i] > target) k++;
      const p = k / R;
      const mcse = R < 2 ? null : Math.sqrt((p * (1 - p)) / (R - 1));
      return { value: p, mcse, lo: mcse === null ? null : p - 1.96 * mcse, hi: mcse === null ? null : p + 1.96 * mcse };
    },
    paired: { kind: 'mean-difference', term: (x, target) => (x > target ? 1 : 0) },
    report: { caption: 'share above the target', columns: { truth: 'above', limit: 'above limit' } },
  };
  return { ...original, MEASURES: [...original.MEASURES, above] };
});

interface Share {
  readonly value: number | null;
  readonly mcse: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

function share(cell: SummaryCell, block: 'vsTruth' | 'vsLimit' = 'vsTruth'): Share {
  return (cell[block] as unknown as { above: Share }).above;
}

let fx: Fixture;
beforeAll(async () => {
  fx = await makeFixture();
});

const N2000 = 'canonical|n=2000';

describe('a measure added to the table alone', () => {
  it('is in every summary cell, against each target, with its extra fields, and in the MCSE sentence', () => {
    const cell = cellOf(fx.results.summary.cells, N2000, 'mle', 'separation');
    const s = share(cell);
    expect(Object.keys(s)).toEqual(['value', 'mcse', 'lo', 'hi']);
    expect(s.value).toBeGreaterThan(0);
    expect(s.value).toBeLessThan(1);
    expect(s.hi as number).toBeCloseTo((s.value as number) + 1.96 * (s.mcse as number), 14);
    expect(share(cellOf(fx.results.summary.cells, N2000, 'kmeans', 'separation'), 'vsLimit').value).not.toBeNull();
    expect(MCSE_DESCRIPTION).toContain('MSE and the share above θ');
    expect(fx.results.summary.mcse).toBe(MCSE_DESCRIPTION);
    expect(MEASURE_SLOTS.map((x) => x.name)).toContain('vsLimit.above');
  });

  it('is written to and read back from a baseline, whose consistency check recomputes it from the stored values', () => {
    const path = join(tempDir(), 'baseline.json');
    writeBaseline(path, fx.baseline);
    const read = readBaseline(path);
    expect(share(cellOf(read.cells, N2000, 'mle', 'separation'))).toEqual(share(cellOf(fx.baseline.cells, N2000, 'mle', 'separation')));

    const tampered = copyBaseline(fx.baseline);
    const s = share(cellOf(tampered.cells, N2000, 'mle', 'separation')) as { lo: number };
    s.lo += 0.01;
    const tamperedPath = join(tempDir(), 'baseline.json');
    writeBaseline(tamperedPath, tampered);
    expect(() => readBaseline(tamperedPath)).toThrow(UserError);
    expect(() => readBaseline(tamperedPath)).toThrow(/canonical\|n=2000 mle separation\): vsTruth\.above\.lo = .*, but its 40 stored replication values give/);
  });

  it('is compared by a check, paired (mean of per-replication indicator differences) and independently', () => {
    const same = runCheck({ baseline: fx.baseline, baselinePath: 'b.json', config: fx.config, results: fx.results, reused: true, thresholds: DEFAULT_THRESHOLDS });
    const rows = same.comparisons.filter((c) => c.measure === 'vsTruth.above');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((c) => c.verdict === 'identical')).toBe(true);

    // the MLE's separation moved up by 0.02 (about 0.2 of its sampling SD at n = 2000): more estimates above θ
    const moved = perturbResults(fx.results, scaleValues(N2000, 'mle', ['separation'], (v) => v + 0.02));
    const report = runCheck({ baseline: fx.baseline, baselinePath: 'b.json', config: fx.config, results: moved, reused: true, thresholds: DEFAULT_THRESHOLDS });
    const row = report.comparisons.find((c) => c.condition === N2000 && c.estimator === 'mle' && c.estimand === 'separation' && c.measure === 'vsTruth.above');
    const before = share(cellOf(fx.results.summary.cells, N2000, 'mle', 'separation')).value as number;
    const after = share(cellOf(moved.summary.cells, N2000, 'mle', 'separation')).value as number;
    expect(row?.mode).toBe('paired');
    expect(after).toBeGreaterThan(before);
    expect(row?.diff).toBeCloseTo(after - before, 14);
    expect(row?.next).toEqual(share(cellOf(moved.summary.cells, N2000, 'mle', 'separation')));

    const independent = compareIndependent(cellOf(fx.results.summary.cells, N2000, 'mle', 'separation'), cellOf(moved.summary.cells, N2000, 'mle', 'separation'), DEFAULT_THRESHOLDS);
    expect(independent.find((c) => c.measure === 'vsTruth.above')?.diff).toBeCloseTo(after - before, 14);
  });

  it('is shown in the report table of measures against the targets and can be plotted', () => {
    const config = syntheticConfig();
    const rows = syntheticRows(config);
    const summary = withTheory(buildSummary(config, configHash(config), rows), rows);
    const table = biasRmseTable(summary, 'canonical');
    const headers = table.columns.map((c) => c.header);
    expect(headers).toEqual(['n', 'km: bias', 'km: RMSE', 'km: above', 'mle: bias', 'mle: RMSE', 'mle: above', 'km: mean − limit', 'km: above limit']);
    expect(table.caption).toMatch(/^Bias \(mean − truth\), root mean squared error and share above the target of /);
    const points = seriesOf(summary, { mixture: 'canonical', estimand: 'separation', measure: 'above' as Measure, mcseMultiple: 2 });
    expect(points.length).toBe(config.n.length * config.estimators.length);
    expect(points.every((p) => p.value >= 0 && p.value <= 1)).toBe(true);
  });
});
