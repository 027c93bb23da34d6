/**
 * The large-sample covariance of a spherical Gaussian-mixture MLE (method 'em', ./emDescriptor.ts): the inverse
 * observed information (Louis 1982, J. R. Statist. Soc. B 44:226–233) or the sandwich (Huber 1967; White 1982)
 * H⁻¹ J H⁻¹, for every model EM fits — σ shared ('equal'), per component ('unequal') or known ('fixed'),
 * weights estimated or held at 1/K — in any dimension d and for any K.
 *
 * Free parameters η (those the model estimates): the means μ_k (K·d), the weights π_1…π_{K−1} when estimated
 * (π_K = 1 − Σ, the last component's weight is the dependent one), and σ (one shared) or σ_1…σ_K. Per point,
 * with p_k(x) = π_k N(x | μ_k, σ_k² I), responsibilities r_k and the complete-data scores s_k = ∇_η log p_k:
 *   ∇ℓ = g = Σ_k r_k s_k,   ∇²ℓ = Σ_k r_k (∇² log p_k + s_k s_kᵀ) − g gᵀ    (Louis's identity, point by point),
 * an exact identity for ℓ = log Σ_k p_k, not an approximation. The scores (δ = x − μ_k, q = |δ|²):
 *   ∂_{μ_k} = δ/σ_k²,   ∂_σ = q/σ_k³ − d/σ_k (into σ_k, or the shared σ),   ∂_{π_j} = 1{j=k}/π_k − 1{k=K}/π_K.
 * The first term needs only per-component moments of r_k·(1, δ, δδᵀ, q, qδ, q²) (its weight block vanishes:
 * π is linear in η, so ∇² log π_k + ∇log π_k ∇log π_kᵀ = ∇²π_k/π_k = 0):
 *   (μ_k, μ_k): Σ r δδᵀ/σ⁴ − Σ r·I/σ²;   (μ_k, σ): Σ r qδ/σ⁵ − (d + 2) Σ r δ/σ³;
 *   (σ, σ): Σ r q²/σ⁶ − (2d + 3) Σ r q/σ⁴ + d(d + 1) Σ r/σ²;
 *   (μ_k, π): Σ r δ/σ² ⊗ ∂_π log π_k;   (σ, π): (Σ r q/σ³ − d Σ r/σ) ∂_π log π_k.
 * The observed information is I = Σ_i g gᵀ − Σ_i Σ_k r_k(∇² log p_k + s_k s_kᵀ), and J = Σ_i g gᵀ is the
 * sandwich's meat (the same pass: J is the costly part of I). One pass over the data, O(n·(P² + K·d²)), or
 * none when the fit carries the information its own last pass formed at θ̂ (src/types.ts Fit.information: EM's
 * Newton path, ./em.ts), which the observed-information covariance then uses.
 *
 * θ (src/types.ts parameterCount) = (means K·d, weights K, σ's K) = A·η + const, A linear: weights row K is
 * −Σ of the free ones, each σ_k row picks the shared σ or its own, and a known parameter (weights held at 1/K,
 * σ fixed) has a zero row, so its variance and covariances are exactly 0 (it is not estimated: a Wald
 * interval for it has width 0). Cov(θ̂) = A Cov(η̂) Aᵀ, singular where θ is (Σ π = 1, a repeated shared σ).
 * Because A is linear, the result does not depend on which weight is taken as the dependent one.
 *
 * Units: the pass computes on (x − μ_k)/u, u = 2ʲ nearest the geometric mean of the σ_k (exact scaling; only
 * differences x − μ_k appear, so no centring is needed), so the entries of I are of order n whatever the units
 * of the data; covariance entries of means and σ's are multiplied back by u per index.
 *
 * A fit whose information is singular or indefinite (a saddle point, coinciding components, a component
 * without responsibility) gets that status with a reason (src/inference/symmetricInverse.ts), never NaNs.
 */
import type { Dataset, Fit, FitInformation, ParameterCovariance } from '../../types.js';
import { parameterCount } from '../../types.js';
import { congruence, invertPositiveDefinite, symmetrizeFromUpper } from '../../inference/symmetricInverse.js';
import { fastExp } from './emMath.js';

