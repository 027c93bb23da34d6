import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { cellMoments } from '../../src/theory/mixture.js';
import { millsRatio, phi, Phi, Q } from '../../src/theory/normal.js';
import { standardTruncatedMoments, truncatedNormalMoments } from '../../src/theory/truncatedNormal.js';
import { cellBySimpson, normalPdf, simpson } from './helpers.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('normal functions', () => {
  it('Q is the complement of Φ where both are representable, and stays relatively accurate in the upper tail', () => {
    for (let z = -3; z <= 3; z += 0.25) expect(Math.abs(Q(z) - (1 - Phi(z)))).toBeLessThan(2e-16);
    // 1 − Φ(10) is 0 in double precision; Q(10) must not be.
    expect(1 - Phi(10)).toBe(0);
    expect(rel(Q(10), normalCdf(-10, 0, 1))).toBeLessThan(1e-16);
    expect(Q(10)).toBeGreaterThan(7.6e-24);
  });

  it('φ matches the textbook formula where that formula is itself accurate', () => {
    for (let z = -6; z <= 6; z += 0.37) expect(rel(phi(z), Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI))).toBeLessThan(4e-16 * (1 + z * z));
  });

  it('the Mills-ratio continued fraction (z > 10) agrees with Q/φ and with its asymptotic series', () => {
    for (const z of [10.0001, 12, 15, 20, 27, 33, 37]) {
      expect(rel(millsRatio(z), Q(z) / phi(z))).toBeLessThan(2e-13 * (z * z) / 100);
    }
    // Continuity across the switch at 10.
    expect(rel(millsRatio(10 + 1e-12), millsRatio(10))).toBeLessThan(1e-12);
    for (const z of [1e3, 1e4]) {
      const y = 1 / (z * z);
      expect(rel(millsRatio(z), (1 / z) * (1 - y + 3 * y * y - 15 * y ** 3))).toBeLessThan(1e-15);
    }
  });
});

describe('truncated normal moments', () => {
  const cases: [number, number][] = [
    [-Infinity, 0.3],
    [-1, 2],
    [0.5, 3],
    [2, Infinity],
    [-5, -4],
    [4, 4.5],
    [-0.2, 0.1],
    [6, Infinity],
    [10.5, Infinity],
  ];
  for (const [a, b] of cases) {
    it(`match Simpson integration on (${a}, ${b})`, () => {
      // Finite window: beyond 8 units past a positive lower end the tail is below 1e-30 of the mass; a short
      // window keeps Simpson's step small relative to the e^{−a x} decay there.
      const lo = Math.max(a, -40);
      const hi = Math.min(b, a > 0 ? a + 8 : 40);
      const f = (x: number): number => normalPdf(x, 0, 1);
      const mass = simpson(f, lo, hi, 40000);
      const mean = simpson((x) => x * f(x), lo, hi, 40000) / mass;
      const variance = simpson((x) => (x - mean) ** 2 * f(x), lo, hi, 40000) / mass;
      const m = standardTruncatedMoments(a, b);
      expect(rel(m.mass, mass)).toBeLessThan(1e-11);
      expect(Math.abs(m.mean - mean)).toBeLessThan(1e-11 * Math.max(1, Math.abs(mean)));
      expect(rel(m.variance, variance)).toBeLessThan(1e-9);
    });
  }

  it('are mirror-symmetric exactly', () => {
    const r = standardTruncatedMoments(0.7, 2.5);
    const l = standardTruncatedMoments(-2.5, -0.7);
    expect(l.mass).toBe(r.mass);
    expect(l.mean).toBe(-r.mean);
    expect(l.variance).toBe(r.variance);
  });

  it('stay accurate in the far tail, where φ and Q underflow (asymptotic series at a = 1000)', () => {
    const a = 1000;
    const y = 1 / (a * a);
    const m = standardTruncatedMoments(a, Infinity);
    expect(m.mass).toBe(0);
    // λ = a + 1/a − 2/a³ + 10/a⁵ − …, Var = y − 6y² + 50y³ − … (from R(a) = 1/a − 1/a³ + 3/a⁵ − 15/a⁷ + …).
    expect(rel(m.mean, a + 1 / a - 2 / a ** 3 + 10 / a ** 5)).toBeLessThan(1e-15);
    expect(rel(m.variance, y - 6 * y * y + 50 * y ** 3)).toBeLessThan(1e-12);
    const left = standardTruncatedMoments(-Infinity, -a);
    expect(left.mean).toBe(-m.mean);
  });

  it('scale and shift for N(μ, σ²)', () => {
    const m = truncatedNormalMoments(3, 2, 1, 8);
    const s = standardTruncatedMoments(-1, 2.5);
    expect(m.mass).toBe(s.mass);
    expect(rel(m.mean, 3 + 2 * s.mean)).toBeLessThan(1e-15);
    expect(rel(m.variance, 4 * s.variance)).toBeLessThan(1e-15);
    expect(() => truncatedNormalMoments(0, 0, -1, 1)).toThrow(/sigma/);
  });

  it('mixture cell moments match Simpson integration of the mixture density', () => {
    const mix = { weights: [0.3, 0.7], means: [-1, 2.5], sigmas: [0.8, 1.7] };
    for (const [a, b] of [[-30, 0.4], [0.4, 30], [-2, 1]] as const) {
      const ref = 0.9;
      const m = cellMoments(mix, a === -30 ? -Infinity : a, b === 30 ? Infinity : b, ref);
      const s = cellBySimpson(mix, a, b, 40000);
      expect(rel(m.mass, s.mass)).toBeLessThan(1e-12);
      expect(Math.abs(m.meanOffset + ref - s.mean)).toBeLessThan(1e-12);
      expect(rel(m.variance, s.second(s.mean) / s.mass)).toBeLessThan(1e-11);
    }
  });
});
