/**
 * The theory beside a plugin data mechanism (src/dgm/mechanism.ts): only what the mechanism itself states. The
 * exact k-means limit, the Fisher sd∞ and the Bayes error of ./theoryTargets.ts are computed for a spherical
 * Gaussian mixture; a plugin's data are not known to be one, so those are left out with the reason, and a
 * maximum-likelihood estimator of the spherical model is treated as misspecified (no consistency invariant in
 * `check`). A k-means limit the plugin gives (`truth().theory.kmeansLimit`) is drawn like the exact one.
 */
import type { EstimatorSpec, MixtureSpec } from '../config/index.js';
import type { MechanismRef } from '../dgm/mechanism.js';
import { targetOf } from '../estimators/registry.js';
import type { EstimatorFisher, MixtureTheory } from '../results/summary.js';

/** Why a spherical-mixture theory value does not describe the mechanism. */
export function notSpherical(ref: MechanismRef): string {
  return `the data come from the plugin mechanism "${ref.name}" (${ref.module}), not from a spherical Gaussian mixture`;
}

function meanPairwiseDistance(points: readonly (readonly number[])[]): number {
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      let s = 0;
      for (let t = 0; t < points[i].length; t++) s += (points[j][t] - points[i][t]) ** 2;
      total += Math.sqrt(s);
      pairs++;
    }
  }
  return total / pairs;
}

export function mechanismTheory(mixture: MixtureSpec, ref: MechanismRef, estimators: readonly EstimatorSpec[]): MixtureTheory {
  const why = notSpherical(ref);
  const notes: string[] = [];
  const given = ref.theory?.kmeansLimit;
  let kmeansLimit: MixtureTheory['kmeansLimit'] = null;
  if (given !== undefined) {
    const separation = meanPairwiseDistance(given.centers);
    kmeansLimit = {
      centers: given.centers.map((c) => [...c]),
      proportions: [...given.proportions],
      separation,
      separationBias: separation - meanPairwiseDistance(mixture.means),
      unique: null,
      fixedPoints: 0,
      kmeansSd: null,
    };
    notes.push(`no Pollard sd of the k-means separation: the k-means limit is the one the mechanism states, and ${why}`);
  } else {
    notes.push(`no k-means limit: ${why}, and the mechanism states none (truth().theory.kmeansLimit)`);
  }
  const byEstimator: Record<string, EstimatorFisher> = {};
  for (const est of estimators) {
    const target = targetOf(est);
    if (target.kind !== 'mixture-mle') continue;
    byEstimator[est.id] = { covariance: target.covariance, weights: target.weights === 'equal' ? 'fixed' : 'estimated', sd: null, reason: why };
  }
  return { kmeansLimit, fisher: { meansOnly: { sd: null, reason: why }, estimators: byEstimator }, notes };
}
