/**
 * Gibbs sampling for the Bayesian spherical Gaussian mixture (Diebolt & Robert 1994, JRSS B 56:363–375; the
 * data-augmentation sampler of Marin, Mengersen & Robert 2005, §4.1) with the conjugate prior of ./prior.ts.
 * Each sweep draws the allocations z given θ, then θ given z in one block: π ~ Dirichlet(α + n), and for each
 * component (σ², μ) jointly from its normal–inverse-gamma posterior — σₖ² ~ IG(ν₀/2 + nₖd/2,
 * s₀²/2 + ½Sₖ + ½κ₀nₖ/(κ₀ + nₖ)‖x̄ₖ − m₀‖²), then μₖ ~ N((κ₀m₀ + nₖx̄ₖ)/(κ₀ + nₖ), σₖ²/(κ₀ + nₖ) I) — with Sₖ
 * the within-component sum of squares (Bernardo & Smith 1994, §5.2). A shared σ pools the sums over the
 * components; a fixed σ (the "σ known" model) skips that draw; weights held at 1/K skip the Dirichlet.
 *
 * Data augmentation alone mixes slowly when the components overlap (its autocorrelation is EM's rate of
 * convergence, the fraction of missing information: Liu, Wong & Kong 1994, Biometrika 81:27–40; on
 * 0.5·N(−1,1) + 0.5·N(1,1) the integrated autocorrelation time of a mean is in the hundreds of sweeps), so
 * every sweep after burn-in is preceded by one random-walk Metropolis step on θ with z integrated out
 * (Metropolis-within-Gibbs, a composition of kernels that each leave the posterior invariant: Tierney 1994,
 * Ann. Statist. 22:1701–1762), on φ = (μ, log σ², log πₖ/π_K) with the Jacobian in the target and the
 * proposal covariance 2.38²/dim · Σ̂ of φ over the second half of burn-in (Roberts, Gelman & Gilks 1997;
 * Haario, Saksman & Tamminen 2001), fixed after burn-in so the kept chain is a time-homogeneous Markov chain.
 * When the Metropolis step is accepted the allocations are redrawn at the new θ before θ | z.
 *
 * Several chains start from dispersed points: means at k-means++ seeds (./../kmeans/kmeansPlusPlus.ts, random
 * data points spread apart, different in every chain), every σ² at the data variance (above any component's),
 * equal weights. After burn-in each chain keeps `draws` sweeps; the draws are relabelled (./relabel.ts: the
 * means ordered in d = 1, pivotal reordering otherwise), the fit is their posterior mean, and split-R̂ and bulk
 * ESS of every estimand decide whether the chains mixed (./posteriorDraws.ts): if not, status 'not-mixed'.
 *
 * The sampler works on the data centred at their mean (m₀ = 0 there); the allocation step is per-point
 * allocation-free over Float64Arrays; randomness comes only from the given Rng.
 */
import type { Dataset, Fit, Rng } from '../../types.js';
import { seedPlusPlus } from '../kmeans/kmeansPlusPlus.js';
import { fastExp, HALF_LOG_2PI } from '../mixture/emMath.js';
import { validateInput } from '../validateInput.js';
import { mixingDiagnostics, mixtureLogLikelihood, posteriorMeans } from './posteriorDraws.js';
import { resolvePrior, type Prior, type PriorOptions } from './prior.js';
import { dirichletVariate, gammaVariate } from './random.js';
import { relabelByOrder, relabelToPivot } from './relabel.js';

export interface GibbsOptions extends PriorOptions {
  /** One σ shared ('equal', default), one per component ('unequal'), or σ known ('fixed', with `sigma`). */
  covariance?: 'equal' | 'unequal' | 'fixed';
  /** The known σ with covariance 'fixed'. */
  sigma?: number;
  /** Weights with a Dirichlet prior ('estimated', default) or held at 1/K ('equal'). */
  weights?: 'estimated' | 'equal';
  /** Independent chains (default 4). */
  chains?: number;
  /** Sweeps discarded at the start of every chain, the second half adapting the Metropolis proposal (default 1000). */
  burnIn?: number;
  /** Sweeps kept per chain after burn-in (default 1000). */
  draws?: number;
  /** Largest split-R̂ of a mixed fit (default 1.01, Vehtari et al. 2021). */
  rhatMax?: number;
  /** Smallest bulk ESS of a mixed fit (default 400, Vehtari et al. 2021: 100 per chain for 4 chains). */
  essMin?: number;
}