/** The mixture model whose MLE the fit is: which parameters are estimated. */
export interface MixtureModel {
  readonly covariance: 'equal' | 'unequal' | 'fixed';
  readonly weights: 'estimated' | 'equal';
}

/** 'observed': the inverse observed information; 'sandwich': I⁻¹ J I⁻¹ with J = Σ g gᵀ (robust to a wrong model). */
export type MixtureSeKind = 'observed' | 'sandwich';

/** The `kind` each choice writes into the ParameterCovariance. */
export const MIXTURE_SE_KINDS: Readonly<Record<MixtureSeKind, string>> = { observed: 'observed-information', sandwich: 'sandwich' };

/** The free parameters η of a model: their count, names, and where each block starts. */
export interface FreeParameters {
  readonly P: number;
  /** `mean.<k>.<j>`, `weight.<k>` (k < K − 1), `sigma` or `sigma.<k>`. */
  readonly names: readonly string[];
  /** Index of the first free weight (K·d); there are K − 1 of them when the weights are estimated, none otherwise. */
  readonly weightOffset: number;
  readonly freeWeights: number;
  /** Index of the first σ; 1 (equal), K (unequal) or 0 (fixed) of them. */
  readonly sigmaOffset: number;
  readonly freeSigmas: number;
}

export function freeParameters(K: number, d: number, model: MixtureModel): FreeParameters {
  const freeWeights = model.weights === 'estimated' ? K - 1 : 0;
  const freeSigmas = model.covariance === 'equal' ? 1 : model.covariance === 'unequal' ? K : 0;
  const names: string[] = [];
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) names.push(`mean.${k}.${j}`);
  for (let k = 0; k < freeWeights; k++) names.push(`weight.${k}`);
  if (freeSigmas === 1) names.push('sigma');
  else for (let k = 0; k < freeSigmas; k++) names.push(`sigma.${k}`);
  return { P: names.length, names, weightOffset: K * d, freeWeights, sigmaOffset: K * d + freeWeights, freeSigmas };
}

/** The observed information and the score products of a fit, in the data's units, for the free parameters η. */
export interface ObservedInformation extends FreeParameters {
  /** −∇² log L(θ̂) (P×P row-major, symmetric). */
  readonly information: Float64Array;
  /** J = Σ_i g_i g_iᵀ, g_i the score of point i. */
  readonly scoreOuter: Float64Array;
  /** Σ_i g_i (≈ 0 at a converged fit). */
  readonly score: Float64Array;
}

/** Why the fit's parameters admit no covariance at all (non-finite, σ ≤ 0, weights not in (0, 1)), or null. */
function parameterProblem(fit: Fit, model: MixtureModel): string | null {
  if (fit.sigmas === null) return 'the fit has no σ';
  for (let i = 0; i < fit.means.length; i++) if (!Number.isFinite(fit.means[i])) return 'a mean of the fit is not finite';
  for (let k = 0; k < fit.K; k++) {
    const s = fit.sigmas[k];
    if (!(s > 0 && s < Infinity)) return `σ of component ${k} is ${s}, not a positive number`;
    const w = fit.weights[k];
    if (!(w >= 0 && w <= 1)) return `the weight of component ${k} is ${w}, not in [0, 1]`;
    if (model.weights === 'estimated' && w === 0) return `component ${k} has weight 0, on the boundary of the parameter space`;
  }
  return null;
}

/** u = 2ʲ nearest the geometric mean of the σ's: the unit of the pass. */
function unitOf(sigmas: Float64Array): number {
  let logSum = 0;
  for (let k = 0; k < sigmas.length; k++) logSum += Math.log2(sigmas[k]);
  const e = Math.round(logSum / sigmas.length);
  return Math.pow(2, Math.max(-1000, Math.min(1000, e)));
}

interface ZUnitInformation {
  readonly information: Float64Array;
  readonly scoreOuter: Float64Array;
  readonly score: Float64Array;
}

