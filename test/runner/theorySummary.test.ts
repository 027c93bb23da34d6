/**
 * The theory in summary.json: each maximum-likelihood estimator carries the Fisher sd∞ of its own model
 * (`theory.fisher.estimators[id]`), a misspecified model gets null with the reason, and a real run in other
 * units (σ = 20, means ±20) completes with every theory value equal to 20 × the σ = 1 one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import type { Summary } from '../../src/results/summary.js';
import { mixtureTheory } from '../../src/runner/theoryTargets.js';
import { fisherSeparationSdFor } from '../../src/theory/fisher.js';
import { tempDir } from './helpers.js';

describe('theory per estimator in the summary', () => {
  const config = parseConfig({
    name: 'models',
    title: 't',
    description: 'd',
    seed: 1,
    replications: 2,
    n: [50],
    mixtures: [{ id: 'unequal', weights: [0.75, 0.25], means: [[0], [3]], sigma: 1 }],
    estimators: [
      { id: 'kmeans', method: 'kmeans' },
      { id: 'mle', method: 'em', options: { covariance: 'unequal', weights: 'estimated' } },
      { id: 'mle-shared', method: 'em', options: { covariance: 'equal' } },
      { id: 'mle-known-sigma', method: 'em', options: { covariance: 'fixed', sigma: 1 } },
      { id: 'em-eps', method: 'em', options: { covariance: 'fixed', sigma: 0.5 } },
      { id: 'mle-equal-weights', method: 'em', options: { weights: 'equal' } },
    ],
  });

  it('gives each EM estimator the sd∞ of the model it fits, and the reason where there is none', () => {
    const mix = config.mixtures[0];
    const t = mixtureTheory(mix, config.estimators);
    // Regression-unequal's case: the per-component-σ model, not the common-σ 2.680 the summary used to show.
    expect(t.fisher.estimators.mle).toEqual({ covariance: 'unequal', weights: 'estimated', sd: fisherSeparationSdFor(mix, { covariance: 'unequal', weights: 'estimated' }) });
    expect(Math.abs((t.fisher.estimators.mle.sd as number) - 3.783)).toBeLessThan(5e-4);
    expect(t.fisher.estimators['mle-shared'].sd).toBe(fisherSeparationSdFor(mix, { covariance: 'equal', weights: 'estimated' }));
    expect(t.fisher.estimators['mle-known-sigma']).toMatchObject({ covariance: 'fixed', weights: 'estimated', sd: fisherSeparationSdFor(mix, { covariance: 'fixed', weights: 'estimated' }) });
    expect(t.fisher.estimators['em-eps']).toMatchObject({ covariance: 'fixed', sd: null });
    expect(t.fisher.estimators['em-eps'].reason).toMatch(/σ is fixed at 0.5 but the true σ is 1: .*pseudo-true/);
    expect(t.fisher.estimators['mle-equal-weights']).toMatchObject({ weights: 'fixed', sd: null });
    expect(t.fisher.estimators['mle-equal-weights'].reason).toMatch(/weights are held at 1\/K/);
    expect(t.fisher.estimators.kmeans).toBeUndefined();
    expect(t.fisher.meansOnly.sd).toBe(fisherSeparationSdFor(mix, { covariance: 'fixed', weights: 'fixed' }));
    // Every model differs: the unequal model costs the most.
    const sds = ['mle', 'mle-shared', 'mle-known-sigma'].map((id) => t.fisher.estimators[id].sd as number);
    expect(sds[0]).toBeGreaterThan(sds[1]);
    expect(sds[1]).toBeGreaterThan(sds[2]);
    expect(sds[2]).toBeGreaterThan(t.fisher.meansOnly.sd as number);
  });

  it('records a value that cannot be computed as null with its reason (K = 3 in d = 2)', () => {
    const [m] = parseConfig({
      name: 'k3',
      title: 't',
      description: 'd',
      seed: 1,
      replications: 2,
      n: [50],
      mixtures: [{ id: 'd2', weights: [0.4, 0.35, 0.25], means: [[0, 0], [3, 0], [1, 2.5]], sigma: 1 }],
      estimators: [{ id: 'mle', method: 'em' }],
    }).mixtures;
    const t = mixtureTheory(m, [{ id: 'mle', method: 'em', options: {} }]);
    expect(t.fisher.estimators.mle.sd).toBeNull();
    expect(t.fisher.estimators.mle.reason).toMatch(/not computed for K = 3 > 2 components in d = 2/);
    expect(t.kmeansLimit).toBeNull();
    expect(t.notes.join(' ')).toMatch(/no exact k-means limit/);
  });
});

describe('a real run in other units (σ = 20)', () => {
  it('completes, and every theory value is 20 × the σ = 1 one', async () => {
    const raw = (id: string, scale: number) => ({
      name: `units-${id}`,
      title: 't',
      description: 'd',
      seed: 11,
      replications: 3,
      n: [40, 80],
      mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-scale], [scale]], sigma: scale }],
      estimators: [
        { id: 'km', method: 'kmeans-exact' },
        { id: 'mle', method: 'em', options: { covariance: 'equal' } },
        { id: 'mle-unequal', method: 'em', options: { covariance: 'unequal' } },
      ],
      estimands: ['separation'],
    });
    const summaries: Summary[] = [];
    for (const [id, scale] of [['one', 1], ['twenty', 20]] as const) {
      const root = tempDir();
      const out = await runExperiment({ config: parseConfig(raw(id, scale)), resultsRoot: root, workers: 1, shard: null, fresh: false });
      expect(out.complete).toBe(true);
      const manifest = JSON.parse(readFileSync(join(out.dir, 'manifest.json'), 'utf8')) as { status: string };
      expect(manifest.status).toBe('complete');
      summaries.push(JSON.parse(readFileSync(join(out.dir, 'summary.json'), 'utf8')) as Summary);
    }
    const [one, twenty] = summaries.map((s) => s.mixtures[0].theory);
    const same = (big: number | null | undefined, small: number | null | undefined, what: string) => {
      expect(big, what).not.toBeNull();
      expect(small, what).not.toBeNull();
      expect(Math.abs((big as number) / (20 * (small as number)) - 1), what).toBeLessThanOrEqual(1e-12);
    };
    same(twenty.kmeansLimit?.separation, one.kmeansLimit?.separation, 'k-means limit separation');
    same(twenty.kmeansLimit?.kmeansSd, one.kmeansLimit?.kmeansSd, 'Pollard sd');
    twenty.kmeansLimit?.centers.forEach((c, k) => same(c[0], one.kmeansLimit?.centers[k][0], `centre ${k}`));
    same(twenty.fisher.meansOnly.sd, one.fisher.meansOnly.sd, 'Fisher, means only');
    for (const id of ['mle', 'mle-unequal']) same(twenty.fisher.estimators[id].sd, one.fisher.estimators[id].sd, `Fisher sd∞ of ${id}`);
    // The k-means cells carry the limit as their second target, in the units of the run.
    const limitCell = (s: Summary) => s.cells.find((c) => c.estimator === 'km' && c.estimand === 'separation')?.limit;
    same(limitCell(summaries[1]), limitCell(summaries[0]), 'cell limit');
  });
});
