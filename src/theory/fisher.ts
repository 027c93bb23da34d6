/**
 * Fisher information of a spherical Gaussian mixture under the model an estimator fits, and the asymptotic sd of
 * the MLE of the separation: sd∞ such that sd(separation-hat) ≈ RMSE ≈ sd∞/√n for the consistent MLE of that model.
 *
 * The model (what the estimator estimates) matters: the same mixture gives a different sd∞ for EM with one
 * shared σ, with a σ per component, or with σ fixed, and with the weights estimated or held fixed. Parameters:
 * weights π_1..π_{K−1} (π_K = 1 − Σ; omitted when fixed), means μ_k, and σ (one shared), σ_1..σ_K (separate) or
 * none (fixed). With responsibilities γ_k(x) = π_k N(x; μ_k, σ_k² I)/f(x) the scores are
 *   ∂_{π_j} log f = γ_j/π_j − γ_K/π_K,    ∂_{μ_k} log f = γ_k (x − μ_k)/σ_k²,
 *   shared σ:  ∂_σ log f = Σ_k γ_k |x − μ_k|²/σ³ − d/σ,   separate: ∂_{σ_k} log f = γ_k (|x − μ_k|²/σ_k³ − d/σ_k),
 * and I(θ) = E[s sᵀ]. Delta method: sd∞² = gᵀ I⁻¹ g with g the gradient of the separation — K = 2: |μ2 − μ1|,
 * K > 2: the mean of the K(K−1)/2 pairwise distances (the `separation` estimand of src/estimands/names.ts).
 *
 * d = 1 (any K): I is integrated by adaptive Gauss–Kronrod (quadrature.ts) on ±20σ around the means, with the
 * responsibilities formed from log-densities so the far tails neither underflow nor give 0/0 (beyond ±20σ the
 * integrand is below 1e-80). Each entry's error is judged against √(I_ii·I_jj), its natural scale, so entries
 * that vanish by symmetry need no unit-dependent absolute floor.
 *
 * d > 1, K = 2. Rotate so the means lie on the first axis: X = (Y, X⊥), Y the coordinate along
 * u = (μ2 − μ1)/|μ2 − μ1|, X⊥ ∈ R^{d−1} with |X⊥| = ρ. The scores of the orthogonal mean coordinates are odd in
 * X⊥ and all others even, so I is block diagonal between them and the separation (gradient ±u) only needs the
 * along-line block (π, μ_{k,u}, σ's). With equal true σ the responsibilities depend on Y alone (the ρ²/2σ²
 * terms cancel) and the σ scores split as s^{1-D}(Y) + B·(1 or γ_k(Y)) with B = (ρ² − (d − 1)σ²)/σ³,
 * independent of Y, mean 0, variance 2(d − 1)/σ² (ρ²/σ² ~ χ²_{d−1}). Hence the d-dimensional block is the 1-D
 * information of the projected mixture plus 2(d − 1)/σ² in the shared-σ entry, or plus 2(d − 1)/σ²·E[γ_k γ_l]
 * in the (σ_k, σ_l) entries of the separate-σ model. With unequal true σ_k the responsibilities depend on ρ
 * too, and the block is integrated over (Y, ρ) with the χ_{d−1} density of ρ (nested quadrature).
 * K > 2 in d > 1 has no such reduction and is not computed (a RangeError says so).
 *
 * Every computation runs on the standardised mixture (standardise.ts) and is mapped back — sd∞ scales with the
 * units, information entries with 1/scale per mean or σ index — so the result does not depend on the units.
 */
import { logPhi } from './normal.js';
import { integrateVector } from './quadrature.js';
import { type SphericalMixture, validateMixture } from '../mixture/spherical.js';
import { THEORY_RULES } from './mixture.js';
import { standardiseMixture } from './standardise.js';

/** How σ is modelled: one shared σ estimated, a σ per component estimated, or σ known (fixed). */
export type CovarianceModel = 'equal' | 'unequal' | 'fixed';
/** Mixing weights estimated (K − 1 free parameters) or known (fixed). */
export type WeightsModel = 'estimated' | 'fixed';

/** The parameters an estimator estimates; fixed ones are known and held at their true values. */
export interface FisherModel {
  readonly covariance: CovarianceModel;
  readonly weights: WeightsModel;
}

