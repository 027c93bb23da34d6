/**
 * The descriptor of method 'gibbs' (./gibbs.ts): the posterior mean of a spherical Gaussian mixture under the
 * conjugate prior of ./prior.ts, by Gibbs sampling, with its posterior draws for credible intervals. What it
 * estimates: by the Bernstein–von Mises theorem the posterior concentrates at the truth at rate 1/√n with the
 * MLE's Fisher covariance when the model contains the truth (the prior's pull is O(1/n)), so its target is
 * the mixture MLE's under the same covariance and weight model (src/estimators/descriptor.ts EstimationTarget).
 */
import { MAX_ALIGN_K } from '../../estimands/align.js';
import type { EstimatorDescriptor, OptionProblem, OptionsSpecFor } from '../descriptor.js';
import { covarianceText, weightsText } from '../mixture/emDescriptor.js';
import { fitGibbs, GIBBS_DEFAULTS, type GibbsOptions } from './gibbs.js';
import { describePrior, PRIOR_OPTION_SPECS } from './prior.js';

export const GIBBS_OPTIONS = {
  covariance: { type: 'enum', values: ['equal', 'unequal', 'fixed'], default: 'equal', doc: 'spherical covariance: one σ shared, σ per component, or σ known (fixed)' },
  sigma: { type: 'positive', doc: 'the known σ, with covariance "fixed" (required there, not allowed elsewhere)' },
  weights: { type: 'enum', values: ['estimated', 'equal'], default: 'estimated', doc: 'weights with a Dirichlet prior, or held at 1/K' },
  chains: { type: 'integer', min: 1, default: GIBBS_DEFAULTS.chains, doc: 'independent chains from dispersed starts (k-means++ seeds)' },
  burnIn: { type: 'integer', min: 0, default: GIBBS_DEFAULTS.burnIn, doc: 'sweeps discarded at the start of each chain' },
  draws: { type: 'integer', min: 8, default: GIBBS_DEFAULTS.draws, doc: 'sweeps kept per chain after burn-in' },
  rhatMax: { type: 'positive', default: GIBBS_DEFAULTS.rhatMax, doc: 'a fit whose split-R̂ of any estimand exceeds this is "not-mixed" (Vehtari et al. 2021)' },
  essMin: { type: 'positive', default: GIBBS_DEFAULTS.essMin, doc: 'a fit whose bulk ESS of any estimand is below this is "not-mixed"' },
  ...PRIOR_OPTION_SPECS,
} satisfies OptionsSpecFor<GibbsOptions>;

function problems(o: GibbsOptions): OptionProblem[] {
  const out: OptionProblem[] = [];
  const covariance = o.covariance ?? 'equal';
  if (covariance === 'fixed' && o.sigma === undefined) out.push({ path: 'sigma', message: 'required when covariance is "fixed", expected a number > 0 (got nothing)' });
  if (covariance !== 'fixed' && o.sigma !== undefined) out.push({ path: 'sigma', message: `only allowed when covariance is "fixed" (got covariance "${covariance}")` });
  if (o.rhatMax !== undefined && o.rhatMax < 1) out.push({ path: 'rhatMax', message: `expected a number ≥ 1 (got ${o.rhatMax}): R̂ is never below 1 by much` });
  return out;
}

export const gibbs: EstimatorDescriptor<GibbsOptions> = {
  method: 'gibbs',
  summary: 'Bayesian posterior mean of a spherical Gaussian mixture by Gibbs sampling (conjugate prior, several chains, relabelled draws)',
  options: GIBBS_OPTIONS,
  optionProblems: problems,
  // Pivotal relabelling enumerates the K! permutations (src/estimands/align.ts); d = 1 orders the means instead.
  unsupported: (_o, shape) => (shape.d > 1 && shape.K > MAX_ALIGN_K ? `relabelling in d > 1 enumerates K! permutations and is limited to K ≤ ${MAX_ALIGN_K} (got K = ${shape.K})` : null),
  target: (o) => ({ kind: 'mixture-mle', covariance: o.covariance ?? 'equal', ...(o.sigma !== undefined ? { sigma: o.sigma } : {}), weights: o.weights ?? 'estimated' }),
  describe: (o, num) =>
    `the posterior mean by Gibbs sampling with ${covarianceText(o.covariance, o.sigma, num)}, ${weightsText(o.weights)}; ${o.chains ?? GIBBS_DEFAULTS.chains} chains of ` +
    `${o.burnIn ?? GIBBS_DEFAULTS.burnIn} burn-in and ${o.draws ?? GIBBS_DEFAULTS.draws} kept sweeps; ${describePrior(o, num)}`,
  fit: fitGibbs,
};
