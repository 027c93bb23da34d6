/**
 * The public API of mixstudy as a library (`import { … } from 'mixstudy'`): the estimators and their registry,
 * the mixture sampler and the seeded streams, the theory (k-means population limit, Pollard CLT sd, Fisher
 * sd∞), the performance measures with their Monte Carlo SEs, and the experiment runner. Everything here is
 * typed; importing it has no side effects (k-means' JIT priming is `warmUp()`, called by the runner, not by an
 * import). docs/ARCHITECTURE.md describes the layers behind each export.
 */

// Data contracts.
export type { Dataset, Fit, FitSearch, FitStatus, Rng } from './types.js';

// Estimators: descriptors, their registry and the built-in methods.
export type { EstimationTarget, EstimatorDescriptor, FitShape, OptionProblem, OptionSpec, OptionsSpec } from './estimators/descriptor.js';
export { describeMethod, descriptorOf, findDescriptor, fitMethod, methodNames, targetOf, type EstimatorOptions, type MethodSpec } from './estimators/registry.js';
export { kmeans, warmUp, type KMeansOptions } from './estimators/kmeans/kmeans.js';
export { kmeansExact1d, type KMeansExactOptions } from './estimators/kmeans/kmeansExact1d.js';
export { kmeansHartiganWong, type KMeansHartiganWongOptions } from './estimators/kmeans/kmeansHartiganWong.js';
export { em } from './estimators/mixture/emDescriptor.js';
export { cem } from './estimators/mixture/cemDescriptor.js';
export type { CEMOptions, CovarianceModel, EMOptions, MixtureParameters } from './estimators/mixture/options.js';

// The model: one spherical Gaussian mixture type for the sampler, the theory and the truth; its validator.
export { MixtureError, validateMixture, WEIGHT_SUM_TOLERANCE, type Mixture1d, type SphericalMixture } from './mixture/spherical.js';

// Data-generating mechanism and randomness.
export { sampleMixture, type MixtureSample } from './dgm/sphericalMixture.js';
// Plugins: the contract a user's data mechanism implements (its estimators implement EstimatorDescriptor).
export type { DataMechanism, MechanismSample, MechanismTruth } from './dgm/mechanism.js';
export { sphericalMixtureMechanism } from './dgm/sphericalMechanism.js';
export { loadConfigAndPlugins } from './config/index.js';
export { createStream, streamSeed, Stream, type KeyPart } from './rng/stream.js';

// Theory.
export { kmeansLimit, type KMeansLimit, type KMeansLimitOptions } from './theory/kmeansLimit.js';
export { kmeansSeparationSd } from './theory/kmeansClt.js';
export { fisherInformation, fisherSeparationSd, fisherSeparationSdFor, type FisherModel } from './theory/fisher.js';
export { biasSignChange } from './theory/biasSign.js';

// Performance measures with Monte Carlo SEs.
export * from './performance/index.js';

// Experiments.
export { loadConfig, parseConfig, type ExperimentConfig, type EstimatorSpec, type MixtureSpec } from './config/index.js';
export { runExperiment, type RunOptions, type RunOutcome } from './runner/runExperiment.js';
export { buildSummary } from './runner/summary.js';
export type { Summary, SummaryCell } from './results/summary.js';

// Results on disk (versioned, schema-checked; README "Output").
export { loadCompletedRun, type CompletedRun } from './results/load.js';
export { readManifest, type Manifest } from './results/manifest.js';
export { readSummary } from './results/summary.js';
export { RESULTS_FORMAT_VERSION } from './results/version.js';
