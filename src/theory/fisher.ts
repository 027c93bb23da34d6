/**
 * Fisher information of a two-component spherical Gaussian mixture and the asymptotic sd of the MLE of the
 * separation |μ2 − μ1|: sd∞ such that sd(separation-hat) ≈ RMSE ≈ sd∞/√n for the consistent MLE.
 *
 * 1-D, w·N(μ1, σ1²) + (1 − w)·N(μ2, σ2²), responsibilities γ_k(x) = π_k N(x; μ_k, σ_k²)/f(x). Scores:
 *   ∂_w log f = γ1/w − γ2/(1 − w),    ∂_{μk} log f = γ_k (x − μ_k)/σ_k²,
 *   common σ:  ∂_σ log f = Σ_k γ_k (x − μ_k)²/σ³ − 1/σ,   per-component: ∂_{σk} log f = γ_k[(x − μ_k)²/σ_k³ − 1/σ_k].
 * I(θ) = ∫ s sᵀ f dx is integrated by adaptive Gauss–Kronrod (quadrature.ts) on ±20σ around the means, the
 * responsibilities formed from log-densities so the far tails neither underflow nor give 0/0 (beyond ±20σ
 * the integrand is below 1e-80). Delta method for the separation μ2 − μ1, gradient a = (0, −1, 1, 0…):
 *   (i)  means only (w, σ known):           sd∞² = aᵀ I_μμ⁻¹ a,
 *   (ii) w, μ1, μ2 and σ (or σ1, σ2) estimated: sd∞² = aᵀ I⁻¹ a.
 *
 * d > 1. Rotate so the means lie on the first axis: X = (Y, X⊥), Y the coordinate along u = (μ2 − μ1)/|μ2 − μ1|,
 * X⊥ ∈ R^{d−1} with |X⊥| = ρ. The scores of the orthogonal mean coordinates are odd in X⊥ and those of
 * (w, μ_{k,u}, σ) are even, so I is block diagonal between them and the separation |μ2 − μ1| (gradient ±u)
 * only needs the along-line block. With a common σ the responsibilities depend on Y alone (the ρ²/2σ² terms
 * cancel) and ∂_σ log f = s_σ^{1-D}(Y) + (ρ² − (d − 1)σ²)/σ³, whose second term is independent of Y with mean 0
 * and variance 2(d − 1)/σ² (ρ²/σ² ~ χ²_{d−1}). Hence: the d-dimensional information is the 1-D information of
 * the projected mixture plus 2(d − 1)/σ² in the σσ entry — the orthogonal coordinates add information about σ
 * only, so (i) is the same as in 1-D and (ii) is smaller than in 1-D (better-known σ). With unequal σ_k the
 * responsibilities depend on ρ too, and the along-line block is integrated over (Y, ρ) with the χ_{d−1}
 * density of ρ (nested quadrature).
 */
import { logPhi } from './normal.js';
import { integrateVector } from './quadrature.js';
import { type SphericalMixture, validateSphericalMixture } from './mixture.js';

/** Which parameters are estimated. */
export type FisherParameters = 'means' | 'all';
/** How the standard deviations are modelled when estimated: one common σ, or σ1 and σ2 separately. */
export type SigmaModel = 'equal' | 'unequal';

export interface FisherInformation {
  /** Parameter names in the order of `matrix`, e.g. ['w', 'mu1', 'mu2', 'sigma']. */
  readonly names: readonly string[];
  /** Per-observation Fisher information (symmetric). */
  readonly matrix: number[][];
}

/** Along-line description of a two-component spherical mixture: what every computation below works on. */
interface LineProblem {
  w: number;
  mu: [number, number];
  s: [number, number];
  /** Number of orthogonal dimensions, d − 1. */
  nu: number;
}

function lineProblem(mix: SphericalMixture): LineProblem {
  const { M, d } = validateSphericalMixture(mix);
  if (M !== 2) throw new RangeError(`fisher: needs exactly two components (got ${M})`);
  let dist2 = 0;
  for (let j = 0; j < d; j++) dist2 += (mix.means[1][j] - mix.means[0][j]) ** 2;
  return { w: mix.weights[0], mu: [0, Math.sqrt(dist2)], s: [mix.sigmas[0], mix.sigmas[1]], nu: d - 1 };
}

function paramNames(which: FisherParameters, sigma: SigmaModel): string[] {
  if (which === 'means') return ['mu1', 'mu2'];
  return sigma === 'equal' ? ['w', 'mu1', 'mu2', 'sigma'] : ['w', 'mu1', 'mu2', 'sigma1', 'sigma2'];
}

