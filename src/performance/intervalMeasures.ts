/**
 * The measures of confidence intervals and model-based SEs (Morris, White & Crowther 2019, Stat Med
 * 38:2074–2102, Table 6), entries of the measure table (./measures.ts) of scope 'interval'. For the R
 * replications of a cell with a finite estimate θ̂ᵢ, model SE ŝᵢ and interval [lᵢ, uᵢ] of one method:
 *
 * | measure | estimate | MCSE |
 * |---|---|---|
 * | coverage (per target θ) | p = Σ 1(lᵢ ≤ θ ≤ uᵢ)/R | √(p(1 − p)/R) |
 * | bias-eliminated coverage | Σ 1(lᵢ ≤ θ̄ ≤ uᵢ)/R, θ̄ = Σθ̂ᵢ/R | √(p(1 − p)/R) |
 * | average model SE | ModSE = √(Σŝᵢ²/R) | √(Var̂(ŝ²)/(4R·ModSE²)) |
 * | relative % error in ModSE | 100(ModSE/EmpSE − 1) | 100(ModSE/EmpSE)·√(Var̂(ŝ²)/(4R·ModSE⁴) + 1/(2(R − 1))) |
 * | mean width | Σ(uᵢ − lᵢ)/R | SE of a mean |
 *
 * with Var̂(ŝ²) = Σ(ŝᵢ² − ŝ²̄)²/(R − 1) and EmpSE = √(Σ(θ̂ᵢ − θ̄)²/(R − 1)) of the same replications. Coverage
 * is the only one against a target: against the truth it asks whether the interval covers what the user wants
 * to know; against the k-means population limit whether it covers what k-means estimates (Pollard 1982).
 * Bias-eliminated coverage separates the two failures of an interval: a shift (bias) or a wrong width.
 */
import type { IntervalContext, IntervalMeasure } from './measureSpec.js';

const SCALAR = ['value', 'mcse'] as const;

/** p and its binomial MCSE √(p(1 − p)/R). */
function proportion(hits: number, R: number): { value: number; mcse: number } {
  const p = hits / R;
  return { value: p, mcse: Math.sqrt((p * (1 - p)) / R) };
}

function covered(c: IntervalContext, theta: number): { value: number; mcse: number } {
  const R = c.estimates.length;
  let hits = 0;
  for (let i = 0; i < R; i++) if (c.lower[i] <= theta && theta <= c.upper[i]) hits++;
  return proportion(hits, R);
}

/** ModSE² = mean of ŝᵢ² and Var̂(ŝ²) (null below R = 2). */
function seMoments(c: IntervalContext): { mean2: number; var2: number | null } {
  const R = c.se.length;
  let s = 0;
  for (let i = 0; i < R; i++) s += c.se[i] * c.se[i];
  const mean2 = s / R;
  if (R < 2) return { mean2, var2: null };
  let v = 0;
  for (let i = 0; i < R; i++) v += (c.se[i] * c.se[i] - mean2) ** 2;
  return { mean2, var2: v / (R - 1) };
}

export const coverage: IntervalMeasure<'coverage'> = {
  key: 'coverage', scope: 'interval', perTarget: true, noun: 'coverage', fields: SCALAR, unit: 'proportion', mcse: 'binomial',
  compute: (c) => covered(c, c.target as number),
  paired: { kind: 'independent' },
};

export const beCoverage: IntervalMeasure<'beCoverage'> = {
  key: 'beCoverage', scope: 'interval', perTarget: false, noun: 'bias-eliminated coverage', fields: SCALAR, unit: 'proportion', mcse: 'binomial',
  compute: (c) => covered(c, c.moments.mean),
  paired: { kind: 'independent' },
};

export const modelSE: IntervalMeasure<'modelSE'> = {
  key: 'modelSE', scope: 'interval', perTarget: false, noun: 'the average model SE', fields: SCALAR, unit: 'estimate', mcse: 'mean',
  compute: (c) => {
    const { mean2, var2 } = seMoments(c);
    const value = Math.sqrt(mean2);
    return { value, mcse: var2 === null || !(value > 0) ? null : Math.sqrt(var2 / (4 * c.se.length * mean2)) };
  },
  paired: { kind: 'independent' },
};

export const relErrModelSE: IntervalMeasure<'relErrModelSE'> = {
  key: 'relErrModelSE', scope: 'interval', perTarget: false, noun: 'the relative error in the model SE (%)', fields: SCALAR, unit: 'proportion', mcse: 'mean',
  compute: (c) => {
    const R = c.se.length;
    if (R < 2) return { value: null, mcse: null };
    const { mean2, var2 } = seMoments(c);
    const empSE = Math.sqrt(c.moments.ss / (R - 1));
    if (!(empSE > 0) || !(mean2 > 0) || var2 === null) return { value: null, mcse: null };
    const ratio = Math.sqrt(mean2) / empSE;
    return { value: 100 * (ratio - 1), mcse: 100 * ratio * Math.sqrt(var2 / (4 * R * mean2 * mean2) + 1 / (2 * (R - 1))) };
  },
  paired: { kind: 'independent' },
};

export const width: IntervalMeasure<'width'> = {
  key: 'width', scope: 'interval', perTarget: false, noun: 'the mean interval width', fields: SCALAR, unit: 'estimate', mcse: 'mean',
  compute: (c) => {
    const R = c.lower.length;
    let s = 0;
    for (let i = 0; i < R; i++) s += c.upper[i] - c.lower[i];
    const mean = s / R;
    if (R < 2) return { value: mean, mcse: null };
    let v = 0;
    for (let i = 0; i < R; i++) v += (c.upper[i] - c.lower[i] - mean) ** 2;
    return { value: mean, mcse: Math.sqrt(v / (R * (R - 1))) };
  },
  paired: { kind: 'independent' },
};

/** The interval measures in the order a cell stores them: those of the intervals alone, then coverage per target. */
export const INTERVAL_TABLE = [beCoverage, modelSE, relErrModelSE, width, coverage] as const;
