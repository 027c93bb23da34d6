/**
 * Input checks shared by every estimator. The Estimator contract (docs/ARCHITECTURE.md §3) says invalid input throws while
 * failures of a valid fit are reported in the Fit; doing the checks once, here, keeps the messages identical
 * across methods and lets the hot loops assume finite data of the right shape.
 */
import type { Dataset } from '../types.js';

/** Throws one Error naming the first problem found; returns normally when `data` can be fitted with K clusters. */
export function validateInput(data: Dataset, K: number): void {
  if (!Number.isInteger(K) || K < 1) throw new Error(`K must be a positive integer, got ${K}`);
  const { x, n, d } = data;
  if (!Number.isInteger(d) || d < 1) throw new Error(`data: d must be a positive integer, got ${d}`);
  if (!Number.isInteger(n) || n < 0) throw new Error(`data: n must be a non-negative integer, got ${n}`);
  if (!(x instanceof Float64Array)) throw new Error('data: x must be a Float64Array');
  if (x.length !== n * d) {
    throw new Error(`data: x.length is ${x.length}, expected n·d = ${n}·${d} = ${n * d}`);
  }
  if (n < K) throw new Error(`data: n = ${n} points is fewer than K = ${K} clusters`);
  const len = x.length;
  for (let i = 0; i < len; i++) {
    const v = x[i];
    // v - v is 0 for every finite v and NaN for NaN and ±Infinity: one subtraction instead of a call per value.
    if (v - v !== 0) {
      const point = Math.floor(i / d);
      throw new Error(`data: point ${point}, coordinate ${i - point * d} is ${v}`);
    }
  }
}
