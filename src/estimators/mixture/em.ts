/**
 * EM for spherical Gaussian mixtures (Dempster, Laird & Rubin 1977). Covariance models as mclust's spherical
 * ones: 'equal' (E/EII, one σ), 'unequal' (V/VII, σₖ), and 'fixed' (σ given: the εI model that tends to
 * k-means as σ → 0). Weights estimated or held at 1/K. Accelerated, by default ('auto'), with Newton steps on
 * the observed log-likelihood where the model allows (d = 1, K = 2, shared or fixed σ: emNewton.ts, the
 * canonical study), elsewhere with quasi-Newton steps from a subsample's fit on n ≥ 1e4 points
 * (emNewtonGeneral.ts) and with SQUAREM (Varadhan & Roland 2008, scheme S3) on fewer points, on the deepest
 * subsample, and where quasi-Newton gives up.
 *
 * Conventions (why they matter for the study):
 * - Stopping (every variant, emStopping.ts): the predicted gain to the maximum, log L(θ̂) − log L(θ), is ≤ tol,
 *   which puts θ within √(2·tol) standard errors of θ̂. Plain EM and SQUAREM predict it from the score at θ₁
 *   and the SQUAREM extrapolation of three successive EM iterates θ₀ → θ₁ → θ₂, and return θ₂ (SQUAREM also
 *   checks after its stabilising step, and returns F(θ')); Newton runs by the Newton decrement (emNewton.ts),
 *   quasi-Newton runs by its approximation ½gᵀBg (emNewtonGeneral.ts).
 *   A gain still to come, not a small change: on a flat likelihood EM's steps gain a factor ~1 − λ less than
 *   what is left.
 * - Equivariance: fit(a·x + b) = a·fit(x) + b (σ scaled by |a|, logLik shifted by −n·d·log|a|) up to rounding,
 *   for any a ≠ 0 and b (test/estimators/equivariance.test.ts: 1e−9 for a from 1e−100 to 1e100 and offsets of
 *   1e8 sd). Everything runs on a centred and scaled copy z = (x − c)/u of the data (emUnits.ts says why
 *   centring first matters: means stored near 1e8 are rounded at every M-step), the rule above is
 *   unit-free, and the fit is mapped back at the end. The variance floor is relative to the data variance.
 * - `iterations` counts passes over the data: EM maps (E+M), or (quasi-)Newton passes (each also yields the EM
 *   map). Like the k-means initialisation, a (quasi-)Newton run's warm start on subsamples is not counted
 *   (about half a full-data pass per fit at n ≥ 1e4 for Newton, one to two for quasi-Newton); a warm start that
 *   is abandoned counts its full-data passes.
 *   A SQUAREM cycle costs 3 (θ₁, θ₂, F(θ')), or 4 when the safeguard rejects θ' (then F(θ₂) is computed too).
 *   Plain and SQUAREM runs make one more E-step at the returned parameters (not counted) so that `logLik` is
 *   the log-likelihood of the returned fit (computed on z, then shifted by −n·d·log u: exact up to one
 *   rounding); a (quasi-)Newton run returns the point of its last pass, whose log-likelihood that pass computed, or,
 *   once the decrements show it within tol, that pass's (quasi-)Newton point with the quadratic model's
 *   log-likelihood (within tol of the exact one; emNewton.ts quadraticFinish, emNewtonGeneral.ts finishes).
 * - Plain and SQUAREM runs return an EM-map output, so the M-step constraints hold (variance floor, Σπ = 1);
 *   SQUAREM's extrapolated points are only ever starting points of a stabilising EM step. A Newton point is
 *   accepted only with σ² above the floor and π ∈ (0, 1), and π₁ = 1 − π₂.
 * - SQUAREM safeguard: θ' is rejected when invalid (π ∉ (0,1), σ² below the floor, non-finite) or when
 *   L(θ') < L(θ₁) − slack, the slack being far above the rounding of L and far below any real loss
 *   (emStopping.ts likelihoodSlack). Comparing with L(θ₁) (known) rather than L(θ₂) (not computed) keeps the
 *   accepted sequence monotone up to that slack — L(F(θ')) ≥ L(θ') ≥ L(θ₁) ≥ L(θ₀) — without spending an
 *   E-step on θ₂. Newton's safeguard falls back to the EM step when a Newton point loses likelihood.
 * - Failures are reported, not thrown: σ at the floor or a component without mass → 'degenerate' with a message
 *   naming the component; maxIter reached → 'not-converged' (degenerate wins when both hold; `converged` tells).
 * - Restarts draw their initialisations from `rng` in sequence; the highest log-likelihood wins. A given
 *   (MixtureParameters) start is deterministic, so it is run once whatever `restarts` says.
 */
