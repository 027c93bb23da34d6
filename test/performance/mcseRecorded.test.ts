/**
 * The MCSE form travels with the numbers: summary.json records it (`mcse`), its cells use it (the jackknife
 * for the EmpSE and RMSE, src/performance/mcse.ts), and the report says which form it was — or that an older
 * summary did not record it.
 */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import { MCSE_DESCRIPTION, summarise } from '../../src/performance/index.js';
import { estimandItems } from '../../src/report/narrative.js';
import type { Inline } from '../../src/report/document.js';
import { buildSummary } from '../../src/runner/summary.js';
import type { Summary } from '../../src/results/summary.js';
import { syntheticConfig, syntheticRows } from '../report/fixtures.js';

const config = syntheticConfig({ replications: 12 });
const rows = syntheticRows(config);
const summary = buildSummary(config, configHash(config), rows);

function text(items: readonly Inline[]): string {
  return items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('');
}

describe('the MCSE form is recorded and reported', () => {
  it('summary.json names the jackknife form, and its cells use it', () => {
    expect(summary.mcse).toBe(MCSE_DESCRIPTION);
    expect(summary.mcse).toMatch(/^jackknife for the empirical SE and the RMSE/);
    const cell = summary.cells.find((c) => c.estimator === 'mle' && c.estimand === 'separation' && c.n === 200);
    if (cell === undefined) throw new Error('fixture has no mle separation cell at n = 200');
    const values = rows.filter((r) => r.condition === cell.condition && r.estimator === 'mle').map((r) => r.values.separation as number);
    const jackknife = summarise(values, cell.truth, { mcse: 'jackknife' });
    const normal = summarise(values, cell.truth, { mcse: 'normal' });
    expect(cell.empSE.mcse).toBe(jackknife.empSE.mcse);
    expect(cell.vsTruth.rmse.mcse).toBe(jackknife.rmse.mcse);
    expect(cell.empSE.mcse).not.toBe(normal.empSE.mcse);
  });

  it('the report says which form its MCSEs are', () => {
    expect(text(estimandItems(summary))).toContain(`Monte Carlo SEs: ${MCSE_DESCRIPTION}.`);
    const older = { ...summary, mcse: undefined } as unknown as Summary;
    expect(text(estimandItems(older))).toContain('Monte Carlo SEs: form not recorded (an older summary.json: normal-theory MCSE');
  });
});
