/**
 * Every fit a plugin estimator returns with status "ok" is held to the rest of the Fit contract (src/types.ts,
 * src/plugins/shapes.ts): weights are proportions, σ's positive, posterior draws whole parameter vectors,
 * diagnostics numbers. Before, weights of [2, 2] were recorded as estimates, a diagnostic 'high' became null,
 * and draws of the wrong length failed inside the interval code with its own words.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEstimatorFile } from '../../src/plugins/loadPlugins.js';
import { createStream } from '../../src/rng/stream.js';

const PLUGIN = `
const CASES = {
  fine: {},
  counts: { weights: Float64Array.from([5, 5]) },
  negative: { weights: Float64Array.from([1.5, -0.5]) },
  sigma: { sigmas: Float64Array.from([1, 0]), logLik: -3 },
  draws: { draws: new Float64Array(3) },
  diagnostics: { diagnostics: { rhat: 'high' } },
  failed: { weights: Float64Array.from([5, 5]), status: 'degenerate', message: 'told so' },
};
export default {
  method: 'contract-probe',
  summary: 'returns a fit that breaks one rule',
  options: { breaks: { type: 'enum', values: Object.keys(CASES), default: 'fine', doc: 'which rule to break' } },
  optionProblems: () => [],
  unsupported: () => null,
  target: () => ({ kind: 'none' }),
  describe: () => 'contract probe',
  fit: (data, K, o) => ({
    K, d: data.d, means: new Float64Array(K * data.d), weights: new Float64Array(K).fill(1 / K), sigmas: null, logLik: null,
    objective: 0, iterations: 1, converged: true, status: 'ok', ...CASES[o.breaks],
  }),
};
`;

describe('a plugin fit with status ok', () => {
  it('is an error naming the broken rule (the row records it), and one that says it failed is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstudy-fit-contract-'));
    writeFileSync(join(dir, 'probe.mjs'), PLUGIN);
    const { descriptor } = await loadEstimatorFile(join(dir, 'probe.mjs'));
    const data = { x: Float64Array.from([-1, 1, -2, 2]), n: 4, d: 1 };
    const fit = (breaks: string) => () => descriptor.fit(data, 2, { breaks }, createStream(1, 'probe'));
    expect(fit('fine')().status).toBe('ok');
    expect(fit('failed')().status).toBe('degenerate');
    expect(fit('counts')).toThrow('contract-probe: fit() returned weights summing to 10, not 1, with status "ok" (they are the mixing proportions)');
    expect(fit('negative')).toThrow('contract-probe: fit() returned weights[1] = -0.5 < 0 with status "ok"');
    expect(fit('sigma')).toThrow('contract-probe: fit() returned sigmas[1] = 0, not > 0, with status "ok"');
    expect(fit('draws')).toThrow('contract-probe: fit().draws must be a Float64Array of S whole parameter vectors of P = 4 values (means, weights), got 3 values');
    expect(fit('diagnostics')).toThrow('contract-probe: fit().diagnostics.rhat must be a number (got "high")');
  });
});
