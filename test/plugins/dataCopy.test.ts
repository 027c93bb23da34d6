/**
 * A plugin estimator that changes `data.x` in place (sorts it, say) changes only its own copy
 * (src/plugins/loadPlugins.ts): every estimator of a replication fits the same sample, and each smaller n a
 * prefix of it (src/runner/executeTask.ts), so before, k-means after such a plugin fitted sorted data — and a
 * resumed run, which refits only missing cells, would not have matched a fresh one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigAndPlugins } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';

const SORTER = `
export default {
  method: 'sorter',
  summary: 'sorts the data in place, then splits them in two halves',
  options: {},
  optionProblems: () => [],
  unsupported: (o, shape) => (shape.d !== 1 ? 'needs d = 1' : null),
  target: () => ({ kind: 'none' }),
  describe: () => 'in-place sort',
  fit(data, K) {
    data.x.sort();
    const h = Math.floor(data.n / 2);
    return { K, d: 1, means: Float64Array.from([data.x[Math.floor(h / 2)], data.x[h + Math.floor(h / 2)]]), weights: Float64Array.from([0.5, 0.5]), sigmas: null, logLik: null, objective: 0, iterations: 1, converged: true, status: 'ok' };
  },
};
`;

async function kmeansRows(dir: string, name: string, estimators: unknown[]): Promise<string[]> {
  const config = { name, title: name, seed: 3, replications: 3, n: [20, 60], mixtures: [{ id: 'g', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }], estimators, estimands: ['separation', 'misclassification'] };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(config));
  const { config: loaded } = await loadConfigAndPlugins(join(dir, `${name}.json`));
  await runExperiment({ config: loaded, resultsRoot: join(dir, 'results'), workers: 1, shard: null, fresh: false });
  return readFileSync(join(dir, 'results', name, 'replications.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"estimator":"km"'));
}

describe('a plugin that sorts data.x in place', () => {
  it('leaves the data of the estimators after it as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstudy-data-copy-'));
    writeFileSync(join(dir, 'sorter.mjs'), SORTER);
    const km = { id: 'km', method: 'kmeans', options: { restarts: 3 } };
    const alone = await kmeansRows(dir, 'alone', [km]);
    const after = await kmeansRows(dir, 'after', [{ id: 'sort', module: './sorter.mjs' }, km]);
    expect(alone).toHaveLength(6);
    expect(after).toEqual(alone);
  });
});