/**
 * Writes the score vector at (y, ρ²) into `score` (parameter order as in `paramNames`). Responsibilities come
 * from log-densities, so they stay defined where both component densities underflow.
 */
function scoreAt(p: LineProblem, which: FisherParameters, sigma: SigmaModel, y: number, rho2: number, score: Float64Array): void {
  const { w, mu, s, nu } = p;
  const pis = [w, 1 - w];
  const a = [0, 0];
  for (let k = 0; k < 2; k++) {
    a[k] = Math.log(pis[k]) + logPhi((y - mu[k]) / s[k]) - Math.log(s[k]) - (nu > 0 ? 0.5 * rho2 / (s[k] * s[k]) + nu * Math.log(s[k]) : 0);
  }
  const mx = Math.max(a[0], a[1]);
  const e0 = Math.exp(a[0] - mx);
  const e1 = Math.exp(a[1] - mx);
  const g = [e0 / (e0 + e1), e1 / (e0 + e1)];
  const d = nu + 1;
  let i = 0;
  if (which === 'all') score[i++] = g[0] / w - g[1] / (1 - w);
  score[i++] = (g[0] * (y - mu[0])) / (s[0] * s[0]);
  score[i++] = (g[1] * (y - mu[1])) / (s[1] * s[1]);
  if (which === 'all') {
    if (sigma === 'equal') {
      const sg = s[0];
      score[i++] = (g[0] * (y - mu[0]) ** 2 + g[1] * (y - mu[1]) ** 2 + rho2) / sg ** 3 - d / sg;
    } else {
      for (let k = 0; k < 2; k++) score[i++] = g[k] * (((y - mu[k]) ** 2 + rho2) / s[k] ** 3 - d / s[k]);
    }
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
  for (let k = 0; k < 2; k++) for (const z of [-20, -10, -6, -3, -1.5, 0, 1.5, 3, 6, 10, 20]) pts.add(p.mu[k] + z * p.s[k]);
  const lo = Math.min(p.mu[0] - 20 * p.s[0], p.mu[1] - 20 * p.s[1]);
  const hi = Math.max(p.mu[0] + 20 * p.s[0], p.mu[1] + 20 * p.s[1]);
  return [...pts].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
}

/** ∫ s sᵀ f over y (for a given ρ², with the per-component ρ-density factors `rhoWeight`); packed upper triangle. */
function lineIntegral(p: LineProblem, which: FisherParameters, sigma: SigmaModel, rho2: number, rhoLogWeight: readonly [number, number], relTol: number): Float64Array {
  const np = paramNames(which, sigma).length;
  const score = new Float64Array(np);
  const dim = (np * (np + 1)) / 2;
  const res = integrateVector(
    (y, out) => {
      scoreAt(p, which, sigma, y, rho2, score);
      let f = 0;
      for (let k = 0; k < 2; k++) {
        const pk = k === 0 ? p.w : 1 - p.w;
        f += Math.exp(Math.log(pk) + logPhi((y - p.mu[k]) / p.s[k]) - Math.log(p.s[k]) + rhoLogWeight[k]);
      }
      let idx = 0;
      for (let i = 0; i < np; i++) for (let j = i; j < np; j++) out[idx++] = score[i] * score[j] * f;
    },
    dim,
    breaksFor(p),
    // Entries that vanish by symmetry need an absolute floor; information entries scale like 1/σ².
    { relTol, absTol: (1e-3 * relTol) / Math.min(p.s[0], p.s[1]) ** 2 },
  );
  if (!res.converged) throw new Error('fisher: quadrature did not converge');
  return res.value;
}

function unpack(packed: Float64Array, np: number): number[][] {
  const m = Array.from({ length: np }, () => new Array<number>(np).fill(0));
  let idx = 0;
  for (let i = 0; i < np; i++) for (let j = i; j < np; j++) m[i][j] = m[j][i] = packed[idx++];
  return m;
}

/**
 * Per-observation Fisher information of a two-component spherical mixture for the along-line parameters
 * (w, μ1, μ2 along the line through the means, σ or σ1, σ2); 'means' gives the (μ1, μ2) block for known w and σ.
 * In d > 1 the orthogonal mean coordinates are omitted (block diagonal, see the module doc).
 */
export function fisherInformation(
  mix: SphericalMixture,
  which: FisherParameters = 'all',
  sigma: SigmaModel = 'equal',
  options: { integration?: 'auto' | 'nested' } = {},
): FisherInformation {
  const p = lineProblem(mix);
  const names = paramNames(which, sigma);
  const np = names.length;
  if (sigma === 'equal' && which === 'all' && p.s[0] !== p.s[1]) {
    throw new RangeError(`fisher: the common-σ model needs equal sigmas (got ${p.s[0]} and ${p.s[1]})`);
  }
  const relTol = 1e-13;
  const equalSigma = p.s[0] === p.s[1];
  // 'nested' forces the (y, ρ) integral even where the closed-form reduction applies (a cross-check).
  if (options.integration === 'nested' && p.nu > 0) return { names, matrix: fisherInformationNested(p, which, sigma) };
  if (p.nu === 0 || equalSigma) {
    // Responsibilities do not depend on ρ: 1-D integral; the χ²_{d−1} part of the σ score adds 2(d−1)/σ².
    const packed = lineIntegral({ ...p, nu: 0 }, which, sigma, 0, [0, 0], relTol);
    const I = unpack(packed, np);
    if (which === 'all' && p.nu > 0) {
      if (sigma === 'equal') I[3][3] += (2 * p.nu) / (p.s[0] * p.s[0]);
      else {
        // Equal true σ but σ1, σ2 estimated separately: the ρ part of ∂_{σk} is γ_k(ρ² − νσ²)/σ³ with γ_k(Y).
        return { names, matrix: fisherInformationNested(p, which, sigma) };
      }
    }
    return { names, matrix: I };
  }
  return { names, matrix: fisherInformationNested(p, which, sigma) };
}

/** Along-line block for unequal σ in d > 1: nested quadrature over ρ ∈ [0, ∞) (χ_{d−1}) and y. */
function fisherInformationNested(p: LineProblem, which: FisherParameters, sigma: SigmaModel): number[][] {
  const np = paramNames(which, sigma).length;
  const dim = (np * (np + 1)) / 2;
  const sMax = Math.max(p.s[0], p.s[1]);
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
      const lw: [number, number] = [logChiDensity(rho, p.s[0], p.nu), logChiDensity(rho, p.s[1], p.nu)];
      out.set(lineIntegral(p, which, sigma, rho * rho, lw, 1e-12));
    },
    dim,
    [...rhoBreaks].sort((a, b) => a - b),
    { relTol: 1e-11, absTol: 1e-14 / Math.min(p.s[0], p.s[1]) ** 2 },
  );
  if (!res.converged) throw new Error('fisher: nested quadrature did not converge');
  return unpack(res.value, np);
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

