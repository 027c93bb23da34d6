/** Grid expansion: ids, means from Δ/σ, weights, and the order of the cartesian product. */
import { describe, expect, it } from 'vitest';
import { gridMixtureId, parseConfig } from '../../src/config/index.js';
import { omit, validConfig } from './helpers.js';

function gridConfig(grid: Record<string, unknown>) {
  return parseConfig({ ...omit(validConfig(), 'mixtures'), grid });
}

describe('grid expansion', () => {
  it('crosses separation × weights × K × d in that order, with readable ids', () => {
    const config = gridConfig({ separation: [0.5, 1.5], weights: [[0.5, 0.5], [0.7, 0.3]], K: [2], d: [1, 3] });
    expect(config.mixtures.map((m) => m.id)).toEqual([
      'sep=0.5_w=0.5-0.5_K=2_d=1',
      'sep=0.5_w=0.5-0.5_K=2_d=3',
      'sep=0.5_w=0.7-0.3_K=2_d=1',
      'sep=0.5_w=0.7-0.3_K=2_d=3',
      'sep=1.5_w=0.5-0.5_K=2_d=1',
      'sep=1.5_w=0.5-0.5_K=2_d=3',
      'sep=1.5_w=0.7-0.3_K=2_d=1',
      'sep=1.5_w=0.7-0.3_K=2_d=3',
    ]);
  });

  it('places means Δσ apart on the first axis, centred at 0', () => {
    const [two, three] = gridConfig({ separation: [3], K: [2, 3], d: [2], sigma: 2 }).mixtures;
    expect(two).toEqual({ id: 'sep=3_w=equal_K=2_d=2', weights: [0.5, 0.5], means: [[-3, 0], [3, 0]], sigmas: [2, 2], K: 2, d: 2 });
    expect(three.means).toEqual([[-6, 0], [0, 0], [6, 0]]);
    expect(three.weights).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(three.sigmas).toEqual([2, 2, 2]);
  });

  it('defaults to K = 2, d = 1, σ = 1 and equal weights', () => {
    const [mixture] = gridConfig({ separation: [2] }).mixtures;
    expect(mixture).toEqual({ id: 'sep=2_w=equal_K=2_d=1', weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1], K: 2, d: 1 });
  });

  it('separation 0 gives coincident means with no negative zeros', () => {
    const [mixture] = gridConfig({ separation: [0], K: [3] }).mixtures;
    expect(mixture.means.flat().every((x) => Object.is(x, 0))).toBe(true);
  });

  it('ids are the documented format', () => {
    expect(gridMixtureId(1.5, [0.7, 0.3], 2, 1)).toBe('sep=1.5_w=0.7-0.3_K=2_d=1');
    expect(gridMixtureId(4, undefined, 3, 5)).toBe('sep=4_w=equal_K=3_d=5');
  });
});
