/**
 * The descriptor of method 'em' (the spherical Gaussian-mixture MLE by EM, ./em.ts): its options, what it can fit
 * and what it estimates — the truth when its covariance and weight model contains it (Fisher theory of that model
 * in src/theory/fisher.ts), a pseudo-true value otherwise.
 */
import type { EstimatorDescriptor, OptionProblem, OptionsSpecFor } from '../descriptor.js';
import { startsText } from '../descriptor.js';
import { fitEM } from './em.js';
import { newtonModelProblem, newtonShapeProblem } from './emNewton.js';
import { mixtureCovariance } from './mixtureInformation.js';
import type { EMOptions } from './options.js';

export const EM_OPTIONS = {
  covariance: { type: 'enum', values: ['equal', 'unequal', 'fixed'], default: 'equal', doc: 'spherical covariance: one σ shared (mclust E/EII), σ per component (V/VII), or σ fixed (the εI model)' },
  sigma: { type: 'positive', doc: 'the fixed σ, with covariance "fixed" (required there, not allowed elsewhere)' },
  weights: { type: 'enum', values: ['estimated', 'equal'], default: 'estimated', doc: 'mixing weights estimated or held at 1/K' },
  init: { type: 'enum', values: ['kmeans', 'kmeans++'], default: 'kmeans', doc: 'start from a k-means fit or from k-means++ seeds' },
  restarts: { type: 'integer', min: 1, default: 1, doc: 'independent initialisations; the highest log-likelihood wins' },
  tol: { type: 'positive', default: 1e-10, doc: 'stop when the predicted gain of log L still to come is ≤ tol (absolute: the fit is then within √(2·tol) standard errors of the maximum)' },
  maxIter: { type: 'integer', min: 1, default: 10000, doc: 'passes over the data per start' },
  accelerate: { type: 'enum', values: ['auto', 'newton', 'squarem', 'none'], default: 'auto', doc: 'Newton steps where the model allows (d = 1, K = 2, σ shared or fixed), else quasi-Newton on n ≥ 1e4 and SQUAREM below, or forced' },
  warmStart: { type: 'enum', values: ['subsample', 'none'], default: 'subsample', doc: '(quasi-)Newton on n ≥ 1e4: start from a fit on every 10th point' },
  varianceFloor: { type: 'positive', default: 1e-8, doc: 'lower bound on σ² relative to the data variance; hitting it is "degenerate"' },
  seMethod: { type: 'enum', values: ['observed', 'sandwich'], default: 'observed', doc: 'model-based standard errors from the inverse observed information or the sandwich I⁻¹JI⁻¹ (robust to a wrong model); the fit is the same' },
} satisfies OptionsSpecFor<EMOptions>;

function problems(o: EMOptions): OptionProblem[] {
  const out: OptionProblem[] = [];
  const covariance = o.covariance ?? 'equal';
  if (covariance === 'fixed' && o.sigma === undefined) out.push({ path: 'sigma', message: 'required when covariance is "fixed", expected a number > 0 (got nothing)' });
  const newtonModel = o.accelerate === 'newton' ? newtonModelProblem(covariance) : null;
  if (newtonModel !== null) out.push({ path: 'accelerate', message: newtonModel });
  if (covariance !== 'fixed' && o.sigma !== undefined) out.push({ path: 'sigma', message: `only allowed when covariance is "fixed" (got covariance "${covariance}")` });
  return out;
}

export const covarianceText = (covariance: string | undefined, sigma: number | undefined, num: (x: number) => string): string =>
  covariance === 'unequal' ? 'a σ per component' : covariance === 'fixed' ? `σ fixed at ${sigma === undefined ? '?' : num(sigma)}` : 'one σ shared by the components';
export const weightsText = (w: string | undefined): string => (w === 'equal' ? 'weights held at 1/K' : 'weights estimated');
export const initText = (i: unknown): string =>
  typeof i === 'string' ? `started from ${i === 'kmeans' ? 'a k-means fit' : 'k-means++ seeds'}` : i === undefined ? 'started from a k-means fit' : 'started from given parameters';

export const em: EstimatorDescriptor<EMOptions> = {
  method: 'em',
  summary: 'EM for the spherical Gaussian-mixture maximum-likelihood estimate (Newton or SQUAREM accelerated)',
  options: EM_OPTIONS,
  optionProblems: problems,
  // Newton with unequal σ is an option problem whatever the data; here only the shape is judged.
  unsupported: (o, shape) => (o.accelerate === 'newton' && o.covariance !== 'unequal' ? newtonShapeProblem(shape.d, shape.K) : null),
  target: (o) => ({ kind: 'mixture-mle', covariance: o.covariance ?? 'equal', ...(o.sigma !== undefined ? { sigma: o.sigma } : {}), weights: o.weights ?? 'estimated' }),
  describe: (o, num) => `EM for the Gaussian-mixture maximum-likelihood estimate with ${covarianceText(o.covariance, o.sigma, num)}, ${weightsText(o.weights)}, ${initText(o.init)}, ${startsText(o.restarts)}`,
  fit: fitEM,
  covariance: (data, fit, o) => mixtureCovariance(data, fit, { covariance: o.covariance ?? 'equal', weights: o.weights ?? 'estimated' }, o.seMethod ?? 'observed'),
};
