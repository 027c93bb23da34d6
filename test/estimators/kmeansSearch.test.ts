/**
 * The per-fit search record (`Fit.search`, written as the diagnostics `globalOptimum` and `restartsAtBest`):
 * kmeans-exact is the global optimum; Lloyd with restarts is not known to be, and counts how many restarts
 * reached the best inertia — checked on a 2-D data set whose worse local optimum is known by construction, and
 * against the same restarts replayed one at a time.
 */
import { describe, expect, it } from 'vitest';
import { measureFit } from '../../src/estimands/measureFit.js';
import { em } from '../../src/estimators/mixture/emDescriptor.js';
import { fitKMeansWith, kmeans, RESTART_TIE_RTOL } from '../../src/estimators/kmeans/kmeans.js';
import { kmeansExact1d } from '../../src/estimators/kmeans/kmeansExact1d.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset } from '../../src/types.js';

/**
 * m points in a small cross at each corner of a W × H rectangle (W > H), labelled by corner. With K = 2 both
 * the left/right split (inertia ≈ n·H²/4, the global optimum) and the bottom/top split (≈ n·W²/4) are Lloyd
 * fixed points: each point is nearer its own centre. A k-means++ start whose seeds fall in vertically adjacent
 * corners ends at the worse one.
 */
function rectangle(W: number, H: number, m: number): { data: Dataset; labels: Int32Array } {
  const corners = [
    [0, 0],
    [W, 0],
    [0, H],
    [W, H],
  ];
  const x: number[] = [];
  const labels: number[] = [];
  corners.forEach(([a, b], c) => {
    for (let i = 0; i < m; i++) {
      const t = (i - (m - 1) / 2) * 0.01;
      x.push(a + t, b + (i % 2 === 1 ? t : -t));
      labels.push(c);
    }
  });
  return { data: { x: Float64Array.from(x), n: labels.length, d: 2 }, labels: Int32Array.from(labels) };
}

/** Within-group sum of squares of a labelled partition, computed directly. */
function partitionInertia(data: Dataset, group: (i: number) => number, K: number): number {
  const { x, n, d } = data;
  const sums = new Float64Array(K * d);
  const counts = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    counts[group(i)]++;
    for (let j = 0; j < d; j++) sums[group(i) * d + j] += x[i * d + j];
  }
  let ss = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) ss += (x[i * d + j] - sums[group(i) * d + j] / counts[group(i)]) ** 2;
  return ss;
}

describe('search record of a fit', () => {
  it('kmeans-exact: the fit is the global optimum, and measureFit records globalOptimum 1 without restarts', () => {
    const rng = createStream(5, 'exact');
    const x = Float64Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 4 : 0) + rng.normal());
    const data = { x, n: 300, d: 1 };
    const fit = kmeansExact1d.fit(data, 2, {}, rng);
    expect(fit.search).toEqual({ global: true, restarts: 1, restartsAtBest: 1 });
    const truth = { weights: [2 / 3, 1 / 3], means: [[0], [4]], sigmas: [1, 1] };
    const m = measureFit(data, new Int32Array(300), fit, truth, ['separation']);
    expect(m.globalOptimum).toBe(1);
    expect(m.restartsAtBest).toBeNull();
  });

  it('Lloyd with restarts on a data set with a known worse local optimum: fewer restarts than all reach the best', () => {
    const W = 1.1;
    const H = 1;
    const m = 5;
    const { data, labels } = rectangle(W, H, m);
    const leftRight = partitionInertia(data, (i) => labels[i] % 2, 2);
    const bottomTop = partitionInertia(data, (i) => (labels[i] >= 2 ? 1 : 0), 2);
    expect(bottomTop).toBeGreaterThan(leftRight * 1.1);

    const restarts = 60;
    const fit = kmeans.fit(data, 2, { restarts }, createStream(3, 'rect'));
    expect(fit.objective).toBeCloseTo(leftRight, 12);
    expect(fit.search?.global).toBe(false);
    expect(fit.search?.restarts).toBe(restarts);
    const atBest = fit.search?.restartsAtBest ?? NaN;
    expect(atBest).toBeGreaterThanOrEqual(1);
    expect(atBest).toBeLessThan(restarts);

    // Restarts draw from the stream in sequence, so single-start fits on one stream replay them one by one.
    const replay = createStream(3, 'rect');
    const single = Array.from({ length: restarts }, () => kmeans.fit(data, 2, {}, replay).objective);
    expect(Math.min(...single)).toBe(fit.objective);
    expect(single.some((v) => Math.abs(v - bottomTop) <= 1e-9 * bottomTop)).toBe(true);
    expect(single.filter((v) => v <= fit.objective * (1 + RESTART_TIE_RTOL)).length).toBe(atBest);

    const truth = { weights: [0.5, 0.5], means: [[0, H / 2], [W, H / 2]], sigmas: [0.5, 0.5] };
    const rec = measureFit(data, labels.map((c) => c % 2), fit, truth, ['separation']);
    expect(rec.globalOptimum).toBe(0);
    expect(rec.restartsAtBest).toBe(atBest);
  });

  it('Lloyd: one start records 1 of 1; restarts that all find one well-separated optimum record all of them', () => {
    const rng = createStream(8, 'sep');
    const n = 400;
    const x = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = (i % 2) * 20 + rng.normal();
      x[2 * i + 1] = rng.normal();
    }
    const data = { x, n, d: 2 };
    expect(kmeans.fit(data, 2, {}, createStream(1)).search).toEqual({ global: false, restarts: 1, restartsAtBest: 1 });
    expect(kmeans.fit(data, 2, { restarts: 7 }, createStream(1)).search).toEqual({ global: false, restarts: 7, restartsAtBest: 7 });
  });

  it('the d = 1, K = 2 value-index path counts restarts as the general path does', () => {
    const rng = createStream(2, 'idx');
    // Three groups on a line, K = 2: either outer group may be merged with the middle one (two local optima).
    const x = Float64Array.from({ length: 600 }, (_, i) => [0, 5, 10.5][i % 3] + 0.8 * rng.normal());
    const data = { x, n: 600, d: 1 };
    const fast = fitKMeansWith(data, 2, { restarts: 30 }, createStream(4), 1);
    const plain = fitKMeansWith(data, 2, { restarts: 30 }, createStream(4), Infinity);
    expect(fast.search).toEqual(plain.search);
    expect(fast.search?.restartsAtBest).toBeLessThan(30);
    expect(fast.objective).toBeCloseTo(kmeansExact1d.fit(data, 2, {}, rng).objective, 6);
  });

  it('EM does not claim anything: the diagnostics are null', () => {
    const rng = createStream(6, 'em');
    const x = Float64Array.from({ length: 200 }, (_, i) => (i % 2) * 4 + rng.normal());
    const data = { x, n: 200, d: 1 };
    const fit = em.fit(data, 2, {}, rng);
    expect(fit.search).toBeUndefined();
    const m = measureFit(data, new Int32Array(200), fit, { weights: [0.5, 0.5], means: [[0], [4]], sigmas: [1, 1] }, ['separation']);
    expect(m.globalOptimum).toBeNull();
    expect(m.restartsAtBest).toBeNull();
  });
});
