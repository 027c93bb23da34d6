/**
 * Wald intervals of a fit from its estimator's own large-sample covariance (the descriptor's optional
 * `covariance`, src/estimators/descriptor.ts), pushed to the estimands by the delta method
 * (src/estimands/deltaMethod.ts). An estimator without the method gets no Wald set at all (only the bootstrap
 * can give it intervals); a covariance that throws is recorded as `unavailable` with the reason, never a crash
 * of the run.
 */
import { waldIntervals, type WaldInput } from '../estimands/deltaMethod.js';
import type { IntervalSet } from '../estimands/intervals.js';
import { noIntervals } from '../estimands/intervals.js';
import { descriptorFor, type MethodSpec } from '../estimators/registry.js';
import type { Dataset, Fit, ParameterCovariance } from '../types.js';

/** The Wald set of `fit`, or null when the method has no covariance theory. */
export function deltaWald(spec: MethodSpec, data: Dataset, fit: Fit, input: WaldInput): IntervalSet | null {
  const descriptor = descriptorFor(spec);
  if (descriptor.covariance === undefined) return null;
  let covariance: ParameterCovariance;
  try {
    covariance = descriptor.covariance(data, fit, spec.options);
  } catch (err) {
    return noIntervals('unavailable', 'error', err instanceof Error ? err.message : String(err));
  }
  return waldIntervals(input, covariance);
}
