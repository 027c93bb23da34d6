import { describe, expect, it } from 'vitest';
import { alignComponents } from '../../src/estimands/align.js';
import { createStream } from '../../src/rng/stream.js';
import { permutations, sqDist } from './helpers.js';

/** Independent reference: cost of every permutation by plain array code, sorted ascending. */
function allCosts(fit: number[][], truth: number[][]): { perm: number[]; cost: number }[] {
  return permutations(truth.length)
    .map((perm) => ({ perm, cost: truth.reduce((s, mu, k) => s + sqDist(fit[perm[k]], mu), 0) }))
    .sort((a, b) => a.cost - b.cost);
}

describe('alignComponents', () => {
  it('recovers the permutation that relabelled the truth', () => {
    const truth = [[0, 0], [5, 1], [-3, 4], [2, -6]];
    for (const order of permutations(4)) {
      // fitted component j is true component order[j], slightly perturbed
      const fit = order.map((k, j) => truth[k].map((v, t) => v + 0.01 * (j + 1) * (t ? 1 : -1)));
      const a = alignComponents(Float64Array.from(fit.flat()), truth, 4, 2);
      for (let k = 0; k < 4; k++) expect(order[a.perm[k]]).toBe(k);
    }
  });

  it('matches brute force on cost, permutation and margin for random K = 2..6', () => {
    for (let K = 2; K <= 6; K++) {
      for (let rep = 0; rep < 20; rep++) {
        const rng = createStream('align', K, rep);
        const d = 1 + (rep % 3);
        const truth = Array.from({ length: K }, () => Array.from({ length: d }, () => 3 * rng.normal()));
        const fit = Array.from({ length: K }, () => Array.from({ length: d }, () => 3 * rng.normal()));
        const ref = allCosts(fit, truth);
        const a = alignComponents(Float64Array.from(fit.flat()), truth, K, d);
        expect(a.cost).toBeCloseTo(ref[0].cost, 10);
        expect(a.margin).toBeCloseTo(ref[1].cost - ref[0].cost, 10);
        expect(Array.from(a.perm)).toEqual(ref[0].perm);
      }
    }
  });

  it('gives the hand-computed cost and margin for K = 2 in 1-D', () => {
    // truth −1, 1; fit 1.2, −0.9: swap costs 0.1² + 0.2² = 0.05, identity 2.2² + 1.9² = 8.45
    const a = alignComponents(Float64Array.of(1.2, -0.9), [[-1], [1]], 2, 1);
    expect(Array.from(a.perm)).toEqual([1, 0]);
    expect(a.cost).toBeCloseTo(0.05, 14);
    expect(a.margin).toBeCloseTo(8.45 - 0.05, 12);
  });

  it('K = 1: identity, cost = squared error, margin 0', () => {
    const a = alignComponents(Float64Array.of(1, 2), [[0, 0]], 1, 2);
    expect(Array.from(a.perm)).toEqual([0]);
    expect(a.cost).toBe(5);
    expect(a.margin).toBe(0);
  });

  it('a tie (coincident fitted means) gives margin 0 and the identity', () => {
    const a = alignComponents(Float64Array.of(0, 0), [[-1], [1]], 2, 1);
    expect(a.margin).toBe(0);
    expect(Array.from(a.perm)).toEqual([0, 1]);
  });

  it('K = 8 is enumerated; K = 9 and shape mismatches throw', () => {
    const truth = Array.from({ length: 8 }, (_, k) => [k * k]);
    const fit = Float64Array.from([...truth].reverse().flat());
    const a = alignComponents(fit, truth, 8, 1);
    expect(Array.from(a.perm)).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    expect(a.cost).toBe(0);
    // runner-up swaps the two closest true means (0 and 1): cost 2·1²
    expect(a.margin).toBe(2);
    expect(() => alignComponents(new Float64Array(9), Array.from({ length: 9 }, () => [0]), 9, 1)).toThrow(/exceeds 8/);
    expect(() => alignComponents(new Float64Array(3), [[0], [1]], 2, 1)).toThrow(RangeError);
    expect(() => alignComponents(new Float64Array(4), [[0, 1], [1]], 2, 2)).toThrow(RangeError);
  });

  it('NaN fitted means give NaN cost and margin instead of a fabricated match', () => {
    const a = alignComponents(Float64Array.of(NaN, 1), [[-1], [1]], 2, 1);
    expect(a.cost).toBeNaN();
    expect(a.margin).toBeNaN();
  });
});
