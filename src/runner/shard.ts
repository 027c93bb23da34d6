/**
 * A shard i/N of a plan (docs/ARCHITECTURE.md §6): which part of the tasks one process runs. Its own module, free of the
 * config schema, so `mixstudy run` can parse --shard before loading anything heavy.
 */
import type { Shard } from '../results/manifest.js';

export type { Shard };

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--shard: expected i/N with 0 ≤ i < N (e.g. 0/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new Error(`--shard: need 0 ≤ i < N, got ${index}/${count}`);
  return { index, count };
}
