/**
 * Method name → estimator descriptor (./descriptor.ts). Configs, the CLI, the runner, the theory beside each
 * cell, the regression invariants and the reports look estimators up here and call the same `fit`, so none of
 * them special-cases a method (scikit-learn's interchangeable-estimator design). Adding an estimator is its
 * module and one line in ESTIMATORS.
 */
import type { Dataset, Fit, Rng } from '../types.js';
import type { EstimationTarget, EstimatorDescriptor } from './descriptor.js';
import { gibbs } from './bayes/gibbsDescriptor.js';
import { cem } from './mixture/cemDescriptor.js';
import { em } from './mixture/emDescriptor.js';
import { kmeans, warmUp } from './kmeans/kmeans.js';
import { kmeansExact1d } from './kmeans/kmeansExact1d.js';
import { kmeansHartiganWong } from './kmeans/kmeansHartiganWong.js';

/** The options of a configured estimator, as written (validated against its descriptor when the config loads). */
export type EstimatorOptions = object;

// Each descriptor is typed by its own options; the registry holds them by name and checks options on load.
const ESTIMATORS: readonly EstimatorDescriptor<never>[] = [kmeans, kmeansExact1d, kmeansHartiganWong, em, cem, gibbs];

const BY_METHOD: ReadonlyMap<string, EstimatorDescriptor<EstimatorOptions>> = new Map(
  ESTIMATORS.map((e) => [e.method, e as unknown as EstimatorDescriptor<EstimatorOptions>]),
);

/** Every registered method name, in registration order. */
export function methodNames(): string[] {
  return [...BY_METHOD.keys()];
}

/** The descriptor of `method`, or undefined when none is registered under that name. */
export function findDescriptor(method: string): EstimatorDescriptor<EstimatorOptions> | undefined {
  return BY_METHOD.get(method);
}

/** The descriptor of `method`; throws when none is registered (configs are validated before they get here). */
export function descriptorOf(method: string): EstimatorDescriptor<EstimatorOptions> {
  const d = BY_METHOD.get(method);
  if (d === undefined) throw new Error(`unknown estimator method "${method}" (registered: ${methodNames().join(', ')})`);
  return d;
}

/** A method together with its options. */
export interface MethodSpec {
  readonly method: string;
  readonly options: EstimatorOptions;
}

export function fitMethod(spec: MethodSpec, data: Dataset, K: number, rng: Rng): Fit {
  warmUp();
  return descriptorOf(spec.method).fit(data, K, spec.options, rng);
}

/** What the estimator converges to (the truth under its model, the k-means limit, or nothing known). */
export function targetOf(spec: MethodSpec): EstimationTarget {
  return descriptorOf(spec.method).target(spec.options);
}

/** The report's sentence for the estimator, numbers written by `formatNumber`. */
export function describeMethod(spec: MethodSpec, formatNumber: (x: number) => string): string {
  return descriptorOf(spec.method).describe(spec.options, formatNumber);
}
