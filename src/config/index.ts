/** Experiment configs (docs/ARCHITECTURE.md §2, §4): schema, validation with precise paths, grid expansion, conditions. */
export { canonicalJson, configHash } from './canonicalJson.js';
export { conditionKey, expandConditions, type Condition } from './conditions.js';
export { ConfigError } from './configError.js';
export { loadConfig, loadConfigAndPlugins, loadPluginsOf, type LoadedConfig } from './load.js';
export { gridMixtureId } from './mixtures.js';
export { parseConfig, withReplications } from './parse.js';
export { ESTIMANDS, type EstimandName, type EstimatorSpec, type ExperimentConfig, type InferenceSpec, type MixtureSpec, type PrecisionSpec, type PrecisionTarget } from './types.js';
export { optionProblems } from './estimatorSchema.js';
