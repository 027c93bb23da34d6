/**
 * One status rule for a fit: the runner's rows (replications.ndjson) and `fit --json` both take it from
 * src/runner/fitStatus.ts, so the same fit gets the same status and message in both.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { fitToJson } from '../../src/commands/fitJson.js';
import { executeTask } from '../../src/runner/executeTask.js';
import { statusOfError, statusOfFit } from '../../src/runner/fitStatus.js';
import { replay } from '../../src/runner/replay.js';

describe('fit status', () => {
  it('an error is `error` with the thrown message', () => {
    expect(statusOfError(new Error('data: n = 1 points is fewer than K = 2 clusters'))).toEqual({ status: 'error', message: 'data: n = 1 points is fewer than K = 2 clusters' });
    expect(statusOfError('plain')).toEqual({ status: 'error', message: 'plain' });
  });

  it('rows of a run and fit --json agree on every fit: ok, degenerate and their messages', () => {
    const config = parseConfig({
      name: 'status',
      title: 'status vocabulary',
      seed: 3,
      replications: 2,
      n: [2, 40],
      mixtures: [{ id: 'm', weights: [0.5, 0.5], means: [[-2], [2]], sigma: 1 }],
      estimators: [
        { id: 'km', method: 'kmeans-exact' },
        { id: 'uem', method: 'em', options: { covariance: 'unequal' } },
      ],
      estimands: ['separation'],
    });
    const seen = new Set<string>();
    for (let rep = 0; rep < config.replications; rep++) {
      for (const row of executeTask(config, { mixtureIndex: 0, rep }).rows) {
        const [again] = replay(config, row.condition, rep, row.estimator);
        const json = fitToJson(again.fit);
        expect({ status: row.status, message: row.message }).toEqual({ status: json.status, message: json.message });
        expect(statusOfFit(again.fit)).toEqual(row.message === undefined ? { status: row.status } : { status: row.status, message: row.message });
        seen.add(row.status);
      }
    }
    expect([...seen].sort()).toEqual(['degenerate', 'ok']);
  });
});
