/**
 * Shared data contracts (docs/ARCHITECTURE.md §3). Data sets are row-major n×d `Float64Array`s so hot loops never touch
 * per-point objects; fits are plain data so they cross worker boundaries and serialise without adapters.
 */

/** n points in d dimensions, row-major: coordinate j of point i is `x[i * d + j]`. */
export interface Dataset {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
}

/** Why a fit did not end normally. `ok` fits may still have `converged: false` only when status says so. */
export type FitStatus =
  | 'ok'
  | 'not-converged' // hit maxIter before the tolerance
  | 'degenerate' // a variance collapsed to the floor or a component lost all its mass
  | 'empty-cluster' // an empty cluster that could not be repaired
  | 'not-mixed'; // MCMC: a split-R̂ above its bound or a bulk ESS below it (src/estimators/bayes/posteriorDraws.ts)

/** The result of every estimator (scikit-learn-style uniformity: the runner never special-cases a method). */
export interface Fit {
  readonly K: number;
  readonly d: number;
  /** K×d row-major component means / cluster centres. */
  readonly means: Float64Array;
  /** Mixing proportions; for k-means the cluster proportions of the fitted partition. */
  readonly weights: Float64Array;
  /** Per-component standard deviations (repeated when shared); null where the model has none (k-means). */
  readonly sigmas: Float64Array | null;
  /** Σᵢ log Σₖ πₖ N(xᵢ | μₖ, σₖ² I); null where undefined (k-means). */
  readonly logLik: number | null;
  /** What the method optimises: k-means inertia (minimised), EM log-likelihood, CEM classification log-likelihood. */
  readonly objective: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly status: FitStatus;
  /** Human-readable detail for a non-ok status (e.g. which component hit the variance floor). */
  readonly message?: string;
  /** What is known about whether this is the global optimum of `objective`; absent where the estimator does not say (EM, CEM). */
  readonly search?: FitSearch;
  /**
   * Posterior draws of θ (see {@link parameterCount}), S×P row-major, relabelled so that component k of every
   * draw is component k of this fit; only Bayesian estimators have them. Credible intervals of every estimand
   * are read from them (docs/ARCHITECTURE.md §3 Uncertainty).
   */
  readonly draws?: Float64Array;
  /**
   * Per-fit diagnostics beyond the fixed ones (MCMC split-R̂ and bulk ESS per estimand), copied into the row's
   * values under the prefix `diag.` (src/estimands/names.ts FIT_DIAGNOSTICS_PREFIX); a component index in a
   * key (`rhat.means.<k>.<j>`) is this fit's own and is renamed to the aligned true component there.
   */
  readonly diagnostics?: Readonly<Record<string, number>>;
  /**
   * The observed information at the returned θ when the fit's own last pass formed it (EM's Newton path,
   * src/estimators/mixture/em.ts), so that the estimator's covariance needs no pass of its own; absent
   * otherwise. Plain data; never written to a row.
   */
  readonly information?: FitInformation;
}

/**
 * −∇² log L at a fit's θ: P×P row-major over the free parameters `names` (src/estimators/mixture/mixtureInformation.ts
 * freeParameters, whose names and order these are), with means and σ's in units of `unit` (entry (a, b) is
 * unit^(e_a + e_b) times its value in the data's units, e = 1 for a mean or σ, 0 for a weight).
 */
export interface FitInformation {
  readonly names: readonly string[];
  readonly unit: number;
  readonly matrix: Float64Array;
}

/**
 * The number P of entries of the parameter vector θ that every uncertainty refers to, in the fit's own
 * component order: the means (K·d, row-major), then the weights (K), then the σ's (K) when the fit has them
 * (`Fit.sigmas !== null`; a shared σ is repeated, so the covariance is singular there, which the delta method
 * does not mind).
 */
export function parameterCount(K: number, d: number, hasSigmas: boolean): number {
  return K * d + K + (hasSigmas ? K : 0);
}

/**
 * The sampling covariance of a fit's θ (P×P row-major, P = {@link parameterCount}) as the estimator's own
 * large-sample theory estimates it from the sample: the inverse observed information for a mixture MLE
 * (Louis 1982) or its sandwich, Pollard's (1982) CLT sandwich for k-means centres. An entry that the theory
 * does not give (e.g. k-means weights) is NaN, and every SE depending on it is missing. When no covariance can
 * be formed the status says why instead of returning NaNs.
 */
export type ParameterCovariance =
  | { readonly status: 'ok'; readonly kind: string; readonly matrix: Float64Array }
  | { readonly status: 'singular' | 'not-negative-definite' | 'unavailable'; readonly kind: string; readonly reason: string };

/**
 * Whether a fit is the estimator's (the global optimum of its objective) or possibly only an algorithm's local
 * optimum. An exact algorithm knows it is global; a local search with restarts knows only the best objective it
 * found and how many restarts reached it, which estimates how often one start misses that optimum.
 */
export interface FitSearch {
  /** True only when the algorithm guarantees the global optimum (kmeans-exact). */
  readonly global: boolean;
  /** Independent starts run (1 for an exact algorithm). */
  readonly restarts: number;
  /** Starts that ended within a relative tolerance of the best objective found (1 ≤ restartsAtBest ≤ restarts). */
  readonly restartsAtBest: number;
}

/** A source of uniform and standard-normal deviates. Estimators draw randomness only from the one they are given. */
export interface Rng {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}
