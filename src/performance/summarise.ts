/**
 * Performance measures of one set of replication estimates, each with its Monte Carlo SE: every entry of the
 * table in ./measures.ts (Morris, White & Crowther 2019, Stat Med 38:2074–2102, Table 6, with jackknife MCSEs
 * where Table 6 assumes normal estimates), computed from one pass of central moments (./moments.ts).
 */
import { DEFAULT_MCSE_METHOD } from './mcse.js';
import { spreadMeasures, targetMeasures } from './measureAccess.js';
import { moments } from './moments.js';
import type { PerformanceMeasures, SpreadMeasures, SummariseOptions, TargetMeasures } from './types.js';

/** The measures of finite estimates themselves (mean, empirical SE, …), with MCSEs. */
export function spread(estimates: ArrayLike<number>, opts: SummariseOptions = {}): SpreadMeasures {
  return spreadMeasures(estimates, moments(estimates), opts.mcse ?? DEFAULT_MCSE_METHOD);
}

/**
 * The measures of finite estimates against one target θ (the truth, a population limit, …: bias, relative
 * bias, MSE, RMSE, …), with MCSEs. Call once per target to compare the same estimates with several references.
 */
export function distanceToTarget(estimates: ArrayLike<number>, target: number | null, opts: SummariseOptions = {}): TargetMeasures {
  return targetMeasures(estimates, target, moments(estimates), opts.mcse ?? DEFAULT_MCSE_METHOD);
}

/**
 * Every measure of finite estimates against `truth`. Needs R ≥ 1 for values and R ≥ 2 for MCSEs (null
 * otherwise). Non-finite estimates throw: failed replications are the caller's to count (summariseCell).
 */
export function summarise(estimates: ArrayLike<number>, truth: number | null, opts: SummariseOptions = {}): PerformanceMeasures {
  const m = moments(estimates);
  const method = opts.mcse ?? DEFAULT_MCSE_METHOD;
  return { ...spreadMeasures(estimates, m, method), ...targetMeasures(estimates, truth, m, method) };
}
