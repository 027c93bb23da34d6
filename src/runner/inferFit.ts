/**
 * The uncertainty of one fit, as the config's `inference` block asks (src/config/inferenceSchema.ts;
 * docs/ARCHITECTURE.md §3 Uncertainty): Wald intervals from the estimator's own covariance (its descriptor's
 * `covariance`, when it has one), bootstrap percentile and basic intervals from B refits, credible intervals
 * from the fit's posterior draws. Computed only for fits with status ok: the others are failures the measures
 * count, and their covariance means nothing.
 *
 * The bootstrap's stream is keyed (seed, 'bootstrap', condition, rep, estimator id), like the fit's own
 * (./executeTask.ts), so its draws depend on nothing but the replication; `replay` and `fit --se` call the same
 * function and print what the row holds.
 */
import type { EstimatorSpec, ExperimentConfig, InferenceSpec, MixtureSpec } from '../config/types.js';
import { deltaWald } from './inferWald.js';
import { requested, type EstimandName } from '../estimands/names.js';
import type { FitInference, IntervalSet } from '../estimands/intervals.js';
import { noIntervals } from '../estimands/intervals.js';
import { sampleIntervals, type SampleInput } from '../estimands/sampleIntervals.js';
import { thetaOfFit, type ThetaLayout } from '../estimands/thetaEstimands.js';
import type { MethodSpec } from '../estimators/registry.js';
import { createStream } from '../rng/stream.js';
import type { Dataset, Fit, Rng } from '../types.js';
import { bootstrapDraws } from './bootstrap.js';

/** What one fit's inference needs besides the fit: the truth's means to align to, the estimands, the bootstrap's stream. */
export interface InferenceContext {
  readonly trueMeans: readonly (readonly number[])[];
  readonly estimands: readonly EstimandName[];
  /** Whether this estimator is bootstrapped (when the spec has a bootstrap). */
  readonly bootstrap: boolean;
  readonly bootstrapStream: () => Rng;
}

/** The interval sets `spec` asks for, of an ok fit of `method` on `data`. */
export function inferenceOf(spec: InferenceSpec, method: MethodSpec, data: Dataset, fit: Fit, ctx: InferenceContext): FitInference {
  const layout: ThetaLayout = { K: fit.K, d: fit.d, hasSigmas: fit.sigmas !== null };
  const base = { theta: thetaOfFit(fit), layout, trueMeans: ctx.trueMeans, estimands: requested(ctx.estimands), level: spec.level };
  const out: Partial<Record<keyof FitInference, IntervalSet>> = {};
  if (spec.wald) {
    const wald = deltaWald(method, data, fit, base);
    if (wald !== null) out.wald = wald;
  }
  if (spec.bootstrap !== null && ctx.bootstrap) {
    const boot = bootstrapDraws(method, data, fit, spec.bootstrap.B, ctx.bootstrapStream());
    const input: SampleInput = { ...base, draws: boot.draws, kind: 'bootstrap' };
    const sets = sampleIntervals(input, ['percentile', 'basic']);
    if (sets.percentile !== undefined) out.percentile = sets.percentile;
    if (sets.basic !== undefined) out.basic = sets.basic;
  }
  if (spec.credible && fit.draws !== undefined) {
    const sets = sampleIntervals({ ...base, draws: fit.draws, kind: 'posterior' }, ['credible']);
    out.credible = sets.credible ?? noIntervals('unavailable', 'posterior', 'no draws');
  }
  return out;
}

/** The inference of `fit` (of `estimator` on `data`, replication `rep` of `condition`), or undefined when none is asked for. */
export function inferFit(
  config: ExperimentConfig,
  estimator: EstimatorSpec,
  mixture: MixtureSpec,
  condition: string,
  rep: number,
  data: Dataset,
  fit: Fit,
  spec: InferenceSpec | undefined = config.inference,
): FitInference | undefined {
  if (spec === undefined || fit.status !== 'ok') return undefined;
  return inferenceOf(spec, estimator, data, fit, {
    trueMeans: mixture.means,
    estimands: config.estimands,
    bootstrap: spec.bootstrap !== null && spec.bootstrap.estimators.includes(estimator.id),
    bootstrapStream: () => createStream(config.seed, 'bootstrap', condition, rep, estimator.id),
  });
}
