/**
 * The inversion with a status shared by the estimators' covariances (src/inference/symmetricInverse.ts): the
 * inverse of a positive definite matrix whatever the scales of its rows, 'singular' for a zero direction,
 * 'not-negative-definite' for a negative one, and the congruence A·C·Aᵀ.
 */
import { describe, expect, it } from 'vitest';
import { congruence, invertPositiveDefinite, symmetricEigen } from '../../src/inference/symmetricInverse.js';

const name = (i: number): string => ['a', 'b', 'c'][i];

describe('invertPositiveDefinite', () => {
  it('inverts a positive definite matrix with rows on scales 1e-6 and 1e6 (M·M⁻¹ = I)', () => {
    const base = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2];
    const sc = [1e-6, 1, 1e6];
    const M = Float64Array.from(base.map((v, i) => v * sc[Math.floor(i / 3)] * sc[i % 3]));
    const r = invertPositiveDefinite(M, 3, { what: 'M', name });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += M[i * 3 + k] * r.inverse[k * 3 + j];
        // (M M⁻¹)_ij carries the scale ratio sc[i]/sc[j].
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-12 * (sc[i] / sc[j] + 1));
      }
    }
  });
  it('a zero row is singular and names it; a zero diagonal beside off-diagonals is indefinite', () => {
    const zeroRow = Float64Array.from([2, 0, 1, 0, 0, 0, 1, 0, 3]);
    const r1 = invertPositiveDefinite(zeroRow, 3, { what: 'M', name });
    expect(r1.status).toBe('singular');
    if (r1.status !== 'ok') expect(r1.reason).toMatch(/along b/);
    const zeroDiag = Float64Array.from([2, 1, 0, 1, 0, 0, 0, 0, 3]);
    expect(invertPositiveDefinite(zeroDiag, 3, { what: 'M', name }).status).toBe('not-negative-definite');
  });
  it('a rank-deficient matrix is singular; a negative eigenvalue is not-negative-definite; NaN is never returned', () => {
    const v = [1, 2, 3];
    const rank1 = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => v[Math.floor(i / 3)] * v[i % 3]));
    expect(invertPositiveDefinite(rank1, 3, { what: 'M', name }).status).toBe('singular');
    const indefinite = Float64Array.from([1, 2, 0, 2, 1, 0, 0, 0, 1]);
    const r = invertPositiveDefinite(indefinite, 3, { what: 'M', name });
    expect(r.status).toBe('not-negative-definite');
    if (r.status !== 'ok') expect(r.reason).toMatch(/-1\.00|eigenvalue -/);
    expect(invertPositiveDefinite(Float64Array.from([1, NaN, NaN, 1]), 2, { what: 'M', name }).status).toBe('singular');
  });
});

describe('symmetricEigen and congruence', () => {
  it('eigenpairs reconstruct the matrix; A·C·Aᵀ by hand', () => {
    const M = Float64Array.from([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]);
    const { values, vectors } = symmetricEigen(M, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += vectors[i * 3 + k] * values[k] * vectors[j * 3 + k];
        expect(s).toBeCloseTo(M[i * 3 + j], 13);
      }
    }
    const A = Float64Array.from([1, 0, 0, 0, 1, 1]); // 2×3
    const C = congruence(A, 2, M, 3);
    expect(Array.from(C)).toEqual([4, 1.5, 1.5, 3 + 2 + 2 * 0.2]);
  });
});