export const GIBBS_DEFAULTS = { chains: 4, burnIn: 1000, draws: 1000, rhatMax: 1.01, essMin: 400 } as const;

interface Work {
  readonly x: Float64Array; // centred data
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly mu: Float64Array; // K×d
  readonly s2: Float64Array; // K
  readonly pi: Float64Array; // K
  readonly nk: Float64Array;
  readonly sx: Float64Array; // K×d
  readonly sxx: Float64Array; // K
  readonly c: Float64Array; // log πₖ − (d/2) log σₖ²
  readonly h: Float64Array; // 1/(2σₖ²)
  readonly p: Float64Array; // per-point scratch
}

/**
 * Allocation step: draws z for every point given θ in `w` and accumulates the sufficient statistics nₖ, Σx, Σ‖x‖².
 * Returns the observed-data log-likelihood at θ when `withLogLik` (one log per point), else 0.
 */
function allocate(w: Work, rng: Rng, withLogLik: boolean): number {
  const { x, n, d, K, mu, s2, pi, nk, sx, sxx, c, h, p } = w;
  for (let k = 0; k < K; k++) {
    c[k] = Math.log(pi[k]) - 0.5 * d * Math.log(s2[k]);
    h[k] = 0.5 / s2[k];
  }
  nk.fill(0);
  sx.fill(0);
  sxx.fill(0);
  if (d === 1 && K === 2) return allocate1d2(w, rng, withLogLik);
  let logLik = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let max = -Infinity;
    let norm = 0;
    for (let t = 0; t < d; t++) norm += x[o + t] * x[o + t];
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let t = 0; t < d; t++) {
        const e = x[o + t] - mu[k * d + t];
        q += e * e;
      }
      const lp = c[k] - h[k] * q;
      p[k] = lp;
      if (lp > max) max = lp;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += p[k] = fastExp(p[k] - max);
    if (withLogLik) logLik += max + Math.log(sum);
    let u = rng.uniform() * sum;
    let j = K - 1;
    for (let k = 0; k < K - 1; k++) {
      if (u < p[k]) {
        j = k;
        break;
      }
      u -= p[k];
    }
    nk[j] += 1;
    sxx[j] += norm;
    for (let t = 0; t < d; t++) sx[j * d + t] += x[o + t];
  }
  return withLogLik ? logLik - n * d * HALF_LOG_2PI : 0;
}

/**
 * allocate for d = 1, K = 2 (the canonical study): P(z = 1) = 1/(1 + e^{lp₀ − lp₁}), one exponential per point;
 * the same draws as the general loop (u·(p₀ + p₁) < p₀ ⇔ u < p₀/(p₀ + p₁)) up to rounding.
 */
function allocate1d2(w: Work, rng: Rng, withLogLik: boolean): number {
  const { x, n, mu, nk, sx, sxx, c, h } = w;
  const m0 = mu[0];
  const m1 = mu[1];
  const c0 = c[0];
  const c1 = c[1];
  const h0 = h[0];
  const h1 = h[1];
  let n1 = 0;
  let s0 = 0;
  let s1 = 0;
  let q0 = 0;
  let q1 = 0;
  let logLik = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const e0 = v - m0;
    const e1 = v - m1;
    const a = c0 - h0 * e0 * e0;
    const b = c1 - h1 * e1 * e1;
    // p₀/(p₀ + p₁) = 1/(1 + e^{b − a}).
    const t = fastExp(b - a);
    if (withLogLik) logLik += a > b ? a + Math.log1p(t) : b + Math.log1p(fastExp(a - b));
    if (rng.uniform() * (1 + t) < 1) {
      s0 += v;
      q0 += v * v;
    } else {
      n1++;
      s1 += v;
      q1 += v * v;
    }
  }
  nk[0] = n - n1;
  nk[1] = n1;
  sx[0] = s0;
  sx[1] = s1;
  sxx[0] = q0;
  sxx[1] = q1;
  return withLogLik ? logLik - n * HALF_LOG_2PI : 0;
}

