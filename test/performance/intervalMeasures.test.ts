/**
 * The interval measures (Morris, White & Crowther 2019, Table 6) and their way through the summary and the
 * check: each estimate against a direct computation; each MCSE against the spread of the measure over many
 * simulated studies; the summary stores them only for rows with intervals (a run without is byte-identical);
 * a baseline without them still checks ('new', never a failure), and paired mode compares them independently.
 */
import { describe, expect, it } from 'vitest';
import { comparePaired } from '../../src/check/paired.js';
import { compareIndependent } from '../../src/check/compare.js';
import { isFailure } from '../../src/check/measures.js';
import { configHash } from '../../src/config/index.js';
import { intervalCell, MEASURE_SLOTS, readSlot, type IntervalCell, type ReplicationInterval } from '../../src/performance/measureAccess.js';
import { INTERVAL_TABLE } from '../../src/performance/intervalMeasures.js';
import { cellSchema } from '../../src/performance/schema.js';
import type { ReplicationRow } from '../../src/results/rows.js';
import { SUMMARY_CELL_IDENTITY } from '../../src/results/summary.js';
import { createStream } from '../../src/rng/stream.js';
import { buildSummary } from '../../src/runner/summary.js';
import { syntheticConfig, syntheticRows } from '../report/fixtures.js';

/** One simulated study: R estimates ~ N(θ + b, 1/n) with model SEs scattered around the true SD (scale k), 95 % Wald intervals. */
function study(rng: ReturnType<typeof createStream>, R: number, b: number, k: number): { est: number[]; iv: ReplicationInterval[] } {
  const est: number[] = [];
  const iv: ReplicationInterval[] = [];
  for (let i = 0; i < R; i++) {
    const e = 1 + b + 0.1 * rng.normal();
    const se = k * 0.1 * (1 + 0.2 * rng.normal());
    est.push(e);
    iv.push({ se, lower: e - 1.959964 * se, upper: e + 1.959964 * se });
  }
  return { est, iv };
}

const v = (cell: IntervalCell, key: string) => (cell as unknown as Record<string, { value: number; mcse: number }>)[key];

describe('interval measures', () => {
  it('estimates: coverage, bias-eliminated coverage, model SE, its relative error and width, by direct computation', () => {
    const rng = createStream('interval-measures', 'estimates');
    const { est, iv } = study(rng, 300, 0.05, 1);
    const c = intervalCell([...est, 0, 0], [...iv, 'singular', 'singular'], { truth: 1, limit: 1.05 }, 0.95);
    expect(c.nUsed).toBe(300);
    expect(c.failures).toEqual({ singular: 2 });
    const R = 300;
    const cover = iv.filter((x) => x.lower <= 1 && 1 <= x.upper).length / R;
    expect(c.vsTruth.coverage).toEqual({ value: cover, mcse: Math.sqrt((cover * (1 - cover)) / R) });
    const mean = est.reduce((a, b) => a + b) / R;
    expect(v(c, 'beCoverage').value).toBe(iv.filter((x) => x.lower <= mean && mean <= x.upper).length / R);
    const modSE = Math.sqrt(iv.reduce((a, x) => a + x.se * x.se, 0) / R);
    expect(v(c, 'modelSE').value).toBeCloseTo(modSE, 14);
    const empSE = Math.sqrt(est.reduce((a, x) => a + (x - mean) ** 2, 0) / (R - 1));
    expect(v(c, 'relErrModelSE').value).toBeCloseTo(100 * (modSE / empSE - 1), 10);
    expect(v(c, 'width').value).toBeCloseTo(iv.reduce((a, x) => a + x.upper - x.lower, 0) / R, 14);
    expect(c.vsLimit?.target).toBe(1.05);
    // Without a limit the block is null, as the cell's own vsLimit.
    expect(intervalCell(est, iv, { truth: 1, limit: null }, 0.95).vsLimit).toBeNull();
    expect(INTERVAL_TABLE.every((m) => m.paired.kind === 'independent')).toBe(true);
  });

  it('each MCSE matches the SD of its measure over 1500 simulated studies (within 10 %)', () => {
    const rng = createStream('interval-measures', 'mcse');
    const R = 200;
    const studies = Array.from({ length: 1500 }, () => intervalCell(...Object.values(study(rng, R, 0.02, 0.9)) as [number[], ReplicationInterval[]], { truth: 1, limit: null }, 0.95));
    const check = (get: (c: IntervalCell) => { value: number; mcse: number }) => {
      const vals = studies.map((s) => get(s).value);
      const m = vals.reduce((a, b) => a + b) / vals.length;
      const sd = Math.sqrt(vals.reduce((a, x) => a + (x - m) ** 2, 0) / (vals.length - 1));
      const mcse = Math.sqrt(studies.reduce((a, s) => a + get(s).mcse ** 2, 0) / studies.length);
      expect(Math.abs(mcse / sd - 1)).toBeLessThan(0.1);
    };
    check((c) => c.vsTruth.coverage as { value: number; mcse: number });
    check((c) => v(c, 'beCoverage'));
    check((c) => v(c, 'modelSE'));
    check((c) => v(c, 'relErrModelSE'));
    check((c) => v(c, 'width'));
  });
});

