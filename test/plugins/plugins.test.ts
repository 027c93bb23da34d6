/**
 * Plugin estimators and data mechanisms (src/plugins/loadPlugins.ts, src/config/pluginEntries.ts,
 * src/dgm/mechanism.ts): loaded from a config's `module` entries, validated with exact paths, part of the config
 * hash by content, run in worker threads with the same bytes as in one thread, and a plugin's failure inside a
 * replication is that row's `error`.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadConfigAndPlugins } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { readReplicationRows } from '../../src/results/rows.js';
import { loadEstimatorFile } from '../../src/plugins/loadPlugins.js';
import { createStream } from '../../src/rng/stream.js';
import { slurmCommand } from '../../src/commands/slurm.js';

/** Nearest-of-two-fixed-quantiles "estimator": deterministic, uses the rng once, throws/NaNs on request. */
const ESTIMATOR = `
export default {
  method: 'quantile-split',
  summary: 'two centres at the lower and upper quartile of the first coordinate',
  options: {
    shrink: { type: 'number', min: 0, max: 1, default: 0, doc: 'pull the centres towards the middle' },
    fail: { type: 'enum', values: ['never', 'throw', 'nan'], default: 'never', doc: 'how to misbehave at n = 20' },
  },
  optionProblems: () => [],
  unsupported: (o, shape) => (shape.K !== 2 ? 'needs K = 2' : null),
  target: () => ({ kind: 'none' }),
  describe: (o, num) => 'quartile split, shrink ' + num(o.shrink),
  fit(data, K, o, rng) {
    rng.uniform();
    if (data.n === 20 && o.fail === 'throw') throw new Error('plugin gave up at n = 20');
    const v = Array.from({ length: data.n }, (_, i) => data.x[i * data.d]).sort((a, b) => a - b);
    const lo = v[Math.floor(data.n / 4)], hi = v[Math.floor((3 * data.n) / 4)], mid = (lo + hi) / 2;
    const means = new Float64Array(K * data.d);
    means[0] = lo + o.shrink * (mid - lo);
    means[data.d] = data.n === 20 && o.fail === 'nan' ? NaN : hi - o.shrink * (hi - mid);
    return { K, d: data.d, means, weights: Float64Array.from([0.5, 0.5]), sigmas: null, logLik: null, objective: 0, iterations: 1, converged: true, status: 'ok' };
  },
};
`;

const MECHANISM = `
export default {
  name: 'uniform-pair',
  summary: 'two uniform blobs',
  params: { gap: { type: 'positive', doc: 'distance between the blob centres' } },
  truth: (p) => ({ means: [[-p.gap / 2], [p.gap / 2]], weights: [0.5, 0.5] }),
  sample(n, p, rng) {
    const x = new Float64Array(n), labels = new Int32Array(n);
    for (let i = 0; i < n; i++) { const k = rng.uniform() < 0.5 ? 0 : 1; labels[i] = k; x[i] = (k ? 1 : -1) * p.gap / 2 + rng.uniform() - 0.5; }
    return { x, labels };
  },
};
`;

function study(extra: { estimators?: unknown[]; mixtures?: unknown[] } = {}, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mixstudy-plugins-'));
  mkdirSync(join(dir, 'plugins'));
  // As in a project of its own: .js files are ES modules there.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'plugins', 'est.js'), ESTIMATOR);
  writeFileSync(join(dir, 'plugins', 'dgm.mjs'), MECHANISM);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = {
    name: 'plugin-study',
    title: 'plugins',
    seed: 5,
    replications: 6,
    n: [20, 60],
    mixtures: extra.mixtures ?? [
      { id: 'blobs', module: './plugins/dgm.mjs', params: { gap: 3 } },
      { id: 'gauss', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 },
    ],
    estimators: extra.estimators ?? [
      { id: 'km', method: 'kmeans' },
      { id: 'qs', module: './plugins/est.js', options: { shrink: 0.1 } },
    ],
    estimands: ['separation', 'means', 'weights', 'sigma'],
  };
  writeFileSync(join(dir, 'study.json'), JSON.stringify(config, null, 2));
  return dir;
}

