/**
 * The standardised copy EM computes on (src/estimators/mixture/emUnits.ts): z = (x − c)/u with u a power of two near
 * the standard deviation and c the mean rounded to a multiple of u — exact where the module says it is, and
 * with the moments the Newton runs need.
 */
import { describe, expect, it } from 'vitest';
import { moments1d } from '../../src/estimators/mixture/emNewton.js';
import { toDataUnits } from '../../src/estimators/mixture/emUnits.js';
import { createStream } from '../../src/rng/stream.js';

function normals(seed: string, n: number, mean: number, sd: number): Float64Array {
  const rng = createStream(seed, 'units');
  return Float64Array.from({ length: n }, () => mean + sd * rng.normal());
}

describe('toDataUnits', () => {
  it('u is the power of two nearest the standard deviation, per coordinate pooled', () => {
    for (const sd of [1e-100, 3e-7, 1, 5.5, 1e100]) {
      const x = normals(`sd-${sd}`, 4000, 0, sd);
      const u = toDataUnits({ x, n: 4000, d: 1 });
      expect(Math.log2(u.unit)).toBe(Math.round(Math.log2(u.unit)));
      const sdHat = Math.sqrt(u.varianceZ) * u.unit;
      expect(Math.abs(Math.log2(sdHat / u.unit))).toBeLessThanOrEqual(0.5);
      expect(u.logUnit).toBeCloseTo(Math.log(u.unit), 12);
    }
    const x2 = new Float64Array(2000);
    const rng = createStream('d2', 'units');
    for (let i = 0; i < 1000; i++) {
      x2[2 * i] = 4 * rng.normal();
      x2[2 * i + 1] = 1e8 + rng.normal();
    }
    const u2 = toDataUnits({ x: x2, n: 1000, d: 2 });
    // Mean per-coordinate variance (16 + 1)/2: sd ≈ 2.9, so u = 2 or 4; each coordinate has its own centre.
    expect([2, 4]).toContain(u2.unit);
    expect(Math.abs(u2.centre[1] - 1e8)).toBeLessThan(1);
    expect(u2.moments).toBeNull();
  });

  it('data centred near 0: c = 0 and z = x·2⁻ᵏ exactly, so EM computes on x itself up to exact scaling', () => {
    const x = normals('centred', 3000, 0.01, 1.3);
    const u = toDataUnits({ x, n: 3000, d: 1 });
    expect(u.centre[0]).toBe(0);
    for (let i = 0; i < 3000; i++) expect(u.z.x[i]).toBe(x[i] / u.unit);
  });

  it('data offset by 1e8: z carries every digit the data have, and c + u·z gives x back exactly', () => {
    const x = normals('offset', 3000, 1e8, 1e-6);
    const u = toDataUnits({ x, n: 3000, d: 1 });
    expect(Math.abs(u.centre[0] - 1e8)).toBeLessThan(1e-5);
    for (let i = 0; i < 3000; i++) expect(u.centre[0] + u.unit * u.z.x[i]).toBe(x[i]);
    // Standardised: spread of order one, not the 1.5e-8 grid of doubles near 1e8.
    expect(u.varianceZ).toBeGreaterThan(0.25);
    expect(u.varianceZ).toBeLessThan(4);
  });

  it('the Newton moments are those of z (moments1d), to rounding', () => {
    for (const [mean, sd] of [
      [0, 1],
      [7.3, 0.02],
      [-1e8, 3],
    ]) {
      const x = normals(`m-${mean}`, 5000, mean, sd);
      const u = toDataUnits({ x, n: 5000, d: 1 });
      const m = u.moments;
      expect(m).not.toBeNull();
      if (m === null) return;
      const ref = moments1d(u.z.x, 5000);
      // Both are Σ(z − centre) and Σ(z − centre)² around a point near the mean: compare Σz and Σz².
      const s1 = (r: typeof m): number => r.dev + 5000 * r.centre;
      const s2 = (r: typeof m): number => r.ss + 2 * r.centre * r.dev + 5000 * r.centre * r.centre;
      expect(Math.abs(s1(m) - s1(ref))).toBeLessThan(1e-9 * Math.sqrt(5000 * s2(ref)));
      expect(Math.abs(s2(m) - s2(ref))).toBeLessThan(1e-12 * s2(ref));
    }
  });

  it('all points identical: unit 1, variance 0, z = 0', () => {
    const u = toDataUnits({ x: new Float64Array(10).fill(1e8), n: 10, d: 1 });
    expect(u.unit).toBe(1);
    expect(u.varianceZ).toBe(0);
    expect(Array.from(u.z.x)).toEqual(new Array(10).fill(0));
  });

  it('reuses one buffer: z is valid until the next call', () => {
    const a = toDataUnits({ x: normals('a', 100, 0, 1), n: 100, d: 1 });
    const b = toDataUnits({ x: normals('b', 50, 0, 1), n: 50, d: 1 });
    expect(b.z.x.buffer).toBe(a.z.x.buffer);
  });
});
