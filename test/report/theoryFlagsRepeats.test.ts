/**
 * Comparisons with theory that repeat one another (src/report/theoryFlags.ts): the σ's of a shared-σ model are
 * one number, and the second weight of a two-component fit is 1 − ŵ₁ in every replication, so its distance from
 * 1 − w₁ is ŵ₁'s. Each is one comparison in the count chance is measured against, and every cell it stands for
 * carries the flag in the tables.
 */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import { estimandsByNTable, flaggedTable } from '../../src/report/performanceTables.js';
import { FLAG_MARK, FlagIndex, flaggedComparisons, theoryComparisons } from '../../src/report/theoryFlags.js';
import { buildSummary } from '../../src/runner/summary.js';
import { defaultValues, syntheticConfig, syntheticRows, withTheory, type ValueFn } from './fixtures.js';

/** The MLE's ŵ₁ sits 0.05 above 0.5 and its shared σ̂ 0.3 above 1, each with a tiny spread: far beyond 3 MCSEs. */
const biased: ValueFn = (m, n, rep, est, key) => {
  if (est === 'mle' && key === 'weights.0') return 0.55 + 0.001 * rep;
  if (est === 'mle' && key === 'weights.1') return 1 - (0.55 + 0.001 * rep);
  if (est === 'mle' && key.startsWith('sigma.')) return 1.3 + 0.001 * rep;
  return defaultValues(m, n, rep, est, key);
};

describe('repeated comparisons', () => {
  const config = syntheticConfig();
  const rows = syntheticRows(config, biased);
  const summary = withTheory(buildSummary(config, configHash(config), rows), rows);
  const comparisons = theoryComparisons(summary);
  const flags = new FlagIndex(comparisons);

  it('counts ŵ₂ = 1 − ŵ₁ of a two-component fit once, with ŵ₁', () => {
    for (const n of config.n) {
      const weights = comparisons.filter((c) => c.estimator === 'mle' && c.n === n && c.estimand.startsWith('weights.'));
      expect(weights.map((c) => c.estimand)).toEqual(['weights.0']);
      expect(weights[0].sameAs).toEqual(['weights.1']);
      expect(weights[0].flagged).toBe(true);
    }
  });

  it('marks every cell a flagged comparison stands for: both weights and both σ’s', () => {
    const t = estimandsByNTable(summary, 'canonical', flags)!;
    const bias = t.columns.findIndex((c) => c.header === 'mle: bias');
    for (const name of ['weight of component 1', 'weight of component 2', 'standard deviation of component 1', 'standard deviation of component 2']) {
      const row = t.rows.find((r) => r[0].startsWith(name) && r[1] === '2,000')!;
      expect(row[bias], name).toMatch(new RegExp(`${FLAG_MARK}$`));
    }
    expect(flags.meanFlagged('canonical', 2000, 'mle', 'sigma.1')).toBe(true);
  });

  it('names the repeats in the table of flagged cells', () => {
    const flagged = flaggedComparisons(comparisons);
    const t = flaggedTable(summary, flagged, flagged.length);
    const estimand = t.columns.findIndex((c) => c.header === 'estimand');
    const rows = t.rows.filter((r) => r[t.columns.findIndex((c) => c.header === 'n')] === '2,000' && r[t.columns.findIndex((c) => c.header === 'estimator')] === 'mle');
    expect(rows.map((r) => r[estimand])).toEqual(expect.arrayContaining(['weight of component 1 w₁ (also w₂)', 'standard deviation of component 1 σ₁ (also σ₂)']));
  });
});