/** sd∞ of the separation from an information matrix: √(aᵀ I⁻¹ a) with a = −1 at 'mu1', +1 at 'mu2'. */
export function separationSdFromInformation(info: FisherInformation): number {
  const a = info.names.map((n) => (n === 'mu1' ? -1 : n === 'mu2' ? 1 : 0));
  const x = solveSpd(info.matrix, a);
  const v = x.reduce((s, xi, i) => s + xi * a[i], 0);
  return v > 0 ? Math.sqrt(v) : NaN;
}

export interface FisherSeparationSd {
  /** (i) only the means estimated (w and σ's known). */
  readonly sdMeansOnly: number;
  /** (ii) w, both means and σ (common) — or σ1, σ2 when the mixture's sigmas differ — estimated. */
  readonly sdAllParameters: number;
  /** The σ model used for (ii). */
  readonly sigmaModel: SigmaModel;
}

/**
 * sd∞ of the MLE of the separation |μ2 − μ1| (RMSE ≈ sd∞/√n): (i) means only, (ii) all parameters with a common
 * σ when the mixture's σ's are equal, otherwise with σ1, σ2. NaN when the information is singular (μ1 = μ2).
 */
export function fisherSeparationSd(mix: SphericalMixture): FisherSeparationSd {
  const p = lineProblem(mix);
  const sigmaModel: SigmaModel = p.s[0] === p.s[1] ? 'equal' : 'unequal';
  if (p.mu[1] === 0) return { sdMeansOnly: NaN, sdAllParameters: NaN, sigmaModel };
  return {
    sdMeansOnly: separationSdFromInformation(fisherInformation(mix, 'means', sigmaModel)),
    sdAllParameters: separationSdFromInformation(fisherInformation(mix, 'all', sigmaModel)),
    sigmaModel,
  };
}
