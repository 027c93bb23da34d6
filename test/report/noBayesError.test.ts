/**
 * Where a mechanism has no Bayes error, the misclassification figure and table say why (src/report/theory.ts
 * `noBayesErrorReason`): a plugin mechanism's density is not a spherical Gaussian mixture the theory knows
 * (src/runner/mechanismTheory.ts computes none), which is not the same as a summary written before the Bayes
 * error existed.
 */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import type { MechanismRef } from '../../src/dgm/mechanism.js';
import { misclassificationByCondition, misclassificationFigure } from '../../src/report/figures/misclassification.js';
import { misclassificationTable } from '../../src/report/performanceTables.js';
import type { Summary } from '../../src/results/summary.js';
import { buildSummary } from '../../src/runner/summary.js';
import { syntheticConfig, syntheticRows } from './fixtures.js';

const config = syntheticConfig({ estimands: ['separation', 'misclassification'] });
const built = buildSummary(config, configHash(config), syntheticRows(config));
const withoutBayes = (s: Summary, mechanism?: MechanismRef): Summary => ({
  ...s,
  mixtures: s.mixtures.map((m) => {
    const { bayesError: _drop, ...theory } = m.theory;
    return { ...m, ...(mechanism === undefined ? {} : { mechanism }), theory };
  }),
});
const plugin: MechanismRef = { module: './p/m.mjs', sha256: '0'.repeat(64), $location: '/x/p/m.mjs', name: 'shifted-uniforms', params: {}, description: 'U(±2 ± ½)', sigmaDefined: false };

describe('no Bayes error', () => {
  it('a plugin mechanism: not computed, and why', () => {
    const s = withoutBayes(built, plugin);
    const fig = misclassificationFigure(s, 'canonical')!;
    const table = misclassificationTable(s, 'canonical')!;
    const grid = misclassificationByCondition(s, ['canonical'])!;
    for (const text of [fig.caption, table.caption, grid.caption]) {
      expect(text).toContain('not computed: the data come from the plugin mechanism "shifted-uniforms" (./p/m.mjs), not from a spherical Gaussian mixture');
      expect(text).not.toContain('written before');
    }
  });

  it('a spherical mixture in an old summary: not recorded', () => {
    const s = withoutBayes(built);
    expect(misclassificationFigure(s, 'canonical')!.caption).toContain('not recorded in this summary (written before it was computed)');
    expect(misclassificationTable(s, 'canonical')!.caption).toContain('not recorded in this summary (written before it was computed)');
  });
});
