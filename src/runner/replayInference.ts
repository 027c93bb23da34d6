/**
 * The SEs and intervals of replayed fits (`replay --se`): the same function, sample and bootstrap stream the run
 * used (./inferFit.ts), so a replay prints exactly the `inference` of the replication's row when the config has
 * an `inference` block, and the default block (Wald intervals at 0.95) when it has none.
 */
import type { ExperimentConfig, InferenceSpec } from '../config/types.js';
import type { FitInference } from '../estimands/intervals.js';
import { sampleFor } from './executeTask.js';
import { inferFit } from './inferFit.js';
import type { ReplayResult } from './replay.js';

/** Wald intervals at 0.95, no bootstrap: what `--se` computes for a run without an `inference` block. */
export const DEFAULT_INFERENCE: InferenceSpec = { level: 0.95, wald: true, credible: true, bootstrap: null };

/** The inference of each replayed fit (undefined for a fit that is not ok), in the order of `results`. */
export function replayInference(config: ExperimentConfig, condition: string, rep: number, results: readonly ReplayResult[]): (FitInference | undefined)[] {
  const m = /^(.*)\|n=(\d+)$/.exec(condition);
  const mixture = m === null ? undefined : config.mixtures.find((x) => x.id === m[1]);
  if (m === null || mixture === undefined) throw new Error(`unknown condition "${condition}"`);
  const sample = sampleFor(config, mixture, rep, Number(m[2]));
  const spec = config.inference ?? DEFAULT_INFERENCE;
  return results.map((r) => {
    const estimator = config.estimators.find((e) => e.id === r.estimator);
    if (estimator === undefined) throw new Error(`unknown estimator "${r.estimator}"`);
    return inferFit(config, estimator, mixture, condition, rep, sample.data, r.fit, spec);
  });
}
