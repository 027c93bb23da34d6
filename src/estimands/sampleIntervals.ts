/**
 * Intervals of the estimands from a sample of θ (docs/ARCHITECTURE.md §3 Uncertainty): B bootstrap refits or S
 * posterior draws, each pushed through the map θ → estimands (./thetaEstimands.ts) under the fit's own
 * alignment to the truth, draw by draw. For each key, with q_a the a-quantile of its draws (R's default type 7,
 * Hyndman & Fan 1996) and α = 1 − level:
 * - `percentile` [q_{α/2}, q_{1−α/2}] (Efron & Tibshirani 1993, §13.3);
 * - `basic` [2θ̂ − q_{1−α/2}, 2θ̂ − q_{α/2}] (Davison & Hinkley 1997, eq. 5.6), θ̂ the estimate of the fit;
 * - `credible` the equal-tailed posterior interval [q_{α/2}, q_{1−α/2}];
 * and the SE is the SD of the draws (divisor S − 1). Draws must already be in the fit's component order:
 * bootstrap refits are aligned to the original fit first (src/runner/bootstrap.ts), posterior draws are
 * relabelled by their estimator (src/types.ts `Fit.draws`).
 */
import { alignComponents } from './align.js';
import type { EstimandInterval, IntervalSet } from './intervals.js';
import { noIntervals } from './intervals.js';
import type { EstimandName } from './names.js';
import { estimandsOfTheta, type ThetaLayout } from './thetaEstimands.js';

/** The a-quantile of sorted values, type 7 (linear interpolation between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, a: number): number {
  const n = sorted.length;
  const h = (n - 1) * a;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Sample SD with divisor m − 1 (two passes). */
function sd(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

export type SampleMethod = 'percentile' | 'basic' | 'credible';

/** What sample intervals are computed from. */
export interface SampleInput {
  /** θ̂ of the fit, in its component order. */
  readonly theta: Float64Array;
  readonly layout: ThetaLayout;
  readonly trueMeans: readonly (readonly number[])[];
  readonly estimands: ReadonlySet<EstimandName>;
  readonly level: number;
  /** S×P row-major draws of θ in the fit's component order. */
  readonly draws: Float64Array;
  /** 'bootstrap' or 'posterior', recorded as the sets' `kind`. */
  readonly kind: string;
}

/** Fewer usable draws than this and a method says `unavailable` (no quantile or SD is meaningful). */
export const MIN_DRAWS = 2;

/**
 * The interval sets of the requested methods from the draws; each key's SE and interval null where fewer than
 * MIN_DRAWS of its draws are finite.
 */
export function sampleIntervals(input: SampleInput, methods: readonly SampleMethod[]): Partial<Record<SampleMethod, IntervalSet>> {
  const { theta, layout, trueMeans, estimands, level, draws, kind } = input;
  const P = theta.length;
  if (draws.length % P !== 0) throw new RangeError(`sampleIntervals: ${draws.length} draw entries is not a multiple of P = ${P}`);
  const S = draws.length / P;
  const out: Partial<Record<SampleMethod, IntervalSet>> = {};
  if (S < MIN_DRAWS) {
    for (const m of methods) out[m] = noIntervals('unavailable', kind, `${S} usable draws (at least ${MIN_DRAWS} needed)`, S);
    return out;
  }
  const { perm } = alignComponents(theta.subarray(0, layout.K * layout.d), trueMeans, layout.K, layout.d);
  const estimates = estimandsOfTheta(theta, layout, perm, estimands);
  const keys = Object.keys(estimates);
  const perKey = keys.map(() => new Float64Array(S));
  const finiteCount = new Int32Array(keys.length);
  for (let s = 0; s < S; s++) {
    const v = estimandsOfTheta(draws, layout, perm, estimands, s * P);
    keys.forEach((key, i) => {
      const x = v[key];
      if (x !== null && x !== undefined) perKey[i][finiteCount[i]++] = x;
    });
  }
  const a = (1 - level) / 2;
  const sets: Record<SampleMethod, Record<string, EstimandInterval>> = { percentile: {}, basic: {}, credible: {} };
  keys.forEach((key, i) => {
    const est = estimates[key];
    const m = finiteCount[i];
    if (m < MIN_DRAWS || est === null || est === undefined) {
      for (const method of methods) sets[method][key] = { se: null, lower: null, upper: null };
      return;
    }
    const values = perKey[i].subarray(0, m).sort();
    const lo = quantileSorted(values, a);
    const hi = quantileSorted(values, 1 - a);
    const se = sd(values);
    sets.percentile[key] = { se, lower: lo, upper: hi };
    sets.credible[key] = { se, lower: lo, upper: hi };
    sets.basic[key] = { se, lower: 2 * est - hi, upper: 2 * est - lo };
  });
  for (const method of methods) out[method] = { status: 'ok', kind, draws: S, values: sets[method] };
  return out;
}
