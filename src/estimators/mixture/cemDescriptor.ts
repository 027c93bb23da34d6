/**
 * The descriptor of method 'cem' (classification EM, Celeux & Govaert 1992; ./cem.ts): hard assignments that
 * maximise the classification likelihood. Its population limit is neither the truth nor the k-means limit in
 * general, so it carries no theory target.
 */
import { startsText, type EstimatorDescriptor, type OptionsSpecFor } from '../descriptor.js';
import { fitCEM } from './cem.js';
import { covarianceText, initText, weightsText } from './emDescriptor.js';
import type { CEMOptions } from './options.js';

export const CEM_OPTIONS = {
  covariance: { type: 'enum', values: ['equal', 'unequal'], default: 'equal', doc: 'one σ shared or σ per component (with fixed σ and equal weights CEM is k-means)' },
  weights: { type: 'enum', values: ['estimated', 'equal'], default: 'estimated', doc: 'mixing weights estimated or held at 1/K' },
  init: { type: 'enum', values: ['kmeans', 'kmeans++'], default: 'kmeans', doc: 'start from a k-means fit or from k-means++ seeds' },
  restarts: { type: 'integer', min: 1, default: 1, doc: 'independent initialisations; the best classification likelihood wins' },
  maxIter: { type: 'integer', min: 1, default: 10000, doc: 'stops when the partition no longer changes, or after maxIter passes' },
  varianceFloor: { type: 'positive', default: 1e-8, doc: 'lower bound on σ² relative to the data variance; hitting it is "degenerate"' },
} satisfies OptionsSpecFor<CEMOptions>;

export const cem: EstimatorDescriptor<CEMOptions> = {
  method: 'cem',
  summary: 'classification EM (hard assignments, classification likelihood)',
  options: CEM_OPTIONS,
  optionProblems: () => [],
  unsupported: () => null,
  target: () => ({ kind: 'none' }),
  describe: (o, num) => `classification EM (Celeux & Govaert 1992) with ${covarianceText(o.covariance, undefined, num)}, ${weightsText(o.weights)}, ${initText(o.init)}, ${startsText(o.restarts)}`,
  fit: fitCEM,
};
