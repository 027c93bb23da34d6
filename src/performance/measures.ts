/**
 * The table of performance measures (ADEMP "P"; Morris, White & Crowther 2019, Stat Med 38:2074–2102, Table 6).
 * Each measure is described once, here: its name in summary.json, how its estimate and its Monte Carlo SE are
 * computed, what the paired regression check compares, the identities a stored value must satisfy, and whether
 * the report shows it (the contract: ./measureSpec.ts). The summary (./summarise.ts, ./cell.ts), the regression
 * check (src/check: measures, paired, compare, consistency and the baseline schema, ./schema.ts) and the report
 * (src/report/tables.ts, src/report/figures/series.ts) iterate over `MEASURES` through ./measureAccess.ts;
 * none lists the measures again, and the types of a summary cell (./types.ts) are derived from it. Adding a
 * measure is one entry here and its test (docs/ARCHITECTURE.md §11).
 *
 * | measure | estimate | MCSE | a paired check compares, replication by replication |
 * |---|---|---|---|
 * | mean θ̄ | Σθ̂ᵢ/R | SE of a mean, √(Σ(θ̂ᵢ−θ̄)²/(R(R−1))) | θ̂ᵢ(new) − θ̂ᵢ(base), its mean and SE |
 * | EmpSE | √(Σ(θ̂ᵢ−θ̄)²/(R−1)) | jackknife (./mcse.ts) | EmpSE(new) − EmpSE(base), jackknifed over pairs |
 * | bias | θ̄ − θ | as the mean | eᵢ(new) − eᵢ(base), e = θ̂ − θ with each run's θ |
 * | relative bias | (θ̄ − θ)/θ, null at θ = 0 | MCSE(bias)/|θ| | eᵢ/θ (new) − eᵢ/θ (base) |
 * | MSE | Σ(θ̂ᵢ−θ)²/R | √(Σ((θ̂ᵢ−θ)²−MSE)²/(R(R−1))) | eᵢ²(new) − eᵢ²(base) |
 * | RMSE | √MSE | jackknife (./mcse.ts) | RMSE(new) − RMSE(base), jackknifed over pairs |
 * | failure rate | nFailed/nTotal (not stored) | binomial √(p(1−p)/N) | McNemar on the replications only one run used |
 *
 * The bias, MSE and mean MCSEs are SEs of a mean of per-replication terms and hold for any distribution of the
 * estimates; the EmpSE and RMSE ones are jackknife SEs, which need no distributional assumption either (Table 6's
 * EmpSE/√(2(R−1)) holds only for normal estimates; ./mcse.ts). All are checked against a bootstrap and against
 * the true sampling SD in test/performance, and on real studies by bench/mcseCalibration.ts.
 *
 * A measure's value is a flat record of nullable numbers: `value` and its `mcse`, and any further fields it
 * declares (an interval's ends, a standard error), so the summary, the baseline schema and the check carry a
 * richer measure without a change of their own.
 */
import { empSeMcse, leaveOneOutRmses, leaveOneOutSds, rmseMcse } from './mcse.js';
import type { CountsMeasure, EstimatesMeasure, LeaveOneOut, TargetContext, TargetMeasure } from './measureSpec.js';
import { INTERVAL_TABLE } from './intervalMeasures.js';
import { moments, type Moments } from './moments.js';

/** SE of a mean: √(SS/(R(R − 1))), SS = Σ(θ̂ᵢ − θ̄)²; null below R = 2. Shared by the mean, bias and relative bias. */
function meanMcse(m: Moments): number | null {
  return m.R < 2 ? null : Math.sqrt(m.ss / (m.R * (m.R - 1)));
}

/** SE of the mean of the squared errors eᵢ² = (θ̂ᵢ − θ)², √(Σ(eᵢ² − MSE)²/(R(R − 1))); null below R = 2. */
function mseMcse(c: TargetContext): number | null {
  const R = c.moments.R;
  if (R < 2) return null;
  const mse = c.sq / R;
  let dev = 0;
  for (let i = 0; i < R; i++) {
    const e = c.estimates[i] - c.target;
    const t = e * e - mse;
    dev += t * t;
  }
  return Math.sqrt(dev / (R * (R - 1)));
}

/** The MSE implied by the bias b and the empirical SE s of R estimates: b² + (R − 1)/R·s²; null below R = 2. */
function mseFrom(b: number | null, s: number | null, R: number): number | null {
  return R < 2 || b === null || s === null ? null : b * b + ((R - 1) / R) * s * s;
}

/** The sample SD √(SS/(m − 1)) of m ≥ 3 values and its leave-one-out values (./mcse.ts). */
function sdWithLoo(values: readonly number[]): LeaveOneOut {
  const { mean, ss } = moments(values);
  return { full: Math.sqrt(ss / (values.length - 1)), loo: leaveOneOutSds(values, mean, ss) };
}

/** √(Σ(vᵢ − θ)²/m) and its leave-one-out values (./mcse.ts). */
function rmseWithLoo(values: readonly number[], target: number): LeaveOneOut {
  let q = 0;
  for (const v of values) {
    const e = v - target;
    q += e * e;
  }
  return { full: Math.sqrt(q / values.length), loo: leaveOneOutRmses(values, target, q) };
}

/** The fields of a measure that is one number with its MCSE. */
const SCALAR = ['value', 'mcse'] as const;

/** θ̄ = Σθ̂ᵢ/R; MCSE the SE of a mean. */
const mean: EstimatesMeasure<'mean'> = {
  key: 'mean', scope: 'estimates', noun: 'the mean', fields: SCALAR, unit: 'estimate', mcse: 'mean',
  compute: ({ moments: m }) => ({ value: m.mean, mcse: meanMcse(m) }),
  paired: { kind: 'mean-difference', term: (x) => x },
};

