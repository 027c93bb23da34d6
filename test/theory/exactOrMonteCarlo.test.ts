/**
 * Which k-means limit a mixture gets — exact where src/theory/kmeansLimit.ts has a reduction, Monte Carlo
 * elsewhere — is decided once, in src/theory (`hasExactKmeansLimit`, `kmeansLimitExactOrMonteCarlo`); the
 * `limit` command only passes its --mc-* flags along, which matter only in the Monte Carlo cases.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasExactKmeansLimit, kmeansLimit } from '../../src/theory/kmeansLimit.js';
import { kmeansLimitExactOrMonteCarlo, kmeansLimitMonteCarlo, MonteCarloOptionError } from '../../src/theory/kmeansLimitMonteCarlo.js';

const line = { weights: [0.5, 0.5], means: [[0], [2]], sigmas: [1, 1] };
const plane2 = { weights: [0.5, 0.5], means: [[0, 0], [3, 0]], sigmas: [1, 1] };
const plane3 = { weights: [0.3, 0.3, 0.4], means: [[0, 0], [4, 0], [0, 4]], sigmas: [1, 1, 1] };

describe('hasExactKmeansLimit', () => {
  it('is true in d = 1 for any K, for K = 1, and for K = 2 clusters of two components; false otherwise', () => {
    expect([1, 2, 3, 4].map((K) => hasExactKmeansLimit(line, K))).toEqual([true, true, true, true]);
    expect([1, 2, 3].map((K) => hasExactKmeansLimit(plane2, K))).toEqual([true, true, false]);
    expect([1, 2, 3].map((K) => hasExactKmeansLimit(plane3, K))).toEqual([true, false, false]);
  });

  it('agrees with what kmeansLimit can compute', () => {
    for (const [mix, K] of [[line, 3], [plane2, 2], [plane2, 3], [plane3, 1], [plane3, 2], [plane3, 3]] as const) {
      let exact = true;
      try {
        kmeansLimit(mix, K);
      } catch {
        exact = false;
      }
      expect(exact, `K = ${K}, ${mix.weights.length} components in d = ${mix.means[0].length}`).toBe(hasExactKmeansLimit(mix, K));
    }
  });
});

describe('kmeansLimitExactOrMonteCarlo', () => {
  const mc = { n: 2000, repeats: 2, seed: 'exact-or-mc' };

  it('gives the exact limit where there is one, ignoring the Monte Carlo settings', () => {
    expect(kmeansLimitExactOrMonteCarlo(plane2, 2, mc)).toEqual(kmeansLimit(plane2, 2));
    expect(kmeansLimitExactOrMonteCarlo(line, 3, { n: 0, repeats: 0 })).toEqual(kmeansLimit(line, 3));
  });

  it('gives the Monte Carlo approximation elsewhere, with the settings passed', () => {
    const got = kmeansLimitExactOrMonteCarlo(plane3, 3, mc);
    expect(got.method).toBe('monte-carlo');
    expect(got).toEqual(kmeansLimitMonteCarlo(plane3, 3, mc));
  });

  it('rejects bad Monte Carlo settings with a MonteCarloOptionError naming the setting', () => {
    const err = (options: { n?: number; repeats?: number }): unknown => {
      try {
        kmeansLimitExactOrMonteCarlo(plane3, 3, options);
      } catch (e) {
        return e;
      }
      return null;
    };
    const small = err({ n: 2, repeats: 2 });
    expect(small).toBeInstanceOf(MonteCarloOptionError);
    expect(small).toMatchObject({ option: 'n', detail: 'must be an integer ≥ K (got 2)' });
    expect(err({ n: 100, repeats: 1 })).toMatchObject({ option: 'repeats', detail: 'must be an integer ≥ 2 (got 1)' });
  });
});

describe('mixstudy limit', () => {
  const bin = fileURLToPath(new URL('../../bin/mixstudy.js', import.meta.url));
  it('names the --mc-* flag of a bad Monte Carlo setting, and ignores it where the limit is exact', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [bin, 'limit', ...args, '--json'], { encoding: 'utf8', timeout: 60_000 });
    const bad = run(['--weights', '0.3,0.3,0.4', '--means=0,0;4,0;0,4', '--sigma', '1', '--mc-n', '2']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('mixstudy: --mc-n: must be an integer ≥ K (got 2)');
    const exact = run(['--weights', '0.5,0.5', '--means=0,0;3,0', '--sigma', '1', '--mc-n', '2']);
    expect(exact.stderr).toBe('');
    expect(exact.status).toBe(0);
  });
});
