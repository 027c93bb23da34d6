/**
 * Newton–Raphson EM for the canonical model: d = 1, K = 2, one shared σ (estimated or fixed), weights estimated
 * or equal. EM converges linearly, and slowly when the components overlap (the rate is the largest fraction of
 * missing information: ~0.7 for 0.5·N(−1,1) + 0.5·N(1,1)), so the 1e-10 stopping rule costs ~13 SQUAREM
 * passes there. Newton's method on the observed log-likelihood converges quadratically near the maximum, and
 * in this model one pass over the data yields everything it needs:
 *
 * - per point one exponential gives r = P(component 2 | x) (the log-odds ℓ is linear in x for equal σ), and
 *   the pass accumulates Σ rʲyᵏ-type sums around y = x − (μ₁+μ₂)/2: R_k = Σ r yᵏ and W_k = Σ r(1−r) yᵏ,
 *   k = 0, 1, 2, plus Σ|ℓ| and a product of max(r, 1−r) for the log-likelihood (emKernel.ts explains that trick);
 *   the totals Σ y, Σ y² come from the data mean and sum of squares computed once per fit;
 * - from these, the log-likelihood L(θ), the EM map F(θ) (emKernel's statistics N, T, Q, then its M-step), the
 *   score g and the observed Hessian H (Louis 1982: H = Σᵢ [r₁H₁ + r₂H₂ + r₁r₂ δδᵀ] with Hₖ the Hessian of
 *   log πₖφₖ(xᵢ) and δ = s₂ − s₁ the difference of the complete-data scores), in θ = (μ₁, μ₂, σ², π₂).
 *
 * Each pass moves to the Newton point θ − H⁻¹g when −H is positive definite (on the free parameters) and the
 * point is valid (σ² above the floor unless σ is fixed, π₂ ∈ (0, 1)); otherwise to the SQUAREM extrapolation of
 * the last three EM iterates when there are three and it is valid (squarem.ts), and to F(θ) failing that.
 * Safeguard: if the next pass finds L lower than at θ by more than the rounding slack of emStopping.ts, the
 * Newton or extrapolated point is discarded and the run continues from F(θ), which EM guarantees is no worse.
 *
 * Stopping rule (emStopping.ts, shared with plain EM and SQUAREM): the predicted gain to the maximum is ≤ tol.
 * Here it is half the Newton decrement, ½gᵀ(−H)⁻¹g (Boyd & Vandenberghe 2004, §9.5.1), the gain of the
 * quadratic model; where no Newton step is available and the run takes EM steps, the score against the
 * SQUAREM extrapolation of the last three EM iterates. Either is a gain still to come, never a small change.
 * The returned θ is the last point evaluated, so its log-likelihood and masses are those of that pass — or, when
 * the decrements show quadratic convergence, that pass's Newton point (quadraticFinish), which saves the pass
 * that would only confirm it.
 *
 * em.ts runs this on standardised data (mean 0, standard deviation ~1), so σ⁶ and σ⁸ in H stay finite whatever
 * the units of the data.
 */
import type { Dataset } from '../../types.js';
import type { RunOutcome } from './em.js';
import { createEMWork, degeneracy, mStep, type EMWork } from './emKernel.js';
import { fastExp, HALF_LOG_2PI, productBlock } from './emMath.js';
import { gainFromIterates, GainRule, likelihoodSlack } from './emStopping.js';
import { isValidPoint, squaremExtrapolate, type SquaremLayout } from './squarem.js';
import { stridedRows } from './emNewtonGeneral.js';

/**
 * Where Newton steps exist (the only place this rule is written; em.ts, the 'em' descriptor's option rules and
 * its capability check call these): the Hessian here is that of one-dimensional, two-component models with one σ,
 * shared or fixed. Each returns why not, or null.
 */
export function newtonModelProblem(covariance: string): string | null {
  return covariance === 'unequal' ? '"newton" needs covariance "equal" or "fixed" (got "unequal"); use "auto" or "squarem"' : null;
}

export function newtonShapeProblem(d: number, K: number): string | null {
  return d === 1 && K === 2 ? null : '"newton" needs d = 1 and K = 2 (use "auto")';
}

/**
 * Buffers and data moments of one Newton run, made once per fit: Σ(x − c) and Σ(x − c)² around a point c
 * near the data (so offsets of 1e8 keep their digits), the per-pass sums, and the score g and Hessian H (4×4, row-major) over
 * (μ₁, μ₂, log σ², π₂) that the last pass computed.
 */