/**
 * The pass: information, J and Σg for η in units of u (means and σ's divided by u). Weights are used as the
 * fit has them (held weights are 1/K by construction of the fit).
 */
function informationInUnits(data: Dataset, fit: Fit, model: MixtureModel, fp: FreeParameters, u: number): ZUnitInformation {
  const { x, n, d } = data;
  const K = fit.K;
  const P = fp.P;
  const sigmas = fit.sigmas as Float64Array;
  const s = 1 / u; // exact: u is a power of two
  const mu = fit.means;
  const sig = new Float64Array(K);
  const invVar = new Float64Array(K);
  const halfInvVar = new Float64Array(K);
  const constant = new Float64Array(K);
  const invPi = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    sig[k] = sigmas[k] * s;
    invVar[k] = 1 / (sig[k] * sig[k]);
    halfInvVar[k] = 0.5 * invVar[k];
    constant[k] = Math.log(fit.weights[k]) - d * Math.log(sig[k]);
    invPi[k] = 1 / fit.weights[k];
  }
  const delta = new Float64Array(K * d);
  const slot = new Float64Array(2);
  const q = new Float64Array(K);
  const r = new Float64Array(K);
  const g = new Float64Array(P);
  const G = new Float64Array(P * P);
  const score = new Float64Array(P);
  // Per-component moments Σ r·(1, δ, δδᵀ (upper), q, qδ, q²).
  const mA = new Float64Array(K);
  const mB = new Float64Array(K * d);
  const mQ = new Float64Array(K * d * d);
  const mR = new Float64Array(K);
  const mT = new Float64Array(K * d);
  const mU = new Float64Array(K);
  const wOff = fp.weightOffset;
  const nW = fp.freeWeights;
  const sOff = fp.sigmaOffset;
  const sigmaMode = fp.freeSigmas === 0 ? 0 : fp.freeSigmas === 1 ? 1 : 2;
  const last = K - 1;
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    let best = -Infinity;
    for (let k = 0; k < K; k++) {
      let qq = 0;
      const mk = k * d;
      for (let j = 0; j < d; j++) {
        const v = (x[xi + j] - mu[mk + j]) * s;
        delta[mk + j] = v;
        qq += v * v;
      }
      q[k] = qq;
      const l = constant[k] - qq * halfInvVar[k];
      r[k] = l;
      // Running max without a data-dependent branch (a coin flip per point where components overlap).
      slot[0] = best;
      slot[1] = l;
      best = slot[+(l > best)];
    }
    let total = 0;
    for (let k = 0; k < K; k++) {
      const e = fastExp(r[k] - best);
      r[k] = e;
      total += e;
    }
    const inv = 1 / total;
    let gSigma = 0;
    for (let k = 0; k < K; k++) {
      const rk = r[k] * inv;
      r[k] = rk;
      const mk = k * d;
      const iv = invVar[k];
      const qk = q[k];
      mA[k] += rk;
      mR[k] += rk * qk;
      mU[k] += rk * qk * qk;
      const qmk = mk * d;
      for (let j = 0; j < d; j++) {
        const dj = delta[mk + j];
        const rd = rk * dj;
        g[mk + j] = rd * iv;
        mB[mk + j] += rd;
        mT[mk + j] += rd * qk;
        for (let jj = j; jj < d; jj++) mQ[qmk + j * d + jj] += rd * delta[mk + jj];
      }
      if (sigmaMode !== 0) {
        const sk = sig[k];
        const ds = rk * (qk * iv - d) / sk;
        if (sigmaMode === 1) gSigma += ds;
        else g[sOff + k] = ds;
      }
    }
    if (sigmaMode === 1) g[sOff] = gSigma;
    if (nW > 0) {
      const rl = r[last] * invPi[last];
      for (let j = 0; j < nW; j++) g[wOff + j] = r[j] * invPi[j] - rl;
    }
    for (let a = 0; a < P; a++) {
      const ga = g[a];
      score[a] += ga;
      const row = a * P;
      for (let b = a; b < P; b++) G[row + b] += ga * g[b];
    }
  }
  // I = J − Σ_i Σ_k r_k(∇² log p_k + s_k s_kᵀ), upper triangle first.
  const I = Float64Array.from(G);
  const sub = (a: number, b: number, v: number): void => {
    if (a <= b) I[a * P + b] -= v;
    else I[b * P + a] -= v;
  };
  for (let k = 0; k < K; k++) {
    const mk = k * d;
    const sk = sig[k];
    const iv = invVar[k];
    const A = mA[k];
    for (let j = 0; j < d; j++) {
      for (let jj = j; jj < d; jj++) sub(mk + j, mk + jj, mQ[mk * d + j * d + jj] * iv * iv - (j === jj ? A * iv : 0));
    }
    const sIdx = sigmaMode === 0 ? -1 : sigmaMode === 1 ? sOff : sOff + k;
    if (sIdx >= 0) {
      const s3 = iv / sk;
      const s5 = s3 * iv;
      for (let j = 0; j < d; j++) sub(mk + j, sIdx, mT[mk + j] * s5 - (d + 2) * mB[mk + j] * s3);
      sub(sIdx, sIdx, mU[k] * iv * iv * iv - (2 * d + 3) * mR[k] * iv * iv + d * (d + 1) * A * iv);
    }
    if (nW > 0) {
      // ∂ log π_k / ∂π_j: 1/π_k at j = k < K − 1; −1/π_K at every j for the last component.
      for (let t = 0; t < nW; t++) {
        const w = k === last ? -invPi[last] : t === k ? invPi[k] : 0;
        if (w === 0) continue;
        for (let j = 0; j < d; j++) sub(mk + j, wOff + t, mB[mk + j] * iv * w);
        if (sIdx >= 0) sub(sIdx, wOff + t, (mR[k] * iv / sk - (d * A) / sk) * w);
      }
    }
  }
  return { information: symmetrizeFromUpper(I, P), scoreOuter: symmetrizeFromUpper(G, P), score };
}