interface Model {
  readonly covariance: 'equal' | 'unequal' | 'fixed';
  readonly sigma2: number; // fixed σ² (NaN unless fixed)
  readonly weights: 'estimated' | 'equal';
  readonly prior: Prior;
}

/** Parameter step: θ | z from the conjugate posterior (centred data: m₀ = 0). */
function drawParameters(w: Work, m: Model, rng: Rng, alphaPost: Float64Array): void {
  const { d, K, n, mu, s2, pi, nk, sx, sxx } = w;
  const { kappa0, nu0, s0sq, alpha } = m.prior;
  if (m.weights === 'estimated') {
    for (let k = 0; k < K; k++) alphaPost[k] = alpha + nk[k];
    dirichletVariate(rng, alphaPost, pi);
  }
  // q[k] = Sₖ + κ₀nₖ/(κ₀ + nₖ)‖x̄ₖ‖², with Sₖ = Σ‖x‖² − nₖ‖x̄ₖ‖²; reuses sxx as storage once read.
  for (let k = 0; k < K; k++) {
    const nK = nk[k];
    let mean2 = 0;
    if (nK > 0) for (let t = 0; t < d; t++) mean2 += (sx[k * d + t] / nK) ** 2;
    const within = Math.max(0, sxx[k] - nK * mean2);
    sxx[k] = within + ((kappa0 * nK) / (kappa0 + nK)) * mean2;
  }
  if (m.covariance === 'fixed') {
    s2.fill(m.sigma2);
  } else if (m.covariance === 'equal') {
    let q = 0;
    for (let k = 0; k < K; k++) q += sxx[k];
    s2.fill((0.5 * s0sq + 0.5 * q) / gammaVariate(rng, 0.5 * nu0 + 0.5 * n * d));
  } else {
    for (let k = 0; k < K; k++) s2[k] = (0.5 * s0sq + 0.5 * sxx[k]) / gammaVariate(rng, 0.5 * nu0 + 0.5 * nk[k] * d);
  }
  for (let k = 0; k < K; k++) {
    const prec = kappa0 + nk[k];
    const sd = Math.sqrt(s2[k] / prec);
    for (let t = 0; t < d; t++) mu[k * d + t] = sx[k * d + t] / prec + sd * rng.normal();
  }
}

/** log prior density of θ up to a constant (centred data: m₀ = 0). */
function logPrior(mu: Float64Array, s2: Float64Array, pi: Float64Array, K: number, d: number, m: Model): number {
  const { kappa0, nu0, s0sq, alpha } = m.prior;
  let lp = 0;
  if (m.weights === 'estimated') for (let k = 0; k < K; k++) lp += (alpha - 1) * Math.log(pi[k]);
  for (let k = 0; k < K; k++) {
    let q = 0;
    for (let t = 0; t < d; t++) q += mu[k * d + t] ** 2;
    lp += -0.5 * d * Math.log(s2[k] / kappa0) - (0.5 * kappa0 * q) / s2[k];
  }
  if (m.covariance === 'unequal') for (let k = 0; k < K; k++) lp += -(0.5 * nu0 + 1) * Math.log(s2[k]) - (0.5 * s0sq) / s2[k];
  else if (m.covariance === 'equal') lp += -(0.5 * nu0 + 1) * Math.log(s2[0]) - (0.5 * s0sq) / s2[0];
  return lp;
}

/** Σᵢ log Σₖ πₖ N(xᵢ | μₖ, σₖ² I) on the centred data in `w`, at the given θ (c, h as scratch). */
function logLikAt(w: Work, mu: Float64Array, s2: Float64Array, pi: Float64Array): number {
  const { x, n, d, K, c, h, p } = w;
  for (let k = 0; k < K; k++) {
    c[k] = Math.log(pi[k]) - 0.5 * d * Math.log(s2[k]);
    h[k] = 0.5 / s2[k];
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let t = 0; t < d; t++) {
        const e = x[o + t] - mu[k * d + t];
        q += e * e;
      }
      const lp = c[k] - h[k] * q;
      p[k] = lp;
      if (lp > max) max = lp;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += fastExp(p[k] - max);
    total += max + Math.log(sum);
  }
  return total - n * d * HALF_LOG_2PI;
}

