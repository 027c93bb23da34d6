/** The one restart rule of every estimator with `restarts` (src/estimators/restarts.ts). */
import { describe, expect, it } from 'vitest';
import { isBetterStart } from '../../src/estimators/restarts.js';

describe('isBetterStart', () => {
  it('takes the first start, then only a strictly better objective in the direction asked', () => {
    expect(isBetterStart({ objective: 5, status: 'ok' }, null, 'minimise')).toBe(true);
    expect(isBetterStart({ objective: 4, status: 'ok' }, { objective: 5, status: 'ok' }, 'minimise')).toBe(true);
    expect(isBetterStart({ objective: 6, status: 'ok' }, { objective: 5, status: 'ok' }, 'minimise')).toBe(false);
    expect(isBetterStart({ objective: 6, status: 'ok' }, { objective: 5, status: 'ok' }, 'maximise')).toBe(true);
    expect(isBetterStart({ objective: 5, status: 'ok' }, { objective: 5, status: 'ok' }, 'maximise')).toBe(false);
  });

  it('never prefers a start without a number, always prefers one with a number to one without', () => {
    expect(isBetterStart({ objective: NaN, status: 'degenerate' }, { objective: -1e9, status: 'degenerate' }, 'maximise')).toBe(false);
    expect(isBetterStart({ objective: -1e9, status: 'degenerate' }, { objective: NaN, status: 'degenerate' }, 'maximise')).toBe(true);
    expect(isBetterStart({ objective: NaN, status: 'ok' }, { objective: NaN, status: 'degenerate' }, 'minimise')).toBe(false);
  });

  it('breaks an exact tie by the status, and otherwise keeps the earlier start', () => {
    expect(isBetterStart({ objective: 3, status: 'ok' }, { objective: 3, status: 'not-converged' }, 'minimise')).toBe(true);
    expect(isBetterStart({ objective: 3, status: 'degenerate' }, { objective: 3, status: 'not-converged' }, 'maximise')).toBe(false);
    expect(isBetterStart({ objective: Infinity, status: 'empty-cluster' }, { objective: Infinity, status: 'empty-cluster' }, 'minimise')).toBe(false);
  });
});
