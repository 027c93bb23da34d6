/**
 * Mean-field variational Bayes for the spherical Gaussian mixture: exactly the model and coordinate-ascent
 * updates of scikit-learn's BayesianGaussianMixture with weight_concentration_prior_type='dirichlet_distribution'
 * and covariance_type='spherical' (sklearn/mixture/_bayesian_mixture.py, version 1.2; Bishop 2006, §10.2), with
 * the prior of ./prior.ts. q(z) q(π) Πₖ q(μₖ, λₖ): q(π) = Dirichlet(αₖ), q(μₖ | λₖ) = N(mₖ, (κₖλₖ)⁻¹ I),
 * q(λₖ) with νₖ degrees of freedom and mean 1/cₖ, where (Nₖ, x̄ₖ, sₖ the responsibility-weighted count, mean and
 * per-coordinate variance, plus scikit-learn's 10·eps in Nₖ and reg_covar in sₖ)
 *
 *   αₖ = α₀ + Nₖ,  κₖ = κ₀ + Nₖ,  mₖ = (κ₀m₀ + Nₖx̄ₖ)/κₖ,  νₖ = ν₀ + Nₖ,
 *   cₖ = (s₀² + Nₖ(sₖ + κ₀/κₖ · mean_j (x̄ₖⱼ − m₀ⱼ)²)) / νₖ,
 *
 * and the responsibilities rᵢₖ ∝ exp(ψ(αₖ) − ψ(Σα) − ½d log 2π − ½‖xᵢ − mₖ‖²/cₖ − ½d log cₖ − ½d log νₖ
 * + ½(d log 2 + Σ_{j<d} ψ((νₖ − j)/2) − d/κₖ)). The objective is scikit-learn's lower bound (`lower_bound_`, the
 * ELBO without its constant terms): −Σ r log r − Σₖ log W(νₖ) − log C(α) − ½d Σₖ log κₖ, with
 * log W(ν) = −(ν(½d log cₖ⁻¹ − ½d log νₖ) + ½νd log 2 + Σ_{j<d} log Γ((ν − j)/2)) and C the Dirichlet normaliser.
 * Iterations (E-step, M-step, bound) start from the M-step of a k-means partition (scikit-learn's
 * init_params='kmeans') and stop when the bound changes by less than `tol` (absolute, as scikit-learn).
 *
 * The estimates are posterior means under q: mₖ, αₖ/Σα (scikit-learn's weights_) and E_q[σₖ] = E[λₖ^{−1/2}]
 * with q(λₖ) = Gamma(νₖ/2, rate νₖcₖ/2) — scikit-learn's mean 1/cₖ, and in d = 1 exactly its q; in d > 1 its
 * spherical update mixes a d-dimensional Wishart expectation into a scalar precision, which no distribution of λ
 * reproduces, so the draws use this gamma with the same mean. S draws of θ from q (π ~ Dirichlet(α),
 * λₖ ~ Gamma, μₖ ~ N(mₖ, (κₖλₖ)⁻¹ I)) give its credible intervals; mean-field q is known to be too narrow
 * (Bishop 2006, §10.1.2; Wang & Titterington 2005), which the study measures rather than assumes.
 */
import type { Dataset, Fit, Rng } from '../../types.js';
import { kmeans } from '../kmeans/kmeans.js';
import { assignNearest } from '../kmeans/lloyd.js';
import { validateInput } from '../validateInput.js';
import { mixtureLogLikelihood } from './posteriorDraws.js';
import { resolvePrior, type Prior, type PriorOptions } from './prior.js';
import { dirichletVariate, gammaVariate } from './random.js';
import { digamma, logGamma } from './specialFunctions.js';

export interface VariationalOptions extends PriorOptions {
  /** Stop when the lower bound changes by less than this (absolute; default 1e-10). */
  tol?: number;
  /** Default 10000. */
  maxIter?: number;
  /** Draws of θ from q for credible intervals (default 4000). */
  draws?: number;
}

export const VARIATIONAL_DEFAULTS = { tol: 1e-10, maxIter: 10000, draws: 4000 } as const;

const EPS10 = 10 * Number.EPSILON;
const LOG_2PI = Math.log(2 * Math.PI);

