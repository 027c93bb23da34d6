/**
 * SQUAREM extrapolation (Varadhan & Roland 2008, Scand. J. Statist. 35:335–353), scheme S3, for the spherical
 * mixture parameter vector θ = [μ (K×d) | σ (K) | π (K)] of emKernel.ts.
 *
 * From θ₀, θ₁ = F(θ₀), θ₂ = F(θ₁): r = θ₁ − θ₀, v = θ₂ − 2θ₁ + θ₀, α = −‖r‖/‖v‖ clamped to ≤ −1, and
 * θ' = θ₀ − 2αr + α²v (α = −1 gives θ₂, the plain double EM step). The caller evaluates F(θ') (the stabilising
 * EM step) and falls back to θ₂ when θ' is invalid or has lower log-likelihood (the monotonicity safeguard).
 *
 * Parameterisation (why): σ is extrapolated on the log scale, so θ' always has σ > 0; means are measured in
 * units of the data's standard deviation inside the norms, so α does not depend on the data's units (with raw
 * units, data scaled by 1e−6 would make α depend on the weights and σ only); weights are extrapolated linearly,
 * which keeps Σπ = 1 exactly in exact arithmetic (r and v sum to 0 over the weights), and a weight leaving
 * (0, 1) makes θ' invalid so the caller falls back, which keeps θ in the simplex.
 */

/** Fixed shape of θ and the scale used for means in the step-length norms. */
export interface SquaremLayout {
  readonly K: number;
  readonly d: number;
  /** Data standard deviation (> 0); means are divided by it inside ‖r‖ and ‖v‖. */
  readonly meanScale: number;
}

/**
 * Writes θ' into `out` and returns the step length α (≤ −1). `out` must not alias the inputs.
 */
export function squaremExtrapolate(
  t0: Float64Array,
  t1: Float64Array,
  t2: Float64Array,
  out: Float64Array,
  layout: SquaremLayout,
): number {
  const { K, d, meanScale } = layout;
  const sOff = K * d;
  const pOff = sOff + K;
  const inv = 1 / meanScale;
  let rr = 0;
  let vv = 0;
  for (let i = 0; i < sOff; i++) {
    const r = (t1[i] - t0[i]) * inv;
    const v = (t2[i] - 2 * t1[i] + t0[i]) * inv;
    rr += r * r;
    vv += v * v;
  }
  for (let k = 0; k < K; k++) {
    const l0 = Math.log(t0[sOff + k]);
    const l1 = Math.log(t1[sOff + k]);
    const l2 = Math.log(t2[sOff + k]);
    const r = l1 - l0;
    const v = l2 - 2 * l1 + l0;
    rr += r * r;
    vv += v * v;
  }
  for (let k = 0; k < K; k++) {
    const i = pOff + k;
    const r = t1[i] - t0[i];
    const v = t2[i] - 2 * t1[i] + t0[i];
    rr += r * r;
    vv += v * v;
  }
  // v = 0 means the map is locally a translation (or θ is a fixed point): the plain step is all there is.
  let alpha = vv > 0 ? -Math.sqrt(rr / vv) : -1;
  if (!(alpha <= -1)) alpha = -1;
  const a2 = -2 * alpha;
  const aa = alpha * alpha;
  for (let i = 0; i < sOff; i++) {
    const r = t1[i] - t0[i];
    const v = t2[i] - 2 * t1[i] + t0[i];
    out[i] = t0[i] + a2 * r + aa * v;
  }
  for (let k = 0; k < K; k++) {
    const i = sOff + k;
    const l0 = Math.log(t0[i]);
    const l1 = Math.log(t1[i]);
    const l2 = Math.log(t2[i]);
    out[i] = t0[i] === t1[i] && t1[i] === t2[i] ? t0[i] : Math.exp(l0 + a2 * (l1 - l0) + aa * (l2 - 2 * l1 + l0));
  }
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const i = pOff + k;
    const v = t0[i] + a2 * (t1[i] - t0[i]) + aa * (t2[i] - 2 * t1[i] + t0[i]);
    out[i] = v;
    sum += v;
  }
  // Remove the rounding drift of Σπ; a sum far from 1 cannot arise (r and v sum to 0).
  if (sum > 0) for (let k = 0; k < K; k++) out[pOff + k] /= sum;
  return alpha;
}

/**
 * Whether an extrapolated θ' is a valid starting point: finite, weights in (0, 1), σ² ≥ the floor (the floor
 * is an M-step constraint; a point below it would be a likelihood the EM map can never produce).
 */
export function isValidPoint(theta: Float64Array, K: number, d: number, floorSigma: number): boolean {
  const sOff = K * d;
  const pOff = sOff + K;
  for (let i = 0; i < sOff; i++) if (!Number.isFinite(theta[i])) return false;
  for (let k = 0; k < K; k++) {
    const s = theta[sOff + k];
    if (!(s >= floorSigma && s < Infinity)) return false;
    const p = theta[pOff + k];
    if (!(p > 0 && p < 1) && !(K === 1 && p === 1)) return false;
  }
  return true;
}
