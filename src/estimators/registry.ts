/**
 * Method name → estimator descriptor (./descriptor.ts). Configs, the CLI, the runner, the theory beside each
 * cell, the regression invariants and the reports look estimators up here and call the same `fit`, so none of
 * them special-cases a method (scikit-learn's interchangeable-estimator design). Adding an estimator is its
 * module and one line in ESTIMATORS.
 */
import type { Dataset, Fit, Rng } from '../types.js';
import type { EstimationTarget, EstimatorDescriptor } from './descriptor.js';
import { gibbs } from './bayes/gibbsDescriptor.js';
import { variational } from './bayes/variationalDescriptor.js';
import { cem } from './mixture/cemDescriptor.js';
import { em } from './mixture/emDescriptor.js';
import { kmeans, warmUp } from './kmeans/kmeans.js';
import { kmeansExact1d } from './kmeans/kmeansExact1d.js';
import { kmeansHartiganWong } from './kmeans/kmeansHartiganWong.js';

/** The options of a configured estimator, as written (validated against its descriptor when the config loads). */
export type EstimatorOptions = object;

// Each descriptor is typed by its own options; the registry holds them by name and checks options on load.
const ESTIMATORS: readonly EstimatorDescriptor<never>[] = [kmeans, kmeansExact1d, kmeansHartiganWong, em, cem, gibbs, variational];

const BUILT_IN: ReadonlyMap<string, EstimatorDescriptor<EstimatorOptions>> = new Map(
  ESTIMATORS.map((e) => [e.method, e as unknown as EstimatorDescriptor<EstimatorOptions>]),
);

const BY_METHOD = BUILT_IN;

/**
 * The plugin estimators this thread has loaded, by their file's location (src/plugins/loadPlugins.ts registers
 * them in the main thread and in every worker thread before any fit). A config entry names its plugin by file
 * (`MethodSpec.plugin`), so two studies whose plugins share a method name never mix them up.
 */
const PLUGINS = new Map<string, EstimatorDescriptor<EstimatorOptions>>();

/** Whether `method` names a built-in estimator (a plugin may not take its name). */
export function isBuiltIn(method: string): boolean {
  return BUILT_IN.has(method);
}

/** Adds the plugin estimator loaded from the file at `location`. */
export function registerEstimator(location: string, descriptor: EstimatorDescriptor<EstimatorOptions>): void {
  if (BUILT_IN.has(descriptor.method)) throw new Error(`"${descriptor.method}" is a built-in estimator`);
  PLUGINS.set(location, descriptor);
}

/** Every built-in method name, in registration order (plugins are named by their module, not here). */
export function methodNames(): string[] {
  return [...BUILT_IN.keys()];
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

/** A method together with its options; a plugin's entry also names its file and what was read from it. */
export interface MethodSpec {
  readonly method: string;
  readonly options: EstimatorOptions;
  readonly plugin?: { readonly $location: string; readonly target: EstimationTarget; readonly description: string };
}

/** The descriptor of a configured estimator: its plugin's (loaded in this thread), else the built-in `method`'s. */
export function descriptorFor(spec: MethodSpec): EstimatorDescriptor<EstimatorOptions> {
  if (spec.plugin === undefined) return descriptorOf(spec.method);
  const d = PLUGINS.get(spec.plugin.$location);
  if (d === undefined) throw new Error(`plugin estimator "${spec.method}" (${spec.plugin.$location}) is not loaded in this thread`);
  return d;
}

export function fitMethod(spec: MethodSpec, data: Dataset, K: number, rng: Rng): Fit {
  warmUp();
  return descriptorFor(spec).fit(data, K, spec.options, rng);
}

/**
 * What the estimator converges to (the truth under its model, the k-means limit, or nothing known). A plugin
 * estimator's target is recorded in its config entry when the config loads (src/plugins/pluginRefs.ts), so
 * readers of finished runs (summary, merge, check, report) need not load the plugin's code.
 */
export function targetOf(spec: MethodSpec): EstimationTarget {
  return spec.plugin !== undefined ? spec.plugin.target : descriptorOf(spec.method).target(spec.options);
}

/** The report's sentence for the estimator, numbers written by `formatNumber` (a plugin's as recorded, when not loaded). */
export function describeMethod(spec: MethodSpec, formatNumber: (x: number) => string): string {
  const d = spec.plugin === undefined ? descriptorOf(spec.method) : PLUGINS.get(spec.plugin.$location);
  return d === undefined ? (spec.plugin?.description ?? '') : d.describe(spec.options, formatNumber);
}
