/** The report's table of a precision run (src/report/precisionTable.ts): R per condition, met, worst MCSE. */
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/results/summary.js';
import { precisionTable } from '../../src/report/precisionTable.js';

const worst = { estimator: 'mle', estimand: 'separation', measure: 'bias', mcse: 0.0019, target: 0.002 };
const summary = {
  mixtures: [{ id: 'canonical' }],
  cells: [
    { condition: 'canonical|n=100', mixture: 'canonical', n: 100 },
    { condition: 'canonical|n=1000', mixture: 'canonical', n: 1000 },
  ],
  precision: {
    batch: 100,
    maxReplications: 5000,
    conditions: [
      { condition: 'canonical|n=100', replications: 5000, met: false, worst: { ...worst, mcse: 0.0031 } },
      { condition: 'canonical|n=1000', replications: 2400, met: true, worst },
    ],
  },
} as unknown as Summary;

describe('precisionTable', () => {
  it('lists R, whether the target was met and the worst MCSE per condition', () => {
    const t = precisionTable(summary);
    expect(t?.columns.map((c) => c.header)).toEqual(['n', 'R', 'target met', 'worst MCSE (target)']);
    expect(t?.rows[0].slice(0, 3)).toEqual(['100', '5,000', 'no: cap reached']);
    expect(t?.rows[1][2]).toBe('yes');
    expect(t?.rows[1][3]).toMatch(/^mle bias of separation: 0\.0019 \(≤ 0\.002\)$/);
    expect(t?.caption).toMatch(/batches of 100/);
  });

  it('is absent for a fixed-R run', () => {
    expect(precisionTable({ ...summary, precision: undefined })).toBeNull();
  });
});
