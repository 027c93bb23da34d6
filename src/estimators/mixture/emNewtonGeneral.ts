/**
 * Quasi-Newton EM for every d, K and covariance model where the canonical Newton (emNewton.ts: d = 1, K = 2,
 * σ shared or fixed) does not apply: a warm start on a subsample, then quasi-Newton steps on the full data.
 *
 * Why: EM converges linearly, at the rate of the fraction of missing information: 24–34 SQUAREM passes from a
 * k-means start at tol 1e−10 on the speed workloads (experiments/speed/). Newton converges quadratically, but
 * the Hessian costs O(P²) per point (P free parameters: 27 for d = 5, K = 4), some 30 E-steps' worth at
 * d = 5, K = 4. A step η ← η + B·g needs only the exact score g, which every E-step yields from its statistics
 * N, T, Q (freeScore), and an approximate inverse information B:
 * - B starts as the inverse observed information (mixtureInformation.ts) of at most CURVATURE_POINTS points,
 *   scaled to n (the chord method, Ortega & Rheinboldt 1970 §7.1: each step shrinks the distance to the
 *   maximum by the relative error of B, O(√(P/m)) from m points);
 * - every pass refines B by the BFGS secant update along the step just taken (secantUpdate), which makes the
 *   convergence superlinear (Dennis & Moré 1977);
 * - each level up inherits the B of the level below, scaled by the ratio of the sizes.
 * The start: the maximum of every 10th point is within O(1/√(n/10)) of the full-data maximum, a gain of about
 * 5·P log-likelihood units, which the steps remove in a few passes; that subsample's fit starts the same way,
 * recursively, down to a level of 1000–9999 points, where SQUAREM runs from em.ts's initialisation. That
 * initialisation (k-means by default) runs on about 1e4 points (INIT_POINTS), not on the full data. Measured
 * (bench/roofline.ts, n = 1e4): 8–10 full-data passes instead of 24–33, at the same maximum
 * (test/estimators/emNewtonGeneral.test.ts).
 *
 * Stopping (emStopping.ts): half the quasi-Newton decrement, ½gᵀBg, the gain to the maximum predicted by the
 * quadratic model with B; the run returns the point of its last pass, whose log-likelihood and statistics
 * that pass computed (no extra E-step), or, when the decrements show that the next point is within tol/10
 * (`finishes`), that next point unevaluated with the model's log-likelihood, saving the pass that would only
 * certify it.
 *
 * Safeguards: a level is used only when its fit converged without degeneracy (else SQUAREM from the
 * initialisation on this level's data). A step that would leave the parameter space (σ below the
 * floor, a weight outside (0, 1)) is halved, up to MAX_HALVINGS times, then replaced by EM's step; a point that
 * loses likelihood (beyond likelihoodSlack) is replaced by EM's step from the previous point, which cannot
 * lose. The run gives up after MAX_REJECTIONS such losses, MAX_SLOW_STEPS steps in a row that do not halve the
 * decrement, or MAX_QN_PASSES passes; SQUAREM then continues from the best point reached, and every
 * full-data pass is counted in `iterations`.
 */
import type { Dataset, Fit } from '../../types.js';
import { invertPositiveDefinite } from '../../inference/symmetricInverse.js';
import { createEMWork, degeneracy, eStep, mStep, type EMWork } from './emKernel.js';
import { freeParameters, observedInformation, type FreeParameters, type MixtureModel } from './mixtureInformation.js';
import { GainRule, likelihoodSlack } from './emStopping.js';

/** What em.ts's runs return (em.ts RunOutcome, without the canonical Newton's curvature). */
export interface GeneralRunOutcome {
  theta: Float64Array;
  logLik: number;
  iterations: number;
  converged: boolean;
  failure: string | null;
}

/** A quasi-Newton run's outcome, with its inverse curvature B ≈ I⁻¹ at the end (refined by the secant updates). */
export interface QuasiNewtonOutcome extends GeneralRunOutcome {
  readonly inverse: Float64Array;
}

/** SQUAREM on `w`'s data (em.ts) from `start`, for at most `maxIter` passes; its passes are counted in the outcome. */
export type SquaremRun = (w: EMWork, start: Float64Array, maxIter: number) => GeneralRunOutcome;

