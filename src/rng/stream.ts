/**
 * Independent seeded streams keyed by (master seed, key parts…) — docs/ARCHITECTURE.md §3 "Seeding".
 *
 * Derivation: SHA-256 of `JSON.stringify(["mixstudy/stream/v1", seed, ...key])`, whose hex digest seeds
 * seedrandom's xor4096. A stream is never split off another stream, so replication r of condition c sees the
 * same numbers whatever else exists or runs first, in whichever worker or shard. JSON encoding makes the key
 * unambiguous: ("a","b") ≠ ("ab"), (1, 23) ≠ (12, 3), and the number 1 ≠ the string "1". Numbers are keyed
 * by value (1 and 1.0 are one key, as are 0 and −0); NaN and ±Infinity are rejected because JSON would print
 * them as null. The version tag lets a future change of derivation coexist with old results.
 *
 * Generator: xor4096 (Brent's xorgens; see xor4096.ts). Of seedrandom's algorithms it and tychei are the fast
 * ones that pass BigCrush (xor128 fails it; alea's `()` has only 32 bits); xor4096 wins on a proven period
 * ≥ 2^4096 − 1 (times the 2^32 Weyl period), which makes overlap between hashed streams a non-issue, at a
 * seeding cost (~4 µs) that is negligible per replication. Its state update is re-implemented on an Int32Array
 * (bit-identical to seedrandom, tested) so the ziggurat loop inlines it.
 *
 * `uniform()` is seedrandom's 53-bit `.double()`; `normal()` is the ziggurat of normal.ts (two words per
 * attempt). Nothing is buffered ahead, so the position in a stream depends only on the calls made so far —
 * the nested-prefix property of the data generator relies on this.
 */
import { createHash } from 'node:crypto';
import type { Rng } from '../types.js';
import { checkFillRange, fillZigguratNormalXor4096, zigguratNormalXor4096 } from './normal.js';
import { fillLabelledNormalsXor4096, type LabelledDraws } from './labelledNormals.js';
import { Xor4096 } from './xor4096.js';

export type KeyPart = string | number;

/** Version tag of the key derivation; changing the derivation must change it. */
export const STREAM_DERIVATION = 'mixstudy/stream/v1';

/** An `Rng` with bulk fills and raw words; what `createStream` returns. */
export class Stream implements Rng {
  private readonly gen: Xor4096;

  /** Prefer `createStream`; this takes the already-derived xor4096 seed string. */
  constructor(generatorSeed: string) {
    this.gen = new Xor4096(generatorSeed);
  }

  /** Uniform with 53 random bits in (0, 1) ⊂ [0, 1) (an exact 0 is redrawn, as seedrandom's `.double()`). */
  uniform(): number {
    return this.gen.nextDouble();
  }

  normal(): number {
    return zigguratNormalXor4096(this.gen);
  }

  /** A signed 32-bit word (seedrandom's `.int32()`). */
  int32(): number {
    return this.gen.nextInt32();
  }

  /**
   * Writes `count` normals into `out[offset…offset+count)`; the same values, in the same order, as `count`
   * calls of `normal()`. Returns `out`.
   */
  fillNormal(out: Float64Array, offset = 0, count = out.length - offset): Float64Array {
    fillZigguratNormalXor4096(this.gen, out, offset, count);
    return out;
  }

  /**
   * A mixture sample's draws: per point one `uniform()` for the label (inverse CDF on `draws.cum`), then d
   * `normal()`s, with exactly their values and order, in one fused loop (labelledNormals.ts).
   */
  fillLabelledNormals(draws: LabelledDraws): void {
    fillLabelledNormalsXor4096(this.gen, draws);
  }
}

/** The string that seeds xor4096 for (seed, ...key); exported for provenance and tests. */
export function streamSeed(seed: KeyPart, ...key: KeyPart[]): string {
  const parts: KeyPart[] = [seed, ...key];
  parts.forEach((p, idx) => {
    if (typeof p === 'number' ? !Number.isFinite(p) : typeof p !== 'string') {
      throw new TypeError(`createStream: key part ${idx} must be a string or a finite number (got ${String(p)})`);
    }
  });
  return createHash('sha256')
    .update(JSON.stringify([STREAM_DERIVATION, ...parts]))
    .digest('hex');
}

/** A stream for (seed, ...key): derived by hashing, never by consuming another stream. */
export function createStream(seed: KeyPart, ...key: KeyPart[]): Stream {
  return new Stream(streamSeed(seed, ...key));
}

/**
 * Bulk normals from any `Rng`: the inlined ziggurat loop for a `Stream`, else `count` calls of `rng.normal()`.
 * Either way the values equal those of successive `normal()` calls.
 */
export function fillNormal(rng: Rng, out: Float64Array, offset = 0, count = out.length - offset): Float64Array {
  if (rng instanceof Stream) return rng.fillNormal(out, offset, count);
  checkFillRange(out, offset, count);
  for (let k = offset, end = offset + count; k < end; k++) out[k] = rng.normal();
  return out;
}
