/**
 * Theory values attached to a mechanism in the summary, and the per-estimand targets they give an estimator
 * (k-means' population limit for k-means-type methods). PLACEHOLDER until src/theory lands.
 */
import type { MixtureSpec } from '../config/index.js';

export interface MixtureTheory {
  readonly kmeansLimit: { readonly separation: number; readonly centers: number[][] } | null;
}

export function mixtureTheory(_mixture: MixtureSpec): MixtureTheory {
  return { kmeansLimit: null };
}

export function theoryTargets(_theory: MixtureTheory, _method: string): Record<string, number> {
  return {};
}