/**
 * The random-walk Metropolis step on φ = (μ, log σ², log πₖ/π_K): its dimension, the Cholesky factor of the
 * proposal covariance, and scratch. The target is the posterior of φ: log-likelihood + log prior + log
 * Jacobian (Σ log σ² over the free σ², Σₖ log πₖ for the additive log-ratio of the simplex).
 */
class Metropolis {
  readonly D: number;
  private readonly nSigma: number;
  private readonly nEta: number;
  private readonly sum: Float64Array;
  private readonly cross: Float64Array;
  private count = 0;
  private chol: Float64Array | null = null;
  private readonly phi: Float64Array;
  private readonly xi: Float64Array;
  readonly mu: Float64Array;
  readonly s2: Float64Array;
  readonly pi: Float64Array;
  accepted = 0;
  proposed = 0;

  constructor(private readonly K: number, private readonly d: number, private readonly m: Model) {
    this.nSigma = m.covariance === 'unequal' ? K : m.covariance === 'equal' ? 1 : 0;
    this.nEta = m.weights === 'estimated' ? K - 1 : 0;
    this.D = K * d + this.nSigma + this.nEta;
    this.sum = new Float64Array(this.D);
    this.cross = new Float64Array(this.D * this.D);
    this.phi = new Float64Array(this.D);
    this.xi = new Float64Array(this.D);
    this.mu = new Float64Array(K * d);
    this.s2 = new Float64Array(K);
    this.pi = new Float64Array(K);
  }

  private toPhi(mu: Float64Array, s2: Float64Array, pi: Float64Array, phi: Float64Array): void {
    const { K, d, nSigma, nEta } = this;
    phi.set(mu);
    for (let j = 0; j < nSigma; j++) phi[K * d + j] = Math.log(s2[j]);
    for (let j = 0; j < nEta; j++) phi[K * d + nSigma + j] = Math.log(pi[j]) - Math.log(pi[K - 1]);
  }

  /** Adds the current θ to the running moments of φ (the adaptation phase). */
  observe(w: Work): void {
    const D = this.D;
    this.toPhi(w.mu, w.s2, w.pi, this.phi);
    for (let a = 0; a < D; a++) {
      this.sum[a] += this.phi[a];
      for (let b = 0; b <= a; b++) this.cross[a * D + b] += this.phi[a] * this.phi[b];
    }
    this.count++;
  }

  /** Fixes the proposal at 2.38²/D times the observed covariance; false (no Metropolis steps) with too few observations. */
  freeze(): boolean {
    const D = this.D;
    if (this.count < 2 * D + 2) return false;
    const c = this.count;
    const cov = new Float64Array(D * D);
    let trace = 0;
    for (let a = 0; a < D; a++) {
      for (let b = 0; b <= a; b++) {
        const v = (this.cross[a * D + b] - (this.sum[a] * this.sum[b]) / c) / (c - 1);
        cov[a * D + b] = cov[b * D + a] = v * (2.38 * 2.38) / D;
      }
      trace += cov[a * D + a];
    }
    const jitter = 1e-10 * (trace / D) + 1e-300;
    for (let a = 0; a < D; a++) cov[a * D + a] += jitter;
    // Cholesky, lower triangle.
    const L = new Float64Array(D * D);
    for (let a = 0; a < D; a++) {
      for (let b = 0; b <= a; b++) {
        let v = cov[a * D + b];
        for (let k = 0; k < b; k++) v -= L[a * D + k] * L[b * D + k];
        if (a === b) {
          if (!(v > 0)) return false;
          L[a * D + a] = Math.sqrt(v);
        } else L[a * D + b] = v / L[b * D + b];
      }
    }
    this.chol = L;
    return true;
  }

