/**
 * Independent seeded streams keyed by (master seed, key parts…). PLACEHOLDER implementation (Box–Muller);
 * the rng helper replaces the normal sampler with a ziggurat. The API below is the contract.
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import type { Rng } from '../types.js';

export type KeyPart = string | number;

/** A stream for (seed, ...key): derived by hashing, never by consuming another stream. */
export function createStream(seed: KeyPart, ...key: KeyPart[]): Rng {
  const digest = createHash('sha256').update(JSON.stringify([seed, ...key])).digest('hex');
  const prng = seedrandom.xor4096(digest);
  let spare = NaN;
  return {
    uniform: () => prng.double(),
    normal: () => {
      if (!Number.isNaN(spare)) {
        const s = spare;
        spare = NaN;
        return s;
      }
      let u = 0;
      while (u === 0) u = prng.double();
      const r = Math.sqrt(-2 * Math.log(u));
      const a = 2 * Math.PI * prng.double();
      spare = r * Math.sin(a);
      return r * Math.cos(a);
    },
  };
}
