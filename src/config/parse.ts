/** From JSON value to validated, normalised ExperimentConfig: the entry point the runner and CLI call. */
import { ConfigError } from './configError.js';
import { crossCheck } from './crossChecks.js';
import { describe, errorMap, issueProblems } from './messages.js';
import { expandGrid, toMixtureSpec } from './mixtures.js';
import { pluginEntries, type PluginEntries } from './pluginEntries.js';
import { ConfigSchema, GridSchema, MixtureSchema, type RawConfig } from './schema.js';
import type { EstimatorSpec, ExperimentConfig, MixtureSpec } from './types.js';

function normalise(raw: RawConfig, plugins: PluginEntries): ExperimentConfig {
  // Plugin entries were checked and normalised by ./pluginEntries.ts (every index is there once valid).
  const estimators: EstimatorSpec[] = raw.estimators.map((e, i) => ('module' in e ? (plugins.estimators.get(i) as EstimatorSpec) : e));
  return {
    name: raw.name,
    title: raw.title,
    description: raw.description,
    seed: raw.seed,
    replications: raw.precision?.maxReplications ?? (raw.replications as number),
    ...(raw.precision !== undefined ? { precision: raw.precision } : {}),
    n: raw.n,
    nested: raw.nested,
    mixtures: [
      ...(raw.mixtures ?? []).map((m, i) => ('module' in m ? (plugins.mixtures.get(i) as MixtureSpec) : toMixtureSpec(m))),
      ...(raw.grid !== undefined ? expandGrid(raw.grid) : []),
    ],
    estimators,
    estimands: raw.estimands,
    ...(raw.inference === undefined
      ? {}
      : {
          inference: {
            level: raw.inference.level,
            wald: raw.inference.wald,
            credible: raw.inference.credible,
            bootstrap:
              raw.inference.bootstrap === undefined
                ? null
                : { B: raw.inference.bootstrap.B, estimators: raw.inference.bootstrap.estimators ?? estimators.map((e) => e.id) },
          },
        }),
  };
}

/** A built-in mixture entry normalised, or null when invalid (the schema reports why). */
function builtInMixture(entry: unknown): MixtureSpec | null {
  const parsed = MixtureSchema.safeParse(entry);
  return parsed.success ? toMixtureSpec(parsed.data) : null;
}

function gridMixtures(grid: unknown): MixtureSpec[] {
  const parsed = GridSchema.safeParse(grid);
  return parsed.success ? expandGrid(parsed.data) : [];
}

/**
 * Validates `json` (already parsed) and normalises it; every problem found is listed in one ConfigError.
 * `configPath`: the file it came from, against which plugin `module` paths resolve (their plugins loaded by
 * ./load.ts first).
 */
export function parseConfig(json: unknown, source = '<config>', configPath?: string): ExperimentConfig {
  const result = ConfigSchema.safeParse(json, { error: errorMap });
  const problems = result.success ? [] : result.error.issues.flatMap(issueProblems);
  let plugins: PluginEntries = { problems: [], estimators: new Map(), mixtures: new Map() };
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    problems.push(...crossCheck(json as Record<string, unknown>));
    plugins = pluginEntries(json as Record<string, unknown>, configPath, builtInMixture, gridMixtures);
    problems.push(...plugins.problems);
    const record = json as Record<string, unknown>;
    if (record.replications === undefined && record.precision === undefined) problems.push('replications: required unless "precision" is given (got neither "replications" nor "precision")');
    if (record.replications !== undefined && record.precision !== undefined) {
      problems.push('replications: with "precision" each condition runs until its target is met; give the cap as precision.maxReplications instead');
    }
  }
  if (!result.success || problems.length > 0) throw new ConfigError(source, problems);
  return normalise(result.data, plugins);
}

/** The `--replications` override, held to the same rule as the config field. */
export function withReplications(config: ExperimentConfig, replications: number): ExperimentConfig {
  if (!Number.isSafeInteger(replications) || replications < 2) {
    throw new ConfigError('--replications', [`replications: must be an integer ≥ 2 (got ${describe(replications)})`], 'invalid override');
  }
  return config.precision === undefined ? { ...config, replications } : { ...config, replications, precision: { ...config.precision, maxReplications: replications } };
}
