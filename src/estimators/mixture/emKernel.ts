/**
 * The EM map for spherical Gaussian mixtures (Dempster, Laird & Rubin 1977): one pass over the data computes
 * the log-likelihood at θ (E-step, stabilised log-sum-exp per point) and the sufficient statistics, from which
 * the M-step writes F(θ). Covariance models follow mclust's spherical names: 'equal' = E/EII (one σ),
 * 'unequal' = V/VII (σₖ), plus 'fixed' (σ given, the εI model whose ε → 0 limit is k-means).
 *
 * Parameter vector layout (shared with SQUAREM and the estimators): θ = [μ (K×d) | σ (K) | π (K)].
 *
 * Why the pass looks like this:
 * - Responsibilities are never stored (no n×K matrix): each point's are folded into Nₖ = Σ rᵢₖ,
 *   Tₖ = Σ rᵢₖ (xᵢ − mₖ) and Qₖ = Σ rᵢₖ ‖xᵢ − mₖ‖², accumulated around the *current* means mₖ. The M-step
 *   then uses μₖ = mₖ + Tₖ/Nₖ and Σ rᵢₖ ‖xᵢ − μₖ‖² = Qₖ − ‖Tₖ‖²/Nₖ, which has no cancellation near
 *   convergence and none for data offset by 1e8 (the one-pass Σ r x² − N μ² loses every digit there).
 * - The log-likelihood is computed in every pass because the stopping rule needs it, but cheaply: per point
 *   log Σₖ e^{sₖ} = max + log Σₖ e^{sₖ−max}, and the logs of a block of points are taken as one log of the
 *   product of their Σₖ e^{sₖ−max} ∈ [1, K] (see productBlock), so the cost is one multiply per point.
 * - d = 1, K = 2 (the canonical study) has its own kernel: the log-odds ℓ of component 2 is linear in x with
 *   equal σ (quadratic with unequal σ), so one exponential per point gives r₂ = 1/(1 + e^{−ℓ}), r₁ = 1 − r₂
 *   and, via log p(x) = log(π₁φ₁(x)) + max(ℓ, 0) − log max(r₁, r₂), the log-likelihood from the same
 *   exponential (max(r₁, r₂) ∈ [½, 1], so blocks of 1000 factors stay normal). The kernel has no branch on
 *   the sign of ℓ: max(ℓ, 0) = (ℓ + |ℓ|)/2 and max(r₁, r₂) = ½ + |r₂ − ½|. In the overlap region that sign is
 *   a coin flip per point, and the mispredicted branches cost as much as the rest of the pass together
 *   (measured on the shared 2-core machine: 23 → 13 CPU-ns per point). fastExp overflows to ∞ and
 *   underflows to 0 like Math.exp, so r₂ is exactly 0 or 1 far from the boundary, and r₁ = 1 − r₂ loses
 *   relative accuracy only where r₁ < 1e−16 next to r₂ ≈ 1, which no sufficient statistic can see.
 * - Work buffers live in an EMWork allocated once per fit; the passes allocate nothing.
 */
import type { Dataset } from '../../types.js';
import { fastExp, HALF_LOG_2PI, productBlock } from './emMath.js';
import { generatedEStep, type GeneratedEStep } from './emKernelGen.js';
import { primingPoints } from '../primingPoints.js';

export type WeightsMode = 'estimated' | 'equal';
export type EMCovariance = 'equal' | 'unequal' | 'fixed';

/** Work buffers and fixed settings of one fit. */
export interface EMWork {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly covariance: EMCovariance;
  readonly weights: WeightsMode;
  /** σ for covariance 'fixed' (NaN otherwise). */
  readonly fixedSigma: number;
  /** Absolute lower bound on σₖ² (varianceFloor × total per-coordinate data variance). */
  readonly floorVar: number;
  /** √floorVar, computed once so "σ is at the floor" is an exact comparison. */
  readonly floorSigma: number;
  /** The floor as messages state it: in the units of the caller's data (em.ts fits standardised data). */
  readonly floorVarShown: number;
  /** Per-component statistics of the last pass: Nₖ, Tₖ (K×d), Qₖ. */
  readonly N: Float64Array;
  readonly T: Float64Array;
  readonly Q: Float64Array;
  /** Per-component constants of a pass: log πₖ − d log σₖ and 1/(2σₖ²). */
  readonly c: Float64Array;
  readonly h: Float64Array;
  /** General kernel, per block of `rows` points × K: scores then responsibilities (R), squared distances (D). */
  readonly R: Float64Array;
  readonly D: Float64Array;
  readonly rows: number;
  /** The general E-step compiled for this (d, K) (emKernelGen.ts: the same operations unrolled), or null. */
  readonly gen: GeneratedEStep | null;
  /** When true the d=1, K=2 kernels are bypassed (tests compare the two paths). */
  generalOnly: boolean;
  /** When true the general E-step runs as loops, not the compiled kernel (tests and benchmarks compare them). */
  loopsOnly: boolean;
}

