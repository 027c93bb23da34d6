/**
 * The conjugate prior of the Bayesian spherical-mixture estimators (Gibbs ./gibbs.ts, variational Bayes
 * ./variational.ts), in scikit-learn's parametrisation of BayesianGaussianMixture (sklearn/mixture/
 * _bayesian_mixture.py, covariance_type='spherical'), so the two estimators and scikit-learn share one prior:
 *
 *   weights π ~ Dirichlet(α, …, α);
 *   precision λₖ = 1/σₖ² ~ Gamma(shape ν₀/2, rate s₀²/2), i.e. σₖ² ~ InvGamma(ν₀/2, s₀²/2) (d = 1: Wishart(ν₀, 1/s₀²));
 *   means μₖ | σₖ² ~ N(m₀, σₖ²/κ₀ · I).
 *
 * Defaults are weakly informative and stated in data units, read off the data as scikit-learn does: m₀ the
 * data mean, s₀² = covariancePrior × v̂ with v̂ the per-coordinate sample variance (ddof 1) averaged over
 * coordinates, ν₀ = d. Two defaults differ from scikit-learn's, which are informative: α = 1 (uniform on the
 * simplex; scikit-learn 1/K) and κ₀ = 0.01 (the prior sd of a mean is 10σ; scikit-learn κ₀ = 1 puts it at σ,
 * which pulls the means of 0.5·N(−1,1) + 0.5·N(1,1) toward 0 by a prior of sd 1).
 */
import type { Dataset } from '../../types.js';

/** The prior options both Bayesian estimators accept. */
export interface PriorOptions {
  /** Dirichlet concentration α of the weights (default 1). */
  weightConcentration?: number;
  /** κ₀: prior precision of a mean relative to its component's precision (default 0.01). */
  meanPrecision?: number;
  /** ν₀ of the precision prior (default d, as scikit-learn). */
  degreesOfFreedom?: number;
  /** s₀² in units of the data's average per-coordinate variance (default 1, as scikit-learn). */
  covariancePrior?: number;
}

export const DEFAULT_WEIGHT_CONCENTRATION = 1;
export const DEFAULT_MEAN_PRECISION = 0.01;
export const DEFAULT_COVARIANCE_PRIOR = 1;

/** The prior's numbers for one data set. */
export interface Prior {
  readonly alpha: number;
  readonly kappa0: number;
  /** m₀ (length d): the data mean. */
  readonly m0: Float64Array;
  readonly nu0: number;
  /** s₀² in data units. */
  readonly s0sq: number;
}

export const PRIOR_OPTION_SPECS = {
  weightConcentration: { type: 'positive', default: DEFAULT_WEIGHT_CONCENTRATION, doc: 'Dirichlet concentration α of the weights (1: uniform on the simplex; scikit-learn uses 1/K)' },
  meanPrecision: { type: 'positive', default: DEFAULT_MEAN_PRECISION, doc: 'κ₀: μₖ | σₖ² ~ N(data mean, σₖ²/κ₀); 0.01 puts the prior sd of a mean at 10σ (scikit-learn uses 1)' },
  degreesOfFreedom: { type: 'positive', doc: 'ν₀ of the precision prior λₖ ~ Gamma(ν₀/2, rate s₀²/2) (default: the dimension d, as scikit-learn)' },
  covariancePrior: { type: 'positive', default: DEFAULT_COVARIANCE_PRIOR, doc: 's₀² in units of the average per-coordinate data variance (1, as scikit-learn)' },
} as const;

/** The prior for these data; m₀ and v̂ as scikit-learn reads them (X.mean(0), np.var(X, axis=0, ddof=1).mean()). */
export function resolvePrior(data: Dataset, o: PriorOptions): Prior {
  const { x, n, d } = data;
  const m0 = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) m0[t] += x[i * d + t];
  for (let t = 0; t < d; t++) m0[t] /= n;
  let v = 0;
  for (let t = 0; t < d; t++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i * d + t] - m0[t]) ** 2;
    v += s / (n - 1);
  }
  v /= d;
  return {
    alpha: o.weightConcentration ?? DEFAULT_WEIGHT_CONCENTRATION,
    kappa0: o.meanPrecision ?? DEFAULT_MEAN_PRECISION,
    m0,
    nu0: o.degreesOfFreedom ?? d,
    s0sq: (o.covariancePrior ?? DEFAULT_COVARIANCE_PRIOR) * v,
  };
}

/** One sentence naming the prior as configured, for reports. */
export function describePrior(o: PriorOptions, num: (x: number) => string): string {
  const alpha = num(o.weightConcentration ?? DEFAULT_WEIGHT_CONCENTRATION);
  const kappa = num(o.meanPrecision ?? DEFAULT_MEAN_PRECISION);
  const nu = o.degreesOfFreedom === undefined ? 'd' : num(o.degreesOfFreedom);
  const s0 = o.covariancePrior ?? DEFAULT_COVARIANCE_PRIOR;
  return `prior Dirichlet(${alpha}) weights, means N(data mean, σ²/${kappa}), 1/σ² ~ Gamma(${nu}/2, rate ${s0 === 1 ? '' : num(s0) + '·'}v̂/2) with v̂ the data variance`;
}
