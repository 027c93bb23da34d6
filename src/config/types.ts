/**
 * The validated, normalised experiment config: what the runner, plan and report consume. Grids are already
 * expanded and every default filled in, so no consumer ever re-interprets the JSON.
 */
import type { EstimatorOptions } from '../estimators/registry.js';
import type { SphericalMixture } from '../mixture/spherical.js';
import type { MechanismRef } from '../dgm/mechanism.js';
import type { EstimationTarget } from '../estimators/descriptor.js';
import type { PluginFileRef } from '../plugins/loadPlugins.js';

/** What is measured from each fit (README "Estimands"). src/estimands declares the same union. */
export const ESTIMANDS = ['separation', 'means', 'weights', 'sigma', 'misclassification'] as const;
export type EstimandName = (typeof ESTIMANDS)[number];

/**
 * One mixture of the experiment: a validated spherical mixture (src/mixture/spherical.ts; `sigmas` has one σ
 * per component even when the config gave a shared `sigma`) with its id and its K and d.
 */
export interface MixtureSpec extends SphericalMixture {
  readonly id: string;
  readonly K: number;
  readonly d: number;
  /**
   * A plugin data mechanism (src/dgm/mechanism.ts) generates the data: weights and means are its truth, and
   * `sigmas` its σ when `mechanism.sigmaDefined` (else 1s that stand for nothing: the σ estimand has no target).
   * Absent: the spherical Gaussian mixture itself is sampled.
   */
  readonly mechanism?: MechanismRef;
}

/** What a config records of a plugin estimator's file, and the values read from it when the config loaded. */
export interface EstimatorPluginRef extends PluginFileRef {
  /** The descriptor's target with these options, so summaries and checks need not load the plugin. */
  readonly target: EstimationTarget;
  /** The descriptor's sentence for reports with these options. */
  readonly description: string;
}

/** One estimator to fit on every replication: a registered method (src/estimators/registry.ts) and its options as written. */
export interface EstimatorSpec {
  id: string;
  method: string;
  options: EstimatorOptions;
  /** A plugin estimator (`module` in the config): its file; `method` is the name its descriptor declares. */
  plugin?: EstimatorPluginRef;
}

/** One precision target (src/runner/precision.ts). */
export interface PrecisionTarget {
  /** An estimand key, e.g. `separation` or `mean1`. */
  estimand: string;
  /** A measure of the table src/performance/measures.ts, e.g. `bias`. */
  measure: string;
  /** Stop once the measure's MCSE is at most this. */
  mcse: number;
  /** The target of a 'target' measure: the truth or the estimator's limit. */
  against: 'truth' | 'limit';
  /** The estimators it applies to (absent: all). */
  estimators?: string[];
}

/** Replicate in batches until every target is met in a condition, or the cap (src/runner/precision.ts). */
export interface PrecisionSpec {
  target: PrecisionTarget[];
  maxReplications: number;
  batch: number;
}

/**
 * Which uncertainty every fit carries (src/config/inferenceSchema.ts, README "Experiment configs"), defaults
 * filled in; `bootstrap.estimators` lists the estimator ids to bootstrap.
 */
export interface InferenceSpec {
  level: number;
  wald: boolean;
  credible: boolean;
  bootstrap: { B: number; estimators: string[] } | null;
}

export interface ExperimentConfig {
  name: string;
  title: string;
  description: string;
  seed: number | string;
  /** Per condition; with `precision` the cap, `precision.maxReplications`. */
  replications: number;
  /** Absent: every condition runs `replications`. */
  precision?: PrecisionSpec;
  /** Strictly increasing. */
  n: number[];
  /** Smaller samples are prefixes of the largest one within a replication. */
  nested: boolean;
  /** Explicit mixtures first, then the grid's in expansion order. */
  mixtures: MixtureSpec[];
  estimators: EstimatorSpec[];
  estimands: EstimandName[];
  /** Absent: no SEs or intervals (and the config's hash is that of a config without the block). */
  inference?: InferenceSpec;
}
