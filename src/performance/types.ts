/**
 * The shape of performance measures (ADEMP "P"; Morris, White & Crowther 2019, Stat Med 38:2074–2102,
 * Table 6). Every measure travels with its Monte Carlo standard error because a simulation estimate without
 * one cannot be told apart from noise — regression checks (docs/ARCHITECTURE.md §7) compare in units of MCSE.
 */
import type { McseMethod } from './mcse.js';

/** A performance measure and its Monte Carlo SE; either is null where undefined (too few replications, no target). */
export interface ValueWithMcse {
  readonly value: number | null;
  readonly mcse: number | null;
}

/** What the estimates themselves show, whatever they are compared with. */
export interface SpreadMeasures {
  /** Replications whose estimate entered the measures (R). */
  readonly nUsed: number;
  /** θ̄ = mean of the estimates; MCSE as for the bias (the two differ by a constant). */
  readonly mean: ValueWithMcse;
  /** Empirical SE √(Σ(θ̂ᵢ − θ̄)²/(R − 1)). */
  readonly empSE: ValueWithMcse;
}

/**
 * How far the estimates are from one target θ — the truth, or any other reference such as k-means' own
 * population limit. One block per target, so "distance to a target" is the same computation every time.
 */
export interface TargetMeasures {
  /** The θ compared with; null when there is none (then every measure below is null). */
  readonly target: number | null;
  /** θ̄ − θ. */
  readonly bias: ValueWithMcse;
  /** (θ̄ − θ)/θ as a fraction (not %); null when θ = 0. */
  readonly relBias: ValueWithMcse;
  /** Σ(θ̂ᵢ − θ)²/R. */
  readonly mse: ValueWithMcse;
  /** √MSE. */
  readonly rmse: ValueWithMcse;
}

/** All measures of one set of estimates against one target. */
export interface PerformanceMeasures extends SpreadMeasures, TargetMeasures {}

/** Tuning of the few MCSEs that have more than one reasonable formula. */
export interface SummariseOptions {
  /**
   * MCSE of the empirical SE and the RMSE (./mcse.ts). 'jackknife' (default): valid whatever the distribution
   * of the estimates. 'delta': the kurtosis-corrected delta method, √(Var̂(s²))/(2s) with the sample fourth
   * moment, and MCSE(MSE)/(2·RMSE). 'normal': Morris et al.'s EmpSE/√(2(R−1)), exact only for normal
   * estimates (it understates the MCSE by √((κ−1)/2) at kurtosis κ), and the delta method for the RMSE.
   */
  readonly mcse?: McseMethod;
}

export const NOT_AVAILABLE: ValueWithMcse = Object.freeze({ value: null, mcse: null });
