import { describe, expect, it } from 'vitest';
import { assignComponents, misclassificationRate } from '../../src/estimands/classify.js';
import { createStream } from '../../src/rng/stream.js';
import { makeFit, sample, sqDist } from './helpers.js';

const overlapping = { weights: [0.3, 0.7], means: [[-1, 0], [1, 0.5]], sigmas: [1, 1.5] };

/** Reference classifier written the obvious way, with the full Gaussian log-density. */
function mapLabel(x: number[], p: { means: number[][]; weights: number[]; sigmas: number[] | null }): number {
  let best = 0;
  let bestScore = -Infinity;
  p.means.forEach((mu, k) => {
    const s2 = p.sigmas === null ? 1 : p.sigmas[k] ** 2;
    const score = p.sigmas === null
      ? -sqDist(x, mu)
      : Math.log(p.weights[k]) - (x.length / 2) * Math.log(2 * Math.PI * s2) - sqDist(x, mu) / (2 * s2);
    if (score > bestScore) [best, bestScore] = [k, score];
  });
  return best;
}

describe('assignComponents', () => {
  it('nearest centre without σ, MAP with σ, each matching a direct computation', () => {
    const { data } = sample(overlapping, 2000, createStream('classify', 1));
    for (const sigmas of [null, overlapping.sigmas]) {
      const p = { ...overlapping, sigmas };
      const got = assignComponents(data, makeFit(p), new Int32Array(data.n));
      expect(got).not.toBeNull();
      for (let i = 0; i < data.n; i++) expect(got?.[i]).toBe(mapLabel([data.x[2 * i], data.x[2 * i + 1]], p));
    }
  });

  it('MAP and nearest centre disagree where the wider component dominates', () => {
    // x = 1.2 is nearer 0 (1.2 < 1.8), but log N(1.2|0,0.5²) ≈ −2.19 + c < log N(1.2|3,3²) ≈ −1.28 + c
    const data = { x: Float64Array.of(1.2, -0.2, 4), n: 3, d: 1 };
    const p = { means: [[0], [3]], weights: [0.5, 0.5], sigmas: [0.5, 3] };
    expect(Array.from(assignComponents(data, makeFit({ ...p, sigmas: null }), new Int32Array(3)) ?? [])).toEqual([0, 0, 1]);
    expect(Array.from(assignComponents(data, makeFit(p), new Int32Array(3)) ?? [])).toEqual([1, 0, 1]);
    // and the weights enter the MAP rule: a tiny weight on the wide component hands 1.2 back to the narrow one
    expect(Array.from(assignComponents(data, makeFit({ ...p, weights: [0.9, 0.1] }), new Int32Array(3)) ?? [])).toEqual([0, 0, 1]);
  });

  it('a collapsed component (σ = 0) claims only points exactly on its centre', () => {
    const data = { x: Float64Array.of(0, 0.001, 5), n: 3, d: 1 };
    const fit = makeFit({ means: [[5], [0]], weights: [0.5, 0.5], sigmas: [1, 0] });
    expect(Array.from(assignComponents(data, fit, new Int32Array(3)) ?? [])).toEqual([1, 0, 0]);
  });

  it('returns null for non-finite parameters', () => {
    const data = { x: Float64Array.of(0, 1), n: 2, d: 1 };
    expect(assignComponents(data, makeFit({ means: [[NaN], [1]], weights: [0.5, 0.5], sigmas: null }), new Int32Array(2))).toBeNull();
    expect(assignComponents(data, makeFit({ means: [[0], [1]], weights: [0.5, 0.5], sigmas: [1, NaN] }), new Int32Array(2))).toBeNull();
  });
});

describe('misclassificationRate', () => {
  it('is 0 for the true parameters on well separated data, whatever the fitted labelling', () => {
    const truth = { weights: [0.5, 0.5], means: [[-10], [10]], sigmas: [1, 1] };
    const { data, labels } = sample(truth, 5000, createStream('classify', 2));
    expect(misclassificationRate(data, labels, makeFit(truth), Int32Array.of(0, 1))).toBe(0);
    // the same fit with components swapped, read through the permutation alignment finds
    const swapped = makeFit({ weights: [0.5, 0.5], means: [[10], [-10]], sigmas: [1, 1] });
    expect(misclassificationRate(data, labels, swapped, Int32Array.of(1, 0))).toBe(0);
    // read through the wrong permutation every point is misclassified: the permutation is really applied
    expect(misclassificationRate(data, labels, swapped, Int32Array.of(0, 1))).toBe(1);
  });

  it('equals the directly counted error rate on overlapping data', () => {
    const { data, labels } = sample(overlapping, 3000, createStream('classify', 3));
    for (const sigmas of [null, overlapping.sigmas]) {
      const p = { ...overlapping, sigmas };
      let wrong = 0;
      for (let i = 0; i < data.n; i++) if (mapLabel([data.x[2 * i], data.x[2 * i + 1]], p) !== labels[i]) wrong++;
      const rate = misclassificationRate(data, labels, makeFit(p), Int32Array.of(0, 1));
      expect(rate).toBe(wrong / data.n);
      expect(wrong).toBeGreaterThan(100); // the case is informative: it really overlaps
    }
  });

  it('rejects labels outside 0..K−1 and mismatched lengths', () => {
    const data = { x: Float64Array.of(0, 1), n: 2, d: 1 };
    const fit = makeFit({ means: [[0], [1]], weights: [0.5, 0.5], sigmas: null });
    expect(() => misclassificationRate(data, Int32Array.of(0, 2), fit, Int32Array.of(0, 1))).toThrow(/labels\[1\]/);
    expect(() => misclassificationRate(data, Int32Array.of(0), fit, Int32Array.of(0, 1))).toThrow(RangeError);
  });
});