  get active(): boolean {
    return this.chol !== null;
  }

  private logTarget(mu: Float64Array, s2: Float64Array, pi: Float64Array, logLik: number): number {
    const { K, d, m, nSigma, nEta } = this;
    let jac = 0;
    for (let j = 0; j < nSigma; j++) jac += Math.log(s2[j]);
    if (nEta > 0) for (let k = 0; k < K; k++) jac += Math.log(pi[k]);
    return logLik + logPrior(mu, s2, pi, K, d, m) + jac;
  }

  /** One step from θ in `w` (log-likelihood `logLik` there); on acceptance θ in `w` is replaced. Returns whether accepted. */
  step(w: Work, logLik: number, rng: Rng): boolean {
    const L = this.chol;
    if (L === null) return false;
    const { K, d, D, nSigma, nEta, phi, xi, mu, s2, pi } = this;
    this.toPhi(w.mu, w.s2, w.pi, phi);
    for (let a = 0; a < D; a++) xi[a] = rng.normal();
    for (let a = 0; a < D; a++) {
      let v = 0;
      for (let b = 0; b <= a; b++) v += L[a * D + b] * xi[b];
      phi[a] += v;
    }
    mu.set(phi.subarray(0, K * d));
    if (nSigma === 0) s2.set(w.s2);
    else if (nSigma === 1) s2.fill(Math.exp(phi[K * d]));
    else for (let k = 0; k < K; k++) s2[k] = Math.exp(phi[K * d + k]);
    if (nEta === 0) pi.set(w.pi);
    else {
      let max = 0;
      for (let j = 0; j < nEta; j++) max = Math.max(max, phi[K * d + nSigma + j]);
      let total = Math.exp(-max);
      for (let j = 0; j < nEta; j++) total += pi[j] = Math.exp(phi[K * d + nSigma + j] - max);
      pi[K - 1] = Math.exp(-max);
      for (let k = 0; k < K; k++) pi[k] /= total;
    }
    this.proposed++;
    let ok = true;
    for (let k = 0; k < K; k++) if (!(s2[k] > 0 && s2[k] < Infinity && pi[k] > 0)) ok = false;
    if (!ok) return false;
    const logLikNew = logLikAt(w, mu, s2, pi);
    const logRatio = this.logTarget(mu, s2, pi, logLikNew) - this.logTarget(w.mu, w.s2, w.pi, logLik);
    if (!(Math.log(1 - rng.uniform()) < logRatio)) return false;
    w.mu.set(mu);
    w.s2.set(s2);
    w.pi.set(pi);
    this.accepted++;
    return true;
  }
}