/** em.ts's initialisation (k-means by default) on `data`, written into `out`. */
export type InitRun = (data: Dataset, out: Float64Array) => void;

/** Levels take every STRIDE-th point, for data of at least MIN_WARM_N points (so the base level has ≥ 1000). */
const STRIDE = 10;
export const MIN_WARM_N = 10000;
/**
 * The initialisation runs on every s-th point, s = ⌊n/INIT_POINTS⌋ (all points below 2·INIT_POINTS): a k-means
 * fit of the deepest level alone (1000–9999 points) sometimes started EM in a worse basin (2 of 100 fits of a
 * 3-D, K = 5 mixture at n = 1e4 ended 167–200 log-likelihood units below SQUAREM from the full-data start; 0 of
 * 320 with this rule, at n = 1e4, 2e4 and 1e5).
 */
const INIT_POINTS = 10000;
/** The curvature is formed on at most this many points of a level (every s-th). */
const CURVATURE_POINTS = 1000;
/** Quasi-Newton passes allowed on one level before it gives up to SQUAREM (a hard, flat case). */
const MAX_QN_PASSES = 30;
/** A step whose decrement falls by less than this factor is slow; MAX_SLOW_STEPS in a row: the run gives up. */
const SLOW_RATIO = 0.5;
const MAX_SLOW_STEPS = 2;
/** Points that lost likelihood (each replaced by EM's step) before the run gives up. */
const MAX_REJECTIONS = 3;
/** Halvings of a step that leaves the parameter space before EM's step is taken instead. */
const MAX_HALVINGS = 4;

/** The model of w's fit, in the terms of mixtureInformation.ts. */
function modelOf(w: EMWork): MixtureModel {
  return { covariance: w.covariance, weights: w.weights };
}

/** Every `stride`-th row of an n×d row-major array, in a fresh array (the subsample of a warm-start level; emNewton.ts too). */
export function stridedRows(x: Float64Array, n: number, d: number, stride: number): Dataset {
  const m = Math.ceil(n / stride);
  const out = new Float64Array(m * d);
  for (let r = 0; r < m; r++) {
    const from = r * stride * d;
    for (let j = 0; j < d; j++) out[r * d + j] = x[from + j];
  }
  return { x: out, n: m, d };
}

/**
 * The score g = ∇_η log L at θ over the free parameters η of mixtureInformation.ts (means, π₁…π_{K−1},
 * σ or σₖ), from the statistics N, T, Q that the last E-step at θ left in `w` (emKernel.ts; Tₖ, Qₖ around θ's
 * means): ∂/∂μₖ = Tₖ/σₖ², ∂/∂σₖ = (Qₖ/σₖ² − d·Nₖ)/σₖ (summed for a shared σ), ∂/∂πⱼ = Nⱼ/πⱼ − N_K/π_K.
 */
export function freeScore(w: EMWork, theta: Float64Array, fp: FreeParameters, g: Float64Array): void {
  const { K, d, N, T, Q } = w;
  const sOff = K * d;
  const pOff = sOff + K;
  g.fill(0);
  for (let k = 0; k < K; k++) {
    const s = theta[sOff + k];
    const iv = 1 / (s * s);
    for (let j = 0; j < d; j++) g[k * d + j] = T[k * d + j] * iv;
    if (fp.freeSigmas === 1) g[fp.sigmaOffset] += (Q[k] * iv - d * N[k]) / s;
    else if (fp.freeSigmas === K) g[fp.sigmaOffset + k] = (Q[k] * iv - d * N[k]) / s;
  }
  if (fp.freeWeights > 0) {
    const last = N[K - 1] / theta[pOff + K - 1];
    for (let j = 0; j < fp.freeWeights; j++) g[fp.weightOffset + j] = N[j] / theta[pOff + j] - last;
  }
}

/**
 * The starting B on `w`: the inverse observed information at θ of at most CURVATURE_POINTS strided
 * points of w's data, scaled by n/m. Null when θ is unusable or that information is not positive definite.
 */
