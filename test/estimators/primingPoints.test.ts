import { describe, expect, it } from 'vitest';
import { primingPoints } from '../../src/estimators/primingPoints.js';

describe('primingPoints', () => {
  it('gives `length` spread-out, non-integral values (double feedback for the compiled kernels)', () => {
    const x = primingPoints(40);
    expect(x.length).toBe(40);
    expect(new Set(x).size).toBe(13);
    for (const v of x) {
      expect(Number.isInteger(v)).toBe(false);
      expect(v).toBeGreaterThan(0);
    }
  });
});