/**
 * Separations up to this many σ (|μ_k − midpoint| ≤ FAST_PATH_REACH·σ_k) take the moment kernel below: its
 * polynomial expansion around the midpoint loses at most about FAST_PATH_REACH⁴·ε ≈ 1e-12 relative (the test
 * compares it with the general pass); wider ones take the general pass.
 */
const FAST_PATH_REACH = 8;

/**
 * The moment kernel's pass, a function of its own so V8 optimises the loop as a whole rather than on-stack in
 * a function whose later code has no type feedback yet (kmeans.ts warmUp explains the deoptimisation that
 * causes). out = [Σ yᵐ | Σ r₂ yᵐ | Σ r₂² yᵐ], m = 0…4, with y = (x − c)·s and r₂ = 1/(1 + e^{−(a0 + a1·y + a2·y²)}).
 */
function twoComponentSums(x: Float64Array, n: number, c: number, s: number, a0: number, a1: number, a2: number, out: Float64Array): void {
  let y1 = 0;
  let y2 = 0;
  let y3 = 0;
  let y4 = 0;
  let r0 = 0;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let r4 = 0;
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let q3 = 0;
  let q4 = 0;
  for (let i = 0; i < n; i++) {
    const y = (x[i] - c) * s;
    const r = 1 / (1 + fastExp(-(a0 + y * (a1 + a2 * y))));
    const yy = y * y;
    const yyy = yy * y;
    const y4i = yy * yy;
    const rr = r * r;
    y1 += y;
    y2 += yy;
    y3 += yyy;
    y4 += y4i;
    r0 += r;
    r1 += r * y;
    r2 += r * yy;
    r3 += r * yyy;
    r4 += r * y4i;
    q0 += rr;
    q1 += rr * y;
    q2 += rr * yy;
    q3 += rr * yyy;
    q4 += rr * y4i;
  }
  out[0] = n;
  out[1] = y1;
  out[2] = y2;
  out[3] = y3;
  out[4] = y4;
  out[5] = r0;
  out[6] = r1;
  out[7] = r2;
  out[8] = r3;
  out[9] = r4;
  out[10] = q0;
  out[11] = q1;
  out[12] = q2;
  out[13] = q3;
  out[14] = q4;
}

