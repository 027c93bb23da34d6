import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Xor4096 } from '../../src/rng/xor4096.js';
import { streamSeed } from '../../src/rng/stream.js';

// Seeds exercising seedrandom's string mixing: empty, short, a stream's 64-hex digest, and one longer than the
// 128-word ring (which changes the mixing loop's limit).
const SEEDS = ['', 'a', 'hello world', streamSeed(2024, 'cond', 17), 'x'.repeat(300) + 'tail'];

describe('Xor4096 re-implementation', () => {
  it.each(SEEDS)('matches seedrandom.xor4096(%j).int32() word for word', (seed) => {
    const ref = seedrandom.xor4096(seed);
    const gen = new Xor4096(seed);
    let mismatches = 0;
    for (let k = 0; k < 200_000; k++) if (gen.nextInt32() !== ref.int32()) mismatches++;
    expect(mismatches).toBe(0);
  });

  it.each(SEEDS)('matches seedrandom.xor4096(%j).double()', (seed) => {
    const ref = seedrandom.xor4096(seed);
    const gen = new Xor4096(seed);
    let mismatches = 0;
    for (let k = 0; k < 50_000; k++) if (gen.nextDouble() !== ref.double()) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('interleaves int32 and double exactly like seedrandom', () => {
    const ref = seedrandom.xor4096('mixed');
    const gen = new Xor4096('mixed');
    for (let k = 0; k < 10_000; k++) {
      if (k % 3 === 0) expect(gen.nextDouble()).toBe(ref.double());
      else expect(gen.nextInt32()).toBe(ref.int32());
    }
  });
});
