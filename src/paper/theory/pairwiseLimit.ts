/**
 * The k-means population limit of the mean pairwise distance between the K centres, for mixtures without an
 * exact limit (K > 2 in d > 1; figure 7), from src/theory/kmeansLimitMonteCarlo.ts — with a Monte Carlo SE.
 * That function averages the centres of a few large samples but does not return per-sample pairwise
 * distances, so it is called `batches` times with independent seeds (each averaging `repeatsPerBatch`
 * samples of size n): the batch results are independent and identically distributed, and their mean and
 * sd/√batches are the limit and its SE. Averaging centres before taking distances biases a distance by
 * O(Var(centre)) = O(1/n), negligible against the SE at n = 10⁵.
 *
 * The computation takes seconds to a minute, so the results are cached in a JSON file keyed by the mixture
 * and the settings; a changed mixture or setting recomputes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { MixtureSpec } from '../../config/index.js';
import { writeFileAtomic } from '../../runner/ndjson.js';
import { kmeansLimitMonteCarlo } from '../../theory/kmeansLimitMonteCarlo.js';
import type { LimitSettings } from '../scale.js';

export interface PairwiseLimit {
  readonly mixture: string;
  /** Mean pairwise distance of the limit centres. */
  readonly separation: number;
  readonly se: number;
  /** Per-batch values, in batch order. */
  readonly batchValues: number[];
  readonly settings: LimitSettings;
}

/** Mean of the K(K−1)/2 Euclidean distances between the rows of `c`. */
export function meanPairwiseDistance(c: readonly (readonly number[])[]): number {
  let s = 0;
  let pairs = 0;
  for (let i = 0; i < c.length; i++) {
    for (let j = i + 1; j < c.length; j++) {
      s += Math.hypot(...c[i].map((x, t) => x - c[j][t]));
      pairs++;
    }
  }
  return s / pairs;
}

export function pairwiseLimit(mixture: MixtureSpec, settings: LimitSettings): PairwiseLimit {
  if (settings.batches < 2) throw new RangeError('pairwiseLimit: at least two batches are needed for an SE');
  const batchValues: number[] = [];
  for (let b = 0; b < settings.batches; b++) {
    const l = kmeansLimitMonteCarlo({ weights: mixture.weights, means: mixture.means, sigmas: mixture.sigmas }, mixture.K, {
      n: settings.n,
      repeats: settings.repeatsPerBatch,
      restarts: settings.restarts,
      seed: `${settings.seed}|${mixture.id}|batch=${b}`,
    });
    batchValues.push(meanPairwiseDistance(l.centers));
  }
  const B = batchValues.length;
  const mean = batchValues.reduce((a, x) => a + x, 0) / B;
  const sd = Math.sqrt(batchValues.reduce((a, x) => a + (x - mean) ** 2, 0) / (B - 1));
  return { mixture: mixture.id, separation: mean, se: sd / Math.sqrt(B), batchValues, settings };
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