/** Responsibilities of one block of twoComponentSumsShared's points (4 KiB: stays in the L1 cache). */
const responsibilityBlock = new Float64Array(512);

/**
 * twoComponentSums for a linear log-odds (a shared σ), without the three sums whose coefficients are then exactly
 * zero (out[9], out[13], out[14] stay 0): 11 accumulators instead of 14, a fifth less work per point in the
 * canonical study.
 */
function twoComponentSumsShared(x: Float64Array, n: number, c: number, s: number, a0: number, a1: number, out: Float64Array): void {
  // Per block of points, two loops: the responsibilities first, then the eleven sums. Fused, the loop body holds
  // more live values than there are registers and its exponential's latency overlaps less (11.2 → 9.8 ns per
  // point; same sums, bit for bit); in blocks, the responsibilities stay in the L1 cache and evict nothing.
  const rs = responsibilityBlock;
  const B = rs.length;
  let y1 = 0;
  let y2 = 0;
  let y3 = 0;
  let y4 = 0;
  let r0 = 0;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  for (let start = 0; start < n; start += B) {
    const end = start + B < n ? start + B : n;
    for (let i = start; i < end; i++) {
      const y = (x[i] - c) * s;
      rs[i - start] = 1 / (1 + fastExp(-(a0 + y * a1)));
    }
    for (let i = start; i < end; i++) {
      const y = (x[i] - c) * s;
      const r = rs[i - start];
      const yy = y * y;
      const yyy = yy * y;
      const rr = r * r;
      y1 += y;
      y2 += yy;
      y3 += yyy;
      y4 += yy * yy;
      r0 += r;
      r1 += r * y;
      r2 += r * yy;
      r3 += r * yyy;
      q0 += rr;
      q1 += rr * y;
      q2 += rr * yy;
    }
  }
  out.fill(0);
  out[0] = n;
  out[1] = y1;
  out[2] = y2;
  out[3] = y3;
  out[4] = y4;
  out[5] = r0;
  out[6] = r1;
  out[7] = r2;
  out[8] = r3;
  out[10] = q0;
  out[11] = q1;
  out[12] = q2;
}

/**
 * d = 1, K = 2 (the canonical study) in one exponential per point. With y = (x − c)/u, c the midpoint of the
 * means, the log-odds ℓ(y) of component 2 is a polynomial of degree ≤ 2 (1 with a shared σ) and r₂ = 1/(1 + e^{−ℓ}),
 * r₁ = 1 − r₂. Every score is g = s₁(y) + r₂·(s₂(y) − s₁(y)) with s_k the complete-data scores (polynomials of
 * degree ≤ 2), and every complete-data term r₁c₁ + r₂c₂ is c₁ + r₂(c₂ − c₁) with c_k polynomials of degree ≤ 4.
 * So J, the information and Σg are exact linear combinations of the 14 sums Σ yᵐ r₂ᵖ (m ≤ 4, p ≤ 2): the pass
 * accumulates those (about 5 ns per point instead of the general pass's P² products and K exponentials).
 */
