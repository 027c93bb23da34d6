/**
 * What a Bayesian fit reports from its relabelled posterior draws (θ laid out as src/types.ts parameterCount:
 * means K·d, weights K, σ's K): the posterior means, and the per-estimand MCMC diagnostics — split-R̂ and bulk
 * ESS (./convergence.ts, Vehtari et al. 2021) of every entry of θ and of the separation (the mean pairwise
 * distance between component means, as src/estimands/measureFit.ts defines it) — with the verdict whether the
 * chains mixed: R̂ ≤ rhatMax and ESS ≥ essMin for every estimand that varies.
 *
 * Diagnostic keys name components in the fit's own order (`rhat.means.<k>.<j>`, `ess.weights.<k>`,
 * `rhat.sigma.<k>`, `ess.separation`), plus `rhatMax` and `essMin` over all of them; src/estimands/measureFit.ts
 * renames the component indices to the true components the fit is aligned with.
 */
import type { Dataset } from '../../types.js';
import { HALF_LOG_2PI } from '../mixture/emMath.js';
import { chainDiagnostics } from './convergence.js';

export interface PosteriorMeans {
  readonly means: Float64Array;
  readonly weights: Float64Array;
  readonly sigmas: Float64Array;
}

/** Column means of the S×P draws. */
export function posteriorMeans(draws: Float64Array, S: number, K: number, d: number): PosteriorMeans {
  const P = K * d + 2 * K;
  const mean = new Float64Array(P);
  for (let s = 0; s < S; s++) for (let p = 0; p < P; p++) mean[p] += draws[s * P + p];
  for (let p = 0; p < P; p++) mean[p] /= S;
  return { means: mean.slice(0, K * d), weights: mean.slice(K * d, K * d + K), sigmas: mean.slice(K * d + K) };
}

/** θ entry names in the fit's component order. */
export function parameterNames(K: number, d: number): string[] {
  const names: string[] = [];
  for (let k = 0; k < K; k++) for (let t = 0; t < d; t++) names.push(`means.${k}.${t}`);
  for (let k = 0; k < K; k++) names.push(`weights.${k}`);
  for (let k = 0; k < K; k++) names.push(`sigma.${k}`);
  return names;
}

export interface MixingVerdict {
  readonly diagnostics: Record<string, number>;
  /** Null when every varying estimand has R̂ ≤ rhatMax and ESS ≥ essMin; else which one failed and how. */
  readonly problem: string | null;
}

/**
 * Diagnostics of draws from `chains` chains of `perChain` draws each (chain-major rows).
 * Estimands whose draws are constant (weights held at 1/K, a fixed σ) have no R̂ and are left out.
 */
export function mixingDiagnostics(draws: Float64Array, chains: number, perChain: number, K: number, d: number, rhatMax: number, essMin: number): MixingVerdict {
  const S = chains * perChain;
  const P = K * d + 2 * K;
  const names = parameterNames(K, d);
  const column = new Float64Array(S);
  const out: Record<string, number> = {};
  let worstRhat = -Infinity;
  let worstRhatName = '';
  let worstEss = Infinity;
  let worstEssName = '';
  const record = (name: string): void => {
    const { rhat, ess } = chainDiagnostics(column, chains, perChain);
    if (!Number.isFinite(rhat) || !Number.isFinite(ess)) return;
    out[`rhat.${name}`] = rhat;
    out[`ess.${name}`] = ess;
    if (rhat > worstRhat) [worstRhat, worstRhatName] = [rhat, name];
    if (ess < worstEss) [worstEss, worstEssName] = [ess, name];
  };
  if (K > 1) {
    for (let s = 0; s < S; s++) {
      const o = s * P;
      let total = 0;
      for (let i = 0; i < K; i++) {
        for (let j = i + 1; j < K; j++) {
          let q = 0;
          for (let t = 0; t < d; t++) q += (draws[o + j * d + t] - draws[o + i * d + t]) ** 2;
          total += Math.sqrt(q);
        }
      }
      column[s] = total / ((K * (K - 1)) / 2);
    }
    record('separation');
  }
  for (let p = 0; p < P; p++) {
    for (let s = 0; s < S; s++) column[s] = draws[s * P + p];
    record(names[p]);
  }
  if (worstRhatName === '') return { diagnostics: out, problem: null };
  out.rhatMax = worstRhat;
  out.essMin = worstEss;
  const problems: string[] = [];
  if (worstRhat > rhatMax) problems.push(`split-R̂ of ${worstRhatName} is ${worstRhat.toFixed(4)} > ${rhatMax}`);
  if (worstEss < essMin) problems.push(`bulk ESS of ${worstEssName} is ${worstEss.toFixed(0)} < ${essMin}`);
  return { diagnostics: out, problem: problems.length === 0 ? null : `the chains did not mix: ${problems.join('; ')}` };
}

/** Σᵢ log Σₖ πₖ N(xᵢ | μₖ, σₖ² I) on the original data. */
export function mixtureLogLikelihood(data: Dataset, K: number, means: Float64Array, weights: Float64Array, sigmas: Float64Array): number {
  const { x, n, d } = data;
  const c = new Float64Array(K);
  const h = new Float64Array(K);
  const p = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    c[k] = Math.log(weights[k]) - d * Math.log(sigmas[k]);
    h[k] = 0.5 / (sigmas[k] * sigmas[k]);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let t = 0; t < d; t++) q += (x[i * d + t] - means[k * d + t]) ** 2;
      p[k] = c[k] - h[k] * q;
      if (p[k] > max) max = p[k];
    }
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(p[k] - max);
    total += max + Math.log(s);
  }
  return total - n * d * HALF_LOG_2PI;
}
