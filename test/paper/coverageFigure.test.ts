/**
 * Figure 10's numbers: the crossing of a coverage curve interpolated in log n with its delta-method MCSE, and the
 * naive interval's coverage in theory, Φ(z − b√n/s) − Φ(−z − b√n/s), against a direct simulation of the normal
 * approximation it assumes.
 */
import { describe, expect, it } from 'vitest';
import { crossing, naiveCoverage } from '../../src/paper/figures/coverage.js';
import { createStream } from '../../src/rng/stream.js';

describe('figure 10 numbers', () => {
  it('interpolates the crossing in log n and propagates the MCSEs', () => {
    const pts = [
      { n: 50, v: { value: 0.8, mcse: 0.02 } },
      { n: 100, v: { value: 0.6, mcse: 0.02 } },
      { n: 200, v: { value: 0.4, mcse: 0.02 } },
    ];
    const c = crossing(pts, 0.5);
    expect(c?.between).toEqual([100, 200]);
    expect(c?.n).toBeCloseTo(Math.sqrt(100 * 200), 9);
    // ∂log n*/∂c = ±ln 2 · 0.1/0.04 = 1.733 for each end, MCSE 0.02: SE(log n*) = √2 · 0.02 · ln 2 · 2.5.
    expect(c?.mcse).toBeCloseTo(Math.sqrt(100 * 200) * Math.SQRT2 * 0.02 * Math.LN2 * 2.5, 9);
    expect(crossing(pts, 0.1)).toBeNull();
  });

  it('the naive coverage in theory matches the share of N(b√n/s, 1) draws within ±z', () => {
    const rng = createStream('fig10', 'naive');
    const [b, s, z, n] = [1 / 3, 1.6, 1.959964, 100];
    const M = 100000;
    let hits = 0;
    for (let i = 0; i < M; i++) if (Math.abs(rng.normal() + (b * Math.sqrt(n)) / s) <= z) hits++;
    expect(Math.abs(naiveCoverage(n, b, s, z) - hits / M)).toBeLessThan(4 * Math.sqrt(0.25 / M));
    expect(naiveCoverage(1, 0, 1, z)).toBeCloseTo(0.95, 6);
  });
});
