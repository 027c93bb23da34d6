/**
 * Re-runs exactly one (condition, replication, estimator) with its original streams, for debugging a
 * suspicious row: the same sample and the same initialisation draws as in the study, so the fit is identical.
 */
import type { ExperimentConfig, MixtureSpec } from '../config/index.js';
import { fitMethod } from '../estimators/registry.js';
import type { Fit } from '../types.js';
import { fitStream, sampleFor, type Sample } from './executeTask.js';

export interface ReplayResult {
  readonly estimator: string;
  readonly method: string;
  readonly fit: Fit;
}

/** The mixture and n of a condition key and a valid replication index of `config`; an Error saying why not. */
function resolveReplication(config: ExperimentConfig, condition: string, rep: number): { mixture: MixtureSpec; n: number } {
  const m = /^(.*)\|n=(\d+)$/.exec(condition);
  const mixture = m ? config.mixtures.find((x) => x.id === m[1]) : undefined;
  const n = m ? Number(m[2]) : NaN;
  if (!m || mixture === undefined || !config.n.includes(n)) {
    const examples = config.mixtures.slice(0, 2).map((x) => `"${x.id}|n=${config.n[0]}"`);
    throw new Error(`unknown condition "${condition}"; conditions look like ${examples.join(', ')}`);
  }
  if (!Number.isInteger(rep) || rep < 0 || rep >= config.replications) throw new Error(`--rep: must be in 0..${config.replications - 1} (got ${rep})`);
  return { mixture, n };
}

/** The exact sample replication `rep` of `condition` drew in the study (data and true component labels). */
export function replaySample(config: ExperimentConfig, condition: string, rep: number): Sample {
  const { mixture, n } = resolveReplication(config, condition, rep);
  return sampleFor(config, mixture, rep, n);
}

export function replay(config: ExperimentConfig, condition: string, rep: number, estimatorId?: string): ReplayResult[] {
  const { mixture, n } = resolveReplication(config, condition, rep);
  const estimators = config.estimators.filter((e) => estimatorId === undefined || e.id === estimatorId);
  if (estimators.length === 0) throw new Error(`unknown estimator "${estimatorId}"; the config has ${config.estimators.map((e) => e.id).join(', ')}`);
  const sample = sampleFor(config, mixture, rep, n);
  return estimators.map((e) => ({ estimator: e.id, method: e.method, fit: fitMethod(e, sample.data, mixture.K, fitStream(config, condition, rep, e.id)) }));
}
