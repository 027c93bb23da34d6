/** Shared fixtures for runner tests: a small experiment config in a fresh temp directory. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function smallConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'small',
    title: 'runner test',
    seed: 7,
    replications: 6,
    n: [20, 60, 300],
    mixtures: [
      { id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 },
      { id: 'skewed', weights: [0.8, 0.2], means: [[0], [3]], sigmas: [1, 0.5] },
    ],
    estimators: [
      { id: 'km', method: 'kmeans-exact' },
      { id: 'lloyd', method: 'kmeans', options: { restarts: 2 } },
      { id: 'mle', method: 'em', options: { covariance: 'equal' } },
    ],
    ...overrides,
  };
}

export function tempDir(prefix = 'mixstudy-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const path = join(dir, `${String(config.name)}.json`);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}
