/**
 * The speed workloads (experiments/speed/, run side by side with scikit-learn and R by `npm run bench:anchors`)
 * parse, are named speed-<file>, and are the workloads README "Speed" describes: the canonical study as
 * experiments/canonical.json, the paper's multivariate mixtures with one-start Lloyd and unequal-σ EM, and a
 * 1-D K = 3 mixture with unequal weights and σ.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPEED_WORKLOADS } from '../../bench/anchors/run.js';
import { loadConfig } from '../../src/config/index.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'experiments', 'speed');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('experiments/speed/*.json', () => {
  it('are exactly the workloads the anchors run', () => {
    expect(SPEED_WORKLOADS.map((w) => w.config).sort()).toEqual(files.map((f) => `experiments/speed/${f}`).sort());
  });

  it.each(files)('%s parses and is named speed-<file>', (file) => {
    const { config } = loadConfig(join(dir, file));
    expect(config.name).toBe(`speed-${basename(file, '.json')}`);
  });

  it('canonical is experiments/canonical.json under another name', () => {
    const a = JSON.parse(readFileSync(join(dir, 'canonical.json'), 'utf8')) as Record<string, unknown>;
    const b = JSON.parse(readFileSync(join(root, 'experiments', 'canonical.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['seed', 'replications', 'n', 'nested', 'mixtures', 'estimators', 'estimands']) expect(a[key]).toEqual(b[key]);
  });

  it("multivariate: the paper's mixtures, Lloyd with one k-means++ start, unequal-σ EM, n = 1e3, 1e4, 1e5, 40 replications", () => {
    const { config } = loadConfig(join(dir, 'multivariate.json'));
    const paper = loadConfig(join(root, 'experiments', 'paper', 'full', 'multivariate.json')).config;
    expect(config.mixtures).toEqual(paper.mixtures);
    expect(config.n).toEqual([1000, 10000, 100000]);
    expect(config.replications).toBe(40);
    expect(config.estimators).toEqual([
      { id: 'kmeans', method: 'kmeans', options: { init: 'kmeans++', restarts: 1 } },
      { id: 'mle', method: 'em', options: { covariance: 'unequal', weights: 'estimated' } },
    ]);
  });

  it('unequal-1d: 0.5·N(0,1) + 0.3·N(3,0.5²) + 0.2·N(6,2²), k-means and unequal-σ EM, 100 replications', () => {
    const { config } = loadConfig(join(dir, 'unequal-1d.json'));
    expect(config.mixtures).toEqual([{ id: 'unequal-1d', weights: [0.5, 0.3, 0.2], means: [[0], [3], [6]], sigmas: [1, 0.5, 2], K: 3, d: 1 }]);
    expect(config.n).toEqual([1000, 10000, 100000]);
    expect(config.replications).toBe(100);
    expect(config.estimators[1]).toEqual({ id: 'mle', method: 'em', options: { covariance: 'unequal', weights: 'estimated' } });
  });
});
