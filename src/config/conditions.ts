/** Conditions: the (mixture, n) cells of an experiment, each named by a stable key used for seeding and results. */
import type { ExperimentConfig, MixtureSpec } from './types.js';

export interface Condition {
  key: string;
  mixture: MixtureSpec;
  n: number;
}

/** Part of the seeding contract (docs/ARCHITECTURE.md §3): changing it changes every stream, so it never changes. */
export function conditionKey(mixtureId: string, n: number): string {
  return `${mixtureId}|n=${n}`;
}

/** Mixture-major, n ascending (n is validated as strictly increasing). */
export function expandConditions(config: ExperimentConfig): Condition[] {
  return config.mixtures.flatMap((mixture) => config.n.map((n) => ({ key: conditionKey(mixture.id, n), mixture, n })));
}