function curvatureInverse(w: EMWork, theta: Float64Array, fp: FreeParameters): Float64Array | null {
  const { K, d, n } = w;
  const stride = Math.max(1, Math.ceil(n / CURVATURE_POINTS));
  const sample = stride === 1 ? { x: w.x, n, d } : stridedRows(w.x, n, d, stride);
  const sOff = K * d;
  const fit: Fit = {
    K,
    d,
    means: theta.slice(0, sOff),
    sigmas: theta.slice(sOff, sOff + K),
    weights: theta.slice(sOff + K, sOff + 2 * K),
    logLik: null,
    objective: 0,
    iterations: 0,
    converged: true,
    status: 'ok',
  };
  let information: Float64Array;
  try {
    information = observedInformation(sample, fit, modelOf(w)).information;
  } catch {
    return null;
  }
  const inv = invertPositiveDefinite(information, fp.P, { what: 'the curvature', name: (i) => fp.names[i] });
  if (inv.status !== 'ok') return null;
  const scale = sample.n / n;
  const out = inv.inverse;
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}

/** η(a) − η(b) over the free parameters (the inverse of steppedPoint's map), into `out`. */
function freeDifference(a: Float64Array, b: Float64Array, w: EMWork, fp: FreeParameters, out: Float64Array): void {
  const { K, d } = w;
  const sOff = K * d;
  const pOff = sOff + K;
  for (let i = 0; i < sOff; i++) out[i] = a[i] - b[i];
  for (let j = 0; j < fp.freeWeights; j++) out[fp.weightOffset + j] = a[pOff + j] - b[pOff + j];
  for (let k = 0; k < fp.freeSigmas; k++) out[fp.sigmaOffset + k] = a[sOff + k] - b[sOff + k];
}

/**
 * θ + Δ over the free parameters into `out` (the dependent weight π_K = 1 − Σ of the others; a shared σ moves
 * every σₖ alike); false when the point is invalid (σ below the floor, a weight outside (0, 1), non-finite).
 */
function steppedPoint(w: EMWork, theta: Float64Array, delta: Float64Array, fp: FreeParameters, out: Float64Array): boolean {
  const { K, d } = w;
  const sOff = K * d;
  const pOff = sOff + K;
  out.set(theta);
  for (let i = 0; i < sOff; i++) {
    out[i] = theta[i] + delta[i];
    if (!Number.isFinite(out[i])) return false;
  }
  if (fp.freeWeights > 0) {
    let rest = 1;
    for (let j = 0; j < K - 1; j++) {
      const p = theta[pOff + j] + delta[fp.weightOffset + j];
      out[pOff + j] = p;
      rest -= p;
      if (!(p > 0 && p < 1)) return false;
    }
    out[pOff + K - 1] = rest;
    if (!(rest > 0 && rest < 1)) return false;
  }
  for (let k = 0; k < K; k++) {
    const i = fp.freeSigmas === 1 ? fp.sigmaOffset : fp.freeSigmas === K ? fp.sigmaOffset + k : -1;
    if (i < 0) continue;
    const s = theta[sOff + k] + delta[i];
    out[sOff + k] = s;
    if (!(s >= w.floorSigma && s < Infinity)) return false;
  }
  return true;
}

/** A quasi-Newton run's end: its outcome, or null when it gave up, then with the point to continue from. */
export interface QuasiNewtonResult {
  readonly outcome: QuasiNewtonOutcome | null;
  /** When it gave up: the accepted point of highest log-likelihood (null if there was none). */
  readonly best: Float64Array | null;
  /** Full-data passes spent. */
  readonly passes: number;
}

