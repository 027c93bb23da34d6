/**
 * The report of a run with confidence intervals: a coverage-vs-n figure per estimand with intervals (nominal
 * line and ±2 MCSE band), a zip plot of one condition, and the section with its table; none of them for a run
 * without intervals.
 */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import type { ReplicationRow } from '../../src/results/rows.js';
import { buildSummary } from '../../src/runner/summary.js';
import { coverageFigure } from '../../src/report/figures/coverage.js';
import { defaultFigures } from '../../src/report/figures/defaultFigures.js';
import { zipBars } from '../../src/report/figures/zipPlot.js';
import { inferenceBlocks } from '../../src/report/inferenceSection.js';
import type { Results } from '../../src/report/loadResults.js';
import { syntheticConfig, syntheticRows } from './fixtures.js';

function withIntervals(rows: ReplicationRow[]): ReplicationRow[] {
  return rows.map((r) => {
    const s = r.values.separation;
    if (r.status !== 'ok' || typeof s !== 'number') return r;
    return { ...r, inference: { wald: { status: 'ok', kind: 'test', values: { separation: { se: 0.1, lower: s - 0.196, upper: s + 0.196 } } } } };
  });
}

describe('report of a run with intervals', () => {
  const config = syntheticConfig({ replications: 6, inference: {} });
  const rows = withIntervals(syntheticRows(config));
  const summary = buildSummary(config, configHash(config), rows);
  const mixture = summary.mixtures[0].id;

  it('draws coverage against n per series with the nominal line and the ±2 MCSE band', () => {
    const f = coverageFigure(summary, mixture, 'separation');
    expect(f).not.toBeNull();
    const spec = JSON.stringify(f?.spec);
    expect(spec).toContain('nominal 0.95');
    const band = 2 * Math.sqrt((0.95 * 0.05) / 6);
    expect(spec).toContain(`nominal + 2 MCSE (R = 6)`);
    expect(spec).toContain(String(Math.min(1, 0.95 + band)));
    for (const e of config.estimators) expect(spec).toContain(`${e.id} wald → truth`);
  });

  it('ranks the zip plot bars by |estimate − target|/SE and marks the misses', () => {
    const condition = summary.cells.find((c) => c.estimand === 'separation')?.condition as string;
    const est = config.estimators[0].id;
    const bars = zipBars(rows, condition, 'separation', { estimator: est, interval: 'wald', target: 'truth', label: 'x' }, 2);
    expect(bars).toHaveLength(6);
    expect(bars.map((b) => b.centile)).toEqual([1, 2, 3, 4, 5, 6].map((i) => (100 * i) / 6));
    const widths = rows.filter((r) => r.condition === condition && r.estimator === est).map((r) => Math.abs((r.values.separation as number) - 2));
    // the last bar is the replication farthest from the target; it misses exactly when farther than 0.196
    expect(Math.abs((bars[5].lower + bars[5].upper) / 2 - 2)).toBeCloseTo(Math.max(...widths), 12);
    for (const b of bars) expect(b.covers).toBe(Math.abs((b.lower + b.upper) / 2 - 2) <= 0.196 ? 'covers' : 'misses');
  });

  it('the default figures and the document gain the coverage figure, the zip plot and the table; a run without intervals does not', () => {
    const ids = defaultFigures(summary, rows).map((f) => f.id);
    expect(ids.some((id) => id.startsWith('coverage-separation'))).toBe(true);
    expect(ids.some((id) => id.startsWith('zip-separation'))).toBe(true);
    const blocks = inferenceBlocks({ summary, rows } as unknown as Results);
    expect(blocks[0]).toEqual({ kind: 'heading', level: 2, text: 'Confidence intervals' });
    expect(blocks.some((b) => b.kind === 'table' && b.table.columns.some((c) => c.header === 'coverage (truth)'))).toBe(true);
    const plainConfig = syntheticConfig({ replications: 6 });
    const plainRows = syntheticRows(plainConfig);
    const plain = buildSummary(plainConfig, configHash(plainConfig), plainRows);
    expect(defaultFigures(plain, plainRows).some((f) => f.id.startsWith('coverage') || f.id.startsWith('zip'))).toBe(false);
    expect(inferenceBlocks({ summary: plain, rows: plainRows } as unknown as Results)).toEqual([]);
  });
});

describe('the report document of a run with intervals', () => {
  it('has the Confidence intervals section between the results and the comparison with theory', async () => {
    const { writeSyntheticResults, withTheory } = await import('./fixtures.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { loadResults } = await import('../../src/report/loadResults.js');
    const { reportDocument } = await import('../../src/report/reportDocument.js');
    const config = syntheticConfig({ replications: 6, inference: {} });
    const written = writeSyntheticResults({ config });
    const rows = withIntervals(written.rows);
    writeFileSync(join(written.dir, 'replications.ndjson'), rows.map((r) => JSON.stringify(r) + '\n').join(''));
    writeFileSync(join(written.dir, 'summary.json'), JSON.stringify(withTheory(buildSummary(config, configHash(config), rows), rows), null, 2));
    const doc = reportDocument(loadResults(written.dir), [], { vega: 'x', vegaLite: 'x', vegaEmbed: 'x' });
    const headings = doc.blocks.flatMap((b) => (b.kind === 'heading' ? [b.text] : []));
    const at = headings.indexOf('Confidence intervals');
    expect(at).toBeGreaterThan(headings.indexOf('Results'));
    expect(at).toBeLessThan(headings.indexOf('Comparison with theory'));
  });
});