export interface NewtonScratch {
  /** A point near the data, Σ(x − centre) and Σ(x − centre)². */
  readonly centre: number;
  readonly dev: number;
  readonly ss: number;
  readonly sums: Float64Array;
  readonly g: Float64Array;
  readonly H: Float64Array;
  readonly free: Int32Array;
}

/** Σ(x − centre) and Σ(x − centre)² around a centre near the data (see NewtonScratch). */
export interface Moments1d {
  readonly centre: number;
  readonly dev: number;
  readonly ss: number;
}

/** Two passes: the rough mean, then the moments around it. */
export function moments1d(x: Float64Array, n: number): Moments1d {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const centre = s / n;
  // Moments around `centre`, a double near the data: x − centre is exact (Sterbenz) for data at 1e8, whereas
  // the mean itself is only good to ½ ulp there, and n times that error would shift every Σy around the midpoint.
  let dev = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const t = x[i] - centre;
    dev += t;
    ss += t * t;
  }
  return { centre, dev, ss };
}

/** Scratch for a run on `w`; `moments` when the caller already has them for w's data (em.ts does). */
export function createNewtonScratch(w: EMWork, moments: Moments1d = moments1d(w.x, w.n)): NewtonScratch {
  const { centre, dev, ss } = moments;
  return { centre, dev, ss, sums: new Float64Array(11), g: new Float64Array(4), H: new Float64Array(16), free: new Int32Array(4) };
}

/** Slots of the per-pass sums written by `newtonSums`. */
const R0 = 0;
const R1 = 1;
const R2 = 2;
const W0 = 3;
const W1 = 4;
const W2 = 5;
const ABS_L = 6;
const LOGS = 7;
/** Set by newtonPass: 1 when the Newton point was written, 0 when only F(θ) is usable. */
export const NEWTON_OK = 8;
/** Set by newtonPass with the Newton point: half the Newton decrement, ½gᵀ(−H)⁻¹g, the predicted gain of the step. */
export const DECREMENT = 9;
/** Set by newtonPass: 1 when g and H (sc.g, sc.H) are those of this pass's θ, 0 when the pass stopped before forming them. */
export const CURVATURE_OK = 10;

/**
 * The one pass over the data: sums around the midpoint `mid` for log-odds ℓ = c0 + b·y. Branch-free for the
 * reason given in emKernel.ts (the sign of ℓ is a coin flip per point in the overlap).
 */
function newtonSums(x: Float64Array, n: number, mid: number, c0: number, b: number, out: Float64Array): void {
  let r0 = 0;
  let r1 = 0;
  let r2 = 0;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let absL = 0;
  let logs = 0;
  const block = productBlock(2);
  for (let start = 0; start < n; start += block) {
    const end = start + block < n ? start + block : n;
    let prod = 1;
    for (let i = start; i < end; i++) {
      const y = x[i] - mid;
      const l = c0 + b * y;
      const r = 1 / (1 + fastExp(-l));
      const wr = r - r * r;
      const ry = r * y;
      const wy = wr * y;
      r0 += r;
      r1 += ry;
      r2 += ry * y;
      w0 += wr;
      w1 += wy;
      w2 += wy * y;
      absL += Math.abs(l);
      prod *= 0.5 + Math.abs(r - 0.5);
    }
    logs += Math.log(prod);
  }
  out[R0] = r0;
  out[R1] = r1;
  out[R2] = r2;
  out[W0] = w0;
  out[W1] = w1;
  out[W2] = w2;
  out[ABS_L] = absL;
  out[LOGS] = logs;
}

/**
 * One pass at θ: returns L(θ) and writes F(θ) into `emOut`; when the Newton step is usable, also writes the
 * Newton point into `newtonOut` and sets sums[NEWTON_OK] = 1. Leaves N, T, Q at θ in `w`.
 */