/** Only the means estimated: the lower bound of every model's sd∞. */
export const MEANS_ONLY: FisherModel = { covariance: 'fixed', weights: 'fixed' };

export interface FisherInformation {
  /** Parameter names in the order of `matrix`: w1…w{K−1}, mu1…muK (in d > 1: along the line), sigma or sigma1…sigmaK. */
  readonly names: readonly string[];
  /** Per-observation Fisher information (symmetric), in the units of the mixture. */
  readonly matrix: number[][];
  /** Gradient of the separation with respect to the parameters in `names` order. */
  readonly separationGradient: readonly number[];
}

/** The mixture along the line of its means (d = 1: the mixture itself), in standard units. */
interface LineProblem {
  readonly K: number;
  readonly pi: readonly number[];
  readonly mu: readonly number[];
  readonly s: readonly number[];
  /** Number of orthogonal dimensions, d − 1. */
  readonly nu: number;
  readonly model: FisherModel;
  /** Whether the true σ's are all equal (then the responsibilities do not depend on ρ). */
  readonly equalSigma: boolean;
}

function lineProblem(mix: SphericalMixture, model: FisherModel): { p: LineProblem; scale: number } {
  const { K: M, d } = validateMixture(mix, THEORY_RULES);
  if (M < 2) throw new RangeError(`fisher: the separation needs at least two components (got ${M})`);
  if (d > 1 && M > 2) throw new RangeError(`fisher: not computed for K = ${M} > 2 components in d = ${d} > 1 (no reduction to a one-dimensional integral)`);
  const equalSigma = mix.sigmas.every((s) => s === mix.sigmas[0]);
  if (model.covariance === 'equal' && !equalSigma) {
    throw new RangeError(`fisher: the shared-σ model needs equal true σ's (got ${mix.sigmas.join(', ')})`);
  }
  const std = standardiseMixture(mix);
  const m = std.mixture;
  let mu: number[];
  if (d === 1) mu = m.means.map((x) => x[0]);
  else {
    let dist2 = 0;
    for (let j = 0; j < d; j++) dist2 += (m.means[1][j] - m.means[0][j]) ** 2;
    const dist = Math.sqrt(dist2);
    // Coordinates along the line with the mixture mean at 0.
    mu = [-m.weights[1] * dist, m.weights[0] * dist];
  }
  return { p: { K: M, pi: [...m.weights], mu, s: [...m.sigmas], nu: d - 1, model, equalSigma }, scale: std.scale };
}

function paramNames(K: number, model: FisherModel): string[] {
  const names: string[] = [];
  if (model.weights === 'estimated') for (let j = 1; j < K; j++) names.push(`w${j}`);
  for (let k = 1; k <= K; k++) names.push(`mu${k}`);
  if (model.covariance === 'equal') names.push('sigma');
  else if (model.covariance === 'unequal') for (let k = 1; k <= K; k++) names.push(`sigma${k}`);
  return names;
}

/** Index of the first σ parameter in `paramNames` order (= number of parameters before the σ's). */
function sigmaOffset(K: number, model: FisherModel): number {
  return (model.weights === 'estimated' ? K - 1 : 0) + K;
}

/**
 * Writes the score vector at (y, ρ²) into `score` (order of `paramNames`) and the responsibilities into `g`.
 * `withRho`: the ρ terms enter the responsibilities and the σ scores (nested integration); otherwise the score
 * is the 1-D one (d = 1 in the σ scores). Responsibilities come from log-densities, so they stay defined
 * where every component density underflows.
 */
