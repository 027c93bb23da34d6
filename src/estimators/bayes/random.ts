/**
 * Random variates the Bayesian estimators need, drawn only from the Rng they are given (src/types.ts), so a fit
 * is a pure function of its stream: gamma by Marsaglia & Tsang (2000, ACM TOMS 26:363–372) — one normal and one
 * uniform per try, acceptance above 95 % for every shape — with the shape < 1 boost
 * Gamma(a) = Gamma(a + 1)·U^{1/a} (their §6); Dirichlet as normalised gammas; categorical by inversion.
 */
import type { Rng } from '../../types.js';

/** A Gamma(shape, rate 1) variate (mean `shape`). @throws RangeError unless shape > 0 and finite. */
export function gammaVariate(rng: Rng, shape: number): number {
  if (!(shape > 0 && shape < Infinity)) throw new RangeError(`gammaVariate: shape must be a positive finite number, got ${shape}`);
  if (shape < 1) {
    // 1 − U is in (0, 1], so the power is never 0^{1/a} from a zero uniform.
    const boost = Math.pow(1 - rng.uniform(), 1 / shape);
    return marsagliaTsang(rng, shape + 1) * boost;
  }
  return marsagliaTsang(rng, shape);
}

function marsagliaTsang(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = 1 - rng.uniform(); // in (0, 1]
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Dirichlet(alpha) variate written into `out` (same length as alpha), as gammas divided by their sum.
 * @throws RangeError for an alpha that is not positive and finite.
 */
export function dirichletVariate(rng: Rng, alpha: ArrayLike<number>, out: Float64Array): Float64Array {
  const K = alpha.length;
  if (out.length !== K) throw new RangeError(`dirichletVariate: out has length ${out.length}, expected ${K}`);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += out[k] = gammaVariate(rng, alpha[k]);
  if (!(sum > 0)) {
    // Every gamma underflowed (all shapes tiny): the limit puts all mass on one component, drawn by the shapes.
    let total = 0;
    for (let k = 0; k < K; k++) total += alpha[k];
    const j = categorical(rng, alpha, total);
    out.fill(0);
    out[j] = 1;
    return out;
  }
  for (let k = 0; k < K; k++) out[k] /= sum;
  return out;
}

/** An inverse-gamma IG(shape, scale) variate: scale / Gamma(shape, 1) (mean scale/(shape − 1) for shape > 1). */
export function inverseGammaVariate(rng: Rng, shape: number, scale: number): number {
  return scale / gammaVariate(rng, shape);
}

/**
 * An index k drawn with probability p[k] / total (p ≥ 0, total = Σ p > 0), by inversion of one uniform; the last
 * index with positive p takes any rounding remainder.
 */
export function categorical(rng: Rng, p: ArrayLike<number>, total: number): number {
  let u = rng.uniform() * total;
  const K = p.length;
  let last = 0;
  for (let k = 0; k < K; k++) {
    const pk = p[k];
    if (pk > 0) {
      last = k;
      if (u < pk) return k;
      u -= pk;
    }
  }
  return last;
}
