/**
 * The stopping rule shared by every EM run (plain, SQUAREM, Newton; em.ts, emNewton.ts): stop when the
 * *predicted gain to the maximum*, G ≈ log L(θ̂) − log L(θ), is ≤ tol (in log-likelihood units, not relative).
 *
 * What it bounds: near the maximum G = ½(θ̂ − θ)ᵀ(−H)(θ̂ − θ) with −H the observed information, so G ≤ tol
 * puts θ within √(2·tol) standard errors of θ̂ along every direction of the parameter space (1.4e−5 SE at the
 * default 1e−10, options.ts): negligible against any Monte Carlo error, at every n. And it is a distance to
 * the maximum, not a small change: on a flat likelihood (EM's rate λ near 1, heavy overlap) one EM step
 * gains a factor ~1 − λ less than what is still to gain, so "L barely moved" stops early — SQUAREM stopped
 * 3.9e−4 below plain EM on a 1-D K = 3 mixture at n = 20 000, a mean 3.6e−3 off.
 *
 * Units: differences of log-likelihoods, and G, do not change when the data become a·x + b (log L shifts by
 * −n·d·log|a|, the same for every θ), so the rule takes the same decisions for the same data in any units and
 * the fit is equivariant (with the centring of emUnits.ts). The rule of old, |ΔL| ≤ tol·|L|, was not: |L| itself grows by n·d·|log a|, and data
 * ×1e−100 stopped 1.9e−4 (in a weight) short of the maximum.
 *
 * How G is estimated:
 * - Newton runs: half the Newton decrement, ½gᵀ(−H)⁻¹g (Boyd & Vandenberghe 2004, §9.5.1), the exact gain of
 *   the quadratic model.
 * - plain EM and SQUAREM: ½gᵀ(θ' − θ), the score g at θ (exact, from the E-step's sufficient statistics, no
 *   difference of log-likelihoods) times the way still to go, estimated by the SQUAREM (S3) extrapolation θ'
 *   of three successive EM iterates (Varadhan & Roland 2008, Scand. J. Statist. 35:335–353). For EM's linear
 *   convergence, θₖ − θ̂ ≈ λᵏe along the slowest direction, S3's α = −1/(1 − λ) and θ' = θ̂ exactly (the
 *   secant/Aitken estimate of the limit), so θ' − θ ≈ (−H)⁻¹g and G ≈ the Newton gain. The gain of one EM
 *   step, ½gᵀ(F(θ) − θ) — smaller by ~1 − λ — is a floor under the estimate should the extrapolation point
 *   elsewhere. The run then returns an EM iterate past θ, closer still.
 *
 * Rounding: G is a product of a score and a step that both shrink to rounding level, so it can be driven to
 * ~1e−20 and below; still, a tol of 0 could never be met, so a run is also converged once G ≤ GAIN_FLOOR and no
 * longer falls (the arithmetic cannot get closer).
 */
import type { EMWork } from './emKernel.js';

/** Predicted gains at or below this that stop falling are the rounding floor (see the module comment). */
export const GAIN_FLOOR = 1e-20;

/**
 * ½ g(θ)ᵀ(target − θ): the first-order gain of moving from θ to `target`, with the score g from the statistics
 * N, T, Q that the last E-step at θ left in `w` (emKernel.ts; Tₖ and Qₖ around θ's means). Coordinates: means
 * (∂L/∂μₖ = Tₖ/σₖ²), log σₖ (∂L/∂log σₖ = Qₖ/σₖ² − d·Nₖ; a shared σ moves all σₖ alike, so the sum is its
 * derivative), weights (∂L/∂πₖ = Nₖ/πₖ, less the constant ΣN that the constraint Σπ = 1 removes, which also
 * avoids cancellation). A fixed σ or fixed weights do not move, and contribute nothing.
 */
export function predictedGain(w: EMWork, theta: Float64Array, target: Float64Array): number {
  const { K, d, N, T, Q } = w;
  const sOff = K * d;
  const pOff = sOff + K;
  let totalN = 0;
  for (let k = 0; k < K; k++) totalN += N[k];
  let s = 0;
  for (let k = 0; k < K; k++) {
    const sig = theta[sOff + k];
    const inv = 1 / (sig * sig);
    const mb = k * d;
    for (let j = 0; j < d; j++) s += T[mb + j] * inv * (target[mb + j] - theta[mb + j]);
    const ts = target[sOff + k];
    if (ts !== sig) s += (Q[k] * inv - d * N[k]) * Math.log(ts / sig);
    const p = theta[pOff + k];
    const tp = target[pOff + k];
    if (p > 0 && tp !== p) s += (N[k] / p - totalN) * (tp - p);
  }
  return 0.5 * s;
}

/**
 * Stateful check of "G ≤ tol, or G at the rounding floor and no longer falling", one per run, which also keeps
 * the slowest EM rate seen, as 1/(1 − λ) = |α| of the SQUAREM extrapolations (see gainFromIterates).
 */
export class GainRule {
  private last = Infinity;
  private readonly tol: number;
  /** max |α| over the run's extrapolations so far (≥ 1). */
  slowest = 1;
  constructor(tol: number) {
    this.tol = tol;
  }

  /** Records the step length α ≤ −1 of an extrapolation. */
  observe(alpha: number): void {
    if (-alpha > this.slowest) this.slowest = -alpha;
  }

  /** Whether a run whose predicted gain to the maximum is now `gain` has converged (NaN: not converged). */
  converged(gain: number): boolean {
    if (!(gain === gain)) return false;
    const stalled = gain <= GAIN_FLOOR && gain >= this.last;
    this.last = gain;
    return gain <= this.tol || stalled;
  }
}

/**
 * Predicted gain to the maximum from θ₁, the middle of three EM iterates θ₀ → θ₁ → θ₂ = F(θ₁), with the E-step
 * statistics at θ₁ in `w`: the larger of the score at θ₁ against the extrapolated limit θ' of the three
 * (squarem.ts), and the gain of the EM step θ₁ → θ₂ times the slowest 1/(1 − λ) the run has seen
 * (rule.slowest). The second guards the first against a transient: just after a jump, a fast direction that
 * the jump disturbed dominates v = θ₂ − 2θ₁ + θ₀, α comes out near −1, and θ' is only θ₂, while the slow
 * direction the earlier extrapolations measured still has its distance to go (seen on a ridge where two
 * components merge: stopped 1.5e−7 short instead of ≤ 1e−10). Absolute values: a step against the score is
 * no sign of convergence.
 */
export function gainFromIterates(
  w: EMWork,
  t1: Float64Array,
  t2: Float64Array,
  extrapolated: Float64Array,
  rule: GainRule,
): number {
  return Math.max(Math.abs(predictedGain(w, t1, extrapolated)), rule.slowest * Math.abs(predictedGain(w, t1, t2)));
}

/**
 * Slack for comparisons of log-likelihoods that decide which point a run continues from (the safeguards of
 * SQUAREM and Newton): 1e−14 per point (and per unit of |L|), some 100 times the typical rounding of L, a sum
 * of n terms of a few units each once em.ts computes on standardised data (emUnits.ts), and up to n ≈ 4000 no
 * more than the default tol. Without it, near the maximum, where the differences are pure rounding, the choice
 * would be a coin flip, and the same data in other units could take another path to the maximum. Accepting a
 * point that lost less than this costs at most a pass: the stopping rule reads the gain still to come, not L.
 */
export function likelihoodSlack(L: number, n: number, d: number): number {
  return 1e-14 * (n * d + Math.abs(L));
}
