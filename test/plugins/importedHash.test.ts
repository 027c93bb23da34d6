/**
 * A TypeScript plugin outside an ES-module package (no "type": "module" beside it: tsx compiles it as CommonJS)
 * loads as in one. A plugin's own local imports are part of its hash (src/plugins/loadPlugins.ts): editing a helper file
 * the plugin imports changes the config hash as editing the plugin does, and a run of the config loaded before
 * refuses it; moving the study folder changes nothing, and a plugin that imports nothing local keeps the hash of
 * its own bytes.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigAndPlugins } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';

const ESTIMATOR = `
import { centres } from '../lib/centres.js';
export default {
  method: 'helper-split',
  summary: 'two centres from a helper module',
  options: {},
  optionProblems: () => [],
  unsupported: (o: unknown, shape: { K: number }) => (shape.K !== 2 ? 'needs K = 2' : null),
  target: () => ({ kind: 'none' as const }),
  describe: () => 'helper split',
  fit(data: { x: Float64Array; n: number; d: number }, K: number) {
    return { K, d: data.d, means: centres(data.x), weights: Float64Array.from([0.5, 0.5]), sigmas: null, logLik: null, objective: 0, iterations: 1, converged: true, status: 'ok' as const };
  },
};
`;
const HELPER = `export function centres(x: Float64Array): Float64Array { return Float64Array.from([x[0], x[1]]); }\n`;
const LONE = ESTIMATOR.replace("import { centres } from '../lib/centres.js';", HELPER).replace("method: 'helper-split'", "method: 'lone-split'");

function study(packageJson = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'mixstudy-imported-hash-'));
  mkdirSync(join(dir, 'estimators'));
  mkdirSync(join(dir, 'lib'));
  if (packageJson) writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'estimators', 'split.ts'), ESTIMATOR);
  writeFileSync(join(dir, 'estimators', 'lone.ts'), LONE);
  writeFileSync(join(dir, 'lib', 'centres.ts'), HELPER);
  const config = {
    name: 'imported',
    title: 'imported helper',
    seed: 1,
    replications: 2,
    n: [10],
    mixtures: [{ id: 'g', weights: [0.5, 0.5], means: [[-2], [2]], sigma: 1 }],
    estimators: [
      { id: 'split', module: './estimators/split.ts' },
      { id: 'lone', module: './estimators/lone.ts' },
    ],
    estimands: ['separation'],
  };
  writeFileSync(join(dir, 'study.json'), JSON.stringify(config));
  return dir;
}

describe('a TypeScript plugin in a folder without "type": "module"', () => {
  it('loads: its default export is the descriptor, not the CommonJS exports object', async () => {
    const dir = study(false);
    const { config } = await loadConfigAndPlugins(join(dir, 'study.json'));
    expect(config.estimators.map((e) => e.method)).toEqual(['helper-split', 'lone-split']);
    const run = await runExperiment({ config, resultsRoot: join(dir, 'r'), workers: 2, shard: null, fresh: false });
    expect(run.complete && run.failures === 0).toBe(true);
  });
});

describe('the hash of a JavaScript plugin', () => {
  it('covers the local files it imports too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstudy-imported-hash-js-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const js = ESTIMATOR.replace("'../lib/centres.js'", "'./centres.js'").replace(/: (unknown|number|Float64Array|\{ [^}]*\})(?=[,)])/g, '').replace(/ as const/g, '').replace("method: 'helper-split'", "method: 'helper-split-js'");
    writeFileSync(join(dir, 'split.js'), js);
    writeFileSync(join(dir, 'centres.js'), 'export function centres(x) { return Float64Array.from([x[0], x[1]]); }\n');
    writeFileSync(join(dir, 'study.json'), JSON.stringify({ name: 'js', title: 'js', seed: 1, replications: 2, n: [10], mixtures: [{ id: 'g', weights: [0.5, 0.5], means: [[-2], [2]], sigma: 1 }], estimators: [{ id: 'split', module: './split.js' }], estimands: ['separation'] }));
    const before = await loadConfigAndPlugins(join(dir, 'study.json'));
    writeFileSync(join(dir, 'centres.js'), 'export function centres(x) { return Float64Array.from([x[1], x[0]]); }\n');
    expect((await loadConfigAndPlugins(join(dir, 'study.json'))).hash).not.toBe(before.hash);
  });
});

describe('the hash of a TypeScript plugin', () => {
  it('covers the local files it imports, not where the study folder is', async () => {
    const dir = study();
    const before = await loadConfigAndPlugins(join(dir, 'study.json'));
    const plugin = (i: number) => before.config.estimators[i]?.plugin;
    // Nothing local imported: the file's own sha256, as before.
    expect(plugin(1)?.sha256).toBe(createHash('sha256').update(readFileSync(join(dir, 'estimators', 'lone.ts'))).digest('hex'));
    expect(plugin(0)?.sha256).not.toBe(createHash('sha256').update(readFileSync(join(dir, 'estimators', 'split.ts'))).digest('hex'));

    const moved = mkdtempSync(join(tmpdir(), 'mixstudy-imported-hash-moved-'));
    cpSync(dir, moved, { recursive: true });
    expect((await loadConfigAndPlugins(join(moved, 'study.json'))).hash).toBe(before.hash);

    writeFileSync(join(dir, 'lib', 'centres.ts'), HELPER.replace('x[1]', 'x[2]'));
    const edited = await loadConfigAndPlugins(join(dir, 'study.json'));
    expect(edited.hash).not.toBe(before.hash);
    expect(edited.config.estimators[1]?.plugin?.sha256).toBe(plugin(1)?.sha256);
    // Every thread finds the same imports (tsx's own reports of what it loaded could arrive after the import).
    for (let i = 0; i < 3; i++) {
      const run = await runExperiment({ config: edited.config, resultsRoot: join(dir, `j2-${i}`), workers: 2, shard: null, fresh: false });
      expect(run.complete && run.failures === 0).toBe(true);
    }
    // The config loaded before the edit refuses to run with the edited helper.
    await expect(runExperiment({ config: before.config, resultsRoot: join(dir, 'r'), workers: 1, shard: null, fresh: false })).rejects.toThrow(
      /plugin "\.\/estimators\/split\.ts" .* has changed since its config was loaded/,
    );
  });
});
