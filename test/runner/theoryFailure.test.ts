/**
 * A theory value that cannot be computed never crashes a run: with the Fisher computation and the k-means limit
 * made to throw (as the Fisher quadrature did at σ ≳ 17 before standardisation), a real run completes, its
 * summary records each value as null with the reason, and the report says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/theory/fisher.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/theory/fisher.js')>();
  const fail = (): never => {
    throw new Error('fisher: quadrature did not converge (injected)');
  };
  return { ...original, fisherSeparationSd: fail, fisherSeparationSdFor: fail };
});
vi.mock('../../src/theory/kmeansLimit.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/theory/kmeansLimit.js')>();
  return {
    ...original,
    kmeansLimit: (): never => {
      throw new Error('twoMeansLimit1d: no fixed point found (injected)');
    },
  };
});

const { parseConfig } = await import('../../src/config/index.js');
const { runExperiment } = await import('../../src/runner/runExperiment.js');
const { questionText } = await import('../../src/report/narrative.js');
const { defaultFigures } = await import('../../src/report/figures/defaultFigures.js');
const { tempDir } = await import('./helpers.js');
type Summary = import('../../src/results/summary.js').Summary;

describe('a theory value that cannot be computed', () => {
  it('is recorded with its reason; the run completes and the report says why', async () => {
    const config = parseConfig({
      name: 'theory-failure',
      title: 'injected theory failure',
      description: 'd',
      seed: 3,
      replications: 3,
      n: [40, 80],
      mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
      estimators: [
        { id: 'km', method: 'kmeans-exact' },
        { id: 'mle', method: 'em' },
      ],
      estimands: ['separation'],
    });
    const out = await runExperiment({ config, resultsRoot: tempDir(), workers: 1, shard: null, fresh: false });
    expect(out.complete).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out.dir, 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('complete');
    const summary = JSON.parse(readFileSync(join(out.dir, 'summary.json'), 'utf8')) as Summary;
    const theory = summary.mixtures[0].theory;
    expect(theory.fisher.estimators.mle).toEqual({ covariance: 'equal', weights: 'estimated', sd: null, reason: 'fisher: quadrature did not converge (injected)' });
    expect(theory.fisher.meansOnly).toEqual({ sd: null, reason: 'fisher: quadrature did not converge (injected)' });
    expect(theory.kmeansLimit).toBeNull();
    expect(theory.notes).toEqual(['no exact k-means limit: twoMeansLimit1d: no fixed point found (injected)']);
    // The measures are all there; the k-means cells just have no limit.
    expect(summary.cells.find((c) => c.estimator === 'mle' && c.estimand === 'separation')?.mean.value).toEqual(expect.any(Number));
    expect(summary.cells.find((c) => c.estimator === 'km' && c.estimand === 'separation')?.limit).toBeNull();

    // The report's text names what is missing and why; the RMSE figure's caption too.
    const text = JSON.stringify(questionText(summary));
    expect(text).toContain('no exact k-means limit: twoMeansLimit1d: no fixed point found (injected)');
    expect(text).toContain('no Fisher sd∞ for mle (one σ shared, weights estimated): fisher: quadrature did not converge (injected)');
    const rmse = defaultFigures(summary, []).find((f) => f.id.startsWith('rmse'));
    expect(rmse?.caption).toContain('no Fisher line for mle (one σ shared, weights estimated): fisher: quadrature did not converge (injected)');
  });
});