function scoreAt(p: LineProblem, y: number, rho2: number, withRho: boolean, score: Float64Array, g: Float64Array): void {
  const { K, pi, mu, s, model } = p;
  const nu = withRho ? p.nu : 0;
  let mx = -Infinity;
  for (let k = 0; k < K; k++) {
    const a = Math.log(pi[k]) + logPhi((y - mu[k]) / s[k]) - Math.log(s[k]) - (nu > 0 ? (0.5 * rho2) / (s[k] * s[k]) + nu * Math.log(s[k]) : 0);
    g[k] = a;
    if (a > mx) mx = a;
  }
  let sum = 0;
  for (let k = 0; k < K; k++) {
    g[k] = Math.exp(g[k] - mx);
    sum += g[k];
  }
  for (let k = 0; k < K; k++) g[k] /= sum;
  const d = nu + 1;
  const r2 = withRho ? rho2 : 0;
  let i = 0;
  if (model.weights === 'estimated') for (let j = 0; j < K - 1; j++) score[i++] = g[j] / pi[j] - g[K - 1] / pi[K - 1];
  for (let k = 0; k < K; k++) score[i++] = (g[k] * (y - mu[k])) / (s[k] * s[k]);
  if (model.covariance === 'equal') {
    const sg = s[0];
    let q = r2;
    for (let k = 0; k < K; k++) q += g[k] * (y - mu[k]) ** 2;
    score[i++] = q / sg ** 3 - d / sg;
  } else if (model.covariance === 'unequal') {
    for (let k = 0; k < K; k++) score[i++] = g[k] * (((y - mu[k]) ** 2 + r2) / s[k] ** 3 - d / s[k]);
  }
}

/** log of the χ_ν density of ρ = |σZ|, Z ~ N(0, I_ν). */
function logChiDensity(rho: number, sigma: number, nu: number): number {
  return Math.log(2) + (nu === 1 ? 0 : (nu - 1) * Math.log(rho)) - (rho * rho) / (2 * sigma * sigma) - nu * Math.log(sigma) - (nu / 2) * Math.log(2) - logGammaHalf(nu);
}

/** log Γ(ν/2) for integer ν ≥ 1, by the recursion from Γ(1/2) = √π and Γ(1) = 1. */
function logGammaHalf(nu: number): number {
  let v = nu % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  for (let x = nu % 2 === 0 ? 1 : 0.5; x < nu / 2; x += 1) v += Math.log(x);
  return v;
}

function breaksFor(p: LineProblem): number[] {
  const pts = new Set<number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < p.K; k++) {
    for (const z of [-20, -10, -6, -3, -1.5, 0, 1.5, 3, 6, 10, 20]) pts.add(p.mu[k] + z * p.s[k]);
    lo = Math.min(lo, p.mu[k] - 20 * p.s[k]);
    hi = Math.max(hi, p.mu[k] + 20 * p.s[k]);
  }
  return [...pts].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
}

/** Packed upper-triangle index of (i, j), i ≤ j, in an np × np matrix. */
function packedIndex(np: number, i: number, j: number): number {
  return i * np - (i * (i - 1)) / 2 + (j - i);
}

/**
 * Error allowed for packed entry (i, j): relTol·√|T_ii|·√|T_jj| (Cauchy–Schwarz bounds |I_ij| by it), or the
 * absolute `floor` (standard units) when that is larger. Extra entries past the matrix: relTol·|T|.
 */
function matrixTolerance(np: number, relTol: number, floor: number): (total: Float64Array, idx: number) => number {
  const rowOf: number[] = [];
  const colOf: number[] = [];
  for (let i = 0; i < np; i++) for (let j = i; j < np; j++) (rowOf.push(i), colOf.push(j));
  const diag = Array.from({ length: np }, (_, i) => packedIndex(np, i, i));
  return (total, idx) => {
    if (idx >= rowOf.length) return Math.max(floor, relTol * Math.abs(total[idx]));
    return Math.max(floor, relTol * Math.sqrt(Math.abs(total[diag[rowOf[idx]]])) * Math.sqrt(Math.abs(total[diag[colOf[idx]]])));
  };
}

/**
 * ∫ s sᵀ f dy (packed upper triangle), plus, with `gammaProducts`, the K(K+1)/2 entries ∫ γ_k γ_l f dy after it.
 * For the nested integral `rho` is given: the ρ terms enter and each component density carries its χ factor.
 */