export interface EMWorkSettings {
  covariance: EMCovariance;
  weights: WeightsMode;
  fixedSigma: number;
  floorVar: number;
  /** The floor in the units messages should use (default floorVar). */
  floorVarShown?: number;
}

export function createEMWork(data: Dataset, K: number, settings: EMWorkSettings): EMWork {
  return buildWork(data, K, settings, compiledEStep(data.d, K));
}

function buildWork(data: Dataset, K: number, settings: EMWorkSettings, gen: GeneratedEStep | null): EMWork {
  const rows = Math.min(256, productBlock(K));
  return {
    x: data.x,
    n: data.n,
    d: data.d,
    K,
    covariance: settings.covariance,
    weights: settings.weights,
    fixedSigma: settings.fixedSigma,
    floorVar: settings.floorVar,
    floorSigma: Math.sqrt(settings.floorVar),
    floorVarShown: settings.floorVarShown ?? settings.floorVar,
    N: new Float64Array(K),
    T: new Float64Array(K * data.d),
    Q: new Float64Array(K),
    c: new Float64Array(K),
    h: new Float64Array(K),
    R: new Float64Array(rows * K),
    D: new Float64Array(rows * K),
    rows,
    gen,
    generalOnly: false,
    loopsOnly: false,
  };
}

const primed = new WeakSet<GeneratedEStep>();

/**
 * The compiled E-step of emKernelGen.ts for (d, K), run a few times on 4K points the first time it is handed
 * out: a fresh function whose first call is a long loop is compiled on-stack (OSR) before the code after the
 * loop has any type feedback, and then deoptimises at the end of every call (kmeans.ts warmUp describes the
 * effect). The priming data include a zero weight, so both arms of the weight test have feedback. Affects no
 * result.
 */
function compiledEStep(d: number, K: number): GeneratedEStep | null {
  const gen = generatedEStep(d, K);
  if (gen === null || primed.has(gen)) return gen;
  primed.add(gen);
  const m = 4 * K;
  const x = primingPoints(m * d);
  const w = buildWork({ x, n: m, d }, K, { covariance: 'unequal', weights: 'estimated', fixedSigma: NaN, floorVar: 1e-10 }, gen);
  const theta = new Float64Array(paramLength(K, d));
  for (let i = 0; i < K * d; i++) theta[i] = x[i];
  for (let k = 0; k < K; k++) {
    theta[K * d + k] = 1.5 + 0.25 * k;
    theta[K * d + K + k] = 1 / K;
  }
  for (let rep = 0; rep < 12; rep++) {
    theta[K * d + K] = rep % 2 === 0 ? 1 / K : 0;
    gen(w, theta);
  }
  return gen;
}

/** Length of θ = [μ (K×d) | σ (K) | π (K)]. */
export function paramLength(K: number, d: number): number {
  return K * d + 2 * K;
}

/** Total data variance: the mean over coordinates of the per-coordinate (population) variance. */
export function totalVariance(data: Dataset): number {
  const { x, n, d } = data;
  let total = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + j];
    m /= n;
    // Two-pass: the one-pass formula loses every digit for data offset by 1e8.
    let v = 0;
    for (let i = 0; i < n; i++) {
      const t = x[i * d + j] - m;
      v += t * t;
    }
    total += v / n;
  }
  return total / d;
}

/** True when the fast two-component 1-D kernel applies to θ (a zero weight needs the general kernel's −∞ handling). */
function useD1K2(w: EMWork, theta: Float64Array): boolean {
  return !w.generalOnly && w.d === 1 && w.K === 2 && theta[4] > 0 && theta[5] > 0;
}

/**
 * One EM map: returns log L(θ) and writes F(θ) into `out` (which must not alias `theta`).
 * The M-step result is clamped to the variance floor; whether a component ended there or lost all its mass is
 * read off the returned parameters by `degeneracy`.
 */
export function emPass(w: EMWork, theta: Float64Array, out: Float64Array): number {
  const ll = eStep(w, theta);
  mStep(w, theta, out);
  return ll;
}

/** E-step only: log L(θ) and the statistics N, T, Q around θ's means (left in `w`). */
export function eStep(w: EMWork, theta: Float64Array): number {
  if (useD1K2(w, theta)) {
    return eStepD1K2(w, theta);
  }
  const gen = w.gen;
  if (gen !== null && !w.loopsOnly) return gen(w, theta) - w.n * w.d * HALF_LOG_2PI;
  return eStepGeneral(w, theta);
}

