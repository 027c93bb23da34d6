/**
 * Symbolic links and plugins (src/plugins/loadPlugins.ts `moduleLocation`, src/plugins/importModule.ts): a
 * config reached through a link finds its plugins beside the file it links to, as Node resolves a module's own
 * relative imports; a plugin reached through a link is not counted among its own imports, so its hash is the
 * hash of its bytes wherever the link is.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigAndPlugins } from '../../src/config/index.js';

const ESTIMATOR = `
export default {
  method: 'first-two-linked',
  summary: 'the first two points as centres',
  options: {},
  optionProblems: () => [],
  unsupported: (o: unknown, shape: { K: number }) => (shape.K !== 2 ? 'needs K = 2' : null),
  target: () => ({ kind: 'none' as const }),
  describe: () => 'first two points',
  fit(data: { x: Float64Array; d: number }, K: number) {
    return { K, d: data.d, means: Float64Array.from([data.x[0], data.x[data.d]]), weights: Float64Array.from([0.5, 0.5]), sigmas: null, logLik: null, objective: 0, iterations: 1, converged: true, status: 'ok' as const };
  },
};
`;

function config(module: string): string {
  return JSON.stringify({
    name: 'linked',
    title: 'linked',
    seed: 1,
    replications: 2,
    n: [10],
    mixtures: [{ id: 'g', weights: [0.5, 0.5], means: [[-2], [2]], sigma: 1 }],
    estimators: [{ id: 'ft', module }],
    estimands: ['separation'],
  });
}

describe('plugins and symbolic links', () => {
  it('a linked config finds its plugins beside the file it links to', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mixstudy-links-'));
    mkdirSync(join(root, 'study', 'estimators'), { recursive: true });
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'study', 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(root, 'study', 'estimators', 'ft.ts'), ESTIMATOR);
    writeFileSync(join(root, 'study', 'study.json'), config('./estimators/ft.ts'));
    symlinkSync(join(root, 'study', 'study.json'), join(root, 'elsewhere', 'current.json'));
    const direct = await loadConfigAndPlugins(join(root, 'study', 'study.json'));
    const linked = await loadConfigAndPlugins(join(root, 'elsewhere', 'current.json'));
    expect(linked.hash).toBe(direct.hash);
    expect(linked.config.estimators[0]?.plugin?.$location).toBe(join(root, 'study', 'estimators', 'ft.ts'));
  });

  it('a linked plugin is hashed by its bytes, not as an import of itself', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mixstudy-links-'));
    mkdirSync(join(root, 'shared'));
    mkdirSync(join(root, 'study'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(root, 'shared', 'ft.ts'), ESTIMATOR);
    symlinkSync(join(root, 'shared', 'ft.ts'), join(root, 'study', 'ft.ts'));
    writeFileSync(join(root, 'study', 'study.json'), config('./ft.ts'));
    const { config: loaded } = await loadConfigAndPlugins(join(root, 'study', 'study.json'));
    expect(loaded.estimators[0]?.plugin?.sha256).toBe(createHash('sha256').update(readFileSync(join(root, 'shared', 'ft.ts'))).digest('hex'));
  });
});
