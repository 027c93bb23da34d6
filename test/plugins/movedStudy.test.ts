/**
 * A study folder that moved after its run (a clone, a copy on a cluster): the manifest records where the plugin
 * was found on the first machine, and `replay` (src/commands/replay.ts, through src/plugins/loadPlugins.ts
 * ensurePlugins) then finds the same bytes at the module's path relative to the current folder. Before, it said
 * "file not found (looked for <the old path>)", exit 2; a file there with other bytes is still refused.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigAndPlugins } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

const ESTIMATOR = `
export default {
  method: 'first-two-moved',
  summary: 'the first two points as centres',
  options: {},
  optionProblems: () => [],
  unsupported: () => null,
  target: () => ({ kind: 'none' }),
  describe: () => 'first two points',
  fit: (data, K) => ({ K, d: data.d, means: Float64Array.from([data.x[0], data.x[data.d]]), weights: Float64Array.from([0.5, 0.5]), sigmas: null, logLik: null, objective: 7, iterations: 1, converged: true, status: 'ok' }),
};
`;

function replay(cwd: string) {
  return spawnSync(process.execPath, [cli, 'replay', 'moved', '--condition', 'g|n=10', '--rep', '0', '--estimator', 'ft'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MIXSTUDY_FROM_SOURCE: '1' },
  });
}

describe('a moved study folder', () => {
  it('replays its plugin fits from the same bytes beside the current folder, and refuses other bytes there', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mixstudy-moved-'));
    const first = join(root, 'first');
    mkdirSync(join(first, 'estimators'), { recursive: true });
    writeFileSync(join(first, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(first, 'estimators', 'ft.js'), ESTIMATOR);
    const config = { name: 'moved', title: 'moved', seed: 1, replications: 2, n: [10], mixtures: [{ id: 'g', weights: [0.5, 0.5], means: [[-2], [2]], sigma: 1 }], estimators: [{ id: 'ft', module: './estimators/ft.js' }], estimands: ['separation'] };
    writeFileSync(join(first, 'study.json'), JSON.stringify(config));
    const { config: loaded } = await loadConfigAndPlugins(join(first, 'study.json'));
    expect((await runExperiment({ config: loaded, resultsRoot: join(first, 'results'), workers: 1, shard: null, fresh: false })).complete).toBe(true);

    const second = join(root, 'second');
    cpSync(first, second, { recursive: true });
    renameSync(first, join(root, 'gone'));
    const ok = replay(second);
    expect(ok.stderr).not.toContain('mixstudy:');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('objective');

    writeFileSync(join(second, 'estimators', 'ft.js'), ESTIMATOR + '\n// edited\n');
    const edited = replay(second);
    expect(edited.status).toBe(2);
    expect(edited.stderr).toBe(
      `mixstudy: plugin "./estimators/ft.js": file not found (looked for ${join(first, 'estimators', 'ft.js')}); nor with the recorded bytes at ${join(second, 'estimators', 'ft.js')} (beside the current folder)\n`,
    );
  });
});
