/**
 * What an estimator *is*, said once: its method name, its options (names, types, defaults, documentation), what
 * data it can fit, what it estimates, a sentence for reports, and `fit`. Config validation, the `fit` command's
 * flags, the theory beside each cell, the regression invariants and the report narrative all read descriptors
 * from the registry (./registry.ts); none of them switches on a method name (scikit-learn's interchangeable
 * estimators). Options are declared as plain data, not as a zod schema, so a worker thread that only fits never
 * loads the validation library (src/config/estimatorSchema.ts builds the schema from the declaration).
 */
import type { Dataset, Fit, ParameterCovariance, Rng } from '../types.js';

/** One option of an estimator: its type, range, default and a one-line documentation. */
export type OptionSpec =
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly default?: string; readonly doc: string }
  | { readonly type: 'integer'; readonly min: number; readonly default?: number; readonly doc: string }
  | { readonly type: 'positive'; readonly default?: number; readonly doc: string }
  /** A finite real number in [min, max] (either bound optional), e.g. a trimming fraction or a shift. */
  | { readonly type: 'number'; readonly min?: number; readonly max?: number; readonly default?: number; readonly doc: string };

export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

/** A declaration with exactly the option names of the options type `O` (checked at compile time with `satisfies`). */
export type OptionsSpecFor<O> = { readonly [K in keyof Required<O>]: OptionSpec };

/** The shape of the data a fit is asked for. */
export interface FitShape {
  readonly d: number;
  readonly K: number;
}

/** A problem with a combination of option values: `path` is the option's name. */
export interface OptionProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * What the estimates converge to as n → ∞, which decides the theory drawn beside them and the invariants a
 * regression check tests:
 * - `kmeans-limit`: the minimiser of the population within-cluster sum of squares (Pollard 1981), not the
 *   truth (Bryant & Williamson 1978);
 * - `mixture-mle`: the maximum-likelihood estimate of a spherical mixture model, consistent for the truth when
 *   the model contains it (σ shared, per component or fixed; weights estimated or held at 1/K) — and the
 *   posterior mean of that model under a fixed prior (Gibbs, variational Bayes), which by Bernstein–von Mises
 *   shares the MLE's limit and Fisher sd∞, the prior's pull being O(1/n);
 * - `none`: no population target is known (classification EM, whose limit is neither).
 */
export type EstimationTarget =
  | { readonly kind: 'kmeans-limit' }
  | { readonly kind: 'mixture-mle'; readonly covariance: 'equal' | 'unequal' | 'fixed'; readonly sigma?: number; readonly weights: 'estimated' | 'equal' }
  | { readonly kind: 'none' };

export interface EstimatorDescriptor<Options = Record<string, unknown>> {
  /** The name configs and the CLI use (`"method": "kmeans"`). */
  readonly method: string;
  /** One line: what the method computes and how. */
  readonly summary: string;
  readonly options: OptionsSpec;
  /** Problems with combinations of option values (each option alone is checked against `options`). */
  optionProblems(options: Options): OptionProblem[];
  /** Why this method cannot fit data of this shape with these options, or null when it can. */
  unsupported(options: Options, shape: FitShape): string | null;
  target(options: Options): EstimationTarget;
  /** One sentence for reports, with the options as configured; numbers written by the report's `formatNumber`. */
  describe(options: Options, formatNumber: (x: number) => string): string;
  /** Pure: no I/O, randomness only from `rng`; invalid input throws, a failed fit is reported in the Fit. */
  fit(data: Dataset, K: number, options: Options, rng: Rng): Fit;
  /**
   * The large-sample covariance of `fit`'s parameters estimated from `data` (src/types.ts ParameterCovariance),
   * for model-based standard errors and Wald intervals; absent when the estimator has no such theory (then only
   * the bootstrap gives it intervals). Pure and deterministic like `fit`; called only when a study asks for SEs.
   */
  covariance?(data: Dataset, fit: Fit, options: Options): ParameterCovariance;
}

/** The options with every declared default filled in where the caller left the option out. */
export function withDefaults<O extends object>(spec: OptionsSpec, options: O): O {
  const out: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const [name, s] of Object.entries(spec)) {
    if (out[name] === undefined && s.default !== undefined) out[name] = s.default;
  }
  return out as O;
}

/** "1 start" / "10 starts (best kept)". */
export function startsText(restarts: number | undefined): string {
  const r = restarts ?? 1;
  return r === 1 ? '1 start' : `${r} starts (best kept)`;
}