function informationTwoComponents1d(data: Dataset, fit: Fit, fp: FreeParameters, u: number): ZUnitInformation | null {
  const sigmas = fit.sigmas as Float64Array;
  const s = 1 / u;
  const c = 0.5 * (fit.means[0] + fit.means[1]);
  const m1 = (fit.means[0] - c) * s;
  const m2 = (fit.means[1] - c) * s;
  const s1 = sigmas[0] * s;
  const s2 = sigmas[1] * s;
  if (!(Math.abs(m1) <= FAST_PATH_REACH * s1 && Math.abs(m2) <= FAST_PATH_REACH * s2)) return null;
  const pi1 = fit.weights[0];
  const pi2 = fit.weights[1];
  // ℓ(y) = log(π₂σ₁/(π₁σ₂)) − (y − m₂)²/(2σ₂²) + (y − m₁)²/(2σ₁²) = a0 + a1·y + a2·y².
  const h1 = 0.5 / (s1 * s1);
  const h2 = 0.5 / (s2 * s2);
  const a0 = Math.log(pi2 / pi1) + Math.log(s1 / s2) - m2 * m2 * h2 + m1 * m1 * h1;
  const a1 = 2 * (m2 * h2 - m1 * h1);
  const a2 = h1 - h2;
  const sums = new Float64Array(15);
  // A shared σ makes ℓ linear (a2 = 0 exactly) and leaves Σ r₂y⁴, Σ r₂²y³, Σ r₂²y⁴ with zero coefficients.
  if (a2 === 0) twoComponentSumsShared(data.x, data.n, c, s, a0, a1, sums);
  else twoComponentSums(data.x, data.n, c, s, a0, a1, a2, sums);
  const P = fp.P;
  const m = [m1, m2];
  const sg = [s1, s2];
  const pis = [pi1, pi2];
  // Component k's complete-data score s_k and Hessian h_k of log π_k N(y | m_k, σ_k²), as polynomials of degree
  // ≤ 2 in y, flat: coefficient i of s_k[a] at SC[(k·P + a)·3 + i], of h_k[a][b] at HS[((k·P + a)·P + b)·3 + i].
  const SC = new Float64Array(2 * P * 3);
  const HS = new Float64Array(2 * P * P * 3);
  for (let k = 0; k < 2; k++) {
    const iv = 1 / (sg[k] * sg[k]);
    const mk = m[k];
    const sc = (a: number, c0: number, c1: number, c2: number): void => {
      const o = (k * P + a) * 3;
      SC[o] = c0;
      SC[o + 1] = c1;
      SC[o + 2] = c2;
    };
    const hs = (a: number, b: number, c0: number, c1: number, c2: number): void => {
      for (const [i, j] of [[a, b], [b, a]]) {
        const o = ((k * P + i) * P + j) * 3;
        HS[o] = c0;
        HS[o + 1] = c1;
        HS[o + 2] = c2;
      }
    };
    sc(k, -mk * iv, iv, 0); // (y − m_k)/σ²
    hs(k, k, -iv, 0, 0);
    const si = fp.freeSigmas === 0 ? -1 : fp.freeSigmas === 1 ? fp.sigmaOffset : fp.sigmaOffset + k;
    if (si >= 0) {
      const is3 = iv / sg[k];
      sc(si, mk * mk * is3 - 1 / sg[k], -2 * mk * is3, is3); // (y − m_k)²/σ³ − 1/σ
      hs(k, si, 2 * mk * is3, -2 * is3, 0); // −2(y − m_k)/σ³
      hs(si, si, iv - 3 * iv * iv * mk * mk, 6 * iv * iv * mk, -3 * iv * iv); // 1/σ² − 3(y − m_k)²/σ⁴
    }
    if (fp.freeWeights === 1) {
      sc(fp.weightOffset, k === 0 ? 1 / pis[0] : -1 / pis[1], 0, 0);
      hs(fp.weightOffset, fp.weightOffset, -1 / (pis[k] * pis[k]), 0, 0);
    }
  }
  // Σ_i (p(y_i)·q(y_i)·r₂ᵖ) and Σ_i p(y_i)·r₂ᵖ from the sums Σ yᵐ r₂ᵖ (sums[5p + m]).
  const prodDot = (x: Float64Array, xo: number, y: Float64Array, yo: number, power: number): number => {
    let acc = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) acc += x[xo + i] * y[yo + j] * sums[5 * power + i + j];
    return acc;
  };
  const lin = (x: Float64Array, xo: number, power: number): number => x[xo] * sums[5 * power] + x[xo + 1] * sums[5 * power + 1] + x[xo + 2] * sums[5 * power + 2];
  // g = A + r₂B with A = s₁, B = s₂ − s₁.
  const A = SC.subarray(0, P * 3);
  const B = new Float64Array(P * 3);
  for (let i = 0; i < P * 3; i++) B[i] = SC[P * 3 + i] - SC[i];
  const I = new Float64Array(P * P);
  const G = new Float64Array(P * P);
  const sum = new Float64Array(P);
  for (let a = 0; a < P; a++) {
    sum[a] = lin(A, 3 * a, 0) + lin(B, 3 * a, 1);
    for (let b = a; b < P; b++) {
      const g = prodDot(A, 3 * a, A, 3 * b, 0) + prodDot(A, 3 * a, B, 3 * b, 1) + prodDot(B, 3 * a, A, 3 * b, 1) + prodDot(B, 3 * a, B, 3 * b, 2);
      // Σ r₁c₁ + r₂c₂ = Σ c₁ + Σ r₂(c₂ − c₁), c_k = h_k + s_k s_kᵀ.
      const h0 = (a * P + b) * 3;
      const h1 = ((P + a) * P + b) * 3;
      const c1 = lin(HS, h0, 0) + prodDot(SC, 3 * a, SC, 3 * b, 0);
      const c2MinusC1 = lin(HS, h1, 1) - lin(HS, h0, 1) + prodDot(SC, 3 * (P + a), SC, 3 * (P + b), 1) - prodDot(SC, 3 * a, SC, 3 * b, 1);
      G[a * P + b] = g;
      I[a * P + b] = g - c1 - c2MinusC1;
    }
  }
  return { information: symmetrizeFromUpper(I, P), scoreOuter: symmetrizeFromUpper(G, P), score: sum };
}

