/**
 * Lloyd with Hamerly's bounds (src/estimators/kmeans/lloydBounds.ts) against plain Lloyd (lloyd.ts accumulate /
 * finalInertia): the same centres (Object.is per element), weights, labels, inertia and iteration count, on
 * separated and heavily overlapping data, duplicated points and points on a grid (exact ties between centres),
 * empty-cluster repairs, overflowing distances, restarts; and the compiled bounded pass against its loops.
 */
import { describe, expect, it } from 'vitest';
import { fitKMeansWith } from '../../src/estimators/kmeans/kmeans.js';
import { accumulate, createLloydWork, finalInertia, updateCentres } from '../../src/estimators/kmeans/lloyd.js';
import { boundedAccumulate, boundedFinalInertia, createLloydBounds } from '../../src/estimators/kmeans/lloydBounds.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';

type Kind = 'separated' | 'overlapping' | 'ties';

/** K components; 'ties': a third of the points duplicated and every coordinate on a grid of halves. */
function sample(kind: Kind, seed: number, n: number, d: number, K: number): Dataset {
  const rng = createStream('lloyd-bounds-data', kind, seed, n, d, K);
  const spread = kind === 'separated' ? 8 : kind === 'overlapping' ? 0.7 : 2;
  const means = Array.from({ length: K }, () => Array.from({ length: d }, () => spread * rng.uniform()));
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (kind === 'ties' && i >= 3 && i % 3 === 0) {
      const src = Math.floor(rng.uniform() * i);
      for (let j = 0; j < d; j++) x[i * d + j] = x[src * d + j];
      continue;
    }
    const k = Math.min(K - 1, Math.floor(rng.uniform() * K));
    for (let j = 0; j < d; j++) {
      const v = means[k][j] + rng.normal();
      x[i * d + j] = kind === 'ties' ? Math.round(2 * v) / 2 : v;
    }
  }
  return { x, n, d };
}

function expectSameFit(a: Fit, b: Fit, what: string): void {
  const same =
    Object.is(a.objective, b.objective) &&
    a.iterations === b.iterations &&
    a.status === b.status &&
    a.converged === b.converged &&
    a.means.length === b.means.length &&
    a.means.every((v, i) => Object.is(v, b.means[i])) &&
    a.weights.every((v, i) => Object.is(v, b.weights[i]));
  if (!same) {
    // Show the difference readably.
    expect({ what, objective: b.objective, iterations: b.iterations, means: Array.from(b.means) }).toEqual({
      what,
      objective: a.objective,
      iterations: a.iterations,
      means: Array.from(a.means),
    });
  }
  expect(same).toBe(true);
}

/**
 * The objective is finalInertia of the returned means (the full assignment pass), bit for bit, and the weights
 * that partition's proportions: runLloyd's shortcut at a fixed point (lloyd.ts inertiaOfLabels) changes neither.
 */
function expectPlainObjective(data: Dataset, K: number, fit: Fit): void {
  const w = createLloydWork(data, K);
  const inertia = finalInertia(data, fit.means.slice(), w);
  if (fit.status === 'ok') {
    expect(Object.is(inertia, fit.objective)).toBe(true);
    expect(Array.from(w.counts, (c) => c / data.n)).toEqual(Array.from(fit.weights));
  }
}

