/**
 * The covariances reuse what the fit already computed, with the same results: an EM fit whose Newton run
 * returns the point of its last pass carries that pass's observed information (src/types.ts Fit.information,
 * src/estimators/mixture/em.ts), which mixtureCovariance (src/estimators/mixture/mixtureInformation.ts) uses
 * instead of a pass of its own; Pollard's d = 1, K = 2 covariance (src/estimators/kmeans/pollardCovariance.ts)
 * reads the data once, not twice, its kernel sum running over the points near the midpoint that the cell pass
 * kept. Passes are counted by reading the data through a Proxy that counts indexed reads.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, Fit, ParameterCovariance } from '../../src/types.js';
import { fitEM } from '../../src/estimators/mixture/em.js';
import { mixtureCovariance, type MixtureModel } from '../../src/estimators/mixture/mixtureInformation.js';
import { kmeansExact1d } from '../../src/estimators/kmeans/kmeansExact1d.js';
import { kmeansCovariance } from '../../src/estimators/kmeans/pollardCovariance.js';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import { createStream } from '../../src/rng/stream.js';
import type { SphericalMixture } from '../../src/mixture/spherical.js';

const CANONICAL: SphericalMixture = { weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] };

/** `data` whose x counts its indexed reads into `counter.reads`. */
function counted(data: Dataset, counter: { reads: number }): Dataset {
  const x = new Proxy(data.x, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) counter.reads++;
      return Reflect.get(target, key);
    },
  });
  return { ...data, x };
}

/** Largest |a − b| over the entries, relative to √(a_ii·a_jj) (a covariance's own scale). */
function maxRelative(a: ParameterCovariance, b: ParameterCovariance): number {
  if (a.status !== 'ok' || b.status !== 'ok') throw new Error(`status ${a.status} / ${b.status}`);
  const R = Math.round(Math.sqrt(a.matrix.length));
  let worst = 0;
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < R; j++) {
      const scale = Math.sqrt(Math.abs(b.matrix[i * R + i] * b.matrix[j * R + j]));
      if (scale > 0) worst = Math.max(worst, Math.abs(a.matrix[i * R + j] - b.matrix[i * R + j]) / scale);
    }
  }
  return worst;
}

describe('EM: the observed information of the Newton run’s last pass', () => {
  const models: { name: string; options: { covariance: 'equal' | 'fixed'; weights: 'estimated' | 'equal'; sigma?: number }; model: MixtureModel }[] = [
    { name: 'σ shared, weights estimated', options: { covariance: 'equal', weights: 'estimated' }, model: { covariance: 'equal', weights: 'estimated' } },
    { name: 'weights held', options: { covariance: 'equal', weights: 'equal' }, model: { covariance: 'equal', weights: 'equal' } },
    { name: 'σ fixed', options: { covariance: 'fixed', weights: 'estimated', sigma: 1 }, model: { covariance: 'fixed', weights: 'estimated' } },
  ];
  for (const { name, options, model } of models) {
    it(`${name}: carried by the fit, used without a pass, equal to the pass's`, () => {
      let carried = 0;
      for (let rep = 0; rep < 12; rep++) {
        const n = rep % 2 === 0 ? 3000 : 20000;
        const { data } = sampleMixture(CANONICAL, n, createStream('covarianceReuse', name, rep));
        const fit = fitEM(data, 2, options, createStream('covarianceReuse-fit', name, rep));
        if (fit.information === undefined) continue;
        carried++;
        const counter = { reads: 0 };
        const reused = mixtureCovariance(counted(data, counter), fit, model);
        expect(counter.reads).toBe(0);
        const own: Fit = { ...fit, information: undefined };
        expect(maxRelative(reused, mixtureCovariance(data, own, model))).toBeLessThan(1e-9);
        // The sandwich needs J, which only the pass gives: the same with and without the carried information.
        expect(maxRelative(mixtureCovariance(data, fit, model, 'sandwich'), mixtureCovariance(data, own, model, 'sandwich'))).toBe(0);
      }
      // About a third of canonical fits end on an evaluated Newton point (the others on an unevaluated one).
      expect(carried).toBeGreaterThan(0);
    });
  }

  it('is not used for another model’s free parameters', () => {
    const { data } = sampleMixture(CANONICAL, 3000, createStream('covarianceReuse-other'));
    for (let rep = 0; rep < 20; rep++) {
      const fit = fitEM(data, 2, { covariance: 'equal', weights: 'estimated' }, createStream('covarianceReuse-other-fit', rep));
      if (fit.information === undefined) continue;
      const counter = { reads: 0 };
      mixtureCovariance(counted(data, counter), fit, { covariance: 'equal', weights: 'equal' });
      expect(counter.reads).toBeGreaterThanOrEqual(3000);
      return;
    }
    throw new Error('no fit carried its information');
  });
});

describe('Pollard, d = 1, K = 2: one pass over the data', () => {
  it('reads each point about once, and gives what the two-pass computation gives', () => {
    const n = 20000;
    const { data } = sampleMixture(CANONICAL, n, createStream('covarianceReuse-pollard'));
    const fit = kmeansExact1d.fit(data, 2, {}, createStream('covarianceReuse-pollard-fit'));
    const counter = { reads: 0 };
    const once = kmeansCovariance(counted(data, counter), fit);
    // One full pass plus a systematic subsample of ≤ 4096 points for the bandwidth's IQR (two passes: > 2n).
    expect(counter.reads).toBeLessThan(1.3 * n);
    // Without a usable inertia no bound on the bandwidth is known beforehand: the kernel sum takes its own pass.
    const twice = kmeansCovariance(data, { ...fit, objective: NaN });
    expect(maxRelative(once, twice)).toBeLessThan(1e-12);
  });
});
