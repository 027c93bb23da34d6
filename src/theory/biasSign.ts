/**
 * Where the k-means separation bias changes sign. "k-means overestimates the separation" is true only for
 * equal weights: for w·N(0, σ²) + (1 − w)·N(Δ, σ²) with w ≠ ½ the limit separation bias is positive for small
 * Δ/σ (→ 2σ√(2/π) − Δ as Δ → 0) but negative for large Δ/σ.
 *
 * Why negative: for well separated components the split point sits near the midpoint, h = Δ/(2σ) standard
 * deviations from each mean. The lower centre is pulled down by the truncation of component 1 (≈ −σφ(h)) and up
 * by the leaked tail of component 2 (≈ +σφ(h)(1 − w)/w); symmetrically for the upper centre. To leading order
 *   bias ≈ σφ(h)·[2 − w/(1 − w) − (1 − w)/w] = −σφ(h)·(√r − 1/√r)²,  r = w/(1 − w),
 * which is negative for every w ≠ ½ and exactly cancels at w = ½ (where the next order is positive). The
 * bias is exponentially small there, so its sign is only meaningful because twoMeans1d.ts computes it from
 * offsets to the true means rather than as a difference of two O(Δ) numbers.
 *
 * The sign change is found by scanning Δ/σ on a grid, computing the exact limit (global minimiser) at each,
 * and bisecting each sign change to ~1e-12 relative. Where the global minimiser switches between two Lloyd
 * fixed points (very unequal weights) the bias jumps; a sign change located at such a jump is reported with
 * kind 'jump'.
 */
import { twoMeansLimit1d } from './twoMeans1d.js';

export interface BiasSignChange {
  /** Δ/σ at which the bias changes sign. */
  readonly ratio: number;
  /** 'root': the bias passes continuously through 0; 'jump': the global fixed point switches branch here. */
  readonly kind: 'root' | 'jump';
  /** Bias just below and just above the sign change (in units of σ). */
  readonly biasBelow: number;
  readonly biasAbove: number;
}

export interface BiasSignOptions {
  /** Largest Δ/σ scanned (default 30; beyond ≈ 75 the bias underflows). */
  readonly maxRatio?: number;
  /** Grid step in Δ/σ (default 0.05). */
  readonly step?: number;
  /** Unequal standard deviations: σ2/σ1 (default 1). Δ is measured in units of σ1. */
  readonly sigmaRatio?: number;
}

/** The exact limit separation bias of w·N(0, 1) + (1 − w)·N(ratio, s²), in units of σ1 = 1. */
export function separationBiasAt(w: number, ratio: number, sigmaRatio = 1, gridSize = 400): number {
  const r = twoMeansLimit1d({ weights: [w, 1 - w], means: [0, ratio], sigmas: [1, sigmaRatio] }, { gridSize });
  if (r.separationBias === null) throw new Error('separationBiasAt: two components expected');
  return r.separationBias;
}

/** Every sign change of the separation bias in Δ/σ ∈ (0, maxRatio], with details. */
export function biasSignChanges(w: number, options: BiasSignOptions = {}): BiasSignChange[] {
  if (!(w > 0 && w < 1)) throw new RangeError(`biasSignChanges: w must be in (0, 1) (got ${w})`);
  const maxRatio = options.maxRatio ?? 30;
  const step = options.step ?? 0.05;
  const s = options.sigmaRatio ?? 1;
  const bias = (x: number): number => separationBiasAt(w, x, s);
  const out: BiasSignChange[] = [];
  let x0 = step;
  let b0 = bias(x0);
  for (let x1 = x0 + step; x1 <= maxRatio + 1e-12; x1 += step) {
    const b1 = bias(x1);
    if (b0 === 0 || b1 === 0 || b0 > 0 !== b1 > 0) {
      let lo = x0;
      let hi = x1;
      let bLo = b0;
      let bHi = b1;
      while (hi - lo > 1e-12 * hi) {
        const mid = 0.5 * (lo + hi);
        const bm = bias(mid);
        if (bm > 0 === bLo > 0) {
          lo = mid;
          bLo = bm;
        } else {
          hi = mid;
          bHi = bm;
        }
      }
      // At a continuous root both sides are ~0 on this scale; at a jump they stay apart.
      const scale = Math.max(Math.abs(b0), Math.abs(b1));
      const kind = Math.min(Math.abs(bLo), Math.abs(bHi)) > 1e-3 * scale ? 'jump' : 'root';
      out.push({ ratio: 0.5 * (lo + hi), kind, biasBelow: bLo, biasAbove: bHi });
    }
    x0 = x1;
    b0 = b1;
  }
  return out;
}

/** The Δ/σ values at which the limit separation bias changes sign, for weights (w, 1 − w) and common σ. */
export function biasSignChange(w: number, options: BiasSignOptions = {}): number[] {
  return biasSignChanges(w, options).map((c) => c.ratio);
}
