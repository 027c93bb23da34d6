/**
 * The k-means limit of the mean pairwise distance for each mixture of the paper's multivariate experiment
 * (figure 7), computed by src/theory/pairwiseLimit.ts. The computation takes seconds to a minute, so the
 * results are cached in a JSON file keyed by the mixture and the settings; a changed mixture or setting
 * recomputes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { MixtureSpec } from '../config/index.js';
import { writeFileAtomic } from '../results/ndjson.js';
import { pairwiseLimit as pairwiseLimitOf } from '../theory/pairwiseLimit.js';
import type { LimitSettings } from './scale.js';

export interface PairwiseLimit {
  readonly mixture: string;
  /** Mean pairwise distance of the limit centres. */
  readonly separation: number;
  readonly se: number;
  /** Per-batch values, in batch order. */
  readonly batchValues: number[];
  readonly settings: LimitSettings;
}

/** The limit for one mixture of the experiment, seeded by the settings' seed and the mixture's id. */
export function pairwiseLimit(mixture: MixtureSpec, settings: LimitSettings): PairwiseLimit {
  const { separation, se, batchValues } = pairwiseLimitOf(mixture, mixture.K, settings, `${settings.seed}|${mixture.id}`);
  return { mixture: mixture.id, separation, se, batchValues, settings };
}

function cacheKey(mixture: MixtureSpec, settings: LimitSettings): string {
  const { id, weights, means, sigmas, K, d } = mixture;
  return createHash('sha256').update(JSON.stringify({ v: 1, id, weights, means, sigmas, K, d, settings })).digest('hex');
}

/** `pairwiseLimit` for each mixture, read from / written to the JSON cache at `cacheFile` (null: no cache). */
export function pairwiseLimits(mixtures: readonly MixtureSpec[], settings: LimitSettings, cacheFile: string | null): Record<string, PairwiseLimit> {
  let cache: Record<string, PairwiseLimit> = {};
  if (cacheFile !== null && existsSync(cacheFile)) {
    try {
      cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, PairwiseLimit>;
    } catch {
      cache = {};
    }
  }
  const out: Record<string, PairwiseLimit> = {};
  let changed = false;
  for (const m of mixtures) {
    const key = cacheKey(m, settings);
    let limit = cache[key];
    if (limit === undefined) {
      limit = pairwiseLimit(m, settings);
      cache[key] = limit;
      changed = true;
    }
    out[m.id] = limit;
  }
  if (cacheFile !== null && changed) writeFileAtomic(cacheFile, JSON.stringify(cache, null, 2) + '\n');
  return out;
}
