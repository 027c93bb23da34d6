/**
 * EM starting points (src/estimators/mixture/emInit.ts): the k-means start for a shared σ is read off the k-means fit
 * (objective and proportions); it must equal the partition statistics recomputed from scratch here.
 */
import { describe, expect, it } from 'vitest';
import { initialTheta } from '../../src/estimators/mixture/emInit.js';
import { kmeans } from '../../src/estimators/kmeans/kmeans.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset } from '../../src/types.js';

function simulate(seed: string, n: number, d: number, K: number): Dataset {
  const rng = createStream(seed, 'init-data');
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rng.uniform() * K);
    for (let j = 0; j < d; j++) x[i * d + j] = 2 * k + (j === 0 ? 0 : k) + 0.8 * rng.normal();
  }
  return { x, n, d };
}

describe("initialTheta 'kmeans' for a shared σ", () => {
  for (const [n, d, K] of [
    [5000, 1, 2],
    [3000, 2, 3],
    [20000, 1, 4],
  ] as const) {
    it(`equals the pooled within-cluster σ and proportions of the k-means partition (n = ${n}, d = ${d}, K = ${K})`, () => {
      const data = simulate(`init-${n}-${d}-${K}`, n, d, K);
      const out = new Float64Array(K * d + 2 * K);
      const settings = { covariance: 'equal' as const, weights: 'estimated' as const, fixedSigma: NaN, floorVar: 1e-12 };
      initialTheta(data, K, 'kmeans', settings, createStream('init', n), new Int32Array(n), out);
      // The same k-means fit (same stream), then the partition's statistics by brute force.
      const fit = kmeans.fit(data, K, { init: 'kmeans++', restarts: 1 }, createStream('init', n));
      const counts = new Float64Array(K);
      let ss = 0;
      for (let i = 0; i < n; i++) {
        let best = Infinity;
        let bk = 0;
        for (let k = 0; k < K; k++) {
          let q = 0;
          for (let j = 0; j < d; j++) q += (data.x[i * d + j] - fit.means[k * d + j]) ** 2;
          if (q < best) {
            best = q;
            bk = k;
          }
        }
        counts[bk]++;
        ss += best;
      }
      expect(Array.from(out.subarray(0, K * d))).toEqual(Array.from(fit.means));
      const sigma = Math.sqrt(ss / (n * d));
      for (let k = 0; k < K; k++) {
        expect(Math.abs(out[K * d + k] - sigma)).toBeLessThan(1e-12 * sigma);
        expect(out[K * d + K + k]).toBe(counts[k] / n);
      }
    });
  }
});
