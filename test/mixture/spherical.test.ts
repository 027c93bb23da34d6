/** The one validator of a spherical mixture (src/mixture/spherical.ts): each rule, its path and its wording. */
import { describe, expect, it } from 'vitest';
import {
  formatMixturePath,
  MixtureError,
  mixtureProblems,
  toSphericalMixture,
  validateMixture,
  validateMixture1d,
  WEIGHT_SUM_TOLERANCE,
  weightsProblems,
  type MixtureInput,
} from '../../src/mixture/spherical.js';

const base: MixtureInput = { weights: [0.5, 0.5], means: [[0, 0], [1, 1]], sigmas: [1, 1] };

/** Each problem as `path: message`, as a caller that prefixes nothing would print it. */
const lines = (m: unknown, positiveWeights = false): string[] =>
  mixtureProblems(m as MixtureInput, { positiveWeights }).map((p) => (p.path.length === 0 ? p.message : `${formatMixturePath(p.path)}: ${p.message}`));

describe('mixtureProblems', () => {
  it('accepts a valid mixture in either written form, and K = 1', () => {
    expect(lines(base)).toEqual([]);
    expect(lines({ weights: [0.2, 0.8], means: [[0], [3]], sigma: 2 })).toEqual([]);
    expect(lines({ weights: [1], means: [[5]], sigmas: [1] })).toEqual([]);
  });

  it.each([
    ['weights sum', { ...base, weights: [0.5, 0.7] }, ['weights: must sum to 1 (got 1.2)']],
    ['weights sum just outside the tolerance', { ...base, weights: [0.5, 0.5 + 2e-9] }, ['weights: must sum to 1 (got 1.000000002)']],
    ['negative weight', { ...base, weights: [1.1, -0.1] }, ['weights[1]: must be ≥ 0 (got -0.1)']],
    ['NaN weight (no sum then)', { ...base, weights: [NaN, 1] }, ['weights[0]: must be finite (got NaN)']],
    ['string weight', { ...base, weights: ['0.5', 0.5] }, ['weights[0]: must be a number (got string)']],
    ['no components', { weights: [], means: [], sigmas: [] }, ['weights: must have at least one component (got 0)']],
    ['K mismatch in means', { ...base, means: [[0, 0]] }, ['means: has 1 row, expected K = 2 (one per weight)']],
    ['ragged means', { ...base, means: [[0, 0], [1, 1, 1]] }, ['means[1]: has 3 coordinates, expected 2 (as means[0])']],
    ['zero-dimensional', { ...base, means: [[], []] }, ['means[0]: has 0 coordinates, expected at least 1']],
    ['NaN coordinate', { ...base, means: [[0, NaN], [1, 1]] }, ['means[0][1]: must be finite (got NaN)']],
    ['infinite coordinate', { ...base, means: [[0, 0], [Infinity, 1]] }, ['means[1][0]: must be finite (got Infinity)']],
    ['zero sigma', { ...base, sigmas: [0, 1] }, ['sigmas[0]: must be > 0 (got 0)']],
    ['infinite sigma', { ...base, sigmas: [Infinity, 1] }, ['sigmas[0]: must be finite (got Infinity)']],
    ['K mismatch in sigmas', { ...base, sigmas: [1] }, ['sigmas: has 1 entry, expected K = 2 (one per weight)']],
    ['bad shared sigma', { weights: [1], means: [[0]], sigma: -1 }, ['sigma: must be > 0 (got -1)']],
    ['both sigma forms', { ...base, sigma: 1 }, ['needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got both)']],
    ['no sigma', { weights: [1], means: [[0]] }, ['needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got neither)']],
  ])('%s', (_name, m, expected) => {
    expect(lines(m)).toEqual(expected);
  });

  it('reports every problem, in the order weights, means, σ', () => {
    expect(lines({ weights: [0.5, 0.7], means: [[0], [1, 2]], sigmas: [1, -1, 1] })).toEqual([
      'weights: must sum to 1 (got 1.2)',
      'means[1]: has 2 coordinates, expected 1 (as means[0])',
      'sigmas: has 3 entries, expected K = 2 (one per weight)',
      'sigmas[1]: must be > 0 (got -1)',
    ]);
  });

  it('allows zero weights, unless positiveWeights is asked for', () => {
    const zero = { ...base, weights: [1, 0] };
    expect(lines(zero)).toEqual([]);
    expect(lines(zero, true)).toEqual(['weights[1]: must be > 0 (got 0)']);
  });
});

describe('the weight-sum tolerance', () => {
  it('is 1e-9, inclusive, and decimal weights pass', () => {
    expect(WEIGHT_SUM_TOLERANCE).toBe(1e-9);
    expect(weightsProblems([0.1 + 0.2, 0.7])).toEqual([]);
    expect(weightsProblems([0.1, 0.2, 0.3, 0.4])).toEqual([]);
    expect(weightsProblems([0.5, 0.5 + 0.9e-9])).toEqual([]);
    expect(weightsProblems([0.5, 0.5 + 1.1e-9])).toHaveLength(1);
    expect(weightsProblems([0.5, 0.5 - 1.1e-9])).toHaveLength(1);
  });
});

describe('validateMixture and friends', () => {
  it('returns K and d, or throws a MixtureError (a RangeError) for the first problem', () => {
    expect(validateMixture(base)).toEqual({ K: 2, d: 2 });
    let caught: unknown;
    try {
      validateMixture({ ...base, weights: [0.5, 0.7], sigmas: [0, 1] });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MixtureError);
    expect(caught).toBeInstanceOf(RangeError);
    expect((caught as MixtureError).path).toBe('weights');
    expect((caught as MixtureError).detail).toBe('must sum to 1 (got 1.2)');
    expect((caught as MixtureError).message).toBe('weights: must sum to 1 (got 1.2)');
    expect(() => validateMixture({ weights: [1], means: [[0]] })).toThrow(/^needs exactly one of "sigma"/);
  });

  it('toSphericalMixture repeats a shared σ and copies the arrays', () => {
    const means = [[0], [3]];
    const m = toSphericalMixture({ weights: [0.2, 0.8], means, sigma: 2 });
    expect(m).toEqual({ weights: [0.2, 0.8], means: [[0], [3]], sigmas: [2, 2] });
    expect(m.means[0]).not.toBe(means[0]);
    expect(() => toSphericalMixture({ weights: [0.2, 0.8], means, sigma: 0 })).toThrow(MixtureError);
  });

  it('validateMixture1d checks the 1-D form by the same rules', () => {
    expect(validateMixture1d({ weights: [0.5, 0.5], means: [-1, 1], sigmas: [1, 1] })).toBe(2);
    expect(() => validateMixture1d({ weights: [0.5, 0.5], means: [-1, 1, 2], sigmas: [1, 1] })).toThrow('means: has 3 rows, expected K = 2 (one per weight)');
    expect(() => validateMixture1d({ weights: [1, 0], means: [-1, 1], sigmas: [1, 1] }, { positiveWeights: true })).toThrow('weights[1]: must be > 0 (got 0)');
  });
});
