/**
 * The Fisher sd∞ of the separation as the summary (src/runner/theoryTargets.ts) and the `limit` command show
 * it: the number, or null with the reason it is not available (a singular information at coinciding means, a
 * case src/theory/fisher.ts does not compute, a quadrature that did not converge). Never throws, so a theory
 * value that cannot be computed never stops a run (docs/ARCHITECTURE.md §3, Failure).
 */
import type { SphericalMixture } from '../mixture/spherical.js';
import { type FisherModel, fisherSeparationSdFor } from './fisher.js';

/** A Fisher sd∞, or null with the reason it is not available. */
export interface FisherSdOrReason {
  readonly sd: number | null;
  readonly reason?: string;
}

export function fisherSeparationSdOrReason(mix: SphericalMixture, model: FisherModel): FisherSdOrReason {
  try {
    const sd = fisherSeparationSdFor(mix, model);
    return Number.isFinite(sd) ? { sd } : { sd: null, reason: 'the Fisher information is singular (coinciding component means)' };
  } catch (err) {
    return { sd: null, reason: err instanceof Error ? err.message : String(err) };
  }
}
