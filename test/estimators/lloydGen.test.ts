/**
 * The compiled Lloyd kernels (lloydGen.ts) against the loops they unroll (lloyd.ts accumulateGeneral,
 * assignNearestLoops): the same labels, counts, sums and inertia bit for bit, ties included, so switching
 * kernels changes no fit.
 */
import { describe, expect, it } from 'vitest';
import { accumulateGeneral, assignNearestLoops, createLloydWork } from '../../src/estimators/kmeans/lloyd.js';
import {
  generatedAccumulate,
  generatedAssign,
  generatedMoments,
  generatedPotentials,
  generatedSeeding,
  LLOYD_GEN_MAX_TERMS,
} from '../../src/estimators/kmeans/lloydGen.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset } from '../../src/types.js';

function sample(seed: string, n: number, d: number, K: number): Dataset {
  const rng = createStream(seed, 'data');
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rng.uniform() * K);
    // Every 7th point on a grid of quarters: exact ties between centres at grid points too.
    for (let j = 0; j < d; j++) x[i * d + j] = i % 7 === 0 ? Math.round(4 * rng.normal()) / 4 : (j === k % d ? 2 : 0) + rng.normal();
  }
  return { x, n, d };
}

describe('compiled Lloyd kernels', () => {
  const shapes: [number, number][] = [
    [1, 3],
    [1, 5],
    [2, 2],
    [2, 3],
    [3, 7],
    [5, 4],
    [8, 8],
  ];
  for (const [d, K] of shapes) {
    it(`equal the loops bit for bit: d = ${d}, K = ${K}`, () => {
      const data = sample(`lloyd-gen-${d}-${K}`, 2001, d, K);
      // Centres with coincident pairs and on the quarter grid, so ties to the lower index are exercised.
      const c = new Float64Array(K * d);
      for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) c[k * d + j] = k === K - 1 && K > 2 ? c[j] : ((k + j) % 3) * 0.5 - 0.25 * k;
      const w = createLloydWork(data, K);
      const gen = generatedAccumulate(d, K);
      expect(gen).not.toBeNull();
      const sums = new Float64Array(K * d);
      const counts = new Float64Array(K);
      const labels = new Int32Array(data.n);
      gen?.(data.x, data.n, c, w.shift, sums, counts, labels);
      accumulateGeneral(data.x, data.n, c, w);
      expect(Array.from(labels)).toEqual(Array.from(w.labels));
      expect(Array.from(counts)).toEqual(Array.from(w.counts));
      expect(Array.from(sums)).toEqual(Array.from(w.sums));
      const assign = generatedAssign(d, K);
      const l1 = new Int32Array(data.n);
      const l2 = new Int32Array(data.n);
      const i1 = assign?.(data.x, data.n, c, l1);
      const i2 = assignNearestLoops(data, c, K, l2);
      expect(i1).toBe(i2);
      expect(Array.from(l1)).toEqual(Array.from(l2));
    });
  }

  it('equal the loops where squared distances overflow to ∞ (ties among infinite distances go to the lower index)', () => {
    const d = 2;
    const K = 3;
    const x = Float64Array.from([1e200, 0, -1e200, 5, 0.5, 0.25, 3e155, -2e155, 1, 1]);
    const data = { x, n: 5, d };
    const c = Float64Array.from([0, 0, 1e200, 0, -1e200, 1e10]);
    const w = createLloydWork(data, K);
    const gen = generatedAccumulate(d, K);
    const sums = new Float64Array(K * d);
    const counts = new Float64Array(K);
    const labels = new Int32Array(data.n);
    gen?.(data.x, data.n, c, w.shift, sums, counts, labels);
    accumulateGeneral(data.x, data.n, c, w);
    expect(Array.from(labels)).toEqual(Array.from(w.labels));
    expect(Array.from(counts)).toEqual(Array.from(w.counts));
    expect(Array.from(sums)).toEqual(Array.from(w.sums));
    const l1 = new Int32Array(data.n);
    const l2 = new Int32Array(data.n);
    expect(generatedAssign(d, K)?.(data.x, data.n, c, l1)).toBe(assignNearestLoops(data, c, K, l2));
    expect(Array.from(l1)).toEqual(Array.from(l2));
  });

  it('k-means++ seeding passes equal the loops of kmeansPlusPlus.ts bit for bit', () => {
    for (const d of [2, 3, 5, 10]) {
      const data = sample(`seed-gen-${d}`, 1003, d, 3);
      const gen = generatedSeeding(d);
      expect(gen).not.toBeNull();
      const pair = new Float64Array(2);
      const closestGen = new Float64Array(data.n).fill(Infinity);
      const closestRef = new Float64Array(data.n).fill(Infinity);
      for (const cand of [17, 500, 17, 999]) {
        // The loops as kmeansPlusPlus.ts wrote them before (potentialWith, updateClosest).
        let potRef = 0;
        let accRef = 0;
        for (let i = 0; i < data.n; i++) {
          let q = 0;
          for (let j = 0; j < d; j++) {
            const t = data.x[i * d + j] - data.x[cand * d + j];
            q += t * t;
          }
          pair[0] = closestRef[i];
          pair[1] = q;
          potRef += pair[+(q < pair[0])];
        }
        expect(gen?.potential(data.x, data.n, data.x, cand * d, closestGen, pair)).toBe(potRef);
        for (let i = 0; i < data.n; i++) {
          let q = 0;
          for (let j = 0; j < d; j++) {
            const t = data.x[i * d + j] - data.x[cand * d + j];
            q += t * t;
          }
          pair[0] = closestRef[i];
          pair[1] = q;
          const v = pair[+(q < pair[0])];
          closestRef[i] = v;
          accRef += v;
        }
        expect(gen?.update(data.x, data.n, data.x, cand * d, closestGen, pair)).toBe(accRef);
        expect(Array.from(closestGen)).toEqual(Array.from(closestRef));
      }
    }
    expect(generatedSeeding(1)).toBeNull();
  });

  it('fused k-means++ potentials equal one potential pass per candidate bit for bit', () => {
    for (const d of [1, 2, 5]) {
      for (const m of [2, 3, 4]) {
        const data = sample(`potentials-${d}-${m}`, 1201, d, 3);
        // A huge point: its squared distances overflow to ∞.
        data.x[5 * d] = 1e200;
        const { x, n } = data;
        const closest = new Float64Array(n);
        for (let i = 0; i < n; i++) closest[i] = i % 5 === 0 ? Infinity : i % 7 === 0 ? 0 : (i % 11) * 0.37;
        // Repeated and overflowing candidates.
        const cands = Int32Array.from({ length: m }, (_, t) => [17, 5, 17, 900][t]);
        const f = generatedPotentials(d, m);
        expect(f).not.toBeNull();
        const pots = new Float64Array(m);
        f?.(x, n, cands, closest, pots, new Float64Array(2 * m));
        for (let t = 0; t < m; t++) {
          let ref = 0;
          const pair = new Float64Array(2);
          for (let i = 0; i < n; i++) {
            let q = 0;
            for (let j = 0; j < d; j++) {
              const u = x[i * d + j] - x[cands[t] * d + j];
              q += u * u;
            }
            pair[0] = closest[i];
            pair[1] = q;
            ref += pair[+(q < pair[0])];
          }
          expect(Object.is(pots[t], ref)).toBe(true);
        }
      }
    }
    expect(generatedPotentials(LLOYD_GEN_MAX_TERMS, 2)).toBeNull();
  });

  it('moments of createLloydWork (two passes over all coordinates) equal the one-coordinate loops bit for bit', () => {
    for (const d of [1, 2, 3, 5, 8, LLOYD_GEN_MAX_TERMS + 1]) {
      const data = sample(`moments-${d}`, 1501, d, 3);
      // Offset data: the shifted sums are where the two-pass formula matters.
      for (let i = 0; i < data.x.length; i += 3) data.x[i] += 1e8;
      const { x, n } = data;
      const mean = new Float64Array(d);
      const total = new Float64Array(d);
      const variance = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += x[i * d + j] - 0;
        mean[j] = s / n;
        let t = 0;
        let q = 0;
        for (let i = 0; i < n; i++) t += x[i * d + j] - mean[j];
        for (let i = 0; i < n; i++) {
          const y = x[i * d + j] - mean[j];
          q += y * y;
        }
        total[j] = t;
        variance[j] = q / n;
      }
      const w = createLloydWork(data, 3);
      expect(Array.from(w.shift)).toEqual(Array.from(mean));
      expect(Array.from(w.shiftedTotal)).toEqual(Array.from(total));
      expect(Array.from(w.variance)).toEqual(Array.from(variance));
      expect(generatedMoments(d) === null).toBe(d > LLOYD_GEN_MAX_TERMS);
    }
  });

  it('are compiled once per (d, K) and not beyond LLOYD_GEN_MAX_TERMS terms', () => {
    expect(generatedAccumulate(2, 3)).toBe(generatedAccumulate(2, 3));
    expect(generatedAssign(LLOYD_GEN_MAX_TERMS + 1, 1)).toBeNull();
    expect(createLloydWork(sample('wide', 10, 40, 2), 2).gen).toBeNull();
  });
});
