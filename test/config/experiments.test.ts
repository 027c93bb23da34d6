/** Every shipped experiment config parses, is named after its file, and bw1978 is the study the issue describes. */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const dir = join(import.meta.dirname, '..', '..', 'experiments');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('experiments/*.json', () => {
  it('exist', () => {
    expect(files).toContain('bw1978.json');
    expect(files).toContain('canonical.json');
  });

  it.each(files)('%s parses and its name is its file name (results go to results/<name>/)', (file) => {
    const { config } = loadConfig(join(dir, file));
    expect(config.name).toBe(basename(file, '.json'));
  });

  it('bw1978 is 0.5·N(−1,1) + 0.5·N(1,1), exact k-means vs EM (equal σ, weights estimated), n log-spaced 50…100 000', () => {
    const { config } = loadConfig(join(dir, 'bw1978.json'));
    expect(config.seed).toBe(1978);
    expect(config.mixtures).toEqual([{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1], K: 2, d: 1 }]);
    expect(config.estimators).toEqual([
      { id: 'kmeans', method: 'kmeans-exact', options: {} },
      { id: 'mle', method: 'em', options: { covariance: 'equal', weights: 'estimated' } },
    ]);
    expect(config.estimands).toEqual(['separation', 'means', 'weights', 'sigma', 'misclassification']);
    expect(config.n[0]).toBe(50);
    expect(config.n.at(-1)).toBe(100_000);
    expect(config.n.length).toBeGreaterThanOrEqual(9);
    // Log-spaced: consecutive ratios between 2 and 2.5 (the 1-2-5 sequence).
    for (let i = 1; i < config.n.length; i++) {
      expect(config.n[i] / config.n[i - 1]).toBeGreaterThanOrEqual(2);
      expect(config.n[i] / config.n[i - 1]).toBeLessThanOrEqual(2.5);
    }
  });
});