/**
 * Empirical SE √(Σ(θ̂ᵢ − θ̄)²/(R − 1)), R ≥ 2; MCSE by the jackknife (R ≥ 3), or the 'delta' and 'normal' forms
 * kept for comparison (./mcse.ts). Summaries written before the jackknife hold Morris et al.'s EmpSE/√(2(R−1)),
 * which understates the MCSE by √((κ−1)/2) at kurtosis κ — badly for heavy-tailed quantities such as EM's
 * iteration counts — so an independent check recomputes it from the stored values.
 */
const empSE: EstimatesMeasure<'empSE'> = {
  key: 'empSE', scope: 'estimates', noun: 'the empirical SE', fields: SCALAR, unit: 'estimate', mcse: 'jackknife',
  recomputeMcseInCheck: true,
  compute: ({ estimates, moments: m, mcse }) =>
    m.R < 2 ? { value: null, mcse: null } : { value: Math.sqrt(m.ss / (m.R - 1)), mcse: empSeMcse(estimates, m.mean, m.ss, m.s4, mcse) },
  paired: { kind: 'jackknife', statistic: sdWithLoo },
};

/** θ̄ − θ; MCSE that of the mean (the two differ by a constant). */
const bias: TargetMeasure<'bias'> = {
  key: 'bias', scope: 'target', noun: 'bias', fields: SCALAR, unit: 'estimate', mcse: 'mean',
  compute: ({ moments: m, target }) => ({ value: m.mean - target, mcse: meanMcse(m) }),
  paired: { kind: 'mean-difference', term: (x, target) => x - target },
  identities: [
    { field: 'value', says: 'mean − target', implied: ({ estimates, target }) => (estimates.mean.value === null ? null : estimates.mean.value - target) },
    { field: 'mcse', says: 'mean.mcse', implied: ({ estimates }) => estimates.mean.mcse },
  ],
  report: { caption: 'bias (mean − truth)', columns: { truth: 'bias', limit: 'mean − limit' } },
};

/** (θ̄ − θ)/θ as a fraction (not %), null at θ = 0; MCSE MCSE(bias)/|θ|. */
const relBias: TargetMeasure<'relBias'> = {
  key: 'relBias', scope: 'target', noun: 'relative bias', fields: SCALAR, unit: 'relative', mcse: 'mean',
  compute: ({ moments: m, target }) => {
    if (target === 0) return { value: null, mcse: null };
    const se = meanMcse(m);
    return { value: (m.mean - target) / target, mcse: se === null ? null : se / Math.abs(target) };
  },
  paired: { kind: 'mean-difference', term: (x, target) => (x - target) / target },
  identities: [
    { field: 'value', says: 'bias/target', implied: ({ block, target }) => (target === 0 || block.bias.value === null ? null : block.bias.value / target) },
    { field: 'mcse', says: 'mean.mcse/|target|', implied: ({ estimates, target }) => (target === 0 || estimates.mean.mcse === null ? null : estimates.mean.mcse / Math.abs(target)) },
  ],
};

/** Σ(θ̂ᵢ − θ)²/R; MCSE the SE of the mean of the squared errors. */
const mse: TargetMeasure<'mse'> = {
  key: 'mse', scope: 'target', noun: 'MSE', fields: SCALAR, unit: 'squared', mcse: 'mean',
  compute: (c) => ({ value: c.sq / c.moments.R, mcse: mseMcse(c) }),
  paired: { kind: 'mean-difference', term: (x, target) => (x - target) * (x - target) },
  identities: [{ field: 'value', says: 'bias² + (R − 1)/R·empSE²', implied: ({ estimates, block, R }) => mseFrom(block.bias.value, estimates.empSE.value, R) }],
};

/** √MSE; MCSE by the jackknife (./mcse.ts; not in Table 6), or the delta method MCSE(MSE)/(2·RMSE). */
const rmse: TargetMeasure<'rmse'> = {
  key: 'rmse', scope: 'target', noun: 'the RMSE', fields: SCALAR, unit: 'estimate', mcse: 'jackknife',
  compute: (c) => {
    const se = mseMcse(c);
    return { value: Math.sqrt(c.sq / c.moments.R), mcse: se === null ? null : rmseMcse(c.estimates, c.target, c.sq, se, c.mcse) };
  },
  paired: { kind: 'jackknife', statistic: rmseWithLoo },
  identities: [{ field: 'value', says: '√mse', implied: ({ block }) => (block.mse.value === null ? null : Math.sqrt(Math.max(0, block.mse.value))) }],
  report: { caption: 'root mean squared error', columns: { truth: 'RMSE' } },
};

/** nFailed/nTotal, from the counts of a cell; binomial MCSE √(p(1 − p)/N). */
const failRate: CountsMeasure<'failRate'> = {
  key: 'failRate', scope: 'counts', noun: 'the failure rate', fields: SCALAR, unit: 'proportion', mcse: 'binomial',
  fromCounts: (nFailed, nTotal) => {
    if (!(nTotal > 0)) return null;
    const p = nFailed / nTotal;
    return { value: p, mcse: Math.sqrt((p * (1 - p)) / nTotal) };
  },
  paired: { kind: 'mcnemar' },
};

/**
 * Every performance measure, in the order summary.json stores them and a check compares them; the interval
 * measures (coverage, bias-eliminated coverage, model SE and its relative error, width) are in
 * ./intervalMeasures.ts and stored only for runs that recorded intervals.
 */
export const MEASURES = [mean, empSE, bias, relBias, mse, rmse, failRate, ...INTERVAL_TABLE] as const;