export function newtonPass(
  w: EMWork,
  sc: NewtonScratch,
  theta: Float64Array,
  emOut: Float64Array,
  newtonOut: Float64Array,
): number {
  const n = w.n;
  const m1 = theta[0];
  const m2 = theta[1];
  const sig = theta[2];
  const p1 = theta[4];
  const p2 = theta[5];
  const v = sig * sig;
  // y = x − mid and the means' offsets e₁ = μ₁ − mid, e₂ = μ₂ − mid, both exact (Sterbenz): with e₁ = −e₂
  // assumed instead, the rounding of mid (½ ulp, 7e-9 for data at 1e8) would shift ℓ for every point alike.
  const mid = 0.5 * (m1 + m2);
  const e1 = m1 - mid;
  const e2 = m2 - mid;
  const A = e2 - e1;
  // ℓ = log(π₂/π₁) + ((y − e₁)² − (y − e₂)²)/(2σ²) = c0 + b·y.
  const c0 = Math.log(p2 / p1) + (e1 * e1 - e2 * e2) / (2 * v);
  const b = A / v;
  const s = sc.sums;
  newtonSums(w.x, n, mid, c0, b, s);
  s[NEWTON_OK] = 0;
  s[CURVATURE_OK] = 0;
  const r0 = s[R0];
  const r1 = s[R1];
  const r2 = s[R2];
  const w0 = s[W0];
  const w1 = s[W1];
  const w2 = s[W2];
  // Σy and Σy² around the midpoint, from the fit's moments.
  const dm = sc.centre - mid;
  const S1 = sc.dev + n * dm;
  const S2 = sc.ss + 2 * dm * sc.dev + n * dm * dm;

  // log p(x) = log π₁φ₁(x) + max(ℓ, 0) − log max(r₁, r₂); Σ(x − μ₁)² = S2 − 2e₁S1 + ne₁², Σℓ = n·c0 + b·S1.
  const D1 = S2 - 2 * e1 * S1 + n * e1 * e1;
  const sumL = n * c0 + b * S1;
  const logLik = n * (Math.log(p1) - Math.log(sig) - HALF_LOG_2PI) - (0.5 / v) * D1 + 0.5 * (sumL + s[ABS_L]) - s[LOGS];

  // EM statistics around each component's mean (emKernel's convention), then its M-step.
  const N1 = n - r0;
  const N2 = r0;
  const T1 = S1 - r1 - e1 * N1;
  const T2 = r1 - e2 * r0;
  const Q1 = S2 - r2 - 2 * e1 * (S1 - r1) + e1 * e1 * N1;
  const Q2 = r2 - 2 * e2 * r1 + e2 * e2 * r0;
  w.N[0] = N1;
  w.N[1] = N2;
  w.T[0] = T1;
  w.T[1] = T2;
  w.Q[0] = Q1;
  w.Q[1] = Q2;
  mStep(w, theta, emOut);
  if (!(N1 > 0 && N2 > 0 && Number.isFinite(logLik))) return logLik;

  // Score and observed Hessian in (μ₁, μ₂, v = σ², p = π₂), q = π₁π₂ (see the module comment).
  const q = p1 * p2;
  const v2 = v * v;
  const v3 = v2 * v;
  const g = sc.g;
  const H = sc.H;
  g[0] = T1 / v;
  g[1] = T2 / v;
  g[2] = (Q1 + Q2) / (2 * v2) - n / (2 * v);
  g[3] = N2 / p2 - N1 / p1;
  // δ = s₂ − s₁ = (−(y − e₁)/v, (y − e₂)/v, −A·y/v² + C3, 1/q), C3 = (e₂² − e₁²)/(2v²) (0 up to rounding).
  const C3 = (e2 * e2 - e1 * e1) / (2 * v2);
  H[0] = -N1 / v + (w2 - 2 * e1 * w1 + e1 * e1 * w0) / v2;
  H[5] = -N2 / v + (w2 - 2 * e2 * w1 + e2 * e2 * w0) / v2;
  H[1] = H[4] = -(w2 - (e1 + e2) * w1 + e1 * e2 * w0) / v2;
  H[2] = H[8] = -T1 / v2 + ((A * (w2 - e1 * w1)) / v2 - C3 * (w1 - e1 * w0)) / v;
  H[6] = H[9] = -T2 / v2 + ((-A * (w2 - e2 * w1)) / v2 + C3 * (w1 - e2 * w0)) / v;
  H[10] = n / (2 * v2) - (Q1 + Q2) / v3 + (A * A * w2) / (v2 * v2) - (2 * A * C3 * w1) / v2 + C3 * C3 * w0;
  H[3] = H[12] = -(w1 - e1 * w0) / (v * q);
  H[7] = H[13] = (w1 - e2 * w0) / (v * q);
  H[11] = H[14] = ((-A * w1) / v2 + C3 * w0) / q;
  H[15] = -N1 / (p1 * p1) - N2 / (p2 * p2) + w0 / (q * q);

  // Newton on s = log σ² instead of σ²: L is far from quadratic in σ² when σ² starts below its optimum (a
  // k-means start underestimates σ), and steps in σ² then undershoot; in s they do not, and σ² stays positive.
  // Chain rule: g_s = σ²g_v, H_ss = σ⁴H_vv + σ²g_v, H_sj = σ²H_vj.
  H[10] = v2 * H[10] + v * g[2];
  H[2] = H[8] = v * H[2];
  H[6] = H[9] = v * H[6];
  H[11] = H[14] = v * H[11];
  g[2] = v * g[2];
  s[CURVATURE_OK] = 1;
  // Free parameters: the means always, σ² unless fixed, π₂ unless the weights are held equal.
  const free = sc.free;
  let m = 0;
  free[m++] = 0;
  free[m++] = 1;
  if (w.covariance !== 'fixed') free[m++] = 2;
  if (w.weights !== 'equal') free[m++] = 3;
  const step = solveNegDefinite(H, g, free, m);
  if (step === null) return logLik;

  let lambda2 = 0;
  for (let i = 0; i < 4; i++) lambda2 += g[i] * step[i];
  const nm1 = m1 + step[0];
  const nm2 = m2 + step[1];
  const nv = v * Math.exp(step[2]);
  const np2 = p2 + step[3];
  // A fixed σ is the user's, not an estimate: the variance floor does not apply to it (as in em.ts's SQUAREM).
  const nvOk = w.covariance === 'fixed' || (nv > w.floorVar && nv < Infinity);
  if (!(Number.isFinite(nm1) && Number.isFinite(nm2) && nvOk && np2 > 0 && np2 < 1)) {
    return logLik;
  }
  const nsig = w.covariance === 'fixed' ? sig : Math.sqrt(nv);
  newtonOut[0] = nm1;
  newtonOut[1] = nm2;
  newtonOut[2] = nsig;
  newtonOut[3] = nsig;
  newtonOut[4] = w.weights === 'equal' ? p1 : 1 - np2;
  newtonOut[5] = w.weights === 'equal' ? p2 : np2;
  s[NEWTON_OK] = 1;
  s[DECREMENT] = 0.5 * lambda2;
  return logLik;
}

