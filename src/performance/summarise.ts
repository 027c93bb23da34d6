/**
 * Performance measures of one set of replication estimates, each with its Monte Carlo SE, following
 * Morris, White & Crowther (2019, Stat Med 38:2074–2102), Table 6, except where Table 6 assumes normal
 * estimates:
 *
 * | measure | estimate | MCSE |
 * |---|---|---|
 * | mean θ̄ | Σθ̂ᵢ/R | √(Σ(θ̂ᵢ−θ̄)²/(R(R−1))) |
 * | bias | θ̄ − θ | same as the mean |
 * | relative bias | (θ̄ − θ)/θ | MCSE(bias)/|θ| |
 * | EmpSE | √(Σ(θ̂ᵢ−θ̄)²/(R−1)) | jackknife (./mcse.ts; Table 6's EmpSE/√(2(R−1)) holds only for normal estimates) |
 * | MSE | Σ(θ̂ᵢ−θ)²/R | √(Σ((θ̂ᵢ−θ)²−MSE)²/(R(R−1))) |
 * | RMSE | √MSE | jackknife (./mcse.ts; not in Table 6) |
 *
 * The bias and MSE MCSEs are SEs of a mean and hold for any distribution of estimates (the jackknife of a mean
 * is exactly this SE); the EmpSE and RMSE ones are jackknife SEs, which need no distributional assumption
 * either. All are checked against a bootstrap and against the true sampling SD in test/performance, and on
 * real studies by bench/mcseCalibration.ts.
 */
import { DEFAULT_MCSE_METHOD, empSeMcse, rmseMcse } from './mcse.js';
import { moments, type Moments } from './moments.js';
import { NOT_AVAILABLE, type PerformanceMeasures, type SpreadMeasures, type SummariseOptions, type TargetMeasures } from './types.js';

function spreadFrom(estimates: ArrayLike<number>, m: Moments, opts: SummariseOptions): SpreadMeasures {
  const { R, mean, ss, s4 } = m;
  if (R === 0) return { nUsed: 0, mean: NOT_AVAILABLE, empSE: NOT_AVAILABLE };
  if (R === 1) return { nUsed: 1, mean: { value: mean, mcse: null }, empSE: NOT_AVAILABLE };
  return {
    nUsed: R,
    mean: { value: mean, mcse: Math.sqrt(ss / (R * (R - 1))) },
    empSE: { value: Math.sqrt(ss / (R - 1)), mcse: empSeMcse(estimates, mean, ss, s4, opts.mcse ?? DEFAULT_MCSE_METHOD) },
  };
}

function targetFrom(estimates: ArrayLike<number>, m: Moments, target: number | null, opts: SummariseOptions): TargetMeasures {
  const none: TargetMeasures = { target, bias: NOT_AVAILABLE, relBias: NOT_AVAILABLE, mse: NOT_AVAILABLE, rmse: NOT_AVAILABLE };
  if (target === null) return none;
  if (!Number.isFinite(target)) throw new RangeError(`performance: target must be finite or null, got ${target}`);
  const { R, mean, ss } = m;
  if (R === 0) return none;

  let sq = 0;
  for (let i = 0; i < R; i++) {
    const e = estimates[i] - target;
    sq += e * e;
  }
  const mse = sq / R;
  const bias = mean - target;
  const rmse = Math.sqrt(mse);
  if (R === 1) {
    return {
      target,
      bias: { value: bias, mcse: null },
      relBias: target === 0 ? NOT_AVAILABLE : { value: bias / target, mcse: null },
      mse: { value: mse, mcse: null },
      rmse: { value: rmse, mcse: null },
    };
  }

  const biasMcse = Math.sqrt(ss / (R * (R - 1)));
  let dev = 0;
  for (let i = 0; i < R; i++) {
    const e = estimates[i] - target;
    const t = e * e - mse;
    dev += t * t;
  }
  const mseMcse = Math.sqrt(dev / (R * (R - 1)));
  return {
    target,
    bias: { value: bias, mcse: biasMcse },
    relBias: target === 0 ? NOT_AVAILABLE : { value: bias / target, mcse: biasMcse / Math.abs(target) },
    mse: { value: mse, mcse: mseMcse },
    rmse: { value: rmse, mcse: rmseMcse(estimates, target, sq, mseMcse, opts.mcse ?? DEFAULT_MCSE_METHOD) },
  };
}

/** Mean and empirical SE of finite estimates, with MCSEs. */
export function spread(estimates: ArrayLike<number>, opts: SummariseOptions = {}): SpreadMeasures {
  return spreadFrom(estimates, moments(estimates), opts);
}

/**
 * Bias, relative bias, MSE and RMSE of finite estimates against one target θ (the truth, a population
 * limit, …), with MCSEs. Call once per target to compare the same estimates with several references.
 */
export function distanceToTarget(estimates: ArrayLike<number>, target: number | null, opts: SummariseOptions = {}): TargetMeasures {
  return targetFrom(estimates, moments(estimates), target, opts);
}

/**
 * Every measure of finite estimates against `truth`. Needs R ≥ 1 for values and R ≥ 2 for MCSEs (null
 * otherwise). Non-finite estimates throw: failed replications are the caller's to count (summariseCell).
 */
export function summarise(estimates: ArrayLike<number>, truth: number | null, opts: SummariseOptions = {}): PerformanceMeasures {
  const m = moments(estimates);
  return { ...spreadFrom(estimates, m, opts), ...targetFrom(estimates, m, truth, opts) };
}