import type { Dataset, Fit, FitInformation, FitStatus, Rng } from '../../types.js';
import type { CovarianceModel, EMOptions, MixtureParameters } from './options.js';
import { isBetterStart } from '../restarts.js';
import { validateInput } from '../validateInput.js';
import { createEMWork, degeneracy, emPass, eStep, paramLength, type EMWork, type WeightsMode } from './emKernel.js';
import { checkGivenInit, initialTheta } from './emInit.js';
import { newtonModelProblem, newtonShapeProblem, runNewtonWarm, type StartFor } from './emNewton.js';
import { runNewtonGeneral } from './emNewtonGeneral.js';
import { isValidPoint, squaremExtrapolate, type SquaremLayout } from './squarem.js';
import { gainFromIterates, GainRule, likelihoodSlack, predictedGain } from './emStopping.js';
import { meansFromUnits, paramsToUnits, toDataUnits } from './emUnits.js';

export interface ResolvedEMOptions {
  readonly covariance: CovarianceModel;
  /** NaN unless covariance = 'fixed'. */
  readonly sigma: number;
  readonly weights: WeightsMode;
  readonly init: 'kmeans' | 'kmeans++' | MixtureParameters;
  readonly restarts: number;
  readonly tol: number;
  readonly maxIter: number;
  /**
   * 'auto' resolved: Newton where it applies (emNewton.ts), else the warm-started quasi-Newton of
   * emNewtonGeneral.ts (SQUAREM on fewer than 1e4 points), or SQUAREM when warmStart is 'none'.
   */
  readonly accelerate: 'newton' | 'quasi-newton' | 'squarem' | 'none';
  readonly warmStart: 'subsample' | 'none';
  readonly varianceFloor: number;
}

const ACCELERATIONS: readonly string[] = ['auto', 'newton', 'squarem', 'none'];