/** The variational parameters, component by component (scikit-learn's attribute in brackets). */
export interface VariationalPosterior {
  /** αₖ (weight_concentration_). */
  readonly alpha: Float64Array;
  /** κₖ (mean_precision_). */
  readonly kappa: Float64Array;
  /** mₖ, K×d (means_). */
  readonly means: Float64Array;
  /** νₖ (degrees_of_freedom_). */
  readonly nu: Float64Array;
  /** cₖ (covariances_). */
  readonly c: Float64Array;
  /** The lower bound at the last iteration (lower_bound_). */
  readonly lowerBound: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Coordinate ascent from the hard partition `labels` (0..K−1 per point) to convergence; `data` are used as
 * given (the caller may centre them: every update is translation-equivariant with m₀ moved alike).
 */
export function variationalPosterior(data: Dataset, K: number, prior: Prior, labels: Int32Array, o: { tol: number; maxIter: number; regCovar: number }): VariationalPosterior {
  const { x, n, d } = data;
  const resp = new Float64Array(n * K);
  for (let i = 0; i < n; i++) resp[i * K + labels[i]] = 1;
  const alpha = new Float64Array(K);
  const kappa = new Float64Array(K);
  const means = new Float64Array(K * d);
  const nu = new Float64Array(K);
  const c = new Float64Array(K);
  const nk = new Float64Array(K);
  const xk = new Float64Array(K * d);
  const x2 = new Float64Array(K * d);
  const mStep = (): void => {
    nk.fill(0);
    xk.fill(0);
    x2.fill(0);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) {
        const r = resp[i * K + k];
        nk[k] += r;
        for (let t = 0; t < d; t++) {
          const v = x[i * d + t];
          xk[k * d + t] += r * v;
          x2[k * d + t] += r * v * v;
        }
      }
    }
    for (let k = 0; k < K; k++) {
      const N = nk[k] + EPS10;
      let s = 0;
      let diff2 = 0;
      for (let t = 0; t < d; t++) {
        const mean = xk[k * d + t] / N;
        xk[k * d + t] = mean;
        s += x2[k * d + t] / N - mean * mean + o.regCovar;
        diff2 += (mean - prior.m0[t]) ** 2;
      }
      s /= d;
      diff2 /= d;
      alpha[k] = prior.alpha + N;
      kappa[k] = prior.kappa0 + N;
      for (let t = 0; t < d; t++) means[k * d + t] = (prior.kappa0 * prior.m0[t] + N * xk[k * d + t]) / kappa[k];
      nu[k] = prior.nu0 + N;
      c[k] = (prior.s0sq + N * (s + (prior.kappa0 / kappa[k]) * diff2)) / nu[k];
    }
  };
  const logW = new Float64Array(K); // E_q log πₖ + the component constants of the E-step
  const eStepAndEntropy = (): number => {
    let alphaSum = 0;
    for (let k = 0; k < K; k++) alphaSum += alpha[k];
    const psiSum = digamma(alphaSum);
    for (let k = 0; k < K; k++) {
      let logLambda = d * Math.LN2;
      for (let j = 0; j < d; j++) logLambda += digamma(0.5 * (nu[k] - j));
      logW[k] = digamma(alpha[k]) - psiSum - 0.5 * d * LOG_2PI - 0.5 * d * Math.log(c[k]) - 0.5 * d * Math.log(nu[k]) + 0.5 * (logLambda - d / kappa[k]);
    }
    let entropy = 0;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let q = 0;
        for (let t = 0; t < d; t++) q += (x[i * d + t] - means[k * d + t]) ** 2;
        const lp = logW[k] - (0.5 * q) / c[k];
        resp[i * K + k] = lp;
        if (lp > max) max = lp;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(resp[i * K + k] - max);
      const norm = max + Math.log(sum);
      for (let k = 0; k < K; k++) {
        const lr = resp[i * K + k] - norm;
        const r = Math.exp(lr);
        resp[i * K + k] = r;
        if (r > 0) entropy -= r * lr;
      }
    }
    return entropy;
  };
  const bound = (entropy: number): number => {
    let alphaSum = 0;
    let lgSum = 0;
    let wishart = 0;
    let logKappa = 0;
    for (let k = 0; k < K; k++) {
      alphaSum += alpha[k];
      lgSum += logGamma(alpha[k]);
      const logDetChol = -0.5 * d * Math.log(c[k]) - 0.5 * d * Math.log(nu[k]);
      let lg = 0;
      for (let j = 0; j < d; j++) lg += logGamma(0.5 * (nu[k] - j));
      wishart += -(nu[k] * logDetChol + nu[k] * d * 0.5 * Math.LN2 + lg);
      logKappa += Math.log(kappa[k]);
    }
    const logNormWeight = logGamma(alphaSum) - lgSum;
    return entropy - wishart - logNormWeight - 0.5 * d * logKappa;
  };
  mStep();
  let lowerBound = -Infinity;
  let iterations = 0;
  let converged = false;
  for (let it = 1; it <= o.maxIter; it++) {
    const prev = lowerBound;
    const entropy = eStepAndEntropy();
    mStep();
    lowerBound = bound(entropy);
    iterations = it;
    if (Math.abs(lowerBound - prev) < o.tol) {
      converged = true;
      break;
    }
  }
  return { alpha, kappa, means, nu, c, lowerBound, iterations, converged };
}