const STEP = new Float64Array(4);
const CHOL = new Float64Array(16);
const Y = new Float64Array(4);

/**
 * Solves (−H_ff) Δ_f = g_f on the free parameters f by Cholesky; null unless −H_ff is positive definite.
 * Returns the step over all four parameters (0 on fixed ones) in a shared buffer.
 */
function solveNegDefinite(H: Float64Array, g: Float64Array, free: Int32Array, m: number): Float64Array | null {
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) CHOL[i * 4 + j] = -H[free[i] * 4 + free[j]];
  for (let j = 0; j < m; j++) {
    let d = CHOL[j * 4 + j];
    for (let k = 0; k < j; k++) d -= CHOL[j * 4 + k] * CHOL[j * 4 + k];
    if (!(d > 0)) return null;
    const l = Math.sqrt(d);
    CHOL[j * 4 + j] = l;
    for (let i = j + 1; i < m; i++) {
      let t = CHOL[i * 4 + j];
      for (let k = 0; k < j; k++) t -= CHOL[i * 4 + k] * CHOL[j * 4 + k];
      CHOL[i * 4 + j] = t / l;
    }
  }
  for (let i = 0; i < m; i++) {
    let t = g[free[i]];
    for (let k = 0; k < i; k++) t -= CHOL[i * 4 + k] * Y[k];
    Y[i] = t / CHOL[i * 4 + i];
  }
  STEP.fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let t = Y[i];
    for (let k = i + 1; k < m; k++) t -= CHOL[k * 4 + i] * STEP[free[k]];
    STEP[free[i]] = t / CHOL[i * 4 + i];
  }
  return STEP;
}

/**
 * Newton–EM from the θ in `start` (see the module comment). Uses the four buffers given; allocates O(1).
 * A warm run gives up (null) as soon as a step would not be an accepted Newton step.
 */