/** Fills the defaults documented in options.ts (for data of dimension d and K components) and rejects values no fit could honour. */
export function resolveEMOptions(options: EMOptions, d: number, K: number): ResolvedEMOptions {
  const covariance = options.covariance ?? 'equal';
  const weights = options.weights ?? 'estimated';
  const init = options.init ?? 'kmeans';
  const restarts = options.restarts ?? 1;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 10000;
  const accelerateOption = options.accelerate ?? 'auto';
  const varianceFloor = options.varianceFloor ?? 1e-8;
  const warmStart = options.warmStart ?? 'subsample';
  if (warmStart !== 'subsample' && warmStart !== 'none') {
    throw new Error(`em: options.warmStart must be 'subsample' or 'none', got ${String(warmStart)}`);
  }
  if (covariance !== 'equal' && covariance !== 'unequal' && covariance !== 'fixed') {
    throw new Error(`em: options.covariance must be 'equal', 'unequal' or 'fixed', got ${String(covariance)}`);
  }
  let sigma = NaN;
  if (covariance === 'fixed') {
    const s = options.sigma;
    if (s === undefined) throw new Error("em: covariance 'fixed' requires options.sigma (the fixed σ); it is missing");
    if (!(s > 0 && s < Infinity)) throw new Error(`em: covariance 'fixed' requires options.sigma > 0, got ${s}`);
    sigma = s;
  }
  if (weights !== 'estimated' && weights !== 'equal') {
    throw new Error(`em: options.weights must be 'estimated' or 'equal', got ${String(weights)}`);
  }
  if (typeof init !== 'object' && init !== 'kmeans' && init !== 'kmeans++') {
    throw new Error(`em: options.init must be 'kmeans', 'kmeans++' or MixtureParameters, got ${String(init)}`);
  }
  if (init === null) throw new Error('em: options.init must not be null');
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw new Error(`em: options.restarts must be a positive integer, got ${restarts}`);
  }
  if (!(tol >= 0 && tol < Infinity)) throw new Error(`em: options.tol must be a finite number ≥ 0, got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new Error(`em: options.maxIter must be a positive integer, got ${maxIter}`);
  }
  if (!ACCELERATIONS.includes(accelerateOption)) {
    throw new Error(`em: options.accelerate must be one of ${ACCELERATIONS.join(', ')}, got ${String(accelerateOption)}`);
  }
  const newtonOk = newtonModelProblem(covariance) === null && newtonShapeProblem(d, K) === null;
  if (accelerateOption === 'newton' && !newtonOk) {
    throw new Error(
      `em: accelerate 'newton' needs d = 1, K = 2 and covariance 'equal' or 'fixed' (got d = ${d}, K = ${K}, covariance '${covariance}'); use 'auto' or 'squarem'`,
    );
  }
  const accelerate = accelerateOption !== 'auto' ? accelerateOption : newtonOk ? 'newton' : warmStart === 'subsample' ? 'quasi-newton' : 'squarem';
  if (!(varianceFloor > 0 && varianceFloor < Infinity)) {
    throw new Error(`em: options.varianceFloor must be a finite number > 0, got ${varianceFloor}`);
  }
  return { covariance, sigma, weights, init, restarts, tol, maxIter, accelerate, warmStart, varianceFloor };
}

/** Parameter buffers of one fit (length paramLength each), reused by every restart and cycle. */
interface EMBuffers {
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  x: Float64Array;
  e: Float64Array;
}

export interface RunOutcome {
  /** The buffer holding the returned θ (one of EMBuffers). */
  theta: Float64Array;
  /** In the standardised units of the passes (emKernel.ts): log L + n·d·log s. */
  logLik: number;
  iterations: number;
  converged: boolean;
  /** Non-null when the log-likelihood stopped being finite. */
  failure: string | null;
  /**
   * A Newton run that returns the point of its last pass: that pass's score g and Hessian H of log L, in the
   * units of the passes, over (μ₁, μ₂, log σ², π₂) (emNewton.ts newtonPass).
   */
  curvature?: { readonly g: Float64Array; readonly H: Float64Array };
}

/** Plain EM from the θ in `buf.a`; stops on the gain predicted from the last three iterates (emStopping.ts). */
function runPlain(w: EMWork, buf: EMBuffers, layout: SquaremLayout, tol: number, maxIter: number): RunOutcome {
  let older = buf.e;
  let cur = buf.a;
  let nxt = buf.b;
  const extrapolated = buf.x;
  const rule = new GainRule(tol);
  let haveOlder = false;
  let passes = 0;
  while (passes < maxIter) {
    const L = emPass(w, cur, nxt);
    passes++;
    if (!Number.isFinite(L)) {
      return { theta: nxt, logLik: NaN, iterations: passes, converged: false, failure: `log-likelihood became ${L} after ${passes} passes` };
    }
    if (haveOlder) {
      rule.observe(squaremExtrapolate(older, cur, nxt, extrapolated, layout));
      if (rule.converged(gainFromIterates(w, cur, nxt, extrapolated, rule))) {
        return { theta: nxt, logLik: NaN, iterations: passes, converged: true, failure: null };
      }
    }
    const t = older;
    older = cur;
    cur = nxt;
    nxt = t;
    haveOlder = true;
  }
  return { theta: cur, logLik: NaN, iterations: passes, converged: false, failure: null };
}

/** SQUAREM-accelerated EM from the θ in `buf.a` (see the module comment for the cycle and safeguard). */
function runSquarem(w: EMWork, buf: EMBuffers, layout: SquaremLayout, tol: number, maxIter: number): RunOutcome {
  let t0 = buf.a;
  const t1 = buf.b;
  const t2 = buf.c;
  const tx = buf.x;
  let t3 = buf.e;
  const floorSigma = w.covariance === 'fixed' ? 0 : w.floorSigma;
  const rule = new GainRule(tol);
  let passes = 0;
  const done = (theta: Float64Array, converged: boolean, failure: string | null = null): RunOutcome => ({
    theta,
    logLik: NaN,
    iterations: passes,
    converged,
    failure,
  });
  const notFinite = (L: number): string => `log-likelihood became ${L} after ${passes} passes`;
  for (;;) {
    if (passes >= maxIter) return done(t0, false);
    const L0 = emPass(w, t0, t1);
    passes++;
    if (!Number.isFinite(L0)) return done(t1, false, notFinite(L0));
    if (passes >= maxIter) return done(t1, false);
    const L1 = emPass(w, t1, t2);
    passes++;
    if (!Number.isFinite(L1)) return done(t2, false, notFinite(L1));
    const alpha = squaremExtrapolate(t0, t1, t2, tx, layout);
    rule.observe(alpha);
    // The statistics at θ₁ are in w: the gain still to come from θ₁; θ₂ is closer still.
    if (rule.converged(gainFromIterates(w, t1, t2, tx, rule))) return done(t2, true);
    if (passes >= maxIter) return done(t2, false);
    let accepted = false;
    if (alpha < -1 && isValidPoint(tx, w.K, w.d, floorSigma)) {
      const Lx = emPass(w, tx, t3);
      passes++;
      accepted = Lx >= L1 - likelihoodSlack(L1, w.n, w.d);
      // With the statistics at θ' in w: the gain of its EM step scaled by the slowest 1/(1 − λ) seen
      // (emStopping.ts) is the gain still to come from θ'; F(θ') is closer still. Saves the first two passes of
      // another cycle.
      if (accepted && rule.converged(rule.slowest * Math.abs(predictedGain(w, tx, t3)))) return done(t3, true);
    }
    if (!accepted) {
      // α = −1 (θ' = θ₂) or the safeguard fired: continue with the plain step from θ₂.
      if (passes >= maxIter) return done(t2, false);
      const L2 = emPass(w, t2, t3);
      passes++;
      if (!Number.isFinite(L2)) return done(t3, false, notFinite(L2));
    }
    const t = t0;
    t0 = t3;
    t3 = t;
  }
}

/** The fit of method 'em' (its descriptor: ./emDescriptor.ts). */
export function fitEM(data: Dataset, K: number, options: EMOptions, rng: Rng): Fit {
  validateInput(data, K);
  const { n, d } = data;
  const o = resolveEMOptions(options, d, K);
  if (typeof o.init === 'object') checkGivenInit(o.init, K, d, 'em');
  // Everything below runs on z = (x − c)/u (emUnits.ts) and maps back at the end.
  const units = toDataUnits(data);
  const z = units.z;
  const init = typeof o.init === 'object' ? paramsToUnits(o.init, units, K, d) : o.init;
  const fixedSigma = o.sigma / units.unit;
  // All-identical data have no scale: the floor is then absolute.
  const tv = units.varianceZ;
  const floorVar = o.varianceFloor * (tv > 0 ? tv : 1);
  const settings = { covariance: o.covariance, weights: o.weights, fixedSigma, floorVar };
  const w = createEMWork(z, K, { ...settings, floorVarShown: floorVar * units.unit * units.unit });
  const layout: SquaremLayout = { K, d, meanScale: tv > 0 ? Math.sqrt(tv) : 1 };
  const P = paramLength(K, d);
  const buf: EMBuffers = {
    a: new Float64Array(P),
    b: new Float64Array(P),
    c: new Float64Array(P),
    x: new Float64Array(P),
    e: new Float64Array(P),
  };
  const best = new Float64Array(P);
  // Only a per-component σ or a seeds-only start needs a partition of the data (emInit.ts).
  const labels = new Int32Array(init === 'kmeans++' || (init === 'kmeans' && o.covariance === 'unequal') ? n : 0);
  const runs = typeof init === 'object' ? 1 : o.restarts;

  let winner: (RunOutcome & { degenerate: string | null; status: FitStatus }) | null = null;
  const startFor: StartFor = (sample, out) => initialTheta(sample, K, init, settings, rng, labels, out);
  for (let r = 0; r < runs; r++) {
    let run: RunOutcome;
    if (o.accelerate === 'newton') {
      // The initialisation runs inside, on the subsample the Newton run starts from (emNewton.ts).
      run = runNewtonWarm(w, startFor, [buf.b, buf.c, buf.x, buf.e], o.tol, o.maxIter, o.warmStart === 'subsample', units.moments ?? undefined);
    } else if (o.accelerate === 'quasi-newton') {
      // The initialisation runs inside, on up to 1e4–2e4 points (emNewtonGeneral.ts).
      const squarem = (lw: EMWork, start: Float64Array, passes: number): RunOutcome => {
        buf.a.set(start);
        return runSquarem(lw, buf, layout, o.tol, passes);
      };
      run = runNewtonGeneral(w, startFor, squarem, o.tol, o.maxIter);
    } else {
      startFor(z, buf.a);
      run = o.accelerate === 'squarem' ? runSquarem(w, buf, layout, o.tol, o.maxIter) : runPlain(w, buf, layout, o.tol, o.maxIter);
    }
    // The final E-step: the log-likelihood of the returned θ, and the masses the degeneracy check reads
    // (a Newton run returns the point of its last pass, whose log-likelihood and masses it already has).
    if (Number.isNaN(run.logLik)) run.logLik = eStep(w, run.theta);
    const degenerate = degeneracy(w, run.theta);
    const status: FitStatus = run.failure !== null || degenerate !== null ? 'degenerate' : run.converged ? 'ok' : 'not-converged';
    const incumbent = winner === null ? null : { objective: winner.logLik, status: winner.status };
    if (isBetterStart({ objective: run.logLik, status }, incumbent, 'maximise')) {
      winner = { ...run, degenerate, status };
      best.set(run.theta);
    }
  }
  if (winner === null) throw new Error('em: no restart ran'); // unreachable: runs ≥ 1

  const sOff = K * d;
  const pOff = sOff + K;
  let status: FitStatus = winner.converged ? 'ok' : 'not-converged';
  const notes: string[] = [];
  if (winner.failure !== null) {
    status = 'degenerate';
    notes.push(winner.failure);
  }
  if (winner.degenerate !== null) {
    status = 'degenerate';
    notes.push(winner.degenerate);
  }
  if (!winner.converged && winner.failure === null) notes.push(`no convergence in ${o.maxIter} EM passes`);
  // Back to the units of x (emUnits.ts). A fixed σ is returned as given.
  const means = meansFromUnits(best, units, K, d);
  const sigmas = o.covariance === 'fixed' ? new Float64Array(K).fill(o.sigma) : best.slice(sOff, pOff).map((s) => s * units.unit);
  const logLik = winner.logLik - n * d * units.logUnit;
  const information = winner.curvature === undefined || status !== 'ok' ? undefined : newtonInformation(winner.curvature, best[sOff], o.covariance, o.weights, units.unit);
  return {
    K,
    d,
    means,
    weights: best.slice(pOff, pOff + K),
    sigmas,
    logLik,
    objective: logLik,
    iterations: winner.iterations,
    converged: winner.converged,
    status,
    ...(notes.length > 0 ? { message: notes.join('; ') } : {}),
    ...(information === undefined ? {} : { information }),
  };
}

/**
 * The observed information −∇² log L at a Newton run's returned θ from its last pass's g and H over
 * (μ₁, μ₂, s = log σ², π₂) (emNewton.ts), re-expressed over the free parameters of mixtureInformation.ts
 * (freeParameters: μ₁, μ₂, then π₁ if the weights are estimated, then σ unless fixed), in the units of the passes.
 * Exact changes of variable: π₁ = 1 − π₂ flips the sign of the weight's row and column; s = 2·log σ gives
 * ∂²/∂σ² = (2/σ)²·∂²/∂s² − (2/σ²)·∂/∂s and ∂²/∂σ∂η = (2/σ)·∂²/∂s∂η (the score term stays: g is only ≈ 0).
 */
function newtonInformation(curvature: { readonly g: Float64Array; readonly H: Float64Array }, sigma: number, covariance: CovarianceModel, weights: WeightsMode, unit: number): FitInformation {
  const { g, H } = curvature;
  const idx: number[] = [0, 1];
  const names = ['mean.0.0', 'mean.1.0'];
  if (weights === 'estimated') {
    idx.push(3);
    names.push('weight.0');
  }
  if (covariance !== 'fixed') {
    idx.push(2);
    names.push('sigma');
  }
  const P = idx.length;
  // dη_new/dη_old per coordinate: 1 for the means, −1 for π₁ = 1 − π₂, 2/σ for s = log σ².
  const factor = (i: number): number => (i === 3 ? -1 : i === 2 ? 2 / sigma : 1);
  const matrix = new Float64Array(P * P);
  for (let a = 0; a < P; a++) {
    for (let b = 0; b < P; b++) {
      const i = idx[a];
      const j = idx[b];
      let h = factor(i) * factor(j) * H[i * 4 + j];
      if (i === 2 && j === 2) h -= (2 / (sigma * sigma)) * g[2];
      matrix[a * P + b] = -h;
    }
  }
  return { names, unit, matrix };
}