export function fitGibbs(data: Dataset, K: number, options: GibbsOptions, rng: Rng): Fit {
  validateInput(data, K);
  const { n, d } = data;
  const covariance = options.covariance ?? 'equal';
  const weights = options.weights ?? 'estimated';
  const chains = options.chains ?? GIBBS_DEFAULTS.chains;
  const burnIn = options.burnIn ?? GIBBS_DEFAULTS.burnIn;
  const perChain = options.draws ?? GIBBS_DEFAULTS.draws;
  const rhatMax = options.rhatMax ?? GIBBS_DEFAULTS.rhatMax;
  const essMin = options.essMin ?? GIBBS_DEFAULTS.essMin;
  if (covariance === 'fixed' && !(options.sigma !== undefined && options.sigma > 0)) throw new Error('gibbs: covariance "fixed" needs sigma > 0');
  if (!(Number.isInteger(chains) && chains >= 1 && Number.isInteger(burnIn) && burnIn >= 0 && Number.isInteger(perChain) && perChain >= 8)) {
    throw new Error(`gibbs: need chains ≥ 1, burnIn ≥ 0 and draws ≥ 8 (got ${chains}, ${burnIn}, ${perChain})`);
  }
  if (n < 2) throw new Error(`data: gibbs needs n ≥ 2 points (got ${n})`);
  const prior = resolvePrior(data, options);
  if (!(prior.s0sq > 0) && covariance !== 'fixed') throw new Error('data: every point is the same, so the prior scale (the data variance) is 0');
  const model: Model = { covariance, sigma2: covariance === 'fixed' ? (options.sigma as number) ** 2 : NaN, weights, prior };

  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) x[i * d + t] = data.x[i * d + t] - prior.m0[t];
  const w: Work = {
    x, n, d, K,
    mu: new Float64Array(K * d), s2: new Float64Array(K), pi: new Float64Array(K),
    nk: new Float64Array(K), sx: new Float64Array(K * d), sxx: new Float64Array(K),
    c: new Float64Array(K), h: new Float64Array(K), p: new Float64Array(K),
  };
  const centred: Dataset = { x, n, d };
  const closest = new Float64Array(n);
  const alphaPost = new Float64Array(K);
  const S = chains * perChain;
  const P = K * d + 2 * K;
  const draws = new Float64Array(S * P);
  const logPost = new Float64Array(S).fill(-Infinity);
  // The pivot is needed only where the draws are not relabelled by ordering (d > 1, K > 1).
  const needPivot = d > 1 && K > 1;
  const v0 = prior.s0sq / (options.covariancePrior ?? 1);
  let accepted = 0;
  let proposed = 0;
  for (let ch = 0; ch < chains; ch++) {
    seedPlusPlus(centred, K, rng, w.mu, closest);
    w.s2.fill(covariance === 'fixed' ? model.sigma2 : v0 > 0 ? v0 : 1);
    w.pi.fill(1 / K);
    const mh = new Metropolis(K, d, model);
    let prevPrior = 0;
    for (let it = 0; it < burnIn + perChain; it++) {
      const pivotLogLik = needPivot && it > burnIn;
      const logLik = allocate(w, rng, pivotLogLik || mh.active);
      // The log-likelihood at θ of the previous sweep is known only now: it belongs to the previous draw.
      if (pivotLogLik) logPost[ch * perChain + it - burnIn - 1] = logLik + prevPrior;
      // Metropolis on θ | x; when it moves θ, the allocations drawn at the old θ are redrawn at the new one.
      if (mh.active && mh.step(w, logLik, rng)) allocate(w, rng, false);
      drawParameters(w, model, rng, alphaPost);
      if (it < burnIn && 2 * it >= burnIn) mh.observe(w);
      if (it === burnIn - 1) mh.freeze();
      if (it >= burnIn) {
        const o = (ch * perChain + it - burnIn) * P;
        for (let k = 0; k < K; k++) {
          for (let t = 0; t < d; t++) draws[o + k * d + t] = w.mu[k * d + t] + prior.m0[t];
          draws[o + K * d + k] = weights === 'equal' ? 1 / K : w.pi[k];
          draws[o + K * d + K + k] = Math.sqrt(w.s2[k]);
        }
        if (needPivot) prevPrior = logPrior(w.mu, w.s2, w.pi, K, d, model);
      }
    }
    accepted += mh.accepted;
    proposed += mh.proposed;
  }
  if (K > 1) {
    if (d === 1) relabelByOrder(draws, S, K);
    else {
      let pivot = 0;
      for (let s = 1; s < S; s++) if (logPost[s] > logPost[pivot]) pivot = s;
      relabelToPivot(draws, S, K, d, pivot);
    }
  }
  const post = posteriorMeans(draws, S, K, d);
  if (weights === 'equal') post.weights.fill(1 / K);
  const verdict = mixingDiagnostics(draws, chains, perChain, K, d, rhatMax, essMin);
  const logLik = mixtureLogLikelihood(data, K, post.means, post.weights, post.sigmas);
  return {
    K,
    d,
    means: post.means,
    weights: post.weights,
    sigmas: post.sigmas,
    logLik,
    objective: logLik,
    iterations: burnIn + perChain,
    converged: verdict.problem === null,
    status: verdict.problem === null ? 'ok' : 'not-mixed',
    ...(verdict.problem === null ? {} : { message: verdict.problem }),
    draws,
    diagnostics: { ...verdict.diagnostics, ...(proposed > 0 ? { metropolisAcceptance: accepted / proposed } : {}) },
  };
}