export function runNewton(
  w: EMWork,
  start: Float64Array,
  bufs: readonly [Float64Array, Float64Array, Float64Array, Float64Array],
  tol: number,
  maxIter: number,
  /** When given, the run is a warm start: it gives up (null) and adds its passes to `warm.wasted` instead. */
  warm: { wasted: number } | null = null,
  moments?: Moments1d,
): RunOutcome | null {
  const sc = createNewtonScratch(w, moments);
  let [cur, em, nt, prevEm] = bufs;
  cur.set(start);
  // The data's standard deviation, the unit of the means in SQUAREM's step norms.
  const sd = Math.sqrt(sc.ss / w.n);
  const layout: SquaremLayout = { K: 2, d: 1, meanScale: sd > 0 ? sd : 1 };
  const rule = new GainRule(tol);
  // The point evaluated before `cur`; when `emChain`, cur = F(before), and before, cur, F(cur) are three EM
  // iterates whose SQUAREM extrapolation predicts the gain, and is the next point, where no Newton step is
  // available: on a flat ridge (two components merging, −H singular) EM steps alone took 5e4 passes to
  // converge where these took 40.
  const floorSigma = w.covariance === 'fixed' ? 0 : w.floorSigma;
  const before = new Float64Array(6);
  const extrapolated = new Float64Array(6);
  let emChain = false;
  let Lprev = NaN;
  // The Newton decrement at the point before `cur` when cur is its Newton point (NaN otherwise).
  let decPrev = NaN;
  let passes = 0;
  // Whether `cur` is a Newton point, and whether it is a Newton or extrapolated point (only those can be
  // rejected: an EM step never lowers L).
  let fromNewton = false;
  let fromJump = false;
  for (;;) {
    if (passes >= maxIter) return { theta: cur, logLik: NaN, iterations: passes, converged: false, failure: null };
    const L = newtonPass(w, sc, cur, em, nt);
    passes++;
    if (!Number.isFinite(L)) {
      if (warm !== null) {
        warm.wasted += passes;
        return null;
      }
      return { theta: cur, logLik: NaN, iterations: passes, converged: false, failure: `log-likelihood became ${L} after ${passes} passes` };
    }
    if (fromJump && L < Lprev - likelihoodSlack(Lprev, w.n, 1)) {
      if (warm !== null) {
        warm.wasted += passes;
        return null;
      }
      // The Newton or extrapolated point lost likelihood: continue from the EM step of the point before it
      // (still in `before`). After a failed extrapolation, the next one waits for three fresh EM iterates (as a
      // SQUAREM cycle would), or it would repeat the same jump.
      const t = cur;
      cur = prevEm;
      prevEm = t;
      emChain = fromNewton;
      fromNewton = false;
      fromJump = false;
      continue;
    }
    const newtonOk = sc.sums[NEWTON_OK] === 1;
    let gain = NaN;
    let alpha = -1;
    if (newtonOk) {
      gain = sc.sums[DECREMENT];
    } else if (emChain) {
      // w holds the statistics at cur (newtonPass leaves them).
      alpha = squaremExtrapolate(before, cur, em, extrapolated, layout);
      rule.observe(alpha);
      gain = gainFromIterates(w, cur, em, extrapolated, rule);
    }
    if (rule.converged(gain)) {
      // θ is this pass's own point: its score and Hessian come with it (em.ts hands them to the covariance).
      const curvature = sc.sums[CURVATURE_OK] === 1 ? { g: Float64Array.from(sc.g), H: Float64Array.from(sc.H) } : undefined;
      return { theta: cur, logLik: L, iterations: passes, converged: true, failure: null, ...(curvature === undefined ? {} : { curvature }) };
    }
    if (newtonOk && fromNewton && quadraticFinish(gain, decPrev, L - Lprev, tol)) {
      return { theta: nt, logLik: L + gain, iterations: passes, converged: true, failure: null };
    }
    // A warm start must lead straight to a maximum by Newton steps (see runNewtonWarm).
    if (warm !== null && !newtonOk) {
      warm.wasted += passes;
      return null;
    }
    Lprev = L;
    decPrev = newtonOk ? gain : NaN;
    const jump = !newtonOk && alpha < -1 && isValidPoint(extrapolated, 2, 1, floorSigma);
    before.set(cur);
    // prevEm ← F(θ); θ ← Newton point, extrapolated point or F(θ).
    let t = prevEm;
    prevEm = em;
    em = t;
    fromNewton = newtonOk;
    fromJump = newtonOk || jump;
    emChain = !fromJump;
    if (newtonOk) {
      t = cur;
      cur = nt;
      nt = t;
    } else if (jump) {
      cur.set(extrapolated);
    } else {
      cur.set(prevEm);
    }
  }
}