/** The pass for any d and K, or the moment kernel for d = 1, K = 2 when it applies. */
function informationPass(data: Dataset, fit: Fit, model: MixtureModel, fp: FreeParameters, u: number, path: 'auto' | 'general'): ZUnitInformation {
  if (path === 'auto' && fit.d === 1 && fit.K === 2) {
    const fast = informationTwoComponents1d(data, fit, fp, u);
    if (fast !== null) return fast;
  }
  return informationInUnits(data, fit, model, fp, u);
}

/** The exponent of u in each free parameter (1 for means and σ's, 0 for weights). */
function unitExponents(fp: FreeParameters): Int8Array {
  const e = new Int8Array(fp.P);
  for (let a = 0; a < fp.P; a++) e[a] = a >= fp.weightOffset && a < fp.sigmaOffset ? 0 : 1;
  return e;
}

function checkShapes(data: Dataset, fit: Fit): void {
  if (data.d !== fit.d) throw new RangeError(`mixture covariance: the fit has d = ${fit.d}, the data d = ${data.d}`);
  if (fit.means.length !== fit.K * fit.d || fit.weights.length !== fit.K) throw new RangeError('mixture covariance: the fit does not have K×d means and K weights');
}

/**
 * The observed information, J and the total score of a fit's free parameters η, in the data's units (exported
 * for tests and diagnostics; mixtureCovariance works in scaled units). Throws when the fit's parameters are
 * unusable (see parameterProblem). `path: 'general'` forces the any-d, any-K pass where the d = 1, K = 2
 * moment kernel would run (a cross-check).
 */
export function observedInformation(data: Dataset, fit: Fit, model: MixtureModel, path: 'auto' | 'general' = 'auto'): ObservedInformation {
  checkShapes(data, fit);
  const problem = parameterProblem(fit, model);
  if (problem !== null) throw new RangeError(`observedInformation: ${problem}`);
  const fp = freeParameters(fit.K, fit.d, model);
  const u = unitOf(fit.sigmas as Float64Array);
  const z = informationPass(data, fit, model, fp, u, path);
  const e = unitExponents(fp);
  const P = fp.P;
  const information = new Float64Array(P * P);
  const scoreOuter = new Float64Array(P * P);
  const score = new Float64Array(P);
  for (let a = 0; a < P; a++) {
    score[a] = z.score[a] / u ** e[a];
    for (let b = 0; b < P; b++) {
      const f = u ** (e[a] + e[b]);
      information[a * P + b] = z.information[a * P + b] / f;
      scoreOuter[a * P + b] = z.scoreOuter[a * P + b] / f;
    }
  }
  return { ...fp, information, scoreOuter, score };
}

