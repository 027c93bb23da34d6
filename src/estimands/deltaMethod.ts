/**
 * Delta-method standard errors and Wald intervals of the estimands (docs/ARCHITECTURE.md §3 Uncertainty): for an
 * estimand g(θ) and a covariance Σ of θ̂, SE(g(θ̂)) = √(∇gᵀ Σ ∇g) (e.g. Casella & Berger 2002, §5.5.4), and the
 * Wald interval g(θ̂) ± z·SE with z = Φ⁻¹(1 − (1 − level)/2). The gradients are exact: a mean, weight or σ is one
 * entry of θ; a pairwise distance ‖μ_j − μ_i‖ has gradient ±(μ_j − μ_i)/‖μ_j − μ_i‖ on the two means; the
 * separation of K > 2 components, their mean pairwise distance, the mean of those gradients. Components are
 * aligned to the truth by the permutation measureFit uses (./align.ts), so `means.0.0` here is the SE of the
 * estimate stored under `means.0.0`.
 *
 * An entry of Σ that the estimator's theory does not give is NaN (src/types.ts ParameterCovariance): an SE that
 * needs it is null, one that does not (a gradient entry 0 there) is unaffected. A negative ∇gᵀΣ∇g (Σ not
 * positive semi-definite along ∇g) or a zero distance (no gradient) also give null, never NaN.
 */
import type { ParameterCovariance } from '../types.js';
import { alignComponents } from './align.js';
import type { EstimandInterval, IntervalSet } from './intervals.js';
import { noIntervals } from './intervals.js';
import { normalCritical } from './normalCritical.js';
import type { EstimandName } from './names.js';
import { estimandsOfTheta, meanIndex, sigmaIndex, weightIndex, type ThetaLayout } from './thetaEstimands.js';

/** Sparse gradient: θ index → ∂g/∂θ_index (entries not listed are 0). */
export type Gradient = ReadonlyMap<number, number>;

function add(g: Map<number, number>, i: number, v: number): void {
  g.set(i, (g.get(i) ?? 0) + v);
}

/** ∇‖μ_b − μ_a‖ for fit components a, b of θ; null when the distance is 0 or not finite. */
function distanceGradient(theta: ArrayLike<number>, l: ThetaLayout, a: number, b: number, into: Map<number, number>, scale: number): boolean {
  let s = 0;
  for (let t = 0; t < l.d; t++) s += (theta[meanIndex(l, b, t)] - theta[meanIndex(l, a, t)]) ** 2;
  const dist = Math.sqrt(s);
  if (!(dist > 0 && Number.isFinite(dist))) return false;
  for (let t = 0; t < l.d; t++) {
    const u = (theta[meanIndex(l, b, t)] - theta[meanIndex(l, a, t)]) / dist;
    add(into, meanIndex(l, b, t), scale * u);
    add(into, meanIndex(l, a, t), -scale * u);
  }
  return true;
}

/**
 * The gradient of every θ-estimand key with respect to θ (fit order), true component k being fit component
 * perm[k]; a key whose gradient does not exist (coincident means) maps to null.
 */
export function estimandGradients(theta: ArrayLike<number>, l: ThetaLayout, perm: Int32Array, want: ReadonlySet<EstimandName>): Map<string, Gradient | null> {
  const { K, d } = l;
  const out = new Map<string, Gradient | null>();
  if (want.has('separation') && K > 1) {
    const pairs = (K * (K - 1)) / 2;
    const overall = new Map<number, number>();
    let ok = true;
    const each: [string, Gradient | null][] = [];
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++) {
        const g = new Map<number, number>();
        const has = distanceGradient(theta, l, perm[i], perm[j], g, 1);
        each.push([`separation.${i}-${j}`, has ? g : null]);
        if (has) for (const [idx, v] of g) add(overall, idx, v / pairs);
        else ok = false;
      }
    }
    out.set('separation', ok ? overall : null);
    if (K > 2) for (const [key, g] of each) out.set(key, g);
  }
  if (want.has('means')) for (let k = 0; k < K; k++) for (let t = 0; t < d; t++) out.set(`means.${k}.${t}`, new Map([[meanIndex(l, perm[k], t), 1]]));
  if (want.has('weights')) for (let k = 0; k < K; k++) out.set(`weights.${k}`, new Map([[weightIndex(l, perm[k]), 1]]));
  if (want.has('sigma')) for (let k = 0; k < K; k++) out.set(`sigma.${k}`, l.hasSigmas ? new Map([[sigmaIndex(l, perm[k]), 1]]) : null);
  return out;
}

/** √(gᵀ Σ g) over the non-zero entries of g; null when an entry needed is NaN or the quadratic form is negative. */
export function deltaSe(g: Gradient, sigma: Float64Array, P: number): number | null {
  let q = 0;
  for (const [i, gi] of g) {
    if (gi === 0) continue;
    for (const [j, gj] of g) {
      if (gj === 0) continue;
      q += gi * sigma[i * P + j] * gj;
    }
  }
  return Number.isFinite(q) && q >= 0 ? Math.sqrt(q) : null;
}

/** What a Wald interval set is computed from: θ̂ in the fit's order, its layout and the truth to align to. */
export interface WaldInput {
  readonly theta: Float64Array;
  readonly layout: ThetaLayout;
  readonly trueMeans: readonly (readonly number[])[];
  readonly estimands: ReadonlySet<EstimandName>;
  readonly level: number;
}

/**
 * The Wald intervals of every θ-estimand from a covariance of θ̂: the covariance's status when it is not `ok`,
 * otherwise SE by the delta method and estimate ± z·SE per key (null where the SE is).
 */
export function waldIntervals(input: WaldInput, covariance: ParameterCovariance): IntervalSet {
  if (covariance.status !== 'ok') return noIntervals(covariance.status, covariance.kind, covariance.reason);
  const { theta, layout, trueMeans, estimands, level } = input;
  const P = theta.length;
  if (covariance.matrix.length !== P * P) throw new RangeError(`waldIntervals: covariance has ${covariance.matrix.length} entries, expected ${P}×${P}`);
  const { perm } = alignComponents(theta.subarray(0, layout.K * layout.d), trueMeans, layout.K, layout.d);
  const estimates = estimandsOfTheta(theta, layout, perm, estimands);
  const z = normalCritical(level);
  const values: Record<string, EstimandInterval> = {};
  for (const [key, g] of estimandGradients(theta, layout, perm, estimands)) {
    const est = estimates[key] ?? null;
    const se = g === null ? null : deltaSe(g, covariance.matrix, P);
    values[key] = se === null || est === null ? { se, lower: null, upper: null } : { se, lower: est - z * se, upper: est + z * se };
  }
  return { status: 'ok', kind: covariance.kind, values };
}