function lineIntegral(p: LineProblem, rho: number | null, relTol: number, gammaProducts: boolean, floor = 1e-300): Float64Array {
  const np = paramNames(p.K, p.model).length;
  const score = new Float64Array(np);
  const g = new Float64Array(p.K);
  const nMatrix = (np * (np + 1)) / 2;
  const dim = nMatrix + (gammaProducts ? (p.K * (p.K + 1)) / 2 : 0);
  const withRho = rho !== null;
  const rho2 = withRho ? rho * rho : 0;
  const rhoLog = p.s.map((sk) => (withRho ? logChiDensity(rho, sk, p.nu) : 0));
  const logPi = p.pi.map(Math.log);
  const logS = p.s.map(Math.log);
  const res = integrateVector(
    (y, out) => {
      scoreAt(p, y, rho2, withRho, score, g);
      let f = 0;
      for (let k = 0; k < p.K; k++) f += Math.exp(logPi[k] + logPhi((y - p.mu[k]) / p.s[k]) - logS[k] + rhoLog[k]);
      let idx = 0;
      for (let i = 0; i < np; i++) for (let j = i; j < np; j++) out[idx++] = score[i] * score[j] * f;
      if (gammaProducts) for (let k = 0; k < p.K; k++) for (let l = k; l < p.K; l++) out[idx++] = g[k] * g[l] * f;
    },
    dim,
    breaksFor(p),
    { tolerance: matrixTolerance(np, relTol, floor) },
  );
  if (!res.converged) throw new Error(`fisher: quadrature did not converge (${res.evaluations} evaluations)`);
  return res.value;
}

function unpack(packed: Float64Array, np: number): number[][] {
  const m = Array.from({ length: np }, () => new Array<number>(np).fill(0));
  let idx = 0;
  for (let i = 0; i < np; i++) for (let j = i; j < np; j++) m[i][j] = m[j][i] = packed[idx++];
  return m;
}

/** Along-line information in standard units (see the module doc for the three routes). */
function informationStandard(p: LineProblem, nested: boolean): number[][] {
  const np = paramNames(p.K, p.model).length;
  if (p.nu > 0 && (nested || !p.equalSigma)) return informationNested(p);
  const needGamma = p.nu > 0 && p.model.covariance === 'unequal';
  const packed = lineIntegral(p, null, 1e-13, needGamma);
  const I = unpack(packed, np);
  if (p.nu > 0) {
    // Equal true σ: the ρ part of the σ scores is independent of Y, mean 0, variance 2ν/σ².
    const extra = (2 * p.nu) / (p.s[0] * p.s[0]);
    const o = sigmaOffset(p.K, p.model);
    if (p.model.covariance === 'equal') I[o][o] += extra;
    else if (p.model.covariance === 'unequal') {
      const base = (np * (np + 1)) / 2;
      let idx = base;
      for (let k = 0; k < p.K; k++) {
        for (let l = k; l < p.K; l++) {
          I[o + k][o + l] += extra * packed[idx];
          if (l !== k) I[o + l][o + k] += extra * packed[idx];
          idx++;
        }
      }
    }
  }
  return I;
}

/** Along-line block for d > 1 by nested quadrature over ρ ∈ [0, ∞) (χ_{d−1}) and y. */
function informationNested(p: LineProblem): number[][] {
  const np = paramNames(p.K, p.model).length;
  const dim = (np * (np + 1)) / 2;
  const sMax = Math.max(...p.s);
  const rhoMax = sMax * (Math.sqrt(p.nu) + 20);
  const rhoBreaks = new Set<number>([0, rhoMax]);
  const mode = Math.max(Math.sqrt(p.nu), 1);
  for (const s of p.s) for (const z of [0.25, 0.5, 1, 2, 4, 8]) if (s * mode * z < rhoMax) rhoBreaks.add(s * mode * z);
  const res = integrateVector(
    (rho, out) => {
      if (rho === 0 && p.nu > 1) {
        out.fill(0);
        return;
      }
      // Far out in ρ the inner integrals are negligible for the outer one: an absolute 1e-16 (standard units,
      // where the information entries are of order one or larger) bounds their total error by ~1e-15.
      out.set(lineIntegral(p, rho, 1e-12, false, 1e-16));
    },
    dim,
    [...rhoBreaks].sort((a, b) => a - b),
    { tolerance: matrixTolerance(np, 1e-11, 1e-300) },
  );
  if (!res.converged) throw new Error(`fisher: nested quadrature did not converge (${res.evaluations} evaluations)`);
  return unpack(res.value, np);
}

