/**
 * The theory against the project's own estimators at large n (verified, not assumed). Seeds are
 * fixed, so the outcome is deterministic; tolerances are 4 Monte Carlo SEs computed from the replications
 * themselves. MIXSTUDY_SLOW_TESTS=1 adds the d = 2 EM and K = 3 checks.
 */
import { describe, expect, it } from 'vitest';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import { em } from '../../src/estimators/mixture/emDescriptor.js';
import { kmeans } from '../../src/estimators/kmeans/kmeans.js';
import { kmeansExact1d } from '../../src/estimators/kmeans/kmeansExact1d.js';
import { createStream } from '../../src/rng/stream.js';
import { fisherSeparationSd } from '../../src/theory/fisher.js';
import { kmeansLimit } from '../../src/theory/kmeansLimit.js';
import { kmeansLimitMonteCarlo } from '../../src/theory/kmeansLimitMonteCarlo.js';
import { sdWithSe } from './helpers.js';

const slow = process.env.MIXSTUDY_SLOW_TESTS === '1';
const Z = 4;

describe('k-means limit vs the exact k-means estimator at n = 1e6', () => {
  for (const w of [0.5, 0.9]) {
    const delta = w === 0.5 ? 2 : 3;
    it(`w = ${w}, Δ/σ = ${delta}: centres and separation within ${Z} MCSE (bias ${w === 0.5 ? 'positive' : 'negative'})`, () => {
      const mix = { weights: [w, 1 - w], means: [[0], [delta]], sigmas: [1, 1] };
      const lim = kmeansLimit(mix);
      const n = 1_000_000;
      const R = 4;
      const c1: number[] = [];
      const c2: number[] = [];
      for (let r = 0; r < R; r++) {
        const { data } = sampleMixture(mix, n, createStream('theory-test', 'km-1e6', w, r));
        const fit = kmeansExact1d.fit(data, 2, {}, createStream('theory-test', 'km-1e6-init', w, r));
        c1.push(Math.min(fit.means[0], fit.means[1]));
        c2.push(Math.max(fit.means[0], fit.means[1]));
      }
      const sep = c2.map((x, i) => x - c1[i]);
      for (const [xs, target] of [[c1, lim.centers[0][0]], [c2, lim.centers[1][0]], [sep, lim.separation!]] as const) {
        const s = sdWithSe(xs);
        expect(Math.abs(s.mean - target)).toBeLessThan(Z * s.seMean);
      }
      // The sign of the bias is visible in the data, not only in the theory.
      const meanSep = sep.reduce((a, b) => a + b, 0) / R;
      expect(Math.sign(meanSep - delta)).toBe(Math.sign(lim.separationBias!));
    });
  }
});

describe('Pollard CLT sd of the k-means separation vs exact k-means', () => {
  for (const [w, delta, R] of [[0.5, 2, 400], [0.9, 3, 300]] as const) {
    it(`w = ${w}, Δ/σ = ${delta}: sd·√n within ${Z} MCSE of the CLT value`, () => {
      const mix = { weights: [w, 1 - w], means: [[0], [delta]], sigmas: [1, 1] };
      const lim = kmeansLimit(mix);
      const n = 5000;
      const seps: number[] = [];
      for (let r = 0; r < R; r++) {
        const { data } = sampleMixture(mix, n, createStream('theory-test', 'km-clt', w, r));
        const fit = kmeansExact1d.fit(data, 2, {}, createStream('theory-test', 'km-clt-init', w, r));
        seps.push(Math.abs(fit.means[1] - fit.means[0]));
      }
      const s = sdWithSe(seps);
      expect(Math.abs(s.sd * Math.sqrt(n) - lim.kmeansSd!)).toBeLessThan(Z * s.seSd * Math.sqrt(n));
    });
  }
});

