/** The report names heavy-tailed cells, whose spread MCSEs vary from study to study (src/report/heavyTails.ts). */
import { describe, expect, it } from 'vitest';
import { heavyTailedCells, heavyTailText } from '../../src/report/heavyTails.js';
import type { ReplicationRow } from '../../src/results/rows.js';
import { createStream } from '../../src/rng/stream.js';

function rows(estimator: string, draw: (i: number) => number, R = 200): ReplicationRow[] {
  // iterations and the sampler's own diag.rhatMax are heavy-tailed diagnostics, never reported as estimates.
  return Array.from({ length: R }, (_, rep) => ({
    condition: 'c|n=200', rep, estimator, status: 'ok' as const,
    values: { separation: draw(rep), iterations: rep % 7 === 0 ? 1e6 : 3, 'diag.rhatMax': rep % 50 === 0 ? 2 : 1.001 },
  }));
}

describe('heavyTailedCells', () => {
  const rng = createStream(3, 'tails');
  const normal = rows('km', () => rng.normal());
  // Normal with a few far-off values, as EM near a ridge: kurtosis far above 10.
  const spiky = rows('mle', (i) => (i % 50 === 0 ? 25 : rng.normal()));

  it('finds the spiky cell, not the normal one, and never a diagnostic', () => {
    const cells = heavyTailedCells([...normal, ...spiky]);
    expect(cells.map((c) => `${c.estimator} ${c.estimand}`)).toEqual(['mle separation']);
    expect(cells[0].kurtosis).toBeGreaterThan(10);
    expect(cells[0].replications).toBe(200);
  });

  it('gives the report a paragraph only when some cell is heavy-tailed', () => {
    expect(heavyTailText(normal)).toBeNull();
    const text = (heavyTailText(spiky) ?? []).map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('');
    expect(text).toContain('mle separation at c|n=200 (kurtosis');
    expect(text).toContain('raise R');
  });
});