/** E[λ^{−1/2}] for λ ~ Gamma(shape a, rate b), a > ½: √b Γ(a − ½)/Γ(a). */
function meanInverseSqrt(a: number, b: number): number {
  return Math.sqrt(b) * Math.exp(logGamma(a - 0.5) - logGamma(a));
}

export function fitVariational(data: Dataset, K: number, options: VariationalOptions, rng: Rng): Fit {
  validateInput(data, K);
  const { n, d } = data;
  if (n < 2) throw new Error(`data: variational Bayes needs n ≥ 2 points (got ${n})`);
  const prior = resolvePrior(data, options);
  if (!(prior.s0sq > 0)) throw new Error('data: every point is the same, so the prior scale (the data variance) is 0');
  if (!(prior.nu0 > d - 1)) throw new Error(`degreesOfFreedom must exceed d − 1 = ${d - 1} (got ${prior.nu0}), as in scikit-learn`);
  const tol = options.tol ?? VARIATIONAL_DEFAULTS.tol;
  const maxIter = options.maxIter ?? VARIATIONAL_DEFAULTS.maxIter;
  const S = options.draws ?? VARIATIONAL_DEFAULTS.draws;
  // The k-means partition of the start (scikit-learn: KMeans(n_init=1) labels).
  const start = kmeans.fit(data, K, {}, rng);
  const labels = new Int32Array(n);
  assignNearest(data, start.means, K, labels);
  // Centred copy: the updates are translation-equivariant, and sums of squares lose less precision.
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) x[i * d + t] = data.x[i * d + t] - prior.m0[t];
  const centredPrior: Prior = { ...prior, m0: new Float64Array(d) };
  // reg_covar 0: scikit-learn's default 1e-6 is in squared data units and would break scale equivariance.
  const q = variationalPosterior({ x, n, d }, K, centredPrior, labels, { tol, maxIter, regCovar: 0 });

  const means = new Float64Array(K * d);
  for (let k = 0; k < K; k++) for (let t = 0; t < d; t++) means[k * d + t] = q.means[k * d + t] + prior.m0[t];
  let alphaSum = 0;
  for (let k = 0; k < K; k++) alphaSum += q.alpha[k];
  const weights = q.alpha.map((a) => a / alphaSum);
  const sigmas = new Float64Array(K);
  let empty = -1;
  for (let k = 0; k < K; k++) {
    const shape = 0.5 * q.nu[k];
    const rate = 0.5 * q.nu[k] * q.c[k];
    sigmas[k] = shape > 0.5 ? meanInverseSqrt(shape, rate) : Math.sqrt(q.c[k]);
    if (q.alpha[k] - prior.alpha < 1 && empty < 0) empty = k;
  }
  const P = K * d + 2 * K;
  const draws = new Float64Array(S * P);
  const pi = new Float64Array(K);
  for (let s = 0; s < S; s++) {
    const o = s * P;
    dirichletVariate(rng, q.alpha, pi);
    for (let k = 0; k < K; k++) {
      const lambda = gammaVariate(rng, 0.5 * q.nu[k]) / (0.5 * q.nu[k] * q.c[k]);
      const sd = 1 / Math.sqrt(q.kappa[k] * lambda);
      for (let t = 0; t < d; t++) draws[o + k * d + t] = means[k * d + t] + sd * rng.normal();
      draws[o + K * d + k] = pi[k];
      draws[o + K * d + K + k] = 1 / Math.sqrt(lambda);
    }
  }
  const logLik = mixtureLogLikelihood(data, K, means, weights, sigmas);
  const status = !q.converged ? 'not-converged' : empty >= 0 ? 'degenerate' : 'ok';
  return {
    K,
    d,
    means,
    weights,
    sigmas,
    logLik,
    objective: q.lowerBound,
    iterations: q.iterations,
    converged: q.converged,
    status,
    ...(status === 'not-converged'
      ? { message: `the lower bound still moved by ≥ ${tol} after ${maxIter} iterations` }
      : status === 'degenerate'
        ? { message: `component ${empty} holds less than one point of responsibility (it lost its mass)` }
        : {}),
    draws,
  };
}
