/**
 * Pollard's k-means covariance estimated from the sample (src/estimators/kmeans/pollardCovariance.ts): at large
 * n it converges to the population sandwich of src/theory/kmeansClt.ts; at n = 2000 it agrees with a brute-force
 * simulation of the exact 1-D k-means centres' and proportions' covariance within the simulation's own Monte
 * Carlo error; in d = 2 its separation SE matches the 1-D theory of the projected mixture; singular,
 * non-minimum and empty-cluster fits get statuses; every k-means descriptor uses this one function.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, Fit } from '../../src/types.js';
import { kmeans } from '../../src/estimators/kmeans/kmeans.js';
import { kmeansExact1d } from '../../src/estimators/kmeans/kmeansExact1d.js';
import { kmeansHartiganWong } from '../../src/estimators/kmeans/kmeansHartiganWong.js';
import { kmeansCovariance } from '../../src/estimators/kmeans/pollardCovariance.js';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import { createStream } from '../../src/rng/stream.js';
import { kmeansCltCovariance1d, kmeansSeparationSd } from '../../src/theory/kmeansClt.js';
import { kmeansLimit } from '../../src/theory/kmeansLimit.js';
import type { SphericalMixture } from '../../src/mixture/spherical.js';

const SLOW = process.env.MIXSTUDY_SLOW_TESTS === '1';

const CANONICAL: SphericalMixture = { weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] };
const UNEQUAL: SphericalMixture = { weights: [0.3, 0.7], means: [[-1.5], [1.5]], sigmas: [1, 1] };
const THREE: SphericalMixture = { weights: [0.3, 0.4, 0.3], means: [[-3], [0], [3]], sigmas: [1, 1, 1] };

function fitAt(means: number[], weights: number[], d = 1, objective = 1): Fit {
  return { K: weights.length, d, means: Float64Array.from(means), weights: Float64Array.from(weights), sigmas: null, logLik: null, objective, iterations: 1, converged: true, status: 'ok' };
}

describe('at large n the estimate converges to the population sandwich (src/theory/kmeansClt.ts)', () => {
  // At n = 5e5 the kernel estimate of the boundary density has a relative sd of about 1 % and the estimated
  // SEs (one sample) scatter by about that; 3 % leaves room for it and for the O(h²) smoothing bias.
  for (const [name, mix] of [['canonical', CANONICAL], ['unequal weights', UNEQUAL], ['three clusters', THREE]] as const) {
    it(name, () => {
      const K = mix.weights.length;
      const n = 500000;
      const { data } = sampleMixture(mix, n, createStream('pollard-large', name));
      const fit = kmeansExact1d.fit(data, K, {}, createStream('pollard-large-fit'));
      const cov = kmeansExact1d.covariance!(data, fit, {});
      expect(cov.status).toBe('ok');
      if (cov.status !== 'ok') return;
      const limit = kmeansLimit(mix, K).centers.map((c) => c[0]);
      const theory = kmeansCltCovariance1d({ weights: mix.weights, means: mix.means.map((m) => m[0]), sigmas: mix.sigmas }, limit).covariance;
      const R = 2 * K;
      for (let k = 0; k < K; k++) expect(Math.abs(Math.sqrt(n * cov.matrix[k * R + k]) / Math.sqrt(theory[k][k]) - 1)).toBeLessThan(0.03);
      if (K === 2) {
        const sep = cov.matrix[0] + cov.matrix[R + 1] - 2 * cov.matrix[1];
        const sepTheory = kmeansSeparationSd({ weights: mix.weights, means: mix.means.map((m) => m[0]), sigmas: mix.sigmas }, limit);
        expect(Math.abs(Math.sqrt(n * sep) / sepTheory - 1)).toBeLessThan(0.03);
      }
    });
  }
});

/** Mean and Monte Carlo SE of a per-replication quantity. */
function meanSe(v: readonly number[]): { mean: number; se: number } {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const s2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
  return { mean: m, se: Math.sqrt(s2 / v.length) };
}

/**
 * R replications of exact 1-D k-means at n = 2000: the empirical covariance of (ĉ1, ĉ2, p̂1) and of the
 * separation against the mean estimated covariance. Each empirical (co)variance is the mean of the products of
 * centred values, so its MCSE is their sd/√R (no normality assumed); the mean estimate's MCSE likewise, and the
 * two are added in quadrature. Agreement within 3 MCSE per entry.
 */