async function problemsOf(path: string): Promise<string[]> {
  try {
    await loadConfigAndPlugins(path);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('plugin entries of a config', () => {
  it('load with the plugin recorded by content: editing it changes the hash, moving the study does not', async () => {
    const dir = study();
    const { config, hash } = await loadConfigAndPlugins(join(dir, 'study.json'));
    expect(config.estimators[1]).toMatchObject({ id: 'qs', method: 'quantile-split', options: { shrink: 0.1 }, plugin: { module: './plugins/est.js', target: { kind: 'none' }, description: 'quartile split, shrink 0.1' } });
    expect(config.mixtures[0]).toMatchObject({ id: 'blobs', K: 2, d: 1, weights: [0.5, 0.5], means: [[-1.5], [1.5]], mechanism: { name: 'uniform-pair', sigmaDefined: false, params: { gap: 3 } } });

    const moved = mkdtempSync(join(tmpdir(), 'mixstudy-plugins-moved-'));
    cpSync(dir, moved, { recursive: true });
    expect((await loadConfigAndPlugins(join(moved, 'study.json'))).hash).toBe(hash);

    writeFileSync(join(moved, 'plugins', 'est.js'), ESTIMATOR.replace('quartile split', 'quartile split (edited)'));
    expect((await loadConfigAndPlugins(join(moved, 'study.json'))).hash).not.toBe(hash);
  });

  it('checks options and params against the plugin\'s own declaration, at exact paths', async () => {
    const dir = study({
      mixtures: [{ id: 'blobs', module: './plugins/dgm.mjs', params: { gapp: 3 } }],
      estimators: [{ id: 'km', method: 'kmeans' }, { id: 'qs', module: './plugins/est.js', options: { shrink: 2, fail: 'often' } }],
    });
    const problems = await problemsOf(join(dir, 'study.json'));
    expect(problems).toContain('mixtures[0].params.gapp: unknown key (did you mean "gap"?)');
    expect(problems).toContain('estimators[1].options.shrink: must be ≤ 1 (got 2)');
    expect(problems.some((p) => p.startsWith('estimators[1].options.fail: '))).toBe(true);
    const required = await problemsOf(join(study({ mixtures: [{ id: 'blobs', module: './plugins/dgm.mjs' }] }), 'study.json'));
    expect(required).toContain('mixtures[0].params.gap: required (distance between the blob centres)');
  });

  it('refuses bad plugin files before any work, naming the entry, the file and what is missing', async () => {
    const dir = study(
      {
        estimators: [
          { id: 'a', module: './nowhere.js' },
          { id: 'b', module: './noDefault.js' },
          { id: 'c', module: './noFit.js' },
          { id: 'd', module: './builtinName.js' },
        ],
      },
      {
        'noDefault.js': 'export const descriptor = {};\n',
        'noFit.js': ESTIMATOR.replace('fit(data, K, o, rng) {', 'fitt(data, K, o, rng) {').replace("method: 'quantile-split'", "method: 'nofit'"),
        'builtinName.js': ESTIMATOR.replace("method: 'quantile-split'", "method: 'kmeans'"),
      },
    );
    const problems = await problemsOf(join(dir, 'study.json'));
    expect(problems[0]).toBe(`estimators[0].module: "./nowhere.js": file not found (looked for ${join(dir, 'nowhere.js')})`);
    expect(problems[1]).toMatch(/^estimators\[1\]\.module: "\.\/noDefault\.js": its default export is not an estimator descriptor: the default export is missing/);
    expect(problems[2]).toMatch(/^estimators\[2\]\.module: "\.\/noFit\.js": .*fit\(\): missing or not a function/);
    expect(problems[3]).toMatch(/^estimators\[3\]\.module: "\.\/builtinName\.js": method "kmeans" is a built-in estimator's name/);
  });

  it('a plugin\'s covariance, like its fit, gets its options with the declared defaults', async () => {
    const dir = study({}, { 'cov.mjs': ESTIMATOR.replace("method: 'quantile-split',", "method: 'with-cov',\n  covariance: (data, fit, o) => ({ status: 'unavailable', kind: JSON.stringify(o), reason: 'test' }),") });
    const { descriptor } = await loadEstimatorFile(join(dir, 'cov.mjs'));
    const cov = descriptor.covariance?.({ x: new Float64Array(2), n: 2, d: 1 }, descriptor.fit({ x: Float64Array.from([0, 1, 2, 3]), n: 4, d: 1 }, 2, { shrink: 0.5 }, createStream(1, 'x')), { shrink: 0.5 });
    expect(cov?.kind).toBe(JSON.stringify({ shrink: 0.5, fail: 'never' }));
  });

  it('mixstudy slurm loads the plugins to plan the array (its tasks then run the config like any shard)', async () => {
    const dir = study();
    const args = { config: join(dir, 'study.json'), array: 12, 'cpus-per-task': 1, cpusPerTask: 1, out: join(dir, 'slurm'), results: join(dir, 'results'), _: [], $0: 'mixstudy' };
    const out = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await (slurmCommand.handler as unknown as (a: typeof args) => Promise<void>)(args);
    } finally {
      process.stdout.write = out;
    }
    expect(readFileSync(join(dir, 'slurm', 'plugin-study.sbatch'), 'utf8')).toContain('#SBATCH --array=0-11');
    // 2 mixtures × 6 replications: one task more is refused, as for a config without plugins.
    await expect(Promise.resolve().then(() => (slurmCommand.handler as unknown as (a: typeof args) => Promise<void>)({ ...args, array: 13 }))).rejects.toThrow(/only 12 replication tasks/);
  });

  it('loadConfig without loading the plugins says how', () => {
    const dir = study();
    expect(() => loadConfig(join(dir, 'study.json'))).toThrow(/was not loaded \(load the config with loadConfigAndPlugins/);
  });
});

describe('a study with plugins', () => {
  it('a mechanism that throws or draws NaN fails the rows of its samples only, each with the message', async () => {
    const bad = MECHANISM.replace('sample(n, p, rng) {', 'sample(n, p, rng) {\n    if (p.gap > 5) throw new Error("no samples today");\n    if (p.gap > 4) return { x: new Float64Array(n).fill(NaN), labels: new Int32Array(n) };');
    const dir = study(
      {
        mixtures: [
          { id: 'throws', module: './bad.mjs', params: { gap: 6 } },
          { id: 'nan', module: './bad.mjs', params: { gap: 4.5 } },
          { id: 'fine', module: './bad.mjs', params: { gap: 3 } },
        ],
      },
      { 'bad.mjs': bad },
    );
    const { config } = await loadConfigAndPlugins(join(dir, 'study.json'));
    const run = await runExperiment({ config, resultsRoot: join(dir, 'r'), workers: 2, shard: null, fresh: false });
    expect(run.complete).toBe(true);
    const rows = readReplicationRows(join(dir, 'r', 'plugin-study', 'replications.ndjson')).records;
    const by = (prefix: string) => rows.filter((r) => r.condition.startsWith(prefix));
    expect(by('throws|').every((r) => r.status === 'error' && r.message === 'data mechanism "./bad.mjs" sample() threw: no samples today')).toBe(true);
    expect(by('nan|').every((r) => r.status === 'error' && r.message === 'data mechanism "./bad.mjs": sample().x[0] is NaN (point 0): data must be finite')).toBe(true);
    expect(by('fine|').every((r) => r.status === 'ok')).toBe(true);
  });

  it('runs in worker threads with the bytes of one thread; a throwing or NaN plugin fails only its rows; an edited plugin refuses resume', async () => {
    const dir = study({
      estimators: [
        { id: 'km', method: 'kmeans' },
        { id: 'qs', module: './plugins/est.js', options: { shrink: 0.1 } },
        { id: 'boom', module: './plugins/est.js', options: { fail: 'throw' } },
        { id: 'nan', module: './plugins/est.js', options: { fail: 'nan' } },
      ],
    });
    const { config } = await loadConfigAndPlugins(join(dir, 'study.json'));
    const one = await runExperiment({ config, resultsRoot: join(dir, 'r1'), workers: 1, shard: null, fresh: false });
    const two = await runExperiment({ config, resultsRoot: join(dir, 'r2'), workers: 2, shard: null, fresh: false });
    expect(one.complete && two.complete).toBe(true);
    const bytes = (root: string) => readFileSync(join(root, 'plugin-study', 'replications.ndjson'), 'utf8');
    expect(bytes(join(dir, 'r2'))).toBe(bytes(join(dir, 'r1')));

    const rows = readReplicationRows(join(dir, 'r1', 'plugin-study', 'replications.ndjson')).records;
    expect(rows).toHaveLength(2 * 2 * 6 * 4);
    const failed = rows.filter((r) => r.status === 'error');
    // Each misbehaving estimator fails at n = 20 only, in both mixtures and every replication.
    expect(failed).toHaveLength(2 * 2 * 6);
    expect(new Set(failed.map((r) => r.message))).toEqual(new Set(['plugin gave up at n = 20', 'quantile-split: fit() returned NaN in means[1] with status "ok"']));
    expect(rows.filter((r) => r.estimator === 'qs').every((r) => r.status === 'ok')).toBe(true);
    // The mechanism's truth has no σ: the σ estimand has no target there, and is null for k-means as ever.
    const summary = JSON.parse(readFileSync(join(dir, 'r1', 'plugin-study', 'summary.json'), 'utf8')) as { cells: { mixture: string; estimand: string; truth: number | null }[] };
    expect(summary.cells.filter((c) => c.mixture === 'blobs' && c.estimand.startsWith('sigma')).every((c) => c.truth === null)).toBe(true);

    writeFileSync(join(dir, 'plugins', 'est.js'), ESTIMATOR + '\n// edited\n');
    const edited = await loadConfigAndPlugins(join(dir, 'study.json'));
    await expect(runExperiment({ config: edited.config, resultsRoot: join(dir, 'r1'), workers: 1, shard: null, fresh: false })).rejects.toThrow(/holds results of a different config/);
    // A run of the config loaded before the edit refuses to use the edited file.
    await expect(runExperiment({ config, resultsRoot: join(dir, 'r3'), workers: 1, shard: null, fresh: false })).rejects.toThrow(/has changed since its config was loaded/);
  });
});
