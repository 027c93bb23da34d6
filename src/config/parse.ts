/** From JSON value to validated, normalised ExperimentConfig: the entry point the runner and CLI call. */
import { ConfigError } from './configError.js';
import { crossCheck } from './crossChecks.js';
import { describe, errorMap, issueProblems } from './messages.js';
import { expandGrid, toMixtureSpec } from './mixtures.js';
import { ConfigSchema, type RawConfig } from './schema.js';
import type { EstimatorSpec, ExperimentConfig } from './types.js';

function normalise(raw: RawConfig): ExperimentConfig {
  const estimators: EstimatorSpec[] = raw.estimators;
  return {
    name: raw.name,
    title: raw.title,
    description: raw.description,
    seed: raw.seed,
    replications: raw.replications,
    n: raw.n,
    nested: raw.nested,
    mixtures: [...(raw.mixtures ?? []).map(toMixtureSpec), ...(raw.grid !== undefined ? expandGrid(raw.grid) : [])],
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

/** Validates `json` (already parsed) and normalises it; every problem found is listed in one ConfigError. */
export function parseConfig(json: unknown, source = '<config>'): ExperimentConfig {
  const result = ConfigSchema.safeParse(json, { error: errorMap });
  const problems = result.success ? [] : result.error.issues.flatMap(issueProblems);
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    problems.push(...crossCheck(json as Record<string, unknown>));
  }
  if (!result.success || problems.length > 0) throw new ConfigError(source, problems);
  return normalise(result.data);
}

/** The `--replications` override, held to the same rule as the config field. */
export function withReplications(config: ExperimentConfig, replications: number): ExperimentConfig {
  if (!Number.isSafeInteger(replications) || replications < 2) {
    throw new ConfigError('--replications', [`replications: must be an integer ≥ 2 (got ${describe(replications)})`], 'invalid override');
  }
  return { ...config, replications };
}
