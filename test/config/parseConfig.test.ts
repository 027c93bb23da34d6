/** Valid configs: defaults, normalisation, the hash, the replications override and conditions. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  ConfigError,
  conditionKey,
  configHash,
  ESTIMANDS,
  expandConditions,
  loadConfig,
  parseConfig,
  withReplications,
} from '../../src/config/index.js';
import { MIXTURE, validConfig } from './helpers.js';

describe('parseConfig on valid configs', () => {
  it('fills in defaults: description, nested, estimands, options', () => {
    const config = parseConfig(validConfig());
    expect(config.description).toBe('');
    expect(config.nested).toBe(true);
    expect(config.estimands).toEqual([...ESTIMANDS]);
    expect(config.estimators).toEqual([
      { id: 'km', method: 'kmeans', options: {} },
      { id: 'mle', method: 'em', options: { covariance: 'equal' } },
    ]);
  });

  it('normalises a shared sigma to one per component and records K and d', () => {
    const planar = { id: 'p', weights: [0.2, 0.3, 0.5], means: [[0, 0], [1, 0], [0, 1]], sigmas: [1, 2, 3] };
    const config = parseConfig({ ...validConfig(), mixtures: [{ ...MIXTURE, sigma: 2 }, planar] });
    expect(config.mixtures).toEqual([
      { id: 'm', weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [2, 2], K: 2, d: 1 },
      { id: 'p', weights: [0.2, 0.3, 0.5], means: [[0, 0], [1, 0], [0, 1]], sigmas: [1, 2, 3], K: 3, d: 2 },
    ]);
  });

  it('keeps what was given: seed as a string, nested false, a subset of estimands, every option of every method', () => {
    const estimators = [
      { id: 'a', method: 'kmeans', options: { init: 'random', restarts: 5, tol: 1e-8, maxIter: 100 } },
      { id: 'b', method: 'kmeans-exact', options: {} },
      {
        id: 'c',
        method: 'em',
        options: { covariance: 'fixed', sigma: 1, weights: 'equal', init: 'kmeans++', restarts: 2, tol: 1e-6, maxIter: 50, accelerate: 'none', varianceFloor: 1e-6 },
      },
      { id: 'd', method: 'cem', options: { covariance: 'unequal', weights: 'estimated', init: 'kmeans', restarts: 3, maxIter: 20, varianceFloor: 1e-4 } },
    ];
    const config = parseConfig({ ...validConfig(), seed: 'study-A', nested: false, estimands: ['means', 'separation'], estimators });
    expect(config.seed).toBe('study-A');
    expect(config.nested).toBe(false);
    expect(config.estimands).toEqual(['means', 'separation']);
    expect(config.estimators).toEqual(estimators);
  });

  it('accepts weights that sum to 1 only up to rounding', () => {
    const config = parseConfig({ ...validConfig(), mixtures: [{ id: 'x', weights: [0.7, 0.2, 0.1], means: [[0], [1], [2]], sigma: 1 }] });
    expect(config.mixtures[0].weights).toEqual([0.7, 0.2, 0.1]);
  });

  it('puts explicit mixtures before the grid', () => {
    const config = parseConfig({ ...validConfig(), grid: { separation: [2] } });
    expect(config.mixtures.map((m) => m.id)).toEqual(['m', 'sep=2_w=equal_K=2_d=1']);
  });

  it('does not keep references into the input', () => {
    const input = validConfig();
    const config = parseConfig(input);
    (config.mixtures[0].means[0] as number[])[0] = 99; // readonly in the type; the test checks the copy at run time
    config.n.push(1000);
    expect(input.mixtures[0].means).toEqual([[-1], [1]]);
    expect(input.n).toEqual([10, 100]);
  });
});

describe('the config hash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mixstudy-hash-'));

  it('is sha256 hex of the canonical JSON of the normalised config', () => {
    const path = join(dir, 'a.json');
    writeFileSync(path, JSON.stringify(validConfig()));
    const loaded = loadConfig(path);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.hash).toBe(configHash(loaded.config));
    expect(loaded.raw).toBe(JSON.stringify(validConfig()));
  });

  it('ignores layout, key order and defaults spelt out, but not content', () => {
    const a = join(dir, 'layout-a.json');
    const b = join(dir, 'layout-b.json');
    const c = join(dir, 'layout-c.json');
    const config = validConfig();
    writeFileSync(a, JSON.stringify(config));
    const reordered = Object.fromEntries(Object.entries({ ...config, nested: true, description: '' }).reverse());
    writeFileSync(b, JSON.stringify(reordered, null, 4));
    writeFileSync(c, JSON.stringify({ ...config, replications: 11 }));
    expect(loadConfig(b).hash).toBe(loadConfig(a).hash);
    expect(loadConfig(c).hash).not.toBe(loadConfig(a).hash);
  });

  it('canonical JSON sorts keys at every level and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe('{"a":{"d":[1,{"e":3,"f":2}]},"b":1}');
  });
});

describe('withReplications', () => {
  it('overrides the replication count without touching the rest', () => {
    const config = parseConfig(validConfig());
    const more = withReplications(config, 3);
    expect(more.replications).toBe(3);
    expect({ ...more, replications: config.replications }).toEqual(config);
    expect(config.replications).toBe(10);
  });

  it('rejects fewer than 2 or a non-integer', () => {
    const config = parseConfig(validConfig());
    for (const bad of [1, 0, -5, 2.5, Number.NaN]) {
      expect(() => withReplications(config, bad)).toThrow(ConfigError);
    }
    expect(() => withReplications(config, 1)).toThrow('replications: must be an integer ≥ 2 (got 1)');
  });
});

describe('conditions', () => {
  it('conditionKey is "<mixture>|n=<n>"', () => {
    expect(conditionKey('sep=1.5_w=0.7-0.3_K=2_d=1', 500)).toBe('sep=1.5_w=0.7-0.3_K=2_d=1|n=500');
  });

  it('expandConditions is mixture-major with n ascending', () => {
    const config = parseConfig({ ...validConfig(), n: [10, 20, 30], grid: { separation: [1] } });
    const conditions = expandConditions(config);
    expect(conditions.map((c) => c.key)).toEqual([
      'm|n=10',
      'm|n=20',
      'm|n=30',
      'sep=1_w=equal_K=2_d=1|n=10',
      'sep=1_w=equal_K=2_d=1|n=20',
      'sep=1_w=equal_K=2_d=1|n=30',
    ]);
    expect(conditions[4].mixture).toBe(config.mixtures[1]);
    expect(conditions[4].n).toBe(20);
  });
});
