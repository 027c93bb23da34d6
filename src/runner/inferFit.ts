/**
 * The uncertainty of one fit, as the config's `inference` block asks (src/config/inferenceSchema.ts;
 * docs/ARCHITECTURE.md §3 Uncertainty): Wald intervals from the estimator's own covariance (its descriptor's
 * `covariance`, when it has one), bootstrap percentile and basic intervals from B refits, credible intervals
 * from the fit's posterior draws. Computed only for fits with status ok: the others are failures the measures
 * count, and their covariance means nothing.
 *
 * The bootstrap's stream is keyed (seed, 'bootstrap', condition, rep, estimator id), like the fit's own
 * (./executeTask.ts), so its draws depend on nothing but the replication.
 */
import type { EstimatorSpec, ExperimentConfig, MixtureSpec } from '../config/types.js';
import { deltaWald } from './inferWald.js';
import { requested } from '../estimands/names.js';
import type { FitInference, IntervalSet } from '../estimands/intervals.js';
import { noIntervals } from '../estimands/intervals.js';
import { sampleIntervals, type SampleInput } from '../estimands/sampleIntervals.js';
import { thetaOfFit, type ThetaLayout } from '../estimands/thetaEstimands.js';
import { createStream } from '../rng/stream.js';
import type { Dataset, Fit } from '../types.js';
import { bootstrapDraws } from './bootstrap.js';

/** The inference of `fit` (of `estimator` on `data`, replication `rep` of `condition`), or undefined when none is asked for. */
export function inferFit(
  config: ExperimentConfig,
  estimator: EstimatorSpec,
  mixture: MixtureSpec,
  condition: string,
  rep: number,
  data: Dataset,
  fit: Fit,
): FitInference | undefined {
  const spec = config.inference;
  if (spec === undefined || fit.status !== 'ok') return undefined;
  const layout: ThetaLayout = { K: fit.K, d: fit.d, hasSigmas: fit.sigmas !== null };
  const base = { theta: thetaOfFit(fit), layout, trueMeans: mixture.means, estimands: requested(config.estimands), level: spec.level };
  const out: Partial<Record<keyof FitInference, IntervalSet>> = {};
  if (spec.wald) {
    const wald = deltaWald(estimator, data, fit, base);
    if (wald !== null) out.wald = wald;
  }
  if (spec.bootstrap !== null && spec.bootstrap.estimators.includes(estimator.id)) {
    const rng = createStream(config.seed, 'bootstrap', condition, rep, estimator.id);
    const boot = bootstrapDraws(estimator, data, fit, spec.bootstrap.B, rng);
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