/**
 * d = 1, K = 2, shared or separate σ: ℓ(x) = log(π₂σ₁/(π₁σ₂)) + (x−μ₁)²/(2σ₁²) − (x−μ₂)²/(2σ₂²), from the same
 * two squared distances the statistics use. For a shared σ the algebraically equal (μ₂ − μ₁)(x − m)/σ² with
 * m = (μ₁+μ₂)/2 is one multiply cheaper but inconsistent with them: m carries its own rounding (½ ulp, 7e-9 for
 * data at 1e8), which shifts ℓ for every point alike and made log L wrong by 4e-9 relative there
 * (test/estimators/emKernel.test.ts).
 */
function eStepD1K2(w: EMWork, theta: Float64Array): number {
  const x = w.x;
  const n = w.n;
  const m1 = theta[0];
  const m2 = theta[1];
  const s1 = theta[2];
  const s2 = theta[3];
  const p1 = theta[4];
  const p2 = theta[5];
  const h1 = 0.5 / (s1 * s1);
  const h2 = 0.5 / (s2 * s2);
  const c = Math.log(p2 / p1) + Math.log(s1 / s2);
  let N1 = 0;
  let N2 = 0;
  let T1 = 0;
  let T2 = 0;
  let Q1 = 0;
  let Q2 = 0;
  let D1 = 0;
  let pos2 = 0;
  let logs = 0;
  const block = productBlock(2);
  for (let start = 0; start < n; start += block) {
    const end = start + block < n ? start + block : n;
    let prod = 1;
    for (let i = start; i < end; i++) {
      const xi = x[i];
      const d1 = xi - m1;
      const d2 = xi - m2;
      const q1 = d1 * d1;
      const q2 = d2 * d2;
      const l = c + q1 * h1 - q2 * h2;
      const e = fastExp(-l);
      const r2 = 1 / (1 + e);
      const r1 = 1 - r2;
      N1 += r1;
      N2 += r2;
      T1 += r1 * d1;
      T2 += r2 * d2;
      Q1 += r1 * q1;
      Q2 += r2 * q2;
      D1 += q1;
      pos2 += l + Math.abs(l);
      prod *= 0.5 + Math.abs(r2 - 0.5);
    }
    logs += Math.log(prod);
  }
  storeD1K2(w, N1, N2, T1, T2, Q1, Q2);
  return n * (Math.log(p1) - Math.log(s1) - HALF_LOG_2PI) - h1 * D1 + 0.5 * pos2 - logs;
}

function storeD1K2(w: EMWork, N1: number, N2: number, T1: number, T2: number, Q1: number, Q2: number): void {
  w.N[0] = N1;
  w.N[1] = N2;
  w.T[0] = T1;
  w.T[1] = T2;
  w.Q[0] = Q1;
  w.Q[1] = Q2;
}

/**
 * Each component's score coefficients for θ, cₖ = log πₖ − d·log σₖ and hₖ = 1/(2σₖ²) (score of x: cₖ − hₖ‖x − μₖ‖²),
 * into w.c and w.h, and the statistics N, T, Q zeroed: the start of every E- or C-step over all points (here and
 * cem.ts cStep). A component with zero weight gets cₖ = −∞, so its e^{−∞} = 0 never wins a maximum.
 */
export function componentCoefficients(w: EMWork, theta: Float64Array): void {
  const { d, K, N, T, Q, c, h } = w;
  const sOff = K * d;
  const pOff = sOff + K;
  for (let k = 0; k < K; k++) {
    const sig = theta[sOff + k];
    const p = theta[pOff + k];
    c[k] = p > 0 ? Math.log(p) - d * Math.log(sig) : -Infinity;
    h[k] = 0.5 / (sig * sig);
    N[k] = 0;
    Q[k] = 0;
  }
  T.fill(0);
}

/**
 * Any d, K, in blocks of points: first each point's K squared distances, scores, log-sum-exp and
 * responsibilities (into w.R, w.D), then the statistics component by component with the sums over the block
 * in registers. Accumulating Tₖ point by point would be K·d read-modify-writes of memory per point.
 */
