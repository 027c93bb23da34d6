import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createStream, fillNormal, streamSeed, type KeyPart } from '../../src/rng/stream.js';
import type { Rng } from '../../src/types.js';

function draws(rng: Rng, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(k % 2 === 0 ? rng.uniform() : rng.normal());
  return out;
}

describe('stream derivation', () => {
  it('same key gives the same numbers', () => {
    expect(draws(createStream(7, 'cond-a', 3), 2000)).toEqual(draws(createStream(7, 'cond-a', 3), 2000));
  });

  it('different seeds, conditions or replications give different numbers', () => {
    const base = draws(createStream(7, 'cond-a', 3), 20);
    for (const other of [createStream(8, 'cond-a', 3), createStream(7, 'cond-b', 3), createStream(7, 'cond-a', 4)]) {
      const d = draws(other, 20);
      expect(d.filter((v, k) => v === base[k]).length).toBe(0);
    }
  });

  it('is unambiguous in how the key is split and typed', () => {
    const distinct: KeyPart[][] = [['a', 'b'], ['ab'], [1, 23], [12, 3], [1], ['1'], ['a,b'], ['a', 'b', '']];
    const seeds = distinct.map((key) => streamSeed(0, ...key));
    expect(new Set(seeds).size).toBe(distinct.length);
    expect(streamSeed('0', 'x')).not.toBe(streamSeed(0, 'x'));
  });

  it('keys numbers by value (1 = 1.0, 0 = -0) as documented', () => {
    expect(streamSeed(1.0, 0)).toBe(streamSeed(1, -0));
  });

  it('pins the documented derivation: sha256 of the JSON key, seeding seedrandom xor4096', () => {
    const expected = createHash('sha256').update('["mixstudy/stream/v1",42,"c",1]').digest('hex');
    expect(streamSeed(42, 'c', 1)).toBe(expected);
    const ref = seedrandom.xor4096(expected);
    const s = createStream(42, 'c', 1);
    for (let k = 0; k < 1000; k++) expect(s.int32()).toBe(ref.int32());
    expect(s.uniform()).toBe(ref.double());
  });

  it('does not depend on creation order or on draws from other streams', () => {
    const alone = draws(createStream(1, 'A'), 500);
    const b = createStream(1, 'B');
    draws(b, 1234);
    const a = createStream(1, 'A');
    const interleaved: number[] = [];
    for (let k = 0; k < 500; k++) {
      b.normal();
      interleaved.push(k % 2 === 0 ? a.uniform() : a.normal());
      b.uniform();
    }
    expect(interleaved).toEqual(alone);
  });

  it('rejects key parts JSON cannot encode unambiguously, naming the part', () => {
    expect(() => createStream(1, NaN)).toThrow('key part 1 must be a string or a finite number (got NaN)');
    expect(() => createStream(Infinity)).toThrow('key part 0 must be a string or a finite number (got Infinity)');
    expect(() => createStream(1, 'x', null as unknown as KeyPart)).toThrow('key part 2');
  });
});

describe('uniform()', () => {
  const n = 1_000_000;
  const u = new Float64Array(n);
  const s = createStream(99, 'uniform');
  for (let k = 0; k < n; k++) u[k] = s.uniform();

  it('lies in [0, 1) on a 2^-53 grid', () => {
    let bad = 0;
    for (let k = 0; k < n; k++) {
      const m = u[k] * 2 ** 53;
      if (!(u[k] >= 0 && u[k] < 1) || m !== Math.floor(m)) bad++;
    }
    expect(bad).toBe(0);
  });

  it('has 53 random bits: the lowest (2^-53) and the 33rd (2^-33) bits are fair coins', () => {
    let low = 0;
    let bit33 = 0;
    for (let k = 0; k < n; k++) {
      const m = u[k] * 2 ** 53; // exact integer < 2^53
      if (m % 2 === 1) low++;
      if (Math.floor(m / 2 ** 20) % 2 === 1) bit33++;
    }
    const se = Math.sqrt(0.25 / n);
    expect(Math.abs(low / n - 0.5)).toBeLessThan(5 * se);
    expect(Math.abs(bit33 / n - 0.5)).toBeLessThan(5 * se);
  });

  it('has mean 1/2 and variance 1/12 (5 SE)', () => {
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      s1 += u[k];
      s2 += (u[k] - 0.5) ** 2;
    }
    expect(Math.abs(s1 / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // Var((U-1/2)^2) = 1/80 - 1/144.
    expect(Math.abs(s2 / n - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });
});

describe('fillNormal', () => {
  it('gives exactly the values of successive normal() calls, including wedge and tail draws', () => {
    const n = 300_000; // ~4500 wedge/tail attempts, ~80 tail draws
    const bulk = createStream(5, 'fill').fillNormal(new Float64Array(n));
    const scalar = createStream(5, 'fill');
    let mismatches = 0;
    for (let k = 0; k < n; k++) if (scalar.normal() !== bulk[k]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('mixes with scalar calls without skipping or repeating words', () => {
    const ref = createStream(6, 'mix');
    const expected = Array.from({ length: 41 }, () => ref.normal());
    const s = createStream(6, 'mix');
    const out = new Float64Array(41);
    s.fillNormal(out, 0, 20);
    out[20] = s.normal();
    s.fillNormal(out, 21, 20);
    expect(Array.from(out)).toEqual(expected);
    expect(s.uniform()).toBe(ref.uniform());
  });

  it('touches only [offset, offset+count) and rejects ranges outside the array', () => {
    const out = new Float64Array(10).fill(-99);
    fillNormal(createStream(1), out, 3, 4);
    expect(Array.from(out.slice(0, 3))).toEqual([-99, -99, -99]);
    expect(Array.from(out.slice(7))).toEqual([-99, -99, -99]);
    expect(out.slice(3, 7).every((v) => v !== -99 && Number.isFinite(v))).toBe(true);
    expect(() => fillNormal(createStream(1), out, 8, 3)).toThrow(RangeError);
    expect(() => fillNormal(createStream(1), out, -1, 2)).toThrow(RangeError);
    expect(() => fillNormal(createStream(1), out, 0.5, 2)).toThrow(RangeError);
  });

  it('falls back to rng.normal() for any other Rng', () => {
    let calls = 0;
    const fake: Rng = { uniform: () => 0.5, normal: () => ++calls };
    const out = fillNormal(fake, new Float64Array(5), 1, 3);
    expect(Array.from(out)).toEqual([0, 1, 2, 3, 0]);
  });
});