/** Quasi-Newton on `w` from θ₀ (a copy is taken), starting from the inverse curvature `start` or one of its own. */
export function runQuasiNewton(w: EMWork, theta0: Float64Array, start: Float64Array | null, tol: number, maxIter: number): QuasiNewtonResult {
  const fp = freeParameters(w.K, w.d, modelOf(w));
  const P = fp.P;
  const cur = Float64Array.from(theta0);
  const prev = new Float64Array(cur.length);
  const emStep = new Float64Array(cur.length);
  const g = new Float64Array(P);
  const gPrev = new Float64Array(P);
  const step = new Float64Array(P);
  const delta = new Float64Array(P);
  const scratch = new Float64Array(P);
  const rule = new GainRule(tol);
  const inverse = start ?? curvatureInverse(w, cur, fp);
  if (inverse === null) return { outcome: null, best: null, passes: 0 };
  let previousL = -Infinity;
  let previousGain = Infinity;
  let lastWasNewton = false;
  let slowSteps = 0;
  let rejections = 0;
  let passes = 0;
  const giveUp = (best: Float64Array | null): QuasiNewtonResult => ({ outcome: null, best, passes });
  const limit = Math.min(maxIter, MAX_QN_PASSES);
  while (passes < limit) {
    const L = eStep(w, cur);
    passes++;
    if (!Number.isFinite(L)) return giveUp(passes > 1 ? prev : null);
    freeScore(w, cur, fp, g);
    if (passes > 1) secantUpdate(inverse, P, step, gPrev, g, scratch);
    if (L < previousL - likelihoodSlack(previousL, w.n, w.d)) {
      // The point lost likelihood: EM's step from the previous point instead (it cannot lose).
      if (++rejections > MAX_REJECTIONS) return giveUp(prev);
      cur.set(emStep);
      freeDifference(cur, prev, w, fp, step);
      lastWasNewton = false;
      continue;
    }
    let gain = 0;
    for (let a = 0; a < P; a++) {
      let s = 0;
      for (let b = 0; b < P; b++) s += inverse[a * P + b] * g[b];
      delta[a] = s;
      gain += g[a] * s;
    }
    gain *= 0.5;
    if (!(gain >= 0)) return giveUp(cur);
    if (rule.converged(gain)) return { outcome: { theta: cur, logLik: L, iterations: passes, converged: true, failure: null, inverse }, best: null, passes };
    if (lastWasNewton && finishes(gain, previousGain, L - previousL, tol) && steppedPoint(w, cur, delta, fp, prev)) {
      // The step's point, unevaluated, with the quadratic model's log-likelihood (see `finishes`).
      return { outcome: { theta: prev, logLik: L + gain, iterations: passes, converged: true, failure: null, inverse }, best: null, passes };
    }
    slowSteps = lastWasNewton && gain > SLOW_RATIO * previousGain ? slowSteps + 1 : 0;
    if (slowSteps >= MAX_SLOW_STEPS) return giveUp(cur);
    mStep(w, cur, emStep);
    prev.set(cur);
    gPrev.set(g);
    previousL = L;
    previousGain = gain;
    // A point outside the parameter space is pulled back along the step, else EM's step is taken.
    let found = false;
    lastWasNewton = false;
    for (let halvings = 0; halvings <= MAX_HALVINGS && !found; halvings++) {
      found = steppedPoint(w, prev, delta, fp, cur);
      lastWasNewton = found && halvings === 0;
      if (!found) for (let a = 0; a < P; a++) delta[a] *= 0.5;
    }
    if (!found) cur.set(emStep);
    freeDifference(cur, prev, w, fp, step);
  }
  return giveUp(prev);
}

/**
 * Whether the point of the step from here may be returned without the pass that would evaluate it: the last
 * step gained what its model predicted to within 10 % (the quadratic model holds there), and the predicted gain
 * still to come after this step, gain·(gain/previousGain) (the decrements have been falling at least that fast:
 * secant steps converge superlinearly, so the ratio shrinks), is below tol/10. Its log-likelihood is then the
 * model's, L + gain, whose error is about the model's relative error times a gain already below tol.
 * Like emNewton.ts quadraticFinish for the canonical Newton, this saves the pass that would only certify the point.
 */
export function finishes(gain: number, previousGain: number, gained: number, tol: number): boolean {
  if (!(previousGain > 0 && gain < previousGain)) return false;
  if (!(Math.abs(gained - previousGain) <= 0.1 * previousGain)) return false;
  return gain * (gain / previousGain) <= 0.1 * tol;
}

/**
 * The BFGS update of an inverse information B ≈ I⁻¹ (Nocedal & Wright 2006, eq. 6.17) from the step s just
 * taken and the change of the score, y = g(θ) − g(θ + s) ≈ I·s: B ← (1 − ρsyᵀ)B(1 − ρysᵀ) + ρssᵀ, ρ = 1/yᵀs.
 * It makes B exact along s (B·y = s) and leaves it positive definite; skipped when yᵀs ≤ 0 (no curvature seen
 * along s, possible far from the maximum). From the chord start (Ĩ⁻¹) the steps become superlinear
 * (Dennis & Moré 1977) instead of contracting by a constant ε.
 */
