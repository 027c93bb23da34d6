/**
 * The paired and independent comparison formulas on synthetic cells: the paired z of the mean is d̄/(s_d/√m);
 * under the null (exchangeable pairs) the paired z of every measure, jackknifed ones included, has SD ≈ 1;
 * identical values are identical; McNemar for failures; the negligible floor.
 */
import { describe, expect, it } from 'vitest';
import { compareIndependent } from '../../src/check/compare.js';
import { DEFAULT_THRESHOLDS, judge } from '../../src/check/measures.js';
import { comparePaired } from '../../src/check/paired.js';
import { summariseCell } from '../../src/performance/index.js';
import { createStream } from '../../src/rng/stream.js';
import type { SummaryCell } from '../../src/results/summary.js';

function cell(values: readonly (number | null)[], truth: number | null = 1, limit: number | null = null): SummaryCell {
  const statuses = values.map((v) => (v === null ? 'not-converged' : 'ok'));
  return {
    condition: 'm|n=100',
    mixture: 'm',
    n: 100,
    estimator: 'e',
    method: 'em',
    estimand: 'separation',
    truth,
    limit,
    ...summariseCell(values, statuses, { truth, limit }),
  };
}

function draws(seed: string, m: number): number[] {
  const s = createStream('paired-test', seed);
  return Array.from({ length: m }, () => s.normal());
}

describe('comparePaired', () => {
  it('identical values: every measure identical', () => {
    const y = draws('a', 50).map((v) => 2 + 0.1 * v);
    const rows = comparePaired(cell(y), cell(y), y, y, DEFAULT_THRESHOLDS);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.verdict === 'identical')).toBe(true);
  });

  it('the mean: z = d̄/(s_d/√m)', () => {
    const y = draws('b', 60).map((v) => 2 + 0.1 * v);
    const noise = draws('c', 60);
    const x = y.map((v, i) => v + 1e-3 + 1e-3 * noise[i]);
    const d = x.map((v, i) => v - y[i]);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
    const row = comparePaired(cell(y), cell(x), y, x, DEFAULT_THRESHOLDS).find((r) => r.measure === 'mean');
    expect(row?.diff).toBeCloseTo(mean, 14);
    expect(row?.se).toBeCloseTo(sd / Math.sqrt(60), 14);
    expect(row?.mode).toBe('paired');
    expect(row?.verdict).toBe('regression');
  });

  it('under the null (exchangeable pairs, ρ = 0.9) every paired z has SD ≈ 1, jackknifed measures included', () => {
    const sims = 300;
    const m = 100;
    const rho = 0.9;
    const zs = new Map<string, number[]>();
    for (let s = 0; s < sims; s++) {
      const a = draws(`null-a-${s}`, m);
      const w = draws(`null-w-${s}`, m);
      const y = a.map((v) => 1 + 0.2 * v);
      const x = a.map((v, i) => 1 + 0.2 * (rho * v + Math.sqrt(1 - rho * rho) * w[i]));
      for (const r of comparePaired(cell(y), cell(x), y, x, { z: 4, negligible: 0, alpha: null })) {
        if (r.z === null || r.mode !== 'paired') continue;
        zs.set(r.measure, [...(zs.get(r.measure) ?? []), r.z]);
      }
    }
    for (const measure of ['mean', 'empSE', 'vsTruth.mse', 'vsTruth.rmse']) {
      const z = zs.get(measure) ?? [];
      expect(z.length).toBe(sims);
      const mean = z.reduce((p, q) => p + q, 0) / z.length;
      const sd = Math.sqrt(z.reduce((p, q) => p + (q - mean) ** 2, 0) / (z.length - 1));
      expect(Math.abs(mean), measure).toBeLessThan(0.2);
      expect(sd, measure).toBeGreaterThan(0.85);
      expect(sd, measure).toBeLessThan(1.2);
    }
  });

  it('failures: McNemar on the discordant replications', () => {
    const y = draws('d', 40).map((v) => 2 + 0.1 * v);
    const x: (number | null)[] = y.map((v, i) => (i < 9 ? null : v));
    const row = comparePaired(cell(y), cell(x), y, x, DEFAULT_THRESHOLDS).find((r) => r.measure === 'failRate');
    expect(row?.diff).toBeCloseTo(9 / 40, 14);
    expect(row?.z).toBeCloseTo(3, 12);
    expect(row?.verdict).toBe('ok');
  });

  it('a missing target on one side is new, not a regression', () => {
    const y = draws('e', 30).map((v) => 2 + 0.1 * v);
    const rows = comparePaired(cell(y, 2, null), cell(y, 2, 2.3), y, y, DEFAULT_THRESHOLDS);
    expect(rows.find((r) => r.measure === 'limit')?.verdict).toBe('new');
    expect(rows.find((r) => r.measure === 'vsLimit.bias')?.verdict).toBe('new');
    expect(rows.filter((r) => r.verdict === 'regression')).toEqual([]);
  });
});

describe('compareIndependent and judge', () => {
  it('z = (new − base)/√(MCSE_new² + MCSE_base²)', () => {
    const y = draws('f', 50).map((v) => 2 + 0.1 * v);
    const x = draws('g', 50).map((v) => 2.05 + 0.1 * v);
    const b = cell(y);
    const n = cell(x);
    const row = compareIndependent(b, n, DEFAULT_THRESHOLDS).find((r) => r.measure === 'mean');
    const expected = ((n.mean.value as number) - (b.mean.value as number)) / Math.hypot(b.mean.mcse as number, n.mean.mcse as number);
    expect(row?.z).toBeCloseTo(expected, 12);
  });

  it('changes below ν·MCSE_base are negligible whatever the SE; SE = 0 with a change is |z| = ∞', () => {
    expect(judge(1e-6, 1e-12, 1e-3, DEFAULT_THRESHOLDS).verdict).toBe('negligible');
    expect(judge(1e-3, 0, 0, DEFAULT_THRESHOLDS)).toMatchObject({ z: Infinity, verdict: 'regression' });
    expect(judge(1e-3, null, 1e-3, DEFAULT_THRESHOLDS).verdict).toBe('regression');
    expect(judge(0, 1, 1, DEFAULT_THRESHOLDS).verdict).toBe('identical');
  });
});
