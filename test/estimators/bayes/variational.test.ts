/**
 * Variational Bayes (src/estimators/bayes/variational.ts) against scikit-learn's BayesianGaussianMixture
 * (dirichlet_distribution, spherical) with identical priors and data: test/fixtures/bayes/make_vb_fixture.py
 * wrote vb_sklearn.json (the 1-D canonical mixture with the default and another prior — where the bound keeps
 * one component and empties the other, in scikit-learn as here —, two separated 1-D components with unequal σ,
 * and three components in 2-D); the lower bound (lower_bound_) and every variational parameter (αₖ, κₖ, mₖ, νₖ,
 * cₖ, weights_) agree to 1e-6 relative, components matched by decreasing weight. Also: the fit reports the posterior means and S draws from q per the uncertainty contract,
 * and q is narrower than the Gibbs posterior on the same data (the mean-field under-dispersion).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitGibbs } from '../../../src/estimators/bayes/gibbs.js';
import { fitVariational } from '../../../src/estimators/bayes/variational.js';
import { createStream } from '../../../src/rng/stream.js';
import { parameterCount } from '../../../src/types.js';

interface Case {
  name: string;
  K: number;
  d: number;
  x: number[];
  options: { weightConcentration: number; meanPrecision: number; degreesOfFreedom: number; covariancePrior: number };
  lowerBound: number;
  alpha: number[];
  kappa: number[];
  means: number[];
  nu: number[];
  c: number[];
  weights: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/bayes/vb_sklearn.json', import.meta.url), 'utf8')) as { sklearn: string; cases: Case[] };

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

describe(`fitVariational against scikit-learn ${fixture.sklearn}`, () => {
  for (const c of fixture.cases) {
    it(`${c.name}: the fit's lower bound, means and weights to 1e-6`, () => {
      const n = c.x.length / c.d;
      const data = { x: Float64Array.from(c.x), n, d: c.d };
      const fit = fitVariational(data, c.K, { ...c.options, tol: 1e-13, maxIter: 100000, draws: 100 }, createStream('vb', c.name));
      // An emptied component (weight below one point's worth) is reported, not hidden.
      expect(fit.status).toBe(Math.min(...c.weights) * n < 1 ? 'degenerate' : 'ok');
      expect(Math.abs(fit.objective - c.lowerBound)).toBeLessThanOrEqual(1e-6 * Math.abs(c.lowerBound));
      console.log(`${c.name}: lower bound ${fit.objective} vs scikit-learn ${c.lowerBound} (${fit.iterations} iterations)`);
      // Component order: by decreasing weight, as the fixture.
      const order = [...Array(c.K).keys()].sort((a, b) => fit.weights[b] - fit.weights[a]);
      for (let j = 0; j < c.K; j++) {
        const k = order[j];
        for (let t = 0; t < c.d; t++) expect(close(fit.means[k * c.d + t], c.means[j * c.d + t])).toBe(true);
        expect(close(fit.weights[k], c.weights[j])).toBe(true);
      }
    });
  }

  it('every variational parameter (α, κ, m, ν, c) of every case to 1e-6', async () => {
    const { variationalPosterior } = await import('../../../src/estimators/bayes/variational.js');
    const { resolvePrior } = await import('../../../src/estimators/bayes/prior.js');
    const { kmeans } = await import('../../../src/estimators/kmeans/kmeans.js');
    const { assignNearest } = await import('../../../src/estimators/kmeans/lloyd.js');
    for (const c of fixture.cases) {
      const n = c.x.length / c.d;
      const data = { x: Float64Array.from(c.x), n, d: c.d };
      const labels = new Int32Array(n);
      assignNearest(data, kmeans.fit(data, c.K, {}, createStream('vb-start', c.name)).means, c.K, labels);
      const q = variationalPosterior(data, c.K, resolvePrior(data, c.options), labels, { tol: 1e-13, maxIter: 100000, regCovar: 0 });
      const order = [...Array(c.K).keys()].sort((a, b) => q.alpha[b] - q.alpha[a]);
      order.forEach((k, j) => {
        expect(close(q.alpha[k], c.alpha[j])).toBe(true);
        expect(close(q.kappa[k], c.kappa[j])).toBe(true);
        expect(close(q.nu[k], c.nu[j])).toBe(true);
        expect(close(q.c[k], c.c[j])).toBe(true);
        for (let t = 0; t < c.d; t++) expect(close(q.means[k * c.d + t], c.means[j * c.d + t])).toBe(true);
      });
      expect(close(q.lowerBound, c.lowerBound)).toBe(true);
    }
  });
});

describe('fitVariational: draws and under-dispersion', () => {
  it('S×P draws from q whose column means approach the fit; q narrower than the Gibbs posterior on the same data', () => {
    const c = fixture.cases.find((k) => k.name === 'separated-1d') as Case;
    const n = c.x.length;
    const data = { x: Float64Array.from(c.x), n, d: 1 };
    const S = 4000;
    const vb = fitVariational(data, 2, { draws: S }, createStream('vb-draws'));
    const P = parameterCount(2, 1, true);
    const draws = vb.draws as Float64Array;
    expect(draws.length).toBe(S * P);
    const sdOf = (dr: Float64Array, rows: number, p: number): { mean: number; sd: number } => {
      let m = 0;
      let q = 0;
      for (let s = 0; s < rows; s++) {
        m += dr[s * P + p];
        q += dr[s * P + p] ** 2;
      }
      m /= rows;
      return { mean: m, sd: Math.sqrt(q / rows - m * m) };
    };
    for (let p = 0; p < 2; p++) {
      const { mean, sd } = sdOf(draws, S, p);
      expect(Math.abs(mean - vb.means[p])).toBeLessThan(5 * (sd / Math.sqrt(S)));
    }
    const gibbs = fitGibbs(data, 2, { covariance: 'unequal', chains: 4, burnIn: 500, draws: 1000 }, createStream('gibbs-vs-vb'));
    const order = vb.means[0] < vb.means[1] ? [0, 1] : [1, 0];
    for (let j = 0; j < 2; j++) {
      const vbSd = sdOf(draws, S, order[j]).sd;
      const gibbsSd = sdOf(gibbs.draws as Float64Array, 4000, j).sd;
      console.log(`mean ${j}: variational sd ${vbSd.toFixed(4)}, Gibbs sd ${gibbsSd.toFixed(4)}`);
      expect(vbSd).toBeLessThan(gibbsSd);
    }
  });
});
