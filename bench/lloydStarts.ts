/**
 * How often does one k-means++ start of Lloyd's algorithm end at a worse local optimum than the global one, and
 * how much does that move the separation estimate? The k-means limit (Bryant & Williamson 1978) is that of the
 * global minimiser, so that shift is the algorithm's failure measured as the estimator's bias.
 *
 * For each mixture and n, R fresh data sets from the study's sampler (src/dgm/sphericalMixture.ts); on each, Lloyd
 * with 1 start and with 10, against a reference: the exact optimum (src/estimators/kmeans/kmeansExact1d.ts) in 1-D, the
 * best of 50 starts otherwise (the best of all three fits is taken, so the reference is never worse). Printed per
 * cell: the share of fits where 1 (10) starts ended above the reference by more than RESTART_TIE_RTOL, the mean
 * relative excess of those, the mean separation shift (fit − reference) in units of the MCSE of a mean
 * separation at the same R, and the mean share of the 10 restarts that reached their best (`restartsAtBest` / 10).
 *
 *   npx tsx bench/lloydStarts.ts [--replications 200] [--n 200,1000,10000]
 *
 * Not part of the test suite: ~5 CPU-minutes at the defaults.
 */
import { sampleMixture } from '../src/dgm/sphericalMixture.js';
import type { MixtureSpec } from '../src/config/index.js';
import { kmeans, RESTART_TIE_RTOL, warmUp } from '../src/estimators/kmeans/kmeans.js';
import { kmeansExact1d } from '../src/estimators/kmeans/kmeansExact1d.js';
import { createStream } from '../src/rng/stream.js';
import type { Fit } from '../src/types.js';

// JIT priming of the k-means kernels (the runner does it before its first fit; see src/estimators/kmeans/kmeans.ts).
warmUp();

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const R = Number(flag('--replications', '200'));
const NS = flag('--n', '200,1000,10000').split(',').map(Number);

/** A spherical mixture with σ = 1 for every component. */
function mixture(id: string, weights: number[], means: number[][]): MixtureSpec {
  return { id, weights, means, sigmas: weights.map(() => 1), K: weights.length, d: means[0].length };
}

const MIXTURES: MixtureSpec[] = [
  mixture('canonical', [0.5, 0.5], [[-1], [1]]),
  mixture('unequal', [0.75, 0.25], [[0], [3]]),
  mixture('d2-K3', [0.4, 0.35, 0.25], [[0, 0], [3, 0], [1, 2.5]]),
  mixture('d5-K4', [0.3, 0.3, 0.2, 0.2], [[2, 0, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 2, 0, 0], [0, 0, 0, 2, 0]]),
];

/** Mean pairwise distance between the fitted centres (the study's `separation`). */
function separation(fit: Fit): number {
  const { K, d, means } = fit;
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (means[i * d + t] - means[j * d + t]) ** 2;
      total += Math.sqrt(s);
      pairs++;
    }
  }
  return total / pairs;
}

const sd = (a: readonly number[]): number => {
  const m = a.reduce((x, y) => x + y, 0) / a.length;
  return Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1));
};
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

console.log(`| mixture | n | 1 start worse | its rel. excess | sep. shift (MCSE) | 10 starts worse | sep. shift (MCSE) | restartsAtBest/10 |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const mix of MIXTURES) {
  for (const n of NS) {
    let worse1 = 0;
    let worse10 = 0;
    let excess = 0;
    let atBest = 0;
    const seps: number[] = [];
    const shift1: number[] = [];
    const shift10: number[] = [];
    for (let rep = 0; rep < R; rep++) {
      const { data } = sampleMixture(mix, n, createStream('lloyd-starts', mix.id, n, rep));
      const one = kmeans.fit(data, mix.K, {}, createStream('fit1', mix.id, n, rep));
      const ten = kmeans.fit(data, mix.K, { restarts: 10 }, createStream('fit10', mix.id, n, rep));
      const ref = data.d === 1 ? kmeansExact1d.fit(data, mix.K, {}, createStream(0)) : kmeans.fit(data, mix.K, { restarts: 50 }, createStream('fit50', mix.id, n, rep));
      const best = [ref, ten, one].reduce((a, b) => (b.objective < a.objective ? b : a));
      const bound = best.objective * (1 + RESTART_TIE_RTOL);
      if (one.objective > bound) {
        worse1++;
        excess += (one.objective - best.objective) / best.objective;
      }
      if (ten.objective > bound) worse10++;
      atBest += (ten.search?.restartsAtBest ?? NaN) / 10;
      seps.push(separation(best));
      shift1.push(separation(one) - separation(best));
      shift10.push(separation(ten) - separation(best));
    }
    const mcse = sd(seps) / Math.sqrt(R);
    const mean = (a: readonly number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const shift = (a: readonly number[]) => `${mean(a).toExponential(1)} (${(mean(a) / mcse).toFixed(2)})`;
    console.log(
      `| ${mix.id} | ${n} | ${pct(worse1 / R)} | ${(worse1 > 0 ? excess / worse1 : 0).toExponential(1)} | ${shift(shift1)} | ${pct(worse10 / R)} | ${shift(shift10)} | ${(atBest / R).toFixed(3)} |`,
    );
  }
}
