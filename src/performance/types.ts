/**
 * The shape of performance measures (ADEMP "P"; Morris, White & Crowther 2019, Stat Med 38:2074–2102,
 * Table 6). Every measure travels with its Monte Carlo standard error because a simulation estimate without
 * one cannot be told apart from noise — regression checks (docs/ARCHITECTURE.md §7) compare in units of MCSE.
 * Which measures a cell holds is the table in ./measures.ts; the types of its blocks are derived from it.
 */
import type { McseMethod } from './mcse.js';
import type { SpreadMeasures, TargetMeasures } from './measureAccess.js';

/** A performance measure and its Monte Carlo SE; either is null where undefined (too few replications, no target). */
export interface ValueWithMcse {
  readonly value: number | null;
  readonly mcse: number | null;
}

/**
 * What the estimates themselves show, whatever they are compared with (`nUsed` = R and the 'estimates' measures),
 * and how far they are from one target θ — the truth, or any other reference such as k-means' own population
 * limit (`target` and the 'target' measures; every measure null when θ is).
 */
export type { SpreadMeasures, TargetMeasures };

/** All measures of one set of estimates against one target. */
export type PerformanceMeasures = SpreadMeasures & TargetMeasures;

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
