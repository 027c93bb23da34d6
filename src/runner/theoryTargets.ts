/**
 * Theory beside the simulation: for each data-generating mechanism, the population k-means limit (Bryant &
 * Williamson 1978; Pollard 1981) and the Fisher sd∞ of the MLE's separation, and from them the per-estimand
 * targets an estimator converges to. k-means-type methods converge to the limit centres, not to the truth, so
 * their cells carry `limit` as a second target; the MLE's target is the truth itself.
 */
import type { MixtureSpec } from '../config/index.js';
import { alignComponents } from '../estimands/align.js';
import { fisherSeparationSd } from '../theory/fisher.js';
import { kmeansLimit } from '../theory/kmeansLimit.js';

export interface MixtureTheory {
  readonly kmeansLimit: {
    readonly centers: number[][];
    readonly proportions: number[];
    readonly separation: number | null;
    readonly separationBias: number | null;
    /** Whether the global minimiser is the only Lloyd fixed point (null: unknown). */
    readonly unique: boolean | null;
    readonly fixedPoints: number;
    /** Pollard-CLT sd of the k-means separation: sd ≈ kmeansSd/√n (K = 2 exact cases). */
    readonly kmeansSd: number | null;
  } | null;
  /** Fisher-information sd∞ of the MLE of the separation: RMSE ≈ sd∞/√n (two-component mixtures). */
  readonly fisher: { readonly sdMeansOnly: number | null; readonly sdAllParameters: number | null; readonly sigmaModel: string } | null;
  /** Why a value is missing, when it is. */
  readonly notes: string[];
}

/** Methods whose population target is the k-means limit rather than the truth. */
const KMEANS_METHODS: ReadonlySet<string> = new Set(['kmeans', 'kmeans-exact']);

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

export function mixtureTheory(mixture: MixtureSpec): MixtureTheory {
  const notes: string[] = [];
  let limit: MixtureTheory['kmeansLimit'] = null;
  try {
    const l = kmeansLimit(mixture, mixture.K);
    limit = {
      centers: l.centers,
      proportions: l.proportions,
      separation: finite(l.separation),
      separationBias: finite(l.separationBias),
      unique: l.unique,
      fixedPoints: l.fixedPoints.length,
      kmeansSd: finite(l.kmeansSd),
    };
  } catch (err) {
    notes.push(`no exact k-means limit: ${(err as Error).message}`);
  }
  let fisher: MixtureTheory['fisher'] = null;
  if (mixture.K === 2) {
    const f = fisherSeparationSd(mixture);
    fisher = { sdMeansOnly: finite(f.sdMeansOnly), sdAllParameters: finite(f.sdAllParameters), sigmaModel: f.sigmaModel };
  } else {
    notes.push('Fisher sd∞ of the separation is computed for two-component mixtures only');
  }
  return { kmeansLimit: limit, fisher, notes };
}

/** Estimand key → the limit the method converges to (k-means: its population centres, aligned to the truth). */
export function theoryTargets(theory: MixtureTheory, method: string, mixture: MixtureSpec): Record<string, number> {
  const limit = theory.kmeansLimit;
  if (!KMEANS_METHODS.has(method) || limit === null) return {};
  const { K, d } = mixture;
  const flat = Float64Array.from(limit.centers.flat());
  const { perm } = alignComponents(flat, mixture.means, K, d);
  const targets: Record<string, number> = {};
  const distances: number[] = [];
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (flat[perm[j] * d + t] - flat[perm[i] * d + t]) ** 2;
      distances.push(Math.sqrt(s));
      if (K > 2) targets[`separation.${i}-${j}`] = Math.sqrt(s);
    }
  }
  targets.separation = distances.reduce((a, b) => a + b, 0) / distances.length;
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < d; t++) targets[`means.${k}.${t}`] = flat[perm[k] * d + t];
    targets[`weights.${k}`] = limit.proportions[perm[k]];
  }
  return targets;
}