function simulationAgreement(mix: SphericalMixture, R: number): void {
  const n = 2000;
  const values: number[][] = [];
  const estimates: number[][] = [];
  for (let r = 0; r < R; r++) {
    const { data } = sampleMixture(mix, n, createStream('pollard-sim', r));
    const fit = kmeansExact1d.fit(data, 2, {}, createStream('pollard-sim-fit', r));
    const cov = kmeansExact1d.covariance!(data, fit, {});
    if (cov.status !== 'ok') throw new Error(cov.reason);
    const c = (a: number, b: number): number => cov.matrix[a * 4 + b];
    values.push([fit.means[0], fit.means[1], fit.weights[0], fit.means[1] - fit.means[0]]);
    estimates.push([c(0, 0), c(1, 1), c(0, 1), c(2, 2), c(0, 0) + c(1, 1) - 2 * c(0, 1)]);
  }
  const mean = [0, 1, 2, 3].map((j) => values.reduce((s, v) => s + v[j], 0) / R);
  const centred = values.map((v) => v.map((x, j) => x - mean[j]));
  const pairs: [number, number][] = [[0, 0], [1, 1], [0, 1], [2, 2], [3, 3]];
  pairs.forEach(([a, b], e) => {
    const emp = meanSe(centred.map((v) => (v[a] * v[b] * R) / (R - 1)));
    const est = meanSe(estimates.map((x) => x[e]));
    const mcse = Math.hypot(emp.se, est.se);
    expect(Math.abs(emp.mean - est.mean), `entry ${a},${b}: empirical ${emp.mean} vs estimated ${est.mean} (MCSE ${mcse})`).toBeLessThan(3 * mcse);
  });
}

describe('the estimate agrees with a brute-force simulation of the k-means centres (exact 1-D k-means, n = 2000)', () => {
  it('canonical 0.5·N(−1, 1) + 0.5·N(1, 1), R = 600 (relative MCSE ≈ 6 % per variance)', () => simulationAgreement(CANONICAL, 600));
  it('unequal weights 0.3·N(−1.5, 1) + 0.7·N(1.5, 1), R = 600', () => simulationAgreement(UNEQUAL, 600));
  it.runIf(SLOW)('both, R = 5000 (relative MCSE ≈ 2 %)', () => {
    simulationAgreement(CANONICAL, 5000);
    simulationAgreement(UNEQUAL, 5000);
  }, 600_000);
});

describe('d = 2: the boundary integral by projection', () => {
  const mix: SphericalMixture = { weights: [0.5, 0.5], means: [[-1, 0], [1, 0]], sigmas: [1, 1] };
  it('√n·SE of the separation matches the 1-D theory of the projected mixture (n = 2e5, within 3 %)', () => {
    const n = 200000;
    const { data } = sampleMixture(mix, n, createStream('pollard-2d'));
    const fit = kmeans.fit(data, 2, { restarts: 2 }, createStream('pollard-2d-fit'));
    const cov = kmeans.covariance!(data, fit, {});
    expect(cov.status).toBe('ok');
    if (cov.status !== 'ok') return;
    const R = 6;
    const diff = [fit.means[2] - fit.means[0], fit.means[3] - fit.means[1]];
    const len = Math.hypot(diff[0], diff[1]);
    const g = [-diff[0] / len, -diff[1] / len, diff[0] / len, diff[1] / len];
    let v = 0;
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) v += g[a] * cov.matrix[a * R + b] * g[b];
    const limit = kmeansLimit(mix, 2).centers.map((c) => c[0]);
    const theory = kmeansSeparationSd({ weights: [0.5, 0.5], means: [-1, 1], sigmas: [1, 1] }, limit);
    expect(Math.abs(Math.sqrt(n * v) / theory - 1)).toBeLessThan(0.03);
  });
  it.runIf(SLOW)('the orthogonal coordinates agree with a brute-force simulation (Lloyd, n = 2000, R = 2000)', () => {
    const R = 2000;
    const n = 2000;
    const ys: number[][] = [];
    const est: number[][] = [];
    for (let r = 0; r < R; r++) {
      const { data } = sampleMixture(mix, n, createStream('pollard-2d-sim', r));
      const fit = kmeans.fit(data, 2, { restarts: 2 }, createStream('pollard-2d-sim-fit', r));
      const cov = kmeans.covariance!(data, fit, {});
      if (cov.status !== 'ok') throw new Error(cov.reason);
      const o = fit.means[0] < fit.means[2] ? [0, 1, 2, 3] : [2, 3, 0, 1];
      ys.push(o.map((i) => fit.means[i]));
      est.push([cov.matrix[o[1] * 6 + o[1]], cov.matrix[o[1] * 6 + o[3]], cov.matrix[o[0] * 6 + o[0]]]);
    }
    const mean = [0, 1, 2, 3].map((j) => ys.reduce((s, v) => s + v[j], 0) / R);
    [[1, 1], [1, 3], [0, 0]].forEach(([a, b], e) => {
      const emp = meanSe(ys.map((v) => ((v[a] - mean[a]) * (v[b] - mean[b]) * R) / (R - 1)));
      const es = meanSe(est.map((x) => x[e]));
      expect(Math.abs(emp.mean - es.mean)).toBeLessThan(3 * Math.hypot(emp.se, es.se));
    });
  }, 600_000);
});