function secantUpdate(B: Float64Array, P: number, s: Float64Array, gOld: Float64Array, gNew: Float64Array, By: Float64Array): void {
  let ys = 0;
  for (let a = 0; a < P; a++) ys += (gOld[a] - gNew[a]) * s[a];
  if (!(ys > 0)) return;
  const rho = 1 / ys;
  let yBy = 0;
  for (let a = 0; a < P; a++) {
    let t = 0;
    for (let b = 0; b < P; b++) t += B[a * P + b] * (gOld[b] - gNew[b]);
    By[a] = t;
    yBy += (gOld[a] - gNew[a]) * t;
  }
  const c = (1 + rho * yBy) * rho;
  for (let a = 0; a < P; a++) {
    for (let b = 0; b < P; b++) B[a * P + b] += c * s[a] * s[b] - rho * (By[a] * s[b] + s[a] * By[b]);
  }
}

/**
 * The fit of `w` by the warm-started quasi-Newton of the module comment (SQUAREM from the initialisation for
 * fewer than MIN_WARM_N points). Passes over the subsamples are not counted in `iterations` (like em.ts's
 * initialisation); full-data passes of an abandoned warm start are.
 */
export function runNewtonGeneral(w: EMWork, init: InitRun, squarem: SquaremRun, tol: number, maxIter: number): GeneralRunOutcome {
  const { n, d } = w;
  const start = new Float64Array(w.K * d + 2 * w.K);
  const stride = Math.max(1, Math.floor(n / INIT_POINTS));
  init(stride === 1 ? { x: w.x, n, d } : stridedRows(w.x, n, d, stride), start);
  return warmLevel(w, start, squarem, tol, maxIter).run;
}

/**
 * One level of runNewtonGeneral: the run, and its final inverse curvature when the level ran quasi-Newton steps
 * (the next level up starts from it, scaled by n_level/n: the log-likelihood of every 10th point has about a
 * tenth of the curvature, and the secant updates have already made it exact along the level's last steps).
 * `initial`: the initialisation, where the deepest level starts and any level whose warm start failed.
 */
function warmLevel(w: EMWork, initial: Float64Array, squarem: SquaremRun, tol: number, maxIter: number): { run: GeneralRunOutcome; inverse: Float64Array | null } {
  if (w.n < MIN_WARM_N) return { run: squarem(w, initial, maxIter), inverse: null };
  const sub = stridedRows(w.x, w.n, w.d, STRIDE);
  const ws = createEMWork(sub, w.K, {
    covariance: w.covariance,
    weights: w.weights,
    fixedSigma: w.fixedSigma,
    floorVar: w.floorVar,
    floorVarShown: w.floorVarShown,
  });
  const level = warmLevel(ws, initial, squarem, tol, maxIter);
  // A SQUAREM run's last E-step was not at the point it returns: the degeneracy check needs one there.
  if (Number.isNaN(level.run.logLik)) level.run.logLik = eStep(ws, level.run.theta);
  if (!(level.run.converged && level.run.failure === null && degeneracy(ws, level.run.theta) === null)) {
    return { run: squarem(w, initial, maxIter), inverse: null };
  }
  let curvature: Float64Array | null = null;
  if (level.inverse !== null) {
    curvature = level.inverse;
    const scale = ws.n / w.n;
    for (let i = 0; i < curvature.length; i++) curvature[i] *= scale;
  }
  const qn = runQuasiNewton(w, level.run.theta, curvature, tol, maxIter);
  if (qn.outcome !== null) return { run: qn.outcome, inverse: qn.outcome.inverse };
  // Gave up: SQUAREM from the best point the steps reached, or from the initialisation if they reached none.
  const left = maxIter - qn.passes;
  if (left <= 0) {
    const theta = qn.best ?? level.run.theta;
    return { run: { theta, logLik: NaN, iterations: qn.passes, converged: false, failure: null }, inverse: null };
  }
  const rest = squarem(w, qn.best ?? initial, left);
  return { run: { ...rest, iterations: rest.iterations + qn.passes }, inverse: null };
}
