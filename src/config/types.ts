/**
 * The validated, normalised experiment config: what the runner, plan and report consume. Grids are already
 * expanded and every default filled in, so no consumer ever re-interprets the JSON.
 */
import type { EstimatorOptions } from '../estimators/registry.js';

/** What is measured from each fit (README "Estimands"). src/estimands declares the same union. */
export const ESTIMANDS = ['separation', 'means', 'weights', 'sigma', 'misclassification'] as const;
export type EstimandName = (typeof ESTIMANDS)[number];

/** A spherical Gaussian mixture Σ_k w_k N(μ_k, σ_k² I_d). */
export interface MixtureSpec {
  id: string;
  weights: number[];
  /** K rows of d coordinates. */
  means: number[][];
  /** One per component, even when the config gave a single shared `sigma`. */
  sigmas: number[];
  K: number;
  d: number;
}

/** One estimator to fit on every replication: a registered method (src/estimators/registry.ts) and its options as written. */
export interface EstimatorSpec {
  id: string;
  method: string;
  options: EstimatorOptions;
}

export interface ExperimentConfig {
  name: string;
  title: string;
  description: string;
  seed: number | string;
  replications: number;
  /** Strictly increasing. */
  n: number[];
  /** Smaller samples are prefixes of the largest one within a replication. */
  nested: boolean;
  /** Explicit mixtures first, then the grid's in expansion order. */
  mixtures: MixtureSpec[];
  estimators: EstimatorSpec[];
  estimands: EstimandName[];
}