function eStepGeneral(w: EMWork, theta: Float64Array): number {
  const { x, n, d, K, N, T, Q, c, h, R, D, rows } = w;
  componentCoefficients(w, theta);
  let maxSum = 0;
  let logs = 0;
  for (let start = 0; start < n; start += rows) {
    const m = start + rows < n ? rows : n - start;
    // Σₖ e^{sₖ−max} ∈ [1, K]: their product over `rows` ≤ productBlock(K) points stays finite (one log per block).
    let prod = 1;
    for (let ii = 0; ii < m; ii++) {
      const base = (start + ii) * d;
      const rb = ii * K;
      let best = -Infinity;
      for (let k = 0; k < K; k++) {
        const mb = k * d;
        let q = 0;
        for (let j = 0; j < d; j++) {
          const t = x[base + j] - theta[mb + j];
          q += t * t;
        }
        D[rb + k] = q;
        const sk = c[k] - q * h[k];
        R[rb + k] = sk;
        best = sk > best ? sk : best;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = fastExp(R[rb + k] - best);
        R[rb + k] = e;
        sum += e;
      }
      maxSum += best;
      prod *= sum;
      const inv = 1 / sum;
      for (let k = 0; k < K; k++) R[rb + k] *= inv;
    }
    logs += Math.log(prod);
    for (let k = 0; k < K; k++) {
      let nk = 0;
      let qk = 0;
      for (let ii = 0; ii < m; ii++) {
        const r = R[ii * K + k];
        nk += r;
        qk += r * D[ii * K + k];
      }
      N[k] += nk;
      Q[k] += qk;
      const mb = k * d;
      for (let j = 0; j < d; j++) {
        const mu = theta[mb + j];
        let t = 0;
        for (let ii = 0; ii < m; ii++) t += R[ii * K + k] * (x[(start + ii) * d + j] - mu);
        T[mb + j] += t;
      }
    }
  }
  return maxSum + logs - n * d * HALF_LOG_2PI;
}

/**
 * M-step from the statistics of the last E-step at θ, into `out`. A component with Nₖ = 0 (every
 * responsibility underflowed) keeps its mean and σ and gets weight 0 when weights are estimated: it is
 * reported as degenerate, never turned into 0/0.
 */
export function mStep(w: EMWork, theta: Float64Array, out: Float64Array): void {
  const { n, d, K, N, T, Q, floorVar } = w;
  const sOff = K * d;
  const pOff = sOff + K;
  let totalN = 0;
  for (let k = 0; k < K; k++) totalN += N[k];
  let pooled = 0;
  for (let k = 0; k < K; k++) {
    const Nk = N[k];
    const mb = k * d;
    if (Nk > 0) {
      let tt = 0;
      for (let j = 0; j < d; j++) {
        const t = T[mb + j];
        out[mb + j] = theta[mb + j] + t / Nk;
        tt += t * t;
      }
      const within = Q[k] - tt / Nk;
      // Rounding can push Qₖ − ‖Tₖ‖²/Nₖ a hair below 0 when all of a component's points coincide.
      const wk = within > 0 ? within : 0;
      pooled += wk;
      if (w.covariance === 'unequal') {
        const v = wk / (Nk * d);
        out[sOff + k] = v > floorVar ? Math.sqrt(v) : w.floorSigma;
      }
    } else {
      for (let j = 0; j < d; j++) out[mb + j] = theta[mb + j];
      if (w.covariance === 'unequal') out[sOff + k] = theta[sOff + k];
    }
    out[pOff + k] = w.weights === 'equal' ? 1 / K : Nk / totalN;
  }
  if (w.covariance === 'equal') {
    const v = pooled / (n * d);
    const sig = v > floorVar ? Math.sqrt(v) : w.floorSigma;
    for (let k = 0; k < K; k++) out[sOff + k] = sig;
  } else if (w.covariance === 'fixed') {
    for (let k = 0; k < K; k++) out[sOff + k] = w.fixedSigma;
  }
}

/**
 * Why a parameter point is degenerate, or null: a σ at the variance floor (not for 'fixed', whose σ is the
 * user's), or a component without mass (Nₖ = 0 in the E-step at θ, which must have just been run).
 */
export function degeneracy(
  w: EMWork,
  theta: Float64Array,
  noMass = 'has no mass (all responsibilities 0)',
): string | null {
  const { d, K, N } = w;
  const sOff = K * d;
  const parts: string[] = [];
  for (let k = 0; k < K; k++) {
    if (!(N[k] > 0)) parts.push(`component ${k + 1} of ${K} ${noMass}`);
  }
  if (w.covariance === 'equal') {
    if (theta[sOff] <= w.floorSigma) parts.push(`the shared variance σ² hit the floor ${w.floorVarShown.toExponential(3)}`);
  } else if (w.covariance === 'unequal') {
    for (let k = 0; k < K; k++) {
      if (theta[sOff + k] <= w.floorSigma) {
        parts.push(`component ${k + 1} of ${K}: variance σ² hit the floor ${w.floorVarShown.toExponential(3)}`);
      }
    }
  }
  return parts.length > 0 ? parts.join('; ') : null;
}
