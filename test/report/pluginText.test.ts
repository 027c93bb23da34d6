/**
 * The report's words for a study with plugins (src/report/narrative.ts, src/report/question.ts): a plugin
 * mechanism is described by its own sentence, file and params — not as a spherical Gaussian mixture, and with no
 * σ when its truth has none — and a plugin estimator gets no k-means restart advice.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigAndPlugins } from '../../src/config/index.js';
import { estimatorItems, mechanismItems } from '../../src/report/narrative.js';
import { studyQuestion } from '../../src/report/question.js';
import { readReplicationRows } from '../../src/results/rows.js';
import { readSummary } from '../../src/results/summary.js';
import { runExperiment } from '../../src/runner/runExperiment.js';

const text = (parts: readonly unknown[]): string => parts.map((p) => (typeof p === 'string' ? p : Object.values(p as object).join(''))).join('');

describe('report text for plugins', () => {
  it('describes plugin mechanisms and estimators by what they say of themselves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstudy-plugin-text-'));
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'm.mjs'), `export default {
  name: 'shifted-uniforms', summary: 'two uniforms', params: { gap: { type: 'positive', default: 4, doc: 'gap' } },
  truth: (p) => ({ means: [[-p.gap / 2], [p.gap / 2]], weights: [0.5, 0.5] }),
  describe: (p, num) => 'U(±' + num(p.gap / 2) + ' ± ½)',
  sample(n, p, rng) { const x = new Float64Array(n), labels = new Int32Array(n);
    for (let i = 0; i < n; i++) { const k = rng.uniform() < 0.5 ? 0 : 1; labels[i] = k; x[i] = (k ? 1 : -1) * p.gap / 2 + rng.uniform() - 0.5; }
    return { x, labels }; },
};\n`);
    writeFileSync(join(dir, 'p', 'e.mjs'), `export default {
  method: 'first-two', summary: 'the first two points', options: {}, optionProblems: () => [], unsupported: () => null,
  target: () => ({ kind: 'kmeans-limit' }), describe: () => 'the first two points as centres',
  fit(data, K) { const means = Float64Array.from([Math.min(data.x[0], data.x[1]), Math.max(data.x[0], data.x[1])]);
    return { K, d: 1, means, weights: Float64Array.from([0.5, 0.5]), sigmas: null, logLik: null, objective: 0, iterations: 1, converged: true, status: 'ok', search: { global: false, restarts: 1, restartsAtBest: 1 } }; },
};\n`);
    writeFileSync(join(dir, 'study.json'), JSON.stringify({
      name: 'text', title: 't', seed: 1, replications: 3, n: [20],
      mixtures: [{ id: 'u', module: './p/m.mjs' }],
      estimators: [{ id: 'two', module: './p/e.mjs' }, { id: 'km', method: 'kmeans' }],
      estimands: ['separation', 'sigma'],
    }));
    const { config } = await loadConfigAndPlugins(join(dir, 'study.json'));
    const run = await runExperiment({ config, resultsRoot: join(dir, 'results'), workers: 1, shard: null, fresh: false });
    const summary = readSummary(run.dir);
    const rows = readReplicationRows(join(run.dir, 'replications.ndjson')).records;

    const [mechanism] = mechanismItems(summary, true).map(text);
    expect(mechanism).toContain('U(±2 ± ½) — plugin mechanism shifted-uniforms (./p/m.mjs, params {})');
    expect(mechanism).toContain('no σ (the components are not spherical)');
    expect(mechanism).not.toContain('N(');
    expect(studyQuestion(summary).map(text).join(' ')).toContain('data-generating mechanism u');
    const [plugin, builtIn] = estimatorItems(summary, rows).map(text);
    expect(plugin).toContain('the first two points as centres');
    expect(plugin).not.toContain('Use restarts');
    expect(builtIn).toContain('Use restarts ≥ 10');
  });
});
