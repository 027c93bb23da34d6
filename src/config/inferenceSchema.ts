/**
 * The `inference` block of an experiment config (README "Experiment configs"): which uncertainty every fit
 * carries — Wald intervals from the estimator's own large-sample covariance, bootstrap percentile and basic
 * intervals from B refits, credible intervals from a Bayesian fit's posterior draws — at one nominal level.
 * Absent: no SEs or intervals are computed and the results are those of a config without the block (the
 * normalised config, and so its hash, does not mention it).
 */
import * as z from 'zod';
import { strictObject } from './strictObject.js';

/** B below this gives quantiles of too few refits to mean anything at the 2.5 % tail. */
export const MIN_BOOTSTRAP_B = 20;

export const InferenceSchema = strictObject({
  /** Nominal level of every interval (Morris, White & Crowther 2019 use 0.95). */
  level: z.number().gt(0).lt(1).default(0.95),
  /** Wald intervals from each estimator's `covariance`, where its descriptor has one. */
  wald: z.boolean().default(true),
  /** Credible intervals from posterior draws, where a fit has them. */
  credible: z.boolean().default(true),
  /** Nonparametric bootstrap: B refits per replication, for the listed estimator ids (default: every estimator). */
  bootstrap: strictObject({
    B: z.number().int().min(MIN_BOOTSTRAP_B),
    estimators: z.array(z.string()).min(1).optional(),
  }).optional(),
});

export type RawInference = z.output<typeof InferenceSchema>;

/** Problems relating the block to the rest of the config: each bootstrap estimator id must be configured. */
export function inferenceProblems(raw: Record<string, unknown>): string[] {
  const inference = raw.inference;
  if (typeof inference !== 'object' || inference === null) return [];
  const bootstrap = (inference as Record<string, unknown>).bootstrap;
  if (typeof bootstrap !== 'object' || bootstrap === null) return [];
  const ids = (bootstrap as Record<string, unknown>).estimators;
  if (!Array.isArray(ids) || !Array.isArray(raw.estimators)) return [];
  const known = raw.estimators.map((e) => (typeof e === 'object' && e !== null ? (e as Record<string, unknown>).id : undefined)).filter((x): x is string => typeof x === 'string');
  const problems: string[] = [];
  ids.forEach((id, i) => {
    if (typeof id === 'string' && !known.includes(id)) {
      problems.push(`inference.bootstrap.estimators[${i}]: unknown estimator "${id}" (the config has ${known.map((k) => `"${k}"`).join(', ')})`);
    }
  });
  return problems;
}
