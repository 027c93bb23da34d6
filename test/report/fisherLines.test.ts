/**
 * The report draws and names each maximum-likelihood estimator against the Fisher sd∞ of its own model: for
 * 0.75·N(0, 1) + 0.25·N(3, 1) (experiments/regression/regression-unequal.json) EM with a σ per component gets
 * 3.783, EM with one shared σ 2.680 — the summary used to give both the shared-σ value.
 */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import { defaultFigures } from '../../src/report/figures/defaultFigures.js';
import { questionText } from '../../src/report/narrative.js';
import { fisherLinesOf } from '../../src/report/theory.js';
import { buildSummary } from '../../src/runner/summary.js';
import { fisherSeparationSdFor } from '../../src/theory/fisher.js';
import { syntheticConfig, syntheticRows } from './fixtures.js';

describe('Fisher lines per estimator', () => {
  const config = syntheticConfig({
    mixtures: [{ id: 'unequal', weights: [0.75, 0.25], means: [[0], [3]], sigma: 1 }],
    estimators: [
      { id: 'km', method: 'kmeans' },
      { id: 'mle', method: 'em', options: { covariance: 'unequal', weights: 'estimated' } },
      { id: 'mle-shared', method: 'em', options: { covariance: 'equal' } },
      { id: 'mle-shared-2', method: 'em', options: { covariance: 'equal', restarts: 3 } },
    ],
    estimands: ['separation'],
  });
  const rows = syntheticRows(config, (_m, n, rep, est) => 3 + ((rep % 3) - 1 + est.length / 10) / Math.sqrt(n));
  const summary = buildSummary(config, configHash(config), rows);
  const mix = config.mixtures[0];
  const unequal = fisherSeparationSdFor(mix, { covariance: 'unequal', weights: 'estimated' });
  const shared = fisherSeparationSdFor(mix, { covariance: 'equal', weights: 'estimated' });

  it('one line per distinct model, naming the estimators drawn against it', () => {
    expect(fisherLinesOf(summary, 'unequal')).toEqual([
      { sd: unequal, estimators: ['mle'], model: 'a σ per component, weights estimated', modelShort: 'σ per component' },
      { sd: shared, estimators: ['mle-shared', 'mle-shared-2'], model: 'one σ shared, weights estimated', modelShort: 'σ shared' },
    ]);
    expect(Math.abs(unequal - 3.783)).toBeLessThan(5e-4);
  });

  it('the RMSE figure draws each line with its own value and says whose it is', () => {
    const rmse = defaultFigures(summary, rows).find((f) => f.id.startsWith('rmse'));
    if (rmse === undefined) throw new Error('no RMSE figure');
    const layers = (rmse.spec as { layer: { data?: { values?: Record<string, unknown>[] } }[] }).layer;
    const data = layers.flatMap((l) => l.data?.values ?? []);
    const line = (label: string) => data.filter((d) => d.reference === label);
    const own = line('sd∞/√n for mle (σ per component)');
    expect(own).toHaveLength(2);
    for (const d of own) expect(d.value as number).toBeCloseTo(unequal / Math.sqrt(d.x as number), 12);
    const sharedLine = line('sd∞/√n for mle-shared, mle-shared-2 (σ shared)');
    expect(sharedLine).toHaveLength(2);
    for (const d of sharedLine) expect(d.value as number).toBeCloseTo(shared / Math.sqrt(d.x as number), 12);
    expect(rmse.caption).toContain('sd∞ = 3.783 from the Fisher information of the model mle fits (a σ per component, weights estimated)');
    expect(rmse.caption).toContain('sd∞ = 2.68 from the Fisher information of the model mle-shared, mle-shared-2 fits');
  });

  it('the text gives each estimator its own sd∞', () => {
    const text = JSON.stringify(questionText(summary));
    expect(text).toContain('mle sd∞ = 3.783 (a σ per component, weights estimated)');
    expect(text).toContain('mle-shared sd∞ = 2.68 (one σ shared, weights estimated)');
  });
});
