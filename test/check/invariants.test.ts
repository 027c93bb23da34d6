/** Scientific invariants on synthetic summary cells: limit present or not, MLE correctly specified or not. */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/check/invariants.js';
import { parseConfig } from '../../src/config/index.js';
import { summariseCell } from '../../src/performance/index.js';
import type { SummaryCell } from '../../src/results/summary.js';
import { rawConfig } from './helpers.js';

function cell(estimator: string, method: string, estimand: string, n: number, values: number[], truth: number | null, limit: number | null = null): SummaryCell {
  return {
    condition: `canonical|n=${n}`,
    mixture: 'canonical',
    n,
    estimator,
    method,
    estimand,
    truth,
    limit,
    ...summariseCell(values, values.map(() => 'ok'), { truth, limit }),
  };
}

const around = (centre: number, spread: number): number[] => Array.from({ length: 40 }, (_, i) => centre + spread * Math.sin(i * 1.7));

describe('checkInvariants', () => {
  const config = parseConfig(rawConfig());

  it('k-means: skipped with a note when the summary has no limit; checked against cell.limit when it has one', () => {
    const noLimit = checkInvariants(config, [cell('kmeans', 'kmeans-exact', 'separation', 2000, around(2.33, 0.03), 2)], 4);
    expect(noLimit[0]).toMatchObject({ kind: 'kmeans-limit', verdict: 'skipped' });
    expect(noLimit[0].note).toMatch(/no population limit/);
    const mean = around(2.33, 0.03).reduce((a, b) => a + b, 0) / 40;
    const good = checkInvariants(config, [cell('kmeans', 'kmeans-exact', 'separation', 2000, around(2.33, 0.03), 2, mean + 0.001)], 4);
    expect(good[0]).toMatchObject({ verdict: 'ok' });
    const wrong = checkInvariants(config, [cell('kmeans', 'kmeans-exact', 'separation', 2000, around(2.33, 0.03), 2, 2)], 4);
    expect(wrong[0]).toMatchObject({ verdict: 'fail' });
    expect(wrong[0].z as number).toBeGreaterThan(4);
  });

  it('only the largest n counts', () => {
    const rows = checkInvariants(config, [cell('mle', 'em', 'separation', 100, around(2.5, 0.03), 2), cell('mle', 'em', 'separation', 2000, around(2.0, 0.03), 2)], 4);
    const mle = rows.filter((r) => r.kind === 'mle-truth');
    expect(mle).toHaveLength(1);
    expect(mle[0]).toMatchObject({ n: 2000, verdict: 'ok' });
  });

  it('MLE: a biased estimate fails; a misspecified model (equal σ imposed, true σ differ) is skipped', () => {
    const biased = checkInvariants(config, [cell('mle', 'em', 'separation', 2000, around(2.1, 0.03), 2)], 4);
    expect(biased.find((r) => r.kind === 'mle-truth')).toMatchObject({ verdict: 'fail' });
    const unequal = parseConfig(rawConfig({ mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 2] }] }));
    const skipped = checkInvariants(unequal, [cell('mle', 'em', 'separation', 2000, around(2.1, 0.03), 2)], 4);
    expect(skipped.find((r) => r.kind === 'mle-truth')).toMatchObject({ verdict: 'skipped' });
    expect(skipped.find((r) => r.kind === 'mle-truth')?.note).toMatch(/misspecified|pseudo-true/);
  });
});