/** Rows of the synthetic study with Wald intervals (est ± 2·0.1) on the separation, for estimators in `who`. */
function withIntervals(rows: ReplicationRow[], who: readonly string[]): ReplicationRow[] {
  return rows.map((r) => {
    const s = r.values.separation;
    if (!who.includes(r.estimator) || r.status !== 'ok' || typeof s !== 'number') return r;
    return { ...r, inference: { wald: { status: 'ok', kind: 'test', values: { separation: { se: 0.1, lower: s - 0.2, upper: s + 0.2 }, 'means.0.0': { se: null, lower: null, upper: null } } } } };
  });
}

describe('interval measures in the summary and the check', () => {
  const config = syntheticConfig({ replications: 6, inference: {} });
  const plain = syntheticRows(config);
  const rows = withIntervals(plain, ['mle']);
  const summary = buildSummary(config, configHash(config), rows);

  it('are stored only where rows carry intervals, and a run without them writes the same summary as before', () => {
    const before = buildSummary(config, configHash(config), plain);
    expect(JSON.stringify(before.cells)).not.toContain('"inference"');
    const sep = summary.cells.filter((c) => c.estimand === 'separation' && c.estimator === 'mle');
    expect(sep.length).toBeGreaterThan(0);
    for (const c of sep) expect(c.inference?.wald?.nUsed).toBe(c.nUsed);
    for (const c of sep) expect(c.inference?.wald?.level).toBe(0.95);
    // A method that gave an estimand no interval anywhere is left out of its cell; other estimators have none.
    expect(summary.cells.filter((c) => c.estimand !== 'separation' || c.estimator !== 'mle').every((c) => c.inference === undefined)).toBe(true);
    // Cells without intervals are byte-identical to the run without them.
    const strip = JSON.stringify(summary.cells.filter((c) => c.inference === undefined));
    expect(strip).toBe(JSON.stringify(before.cells.filter((c) => !(c.estimand === 'separation' && c.estimator === 'mle'))));
    // The schema reads them back unchanged.
    const parsed = cellSchema(SUMMARY_CELL_IDENTITY).parse(JSON.parse(JSON.stringify(sep[0])));
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(sep[0]));
  });

  it('a baseline without them still checks: their rows are new, never failures; with both, compared independently', () => {
    const before = buildSummary(config, configHash(config), plain);
    const cell = summary.cells.find((c) => c.estimand === 'separation' && c.estimator === 'mle') as (typeof summary.cells)[number];
    const old = before.cells.find((c) => c.condition === cell.condition && c.estimand === 'separation' && c.estimator === 'mle') as typeof cell;
    const values = plain.filter((r) => r.condition === cell.condition && r.estimator === 'mle').map((r) => r.values.separation ?? null);
    const rowsOld = comparePaired(old, cell, values, values, { z: 4, negligible: 0.01, alpha: null });
    const interval = rowsOld.filter((r) => r.measure.startsWith('inference.'));
    expect(interval.length).toBeGreaterThan(0);
    expect(interval.every((r) => r.verdict === 'new' && !isFailure(r.verdict))).toBe(true);
    // Both sides: every interval slot compared independently, with a note saying why.
    const shifted = withIntervals(plain, ['mle']).map((r) => (r.inference?.wald === undefined ? r : { ...r, inference: { wald: { ...r.inference.wald, values: { separation: { se: 0.12, lower: (r.values.separation as number) - 0.24, upper: (r.values.separation as number) + 0.24 } } } } }));
    const next = buildSummary(config, configHash(config), shifted).cells.find((c) => c.condition === cell.condition && c.estimand === 'separation' && c.estimator === 'mle') as typeof cell;
    const paired = comparePaired(cell, next, values, values, { z: 4, negligible: 0.01, alpha: null }).filter((r) => r.measure === 'inference.wald.modelSE');
    expect(paired).toHaveLength(1);
    expect(paired[0].mode).toBe('independent');
    expect(paired[0].note).toMatch(/compared independently/);
    expect(paired[0].diff).toBeCloseTo(0.02, 12);
    expect(compareIndependent(cell, next, { z: 4, negligible: 0.01, alpha: null }).some((r) => r.measure === 'inference.wald.vsTruth.coverage')).toBe(true);
    expect(MEASURE_SLOTS.filter((s) => s.interval === 'wald').map((s) => readSlot(cell, s)?.value ?? null).some((x) => x !== null)).toBe(true);
  });
});
