/** The guard of a row's `inference` field: a valid one passes, each kind of damage is named by its path, old rows need nothing. */
import { describe, expect, it } from 'vitest';
import { replicationRowProblem } from '../../src/results/rows.js';

const row = { condition: 'c|n=10', rep: 0, estimator: 'km', status: 'ok', values: { separation: 2 } };
const good = {
  wald: { status: 'ok', kind: 'pollard', values: { separation: { se: 0.1, lower: 1.8, upper: 2.2 }, 'weights.0': { se: null, lower: null, upper: null } } },
  percentile: { status: 'unavailable', kind: 'bootstrap', reason: '1 usable draws', draws: 1, values: {} },
};

describe('replication row inference guard', () => {
  it('accepts rows without the field (older runs) and with a valid one', () => {
    expect(replicationRowProblem(row)).toBeNull();
    expect(replicationRowProblem({ ...row, inference: good })).toBeNull();
  });

  it('names the path of each kind of damage', () => {
    expect(replicationRowProblem({ ...row, inference: [] })).toMatch(/^inference: expected an object/);
    expect(replicationRowProblem({ ...row, inference: { jackknife: good.wald } })).toMatch(/^inference\.jackknife: unknown interval method/);
    expect(replicationRowProblem({ ...row, inference: { wald: { ...good.wald, status: 'fine' } } })).toMatch(/^inference\.wald\.status:/);
    expect(replicationRowProblem({ ...row, inference: { wald: { ...good.wald, values: { separation: { se: 'x', lower: 1, upper: 2 } } } } })).toMatch(
      /^inference\.wald\.values\.separation\.se: expected a number or null/,
    );
    expect(replicationRowProblem({ ...row, inference: { percentile: { ...good.percentile, draws: -1 } } })).toMatch(/^inference\.percentile\.draws:/);
  });
});
