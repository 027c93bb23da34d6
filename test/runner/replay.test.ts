import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { executeTask } from '../../src/runner/executeTask.js';
import { replay } from '../../src/runner/replay.js';
import { smallConfig } from './helpers.js';

describe('replay', () => {
  const config = parseConfig(smallConfig());

  it('reproduces exactly the fit behind a result row', () => {
    const rows = executeTask(config, { mixtureIndex: 1, rep: 4 }).rows;
    const row = rows.find((r) => r.condition === 'skewed|n=60' && r.estimator === 'mle');
    expect(row).toBeDefined();
    const [again] = replay(config, 'skewed|n=60', 4, 'mle');
    expect(again.fit.objective).toBe(row?.values.objective);
    expect(again.fit.iterations).toBe(row?.values.iterations);
  });

  it('names what is wrong with a bad condition, replication or estimator', () => {
    expect(() => replay(config, 'nope|n=60', 0)).toThrow(/unknown condition "nope\|n=60"; conditions look like "canonical\|n=20"/);
    expect(() => replay(config, 'canonical|n=20', 6)).toThrow(/--rep: must be in 0..5/);
    expect(() => replay(config, 'canonical|n=20', 0, 'x')).toThrow(/unknown estimator "x"; the config has km, lloyd, mle/);
  });
});