describe('Lloyd with bounds', () => {
  const ds = [2, 3, 5, 8];
  const Ks = [2, 3, 4, 8];
  const slow = process.env.MIXSTUDY_SLOW_TESTS === '1';
  for (const n of [50, 1000, 20000]) {
    // n = 20000 on every shape takes ~7 s of CPU: by default only the speed workloads' shapes and K = 8.
    const full = n < 20000 || slow;
    it(`gives plain Lloyd's fits bit for bit: n = ${n}, ${full ? 'd ∈ {2,3,5,8}, K ∈ {2,3,4,8}' : 'd ∈ {2,5}, K ∈ {3,4,8}'}, three kinds of data`, () => {
      let used = 0;
      for (const d of full ? ds : [2, 5]) {
        for (const K of full ? Ks : [3, 4, 8]) {
          for (const kind of ['separated', 'overlapping', 'ties'] as const) {
            const seeds = n === 20000 ? [1] : [1, 2];
            for (const seed of seeds) {
              const data = sample(kind, seed, n, d, K);
              const init = seed === 2 ? 'random' : 'kmeans++';
              const options = { init, restarts: n === 50 ? 3 : 1 } as const;
              const plain = fitKMeansWith(data, K, options, createStream('lloyd-bounds-fit', seed), Infinity, 'off');
              expectPlainObjective(data, K, plain);
              // From the first pass (exercises the bounds from the start) and as the estimator runs them.
              for (const mode of ['on', 'late'] as const) {
                const bounded = fitKMeansWith(data, K, options, createStream('lloyd-bounds-fit', seed), Infinity, mode);
                expectSameFit(plain, bounded, `${kind} seed ${seed} d ${d} K ${K} ${mode}`);
              }
              used++;
            }
          }
        }
      }
      expect(used).toBeGreaterThan(0);
    });
  }

  it('repairs empty clusters and reports unfixable ones exactly as plain Lloyd (fewer distinct points than K)', () => {
    for (const d of [2, 3]) {
      // 40 points on 5 distinct locations; K = 8 cannot be filled, K = 4 starts from random duplicates.
      const x = new Float64Array(40 * d);
      for (let i = 0; i < 40; i++) for (let j = 0; j < d; j++) x[i * d + j] = ((i % 5) * (j + 1)) % 7;
      const data = { x, n: 40, d };
      for (const K of [4, 8]) {
        for (const init of ['random', 'kmeans++'] as const) {
          for (let s = 0; s < 5; s++) {
            const plain = fitKMeansWith(data, K, { init, restarts: 2 }, createStream('lloyd-bounds-empty', s), Infinity, 'off');
            const bounded = fitKMeansWith(data, K, { init, restarts: 2 }, createStream('lloyd-bounds-empty', s), Infinity, 'on');
            expectSameFit(plain, bounded, `empty d ${d} K ${K} ${init} ${s}`);
          }
        }
      }
    }
  });

  /**
   * Kernel level: a Lloyd run driven by the plain pass; at every pass the bounded pass (compiled, and its loops)
   * must give the same labels, counts and sums, and the final inertia the same value.
   */
  function kernelRun(data: Dataset, K: number, c0: Float64Array): void {
    const plainW = createLloydWork(data, K);
    const genW = createLloydWork(data, K);
    const loopW = createLloydWork(data, K);
    const gen = createLloydBounds(data.n, data.d, K);
    const loops = createLloydBounds(data.n, data.d, K);
    loops.loopsOnly = true;
    const c = c0.slice();
    for (let it = 0; it < 60; it++) {
      accumulate(data, c, plainW);
      boundedAccumulate(data, c, genW, gen);
      boundedAccumulate(data, c, loopW, loops);
      for (const w of [genW, loopW]) {
        expect(Array.from(w.labels)).toEqual(Array.from(plainW.labels));
        expect(w.counts.every((v, i) => Object.is(v, plainW.counts[i]))).toBe(true);
        expect(w.sums.every((v, i) => Object.is(v, plainW.sums[i]))).toBe(true);
      }
      if (plainW.counts.some((v) => v === 0)) break;
      if (updateCentres(c, plainW) === 0) break;
    }
    const ref = finalInertia(data, c, plainW);
    expect(Object.is(boundedFinalInertia(data, c, genW, gen), ref)).toBe(true);
    expect(Object.is(boundedFinalInertia(data, c, loopW, loops), ref)).toBe(true);
    expect(Array.from(genW.counts)).toEqual(Array.from(plainW.counts));
  }

  it('compiled bounded pass equals its loops and the plain pass, including past the compiled sizes (d·K > 64)', () => {
    for (const [d, K] of [
      [2, 3],
      [5, 4],
      [3, 8],
      [8, 9],
    ] as const) {
      for (const kind of ['overlapping', 'ties'] as const) {
        const data = sample(kind, 7, 3001, d, K);
        const c0 = data.x.slice(0, K * d);
        kernelRun(data, K, c0);
      }
    }
  });

  it('equals the plain pass where squared distances overflow to ∞ and with coincident centres', () => {
    const d = 2;
    const K = 3;
    const x = Float64Array.from([1e200, 0, -1e200, 5, 0.5, 0.25, 3e155, -2e155, 1, 1, 0.5, 0.25, 1e-170, 0, 0, 0]);
    const data = { x, n: 8, d };
    kernelRun(data, K, Float64Array.from([0, 0, 1e200, 0, -1e200, 1e10]));
    kernelRun(data, K, Float64Array.from([1, 1, 1, 1, 0.5, 0.25]));
    kernelRun(data, K, Float64Array.from([0, 0, 1e-170, 0, 0.5, 0.25]));
  });
});
