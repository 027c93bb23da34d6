/**
 * Where a two-component mixture w·N(0, 1) + (1 − w)·N(Δ, 1) stops being unimodal (the paper's figure 3,
 * src/paper/figures/biasSeparation.ts: below this Δ/σ, k-means splits a distribution with a single mode). The
 * number of modes is counted from the sign changes of the density's derivative on a fine grid, and the
 * threshold is bisected in Δ; for equal weights it is the classical Δ/σ = 2.
 */
import { phi } from './normal.js';

/** Local maxima of the density on a grid of `points` over [−4, Δ + 4]. */
export function modeCount(w: number, delta: number, points = 20001): number {
  const lo = -4;
  const hi = delta + 4;
  const h = (hi - lo) / (points - 1);
  // f'(x) = −w x φ(x) − (1 − w)(x − Δ) φ(x − Δ)
  const slope = (x: number): number => -w * x * phi(x) - (1 - w) * (x - delta) * phi(x - delta);
  let modes = 0;
  let prev = slope(lo);
  for (let i = 1; i < points; i++) {
    const s = slope(lo + i * h);
    if (prev > 0 && s <= 0) modes++;
    prev = s;
  }
  return modes;
}

/** The largest Δ/σ at which the mixture is still unimodal (to ~1e-9), searched in [0, maxRatio]. */
export function unimodalUpTo(w: number, maxRatio = 10): number {
  if (modeCount(w, maxRatio) < 2) return Infinity;
  let lo = 0;
  let hi = maxRatio;
  while (hi - lo > 1e-9) {
    const mid = 0.5 * (lo + hi);
    if (modeCount(w, mid) < 2) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
