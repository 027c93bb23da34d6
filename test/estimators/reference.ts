/** Reference implementations shared by the EM and CEM tests: written plainly, for checking the fast kernels. */
import { expect } from 'vitest';
import type { Dataset } from '../../src/types.js';

/** Plain Lloyd iterations from `start` until the partition repeats. */
export function refLloyd(data: Dataset, start: Float64Array, K: number): Float64Array {
  const { x, n, d } = data;
  const c = Float64Array.from(start);
  const labels = new Int32Array(n).fill(-1);
  for (let it = 0; it < 1000; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      let bk = 0;
      for (let k = 0; k < K; k++) {
        let q = 0;
        for (let j = 0; j < d; j++) q += (x[i * d + j] - c[k * d + j]) ** 2;
        if (q < best) {
          best = q;
          bk = k;
        }
      }
      if (labels[i] !== bk) changed++;
      labels[i] = bk;
    }
    if (changed === 0) return c;
    const sums = new Float64Array(K * d);
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let j = 0; j < d; j++) sums[labels[i] * d + j] += x[i * d + j];
    }
    for (let k = 0; k < K; k++) {
      if (counts[k] > 0) for (let j = 0; j < d; j++) c[k * d + j] = sums[k * d + j] / counts[k];
    }
  }
  throw new Error('reference Lloyd did not converge');
}

export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
