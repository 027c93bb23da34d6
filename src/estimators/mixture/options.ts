/**
 * Option types of the mixture-model estimators (EM and classification EM), which share the covariance models and
 * the parameters a start can be given. Names, allowed values and defaults as configs and the CLI see them are
 * declared once, in each method's descriptor (./emDescriptor.ts, ./cemDescriptor.ts).
 */

/** Spherical covariance models: one σ shared (mclust E/EII), σ_k per component (V/VII), or σ fixed (εI). */
export type CovarianceModel = 'equal' | 'unequal' | 'fixed';

/** Parameters used to start EM/CEM at a given point ('given' init, warm starts). */
export interface MixtureParameters {
  /** K×d row-major. */
  means: Float64Array;
  weights: Float64Array;
  /** One per component. */
  sigmas: Float64Array;
}

/** EM for spherical Gaussian mixtures (Dempster, Laird & Rubin 1977), accelerated by Newton steps or SQUAREM (Varadhan & Roland 2008). */
export interface EMOptions {
  /** Default 'equal'. */
  covariance?: CovarianceModel;
  /** Required when covariance = 'fixed': the fixed standard deviation σ (covariance σ²I). */
  sigma?: number;
  /** Mixing weights estimated (default) or held at 1/K. */
  weights?: 'estimated' | 'equal';
  /** Start from a k-means fit (default), from k-means++ seeds, or from given parameters. */
  init?: 'kmeans' | 'kmeans++' | MixtureParameters;
  /** Independent restarts (different initialisation draws); the highest log-likelihood wins. Default 1. */
  restarts?: number;
  /**
   * Converged when the predicted gain to the maximum, log L(θ̂) − log L(θ), is ≤ tol (absolute, so θ is within
   * √(2·tol) standard errors of θ̂; emStopping.ts). Default 1e-10.
   */
  tol?: number;
  /** Default 10000. */
  maxIter?: number;
  /**
   * 'auto' (default): Newton–Raphson steps where the model allows them (d = 1, K = 2, covariance 'equal' or
   * 'fixed'; emNewton.ts); elsewhere quasi-Newton steps from a subsample's fit on n ≥ 1e4 points
   * (emNewtonGeneral.ts) and SQUAREM below. 'newton' insists on the former (an error elsewhere); 'squarem' and
   * 'none' (plain EM steps) force those.
   */
  accelerate?: 'auto' | 'newton' | 'squarem' | 'none';
  /**
   * Newton and quasi-Newton runs on n ≥ 1e4 points first fit every 10th point and start the full-data steps
   * there ('subsample', default; emNewton.ts runNewtonWarm, emNewtonGeneral.ts), or ('none') Newton starts from
   * the initialisation directly and 'auto' takes SQUAREM where it would take quasi-Newton. Ignored by SQUAREM
   * and plain EM.
   */
  warmStart?: 'subsample' | 'none';
  /** Lower bound on any σ_k² relative to the total data variance; hitting it is reported as 'degenerate'. Default 1e-8. */
  varianceFloor?: number;
  /**
   * Which large-sample covariance model-based standard errors use (./mixtureInformation.ts): the inverse observed
   * information ('observed', default) or the sandwich I⁻¹JI⁻¹ ('sandwich', robust to a wrong model). Does not
   * change the fit.
   */
  seMethod?: 'observed' | 'sandwich';
}

/** Classification EM (Celeux & Govaert 1992): hard assignments, maximising the classification likelihood. */
export interface CEMOptions {
  /** 'fixed' is not offered: with fixed σ and equal weights CEM is k-means. Default 'equal'. */
  covariance?: 'equal' | 'unequal';
  weights?: 'estimated' | 'equal';
  /** As for EM: k-means (default), k-means++ seeds, or given parameters (run once whatever `restarts` says). */
  init?: 'kmeans' | 'kmeans++' | MixtureParameters;
  /** Default 1. */
  restarts?: number;
  /** Stops when the partition no longer changes, or after maxIter (default 10000). */
  maxIter?: number;
  /** As for EM (default 1e-8). */
  varianceFloor?: number;
}