/** A = dθ/dη (parameterCount(K, d, true) × P, row-major): see the module doc. */
export function thetaJacobian(K: number, d: number, fp: FreeParameters): Float64Array {
  const R = parameterCount(K, d, true);
  const P = fp.P;
  const A = new Float64Array(R * P);
  for (let a = 0; a < K * d; a++) A[a * P + a] = 1;
  if (fp.freeWeights > 0) {
    for (let k = 0; k < K - 1; k++) {
      A[(K * d + k) * P + fp.weightOffset + k] = 1;
      A[(K * d + K - 1) * P + fp.weightOffset + k] = -1;
    }
  }
  for (let k = 0; k < K; k++) {
    const row = K * d + K + k;
    if (fp.freeSigmas === 1) A[row * P + fp.sigmaOffset] = 1;
    else if (fp.freeSigmas === K) A[row * P + fp.sigmaOffset + k] = 1;
  }
  return A;
}

/** The fit's own information (Fit.information) when it is over exactly the free parameters `fp`, with a usable unit; else null. */
function carriedInformation(fit: Fit, fp: FreeParameters): FitInformation | null {
  const c = fit.information;
  if (c === undefined || c.names.length !== fp.P || c.matrix.length !== fp.P * fp.P || !(c.unit > 0 && c.unit < Infinity)) return null;
  for (let a = 0; a < fp.P; a++) if (c.names[a] !== fp.names[a]) return null;
  return c;
}

/**
 * The large-sample covariance of θ̂ = (means, weights, σ's) of a mixture-MLE fit (src/types.ts
 * ParameterCovariance): `kind` 'observed-information' (I⁻¹) or 'sandwich' (I⁻¹ J I⁻¹). Known parameters
 * (σ fixed, weights held at 1/K) have variance 0. 'unavailable' for unusable fit parameters, 'singular' /
 * 'not-negative-definite' when I is (src/inference/symmetricInverse.ts).
 */
export function mixtureCovariance(data: Dataset, fit: Fit, model: MixtureModel, kind: MixtureSeKind = 'observed'): ParameterCovariance {
  checkShapes(data, fit);
  const kindName = MIXTURE_SE_KINDS[kind];
  const problem = parameterProblem(fit, model);
  if (problem !== null) {
    return problem.includes('weight 0') ? { status: 'singular', kind: kindName, reason: problem } : { status: 'unavailable', kind: kindName, reason: problem };
  }
  const { K, d } = fit;
  const fp = freeParameters(K, d, model);
  // The information the fit's last pass formed at θ̂ (src/types.ts Fit.information), when it is of this model;
  // else a pass of our own. The sandwich needs J as well, which only the pass gives.
  const carried = kind === 'observed' ? carriedInformation(fit, fp) : null;
  const u = carried !== null ? carried.unit : unitOf(fit.sigmas as Float64Array);
  const z = carried !== null ? null : informationPass(data, fit, model, fp, u, 'auto');
  const information = carried !== null ? carried.matrix : (z as ZUnitInformation).information;
  const inv = invertPositiveDefinite(information, fp.P, { what: 'the observed information', name: (i) => fp.names[i] });
  if (inv.status !== 'ok') return { status: inv.status, kind: kindName, reason: inv.reason };
  const covEta = kind === 'sandwich' ? congruence(inv.inverse, fp.P, (z as ZUnitInformation).scoreOuter, fp.P) : inv.inverse;
  const R = parameterCount(K, d, true);
  const cov = congruence(thetaJacobian(K, d, fp), R, covEta, fp.P);
  // Back to the data's units: u per mean or σ index.
  const e = new Int8Array(R);
  for (let a = 0; a < R; a++) e[a] = a < K * d || a >= K * d + K ? 1 : 0;
  for (let a = 0; a < R; a++) for (let b = 0; b < R; b++) cov[a * R + b] *= u ** (e[a] + e[b]);
  return { status: 'ok', kind: kindName, matrix: cov };
}
