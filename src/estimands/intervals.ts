/**
 * The shape of the uncertainty recorded with one fit (docs/ARCHITECTURE.md §3 Uncertainty): for each interval
 * method, the standard error and the interval of every estimand key, or the status saying why there is none.
 * Four methods, from three sources of θ's uncertainty:
 * - `wald`: the estimator's own large-sample covariance (its descriptor's `covariance`), the delta method for the
 *   SE of each estimand (./deltaMethod.ts) and est ± z·SE;
 * - `percentile` and `basic`: B bootstrap refits (Efron & Tibshirani 1993, ch. 13; Davison & Hinkley 1997,
 *   §5.2), the SE their SD (./sampleIntervals.ts);
 * - `credible`: posterior draws of a Bayesian fit (`Fit.draws`), the equal-tailed credible interval and the
 *   posterior SD.
 * Values are finite numbers or null (never NaN), as in every row of replications.ndjson.
 */

export const INTERVAL_METHODS = ['wald', 'percentile', 'basic', 'credible'] as const;
export type IntervalMethod = (typeof INTERVAL_METHODS)[number];

/**
 * Why a method has no intervals for a fit: `ok` it has them (an estimand whose SE the source does not give is
 * null, e.g. the k-means weights under Pollard's theory); `singular` or `not-negative-definite` the
 * information matrix could not be inverted into a covariance; `unavailable` the source gives nothing here (no
 * covariance theory, too few bootstrap refits succeeded, no draws).
 */
export type IntervalStatus = 'ok' | 'singular' | 'not-negative-definite' | 'unavailable';
export const INTERVAL_STATUSES: readonly IntervalStatus[] = ['ok', 'singular', 'not-negative-definite', 'unavailable'];

/** Per estimand key: the standard error and the interval's ends (null where not available). */
export interface EstimandInterval {
  readonly se: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** The intervals of one method for one fit. */
export interface IntervalSet {
  readonly status: IntervalStatus;
  /** What produced them: the covariance's `kind` (e.g. 'observed-information', 'pollard'), 'bootstrap', 'posterior'. */
  readonly kind: string;
  /** Why not `ok`. */
  readonly reason?: string;
  /** How many refits (bootstrap) or draws (posterior) they were read from; absent for Wald intervals. */
  readonly draws?: number;
  /** Estimand key → its SE and interval; empty unless `ok`. */
  readonly values: Readonly<Record<string, EstimandInterval>>;
}

/** The uncertainty of one fit: one entry per method that was asked for and applies to the estimator. */
export type FitInference = Readonly<Partial<Record<IntervalMethod, IntervalSet>>>;

/** An interval set with no values, saying why. */
export function noIntervals(status: Exclude<IntervalStatus, 'ok'>, kind: string, reason: string, draws?: number): IntervalSet {
  return { status, kind, reason, ...(draws === undefined ? {} : { draws }), values: {} };
}

/** The two-sided normal critical value z = Φ⁻¹(1 − (1 − level)/2) of a nominal level in (0, 1). */
export { normalCritical } from './normalCritical.js';
