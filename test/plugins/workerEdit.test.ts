/**
 * A plugin file edited while a run is going on: a worker thread that loads it then (src/runner/worker.ts) refuses
 * it like the main thread does (src/plugins/loadPlugins.ts ensurePlugins), and src/runner/pool.ts passes that on
 * as the same one-line UserError (exit 2), not as a worker failure with a stack (exit 70).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigAndPlugins } from '../../src/config/index.js';
import { UserError } from '../../src/errors/userError.js';
import { runExperiment } from '../../src/runner/runExperiment.js';

const ESTIMATOR = `
export default {
  method: 'first-two',
  summary: 'the first two points as centres',
  options: {},
  optionProblems: () => [],
  unsupported: (o, shape) => (shape.K !== 2 ? 'needs K = 2' : null),
  target: () => ({ kind: 'none' }),
  describe: () => 'first two points',
  fit(data, K) {
    const means = Float64Array.from([data.x[0], data.x[data.d]]);
    return { K, d: data.d, means, weights: Float64Array.from([0.5, 0.5]), sigmas: null, logLik: null, objective: 0, iterations: 1, converged: true, status: 'ok' };
  },
};
`;

describe('a plugin edited during a run with worker threads', () => {
  it('is a UserError naming the file (exit 2), as in the main thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstudy-worker-edit-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'est.js'), ESTIMATOR);
    const config = {
      name: 'edited',
      title: 'edited plugin',
      seed: 1,
      replications: 4,
      n: [10],
      mixtures: [{ id: 'g', weights: [0.5, 0.5], means: [[-2], [2]], sigma: 1 }],
      estimators: [{ id: 'ft', module: './est.js' }],
      estimands: ['separation'],
    };
    writeFileSync(join(dir, 'study.json'), JSON.stringify(config));
    const loaded = await loadConfigAndPlugins(join(dir, 'study.json'));
    // Edited after the config was loaded (the main thread holds the old module), before the worker loads it.
    writeFileSync(join(dir, 'est.js'), ESTIMATOR + '\n// edited\n');
    const run = runExperiment({ config: loaded.config, resultsRoot: join(dir, 'r'), workers: 2, shard: null, fresh: false });
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).toBe(
      (err as UserError).message.split('\n')[0],
    );
    expect((err as UserError).message).toMatch(new RegExp(`^plugin "\\./est\\.js" \\(${join(dir, 'est.js').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) has changed since its config was loaded`));
  });
});