describe('structure, equivariance and statuses', () => {
  const { data } = sampleMixture(UNEQUAL, 3000, createStream('pollard-structure'));
  it('every k-means descriptor uses the one function', () => {
    expect(kmeans.covariance).toBe(kmeansCovariance);
    expect(kmeansExact1d.covariance).toBe(kmeansCovariance);
    expect(kmeansHartiganWong.covariance).toBe(kmeansCovariance);
  });
  it('θ = (centres, proportions): the proportions sum to 1, so every row of their block sums to 0', () => {
    const fit = kmeansExact1d.fit(data, 2, {}, createStream('s'));
    const cov = kmeansCovariance(data, fit);
    expect(cov.status).toBe('ok');
    if (cov.status !== 'ok') return;
    expect(cov.kind).toBe('pollard');
    expect(cov.matrix.length).toBe(16);
    for (let r = 0; r < 4; r++) expect(Math.abs(cov.matrix[r * 4 + 2] + cov.matrix[r * 4 + 3])).toBeLessThan(1e-12 * Math.sqrt(cov.matrix[r * 4 + r] * cov.matrix[10]));
    expect(Array.from(cov.matrix).every(Number.isFinite)).toBe(true);
  });
  it('equivariant: x → a·x + b scales the centres block by a², the cross block by a, leaves the proportions', () => {
    const fit = kmeansExact1d.fit(data, 2, {}, createStream('s'));
    const a = -3.3;
    const b = 1e4;
    const x2: Dataset = { x: data.x.map((v) => a * v + b), n: data.n, d: 1 };
    const fit2: Fit = { ...fit, means: Float64Array.from([a * fit.means[1] + b, a * fit.means[0] + b]), weights: Float64Array.from([fit.weights[1], fit.weights[0]]), objective: a * a * fit.objective };
    const c1 = kmeansCovariance(data, fit);
    const c2 = kmeansCovariance(x2, fit2);
    if (c1.status !== 'ok' || c2.status !== 'ok') throw new Error('not ok');
    const perm = [1, 0, 3, 2];
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        const f = (r < 2 ? a : 1) * (c < 2 ? a : 1);
        const scale = Math.abs(f) * Math.sqrt(c1.matrix[r * 4 + r] * c1.matrix[c * 4 + c]);
        expect(Math.abs(c2.matrix[perm[r] * 4 + perm[c]] - f * c1.matrix[r * 4 + c])).toBeLessThan(1e-9 * scale);
      }
    }
  });
  it('centres not at a minimum (the boundary cuts through the mass): not-negative-definite with a reason', () => {
    const n = 1000;
    const x = new Float64Array(n + 20);
    const src = createStream('spike');
    for (let i = 0; i < n; i++) x[i] = 0.1 * src.normal();
    for (let i = 0; i < 20; i++) x[n + i] = (i < 10 ? -10 : 10) + 0.1 * src.normal();
    const cov = kmeansCovariance({ x, n: n + 20, d: 1 }, fitAt([-5, 5], [0.5, 0.5]));
    expect(cov.status).toBe('not-negative-definite');
    if (cov.status !== 'ok') expect(cov.reason).toMatch(/Γ/);
  });
  it('coinciding centres: singular; an empty cluster or a NaN centre: unavailable', () => {
    expect(kmeansCovariance(data, fitAt([0, 0], [0.5, 0.5])).status).toBe('singular');
    expect(kmeansCovariance(data, fitAt([0, 1e6], [1, 0])).status).toBe('unavailable');
    expect(kmeansCovariance(data, fitAt([NaN, 1], [0.5, 0.5])).status).toBe('unavailable');
  });
});