/** Gradient of the separation in the problem's coordinates (order of `paramNames`). */
function separationGradient(p: LineProblem): number[] {
  const names = paramNames(p.K, p.model);
  const grad = new Array<number>(names.length).fill(0);
  const first = p.model.weights === 'estimated' ? p.K - 1 : 0;
  const pairs = (p.K * (p.K - 1)) / 2;
  for (let k = 0; k < p.K; k++) {
    let g = 0;
    for (let j = 0; j < p.K; j++) if (j !== k) g += Math.sign(p.mu[k] - p.mu[j]);
    grad[first + k] = g / pairs;
  }
  return grad;
}

/** Solves A x = b for symmetric positive definite A by Cholesky; NaNs if A is not numerically positive definite. */
function solveSpd(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = A.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 1e-14 * Math.abs(A[i][i]))) return new Array<number>(n).fill(NaN);
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/** √(gᵀ I⁻¹ g) for an information matrix and a gradient (default: the separation's); NaN when I is singular. */
export function separationSdFromInformation(info: Pick<FisherInformation, 'matrix'> & { readonly separationGradient?: readonly number[]; readonly names?: readonly string[] }, gradient?: readonly number[]): number {
  const g = gradient ?? info.separationGradient ?? info.names?.map((n) => (n === 'mu1' ? -1 : n === 'mu2' ? 1 : 0));
  if (g === undefined) throw new RangeError('separationSdFromInformation: no gradient');
  const x = solveSpd(info.matrix, g);
  const v = x.reduce((s, xi, i) => s + xi * g[i], 0);
  return v > 0 ? Math.sqrt(v) : NaN;
}

/**
 * Per-observation Fisher information of the model's parameters at the true mixture, in the mixture's units.
 * In d > 1 (K = 2) the along-line block: the orthogonal mean coordinates are omitted (block diagonal, see the
 * module doc). `integration: 'nested'` forces the (y, ρ) integral where the reduction applies (a cross-check).
 */
export function fisherInformation(mix: SphericalMixture, model: FisherModel, options: { integration?: 'auto' | 'nested' } = {}): FisherInformation {
  const { p, scale } = lineProblem(mix, model);
  const names = paramNames(p.K, model);
  const I = informationStandard(p, options.integration === 'nested');
  // A mean or σ index carries 1/scale, a weight none: I_orig[i][j] = I_std[i][j]/scale^(e_i + e_j).
  const e = names.map((n) => (n.startsWith('w') ? 0 : 1));
  const matrix = I.map((row, i) => row.map((x, j) => x / scale ** (e[i] + e[j])));
  return { names, matrix, separationGradient: separationGradient(p) };
}

/**
 * sd∞ of the MLE of the separation under `model`, in the mixture's units (RMSE ≈ sd∞/√n). NaN when the
 * information is singular (coinciding means). Throws a RangeError when the case is not computed (K > 2 in d > 1,
 * a shared-σ model for unequal true σ's) and an Error when the quadrature does not converge.
 */
export function fisherSeparationSdFor(mix: SphericalMixture, model: FisherModel): number {
  const { p, scale } = lineProblem(mix, model);
  if (p.mu.every((x) => x === p.mu[0])) return NaN;
  const I = informationStandard(p, false);
  return scale * separationSdFromInformation({ matrix: I }, separationGradient(p));
}

export interface FisherSeparationSd {
  /** Only the means estimated (weights and σ's known). */
  readonly sdMeansOnly: number;
  /** Weights, means and σ estimated: one shared σ when the mixture's σ's are equal, otherwise one per component. */
  readonly sdAllParameters: number;
  /** The σ model used for `sdAllParameters`. */
  readonly sigmaModel: 'equal' | 'unequal';
}

/**
 * The two classic reference values: sd∞ with only the means estimated, and with everything estimated under the
 * σ model that matches the mixture (shared σ if its σ's are equal). For the sd∞ of a particular estimator use
 * fisherSeparationSdFor with that estimator's model.
 */
export function fisherSeparationSd(mix: SphericalMixture): FisherSeparationSd {
  const sigmaModel = mix.sigmas.every((s) => s === mix.sigmas[0]) ? 'equal' : 'unequal';
  return {
    sdMeansOnly: fisherSeparationSdFor(mix, MEANS_ONLY),
    sdAllParameters: fisherSeparationSdFor(mix, { covariance: sigmaModel, weights: 'estimated' }),
    sigmaModel,
  };
}
