/**
 * The descriptor of method 'vb' (./variational.ts): the mean-field variational posterior mean of a spherical
 * Gaussian mixture with a σ per component — scikit-learn's BayesianGaussianMixture(covariance_type='spherical',
 * weight_concentration_prior_type='dirichlet_distribution') — with draws from q for credible intervals. The
 * variational posterior mean is consistent for the truth when the model contains it (Wang & Titterington 2006,
 * "Convergence properties of a general algorithm for calculating variational Bayesian estimates for a normal
 * mixture model", Bayesian Analysis 1:625–650), so its target is the MLE's of the same model; its intervals are
 * too narrow (ibid.), which the coverage measures show.
 */
import type { EstimatorDescriptor, OptionsSpecFor } from '../descriptor.js';
import { describePrior, PRIOR_OPTION_SPECS } from './prior.js';
import { fitVariational, VARIATIONAL_DEFAULTS, type VariationalOptions } from './variational.js';

export const VARIATIONAL_OPTIONS = {
  tol: { type: 'positive', default: VARIATIONAL_DEFAULTS.tol, doc: 'stop when the lower bound (ELBO) changes by less than tol (absolute, as scikit-learn)' },
  maxIter: { type: 'integer', min: 1, default: VARIATIONAL_DEFAULTS.maxIter, doc: 'coordinate-ascent iterations' },
  draws: { type: 'integer', min: 1, default: VARIATIONAL_DEFAULTS.draws, doc: 'draws of θ from the variational posterior, for credible intervals' },
  ...PRIOR_OPTION_SPECS,
} satisfies OptionsSpecFor<VariationalOptions>;

export const variational: EstimatorDescriptor<VariationalOptions> = {
  method: 'vb',
  summary: "mean-field variational Bayes for a spherical Gaussian mixture (scikit-learn's BayesianGaussianMixture, spherical, Dirichlet prior)",
  options: VARIATIONAL_OPTIONS,
  optionProblems: () => [],
  unsupported: (o, shape) =>
    o.degreesOfFreedom !== undefined && !(o.degreesOfFreedom > shape.d - 1) ? `degreesOfFreedom must exceed d − 1 = ${shape.d - 1} (got ${o.degreesOfFreedom}), as in scikit-learn` : null,
  target: () => ({ kind: 'mixture-mle', covariance: 'unequal', weights: 'estimated' }),
  describe: (o, num) =>
    `the variational posterior mean (mean-field variational Bayes, scikit-learn's BayesianGaussianMixture model) with a σ per component, started from a k-means partition; ${describePrior(o, num)}`,
  fit: fitVariational,
};
