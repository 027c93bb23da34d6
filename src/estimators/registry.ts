/**
 * Method name → estimator. The runner, the CLI and the regression checks look estimators up here and call the
 * same `fit`, so none of them special-cases a method (scikit-learn's interchangeable-estimator design).
 */
import type { Dataset, Estimator, Fit, Rng } from '../types.js';
import { cem } from './cem.js';
import { em } from './em.js';
import { kmeans } from './kmeans.js';
import { kmeansExact1d } from './kmeansExact1d.js';
import type { Method, MethodOptions } from './options.js';

const ESTIMATORS: { readonly [M in Method]: Estimator<MethodOptions[M]> } = {
  kmeans,
  'kmeans-exact': kmeansExact1d,
  em,
  cem,
};

/** A method together with options of the matching type. */
export type MethodSpec = { [M in Method]: { method: M; options: MethodOptions[M] } }[Method];

export function fitMethod(spec: MethodSpec, data: Dataset, K: number, rng: Rng): Fit {
  // The mapped type pairs each method with its own options; TypeScript cannot correlate the union here.
  const estimator = ESTIMATORS[spec.method] as Estimator<MethodOptions[Method]>;
  return estimator.fit(data, K, spec.options, rng);
}