describe('Fisher sd∞ vs the empirical sd of the project EM', () => {
  const n = 2000;
  const R = 200;
  const mix = { weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] };
  const theory = fisherSeparationSd(mix);

  it(`means only (σ and weights fixed at the truth): sd·√n within ${Z} MCSE of sdMeansOnly`, () => {
    const seps: number[] = [];
    for (let r = 0; r < R; r++) {
      const { data } = sampleMixture(mix, n, createStream('theory-test', 'em-means', r));
      const fit = em.fit(data, 2, { covariance: 'fixed', sigma: 1, weights: 'equal' }, createStream('theory-test', 'em-means-init', r));
      seps.push(Math.abs(fit.means[1] - fit.means[0]));
    }
    const s = sdWithSe(seps);
    expect(Math.abs(s.sd * Math.sqrt(n) - theory.sdMeansOnly)).toBeLessThan(Z * s.seSd * Math.sqrt(n));
  });

  it(`all parameters (weights, means, common σ): sd·√n within ${Z} MCSE of sdAllParameters`, () => {
    const seps: number[] = [];
    for (let r = 0; r < R; r++) {
      const { data } = sampleMixture(mix, n, createStream('theory-test', 'em-all', r));
      const fit = em.fit(data, 2, { covariance: 'equal' }, createStream('theory-test', 'em-all-init', r));
      seps.push(Math.abs(fit.means[1] - fit.means[0]));
    }
    const s = sdWithSe(seps);
    expect(Math.abs(s.sd * Math.sqrt(n) - theory.sdAllParameters)).toBeLessThan(Z * s.seSd * Math.sqrt(n));
  });

  it.runIf(slow)(`d = 2, common σ: sd·√n of |μ̂2 − μ̂1| within ${Z} MCSE of the d-dimensional sdAllParameters`, () => {
    const mix2 = { weights: [0.5, 0.5], means: [[-1, 0], [1, 0]], sigmas: [1, 1] };
    const t2 = fisherSeparationSd(mix2);
    const seps: number[] = [];
    for (let r = 0; r < R; r++) {
      const { data } = sampleMixture(mix2, n, createStream('theory-test', 'em-2d', r));
      const fit = em.fit(data, 2, { covariance: 'equal' }, createStream('theory-test', 'em-2d-init', r));
      seps.push(Math.hypot(fit.means[2] - fit.means[0], fit.means[3] - fit.means[1]));
    }
    const s = sdWithSe(seps);
    expect(Math.abs(s.sd * Math.sqrt(n) - t2.sdAllParameters)).toBeLessThan(Z * s.seSd * Math.sqrt(n));
  });
});

describe('Monte Carlo approximation of the limit (d > 1)', () => {
  it('agrees with the exact line reduction for two components in d = 2 within its own MCSE', () => {
    const mix = { weights: [0.5, 0.5], means: [[0, 0], [2, 0]], sigmas: [1, 2] };
    const exact = kmeansLimit(mix);
    const mc = kmeansLimitMonteCarlo(mix, 2, { n: 50_000, repeats: 4, restarts: 2, seed: 'theory-test' });
    expect(mc.exact).toBe(false);
    expect(Math.abs(mc.separation! - exact.separation!)).toBeLessThan(Z * mc.monteCarlo!.separationSe!);
    for (let k = 0; k < 2; k++) {
      // MC centres are aligned to the first repeat's order; match them to the exact ones by the first coordinate.
      const exactK = exact.centers.reduce((best, c) => (Math.abs(c[0] - mc.centers[k][0]) < Math.abs(best[0] - mc.centers[k][0]) ? c : best));
      for (let j = 0; j < 2; j++) expect(Math.abs(mc.centers[k][j] - exactK[j])).toBeLessThan(Z * mc.monteCarlo!.centersSe[k][j]);
    }
  });

  it.runIf(slow)('K = 3 in 1-D: population Lloyd vs exact k-means (DP) at n = 1e6', () => {
    const mix = { weights: [0.3, 0.3, 0.4], means: [[-2], [0], [3]], sigmas: [1, 0.5, 1.5] };
    const lim = kmeansLimit(mix, 3);
    const R = 4;
    const runs: number[][] = [];
    for (let r = 0; r < R; r++) {
      const { data } = sampleMixture({ weights: mix.weights, means: mix.means, sigmas: mix.sigmas }, 1_000_000, createStream('theory-test', 'k3', r));
      runs.push(Array.from(kmeansExact1d.fit(data, 3, {}, createStream('theory-test', 'k3-init', r)).means).sort((a, b) => a - b));
    }
    for (let j = 0; j < 3; j++) {
      const s = sdWithSe(runs.map((c) => c[j]));
      expect(Math.abs(s.mean - lim.centers[j][0])).toBeLessThan(Z * s.seMean);
    }
  });

  it.runIf(slow)('d = 2 Lloyd k-means (the estimator used in d > 1) reaches the exact line limit at n = 2e5', () => {
    const mix = { weights: [0.7, 0.3], means: [[0, 0], [1.5, 2]], sigmas: [1, 1] };
    const lim = kmeansLimit(mix);
    const seps: number[] = [];
    for (let r = 0; r < 4; r++) {
      const { data } = sampleMixture(mix, 200_000, createStream('theory-test', 'lloyd-2d', r));
      const f = kmeans.fit(data, 2, { restarts: 3 }, createStream('theory-test', 'lloyd-2d-init', r));
      seps.push(Math.hypot(f.means[2] - f.means[0], f.means[3] - f.means[1]));
    }
    const s = sdWithSe(seps);
    expect(Math.abs(s.mean - lim.separation!)).toBeLessThan(Z * s.seMean);
  });
});