/**
 * Whether the Newton point of this pass may be returned unevaluated: the last step was a Newton step whose
 * gain ΔL matched its prediction decPrev to 10 % (the quadratic model holds), and quadratic convergence
 * (‖θₖ₊₁ − θ̂‖ ∝ ‖θₖ − θ̂‖², so the decrements fall as decₖ₊₁ = decₖ³/decₖ₋₁²) puts the Newton point within tol
 * of the maximum, while its log-likelihood L + dec (the quadratic model's value) is off by the model's error,
 * which shrinks as dec^{3/2} from the |ΔL − decPrev| just seen, also ≤ tol. This saves the pass that would only
 * certify a point already known to be closer than tol: the final pass of most canonical fits.
 */
function quadraticFinish(dec: number, decPrev: number, gained: number, tol: number): boolean {
  if (!(decPrev > 0 && dec < decPrev)) return false;
  const modelError = Math.abs(gained - decPrev);
  if (!(modelError <= 0.1 * decPrev)) return false;
  const ratio = dec / decPrev;
  return dec * ratio * ratio <= tol && modelError * ratio * Math.sqrt(ratio) <= tol;
}

/** Warm starts take every STRIDE-th point, for data of at least MIN_WARM_N points (so subsamples have ≥ 1000). */
const STRIDE = 10;
const MIN_WARM_N = 10000;
/**
 * A subsample fit that needs more passes than this is abandoned: it is a hard (flat, overlapping) case where
 * the warm start would cost more than it saves (at most WARM_MAX_PASSES passes over each subsample level).
 */
const WARM_MAX_PASSES = 20;

/** Writes a starting θ for `data` into `out`: em.ts's initialisation, applied to whichever data it is given. */
export type StartFor = (data: Dataset, out: Float64Array) => void;

/**
 * Newton–EM started on a subsample (unless `subsample` is false). From a k-means start most Newton passes
 * are spent before the quadratic phase; a fit to every 10th point (itself started the same way, recursively,
 * so the initialisation runs on the deepest subsample, of 1000–9999 points) lands within O(1/√(n/10)) of the
 * full-data maximum for a tenth of the cost per pass, and from there the full data need about three passes
 * instead of six, and no k-means fit on the full data (measured: bench/canonical.ts). Strided rather than a
 * prefix, so sorted data still give a representative subsample.
 *
 * Safeguards: the subsample fit is used only if it converged within WARM_MAX_PASSES without degeneracy, and
 * the full-data run from it only while every step is an accepted Newton step: in a heavily overlapping
 * mixture a subsample's maximum can sit on a flat ridge of the full likelihood where Newton is unavailable and
 * EM crawls (measured: 150–300 passes where the cold start needs 9). Otherwise the level falls back to the
 * cold start, `startFor` on its own data, and the passes that found out are wasted (typically one or two).
 * Like the initialisation, the subsample passes are not counted in `iterations`; wasted full-data passes are.
 */
export function runNewtonWarm(
  w: EMWork,
  startFor: StartFor,
  bufs: readonly [Float64Array, Float64Array, Float64Array, Float64Array],
  tol: number,
  maxIter: number,
  subsample = true,
  /** The moments of w's data, when the caller has them (moments1d). */
  moments?: Moments1d,
): RunOutcome {
  let wasted = 0;
  if (subsample && w.n >= MIN_WARM_N) {
    const sub = stridedRows(w.x, w.n, 1, STRIDE).x;
    const m = sub.length;
    const ws = createEMWork({ x: sub, n: m, d: 1 }, 2, {
      covariance: w.covariance,
      weights: w.weights,
      fixedSigma: w.fixedSigma,
      floorVar: w.floorVar,
      floorVarShown: w.floorVarShown,
    });
    const sol = runNewtonWarm(ws, startFor, bufs, tol, Math.min(maxIter, WARM_MAX_PASSES));
    if (sol.converged && sol.failure === null && degeneracy(ws, sol.theta) === null) {
      const warm = { wasted: 0 };
      const run = runNewton(w, sol.theta.slice(), bufs, tol, maxIter, warm, moments);
      if (run !== null) return run;
      wasted = warm.wasted;
    }
  }
  const start = new Float64Array(6);
  startFor({ x: w.x, n: w.n, d: 1 }, start);
  const cold = runNewton(w, start, bufs, tol, maxIter - wasted, null, moments);
  if (cold === null) throw new Error('runNewton: a cold start cannot give up'); // unreachable
  return wasted === 0 ? cold : { ...cold, iterations: cold.iterations + wasted };
}
