/**
 * The Bayes error of a spherical Gaussian mixture: the misclassification rate of the Bayes rule that assigns
 * x to argmax_k w_k φ_k(x) with the true parameters, 1 − ∫ max_k w_k φ_k(x) dx. No classifier built from a
 * sample does better on average, so it is the reference for the `misclassification` estimand
 * (src/estimands/classify.ts): a consistent MLE's plug-in rule converges to it, and k-means' partition stays
 * above it where its boundary is not the Bayes boundary.
 *
 * - Exact in 1-D: the posterior boundaries are the real roots of w_i φ_i(x) = w_j φ_j(x) (a quadratic in x,
 *   linear when σ_i = σ_j); between consecutive roots one component has the largest weighted density, and the
 *   error is the mass the other components put there, summed with the normal CDF on its accurate side
 *   (src/theory/normal.ts).
 * - Exact in d > 1 when all σ are equal and the means are collinear: the coordinates orthogonal to the line
 *   have the same distribution under every component, so the posterior depends on the projection only and the
 *   1-D computation applies to the projected means.
 * - Otherwise a seeded Monte Carlo with its standard error: with M draws from each component k,
 *   Σ_k w_k · mean over those draws of (1 − max_j p(j | x)), the conditional-expectation (Rao–Blackwell) form of
 *   the 0/1 error, which has a smaller variance. The seed is fixed, so the same mixture always gives the same value.
 */
import { createStream } from '../rng/stream.js';
import type { SphericalMixture } from '../mixture/spherical.js';
import { Phi, Q } from './normal.js';
import { standardiseMixture1d } from './standardise.js';

export interface BayesError {
  /** The Bayes error rate in [0, 1 − max w]. */
  readonly value: number;
  /** Monte Carlo standard error of `value`; 0 for the exact computations. */
  readonly mcse: number;
  readonly method: 'exact' | 'monte-carlo';
  /** Draws per component of the Monte Carlo computation (0 when exact). */
  readonly samples: number;
}

export interface BayesErrorOptions {
  /** Monte Carlo draws per component (default 100000). */
  readonly samplesPerComponent?: number;
  /** Seed of the Monte Carlo stream (default 'bayes-error'). */
  readonly seed?: string | number;
}

/** P(a < X ≤ b) for X ~ N(μ, σ²), each tail taken on the side where it is small (no cancellation). */
function normalMass(a: number, b: number, mu: number, sigma: number): number {
  const za = (a - mu) / sigma;
  const zb = (b - mu) / sigma;
  if (za >= 0) return Q(za) - Q(zb);
  if (zb <= 0) return Phi(zb) - Phi(za);
  return 1 - Q(zb) - Phi(za);
}

/** Real roots of w_i φ_i(x) = w_j φ_j(x) in 1-D (none when the two weighted densities never cross). */
function crossings(wi: number, mi: number, si: number, wj: number, mj: number, sj: number): number[] {
  // log w − log σ − (x − μ)²/(2σ²) equal for i and j: a x² + b x + c = 0.
  const a = 1 / (2 * sj * sj) - 1 / (2 * si * si);
  const b = mi / (si * si) - mj / (sj * sj);
  const c = Math.log(wi) - Math.log(si) - (mi * mi) / (2 * si * si) - (Math.log(wj) - Math.log(sj) - (mj * mj) / (2 * sj * sj));
  if (a === 0) return b === 0 ? [] : [-c / b];
  const disc = b * b - 4 * a * c;
  if (disc < 0) return [];
  const q = -0.5 * (b + Math.sign(b === 0 ? 1 : b) * Math.sqrt(disc)); // stable form of the two roots
  const roots = [q / a];
  if (q !== 0) roots.push(c / q);
  return roots;
}

/**
 * Exact Bayes error of a 1-D mixture with component means `mu`, σ `sigmas` and weights `w`. The error does not
 * change under x ↦ a·x + b, so it is computed in the standard units of ./standardise.ts: the quadratic's
 * coefficients hold μ²/σ², which in the original units cancels to nothing when the location is large against σ.
 */
export function bayesError1d(w: readonly number[], mu: readonly number[], sigmas: readonly number[]): number {
  if (w.length <= 1) return 0;
  const std = standardiseMixture1d({ weights: w, means: mu, sigmas }).mixture;
  return bayesError1dStandard(std.weights, std.means, std.sigmas);
}

function bayesError1dStandard(w: readonly number[], mu: readonly number[], sigmas: readonly number[]): number {
  const K = w.length;
  const roots: number[] = [];
  for (let i = 0; i < K; i++)
    for (let j = i + 1; j < K; j++) for (const r of crossings(w[i], mu[i], sigmas[i], w[j], mu[j], sigmas[j])) if (Number.isFinite(r)) roots.push(r);
  roots.sort((x, y) => x - y);
  const cuts = [-Infinity, ...roots.filter((r, i) => i === 0 || r !== roots[i - 1]), Infinity];
  const logDensity = (k: number, x: number) => Math.log(w[k]) - Math.log(sigmas[k]) - ((x - mu[k]) / sigmas[k]) ** 2 / 2;
  let error = 0;
  for (let s = 0; s + 1 < cuts.length; s++) {
    const [lo, hi] = [cuts[s], cuts[s + 1]];
    const probe = lo === -Infinity ? (hi === Infinity ? 0 : hi - 1) : hi === Infinity ? lo + 1 : (lo + hi) / 2;
    let best = 0;
    for (let k = 1; k < K; k++) if (logDensity(k, probe) > logDensity(best, probe)) best = k;
    for (let k = 0; k < K; k++) if (k !== best) error += w[k] * normalMass(lo, hi, mu[k], sigmas[k]);
  }
  return error;
}

/** The means projected on the line they all lie on (null when they do not lie on one line). */
function collinearProjection(means: readonly (readonly number[])[]): number[] | null {
  const d = means[0].length;
  let far = 0;
  let farDist = 0;
  for (let k = 1; k < means.length; k++) {
    const dist = Math.hypot(...means[k].map((x, t) => x - means[0][t]));
    if (dist > farDist) [far, farDist] = [k, dist];
  }
  if (farDist === 0) return means.map(() => 0);
  const u = means[far].map((x, t) => (x - means[0][t]) / farDist);
  const scale = Math.max(farDist, ...means.flat().map(Math.abs));
  const out: number[] = [];
  for (const m of means) {
    const v = m.map((x, t) => x - means[0][t]);
    const proj = v.reduce((s, x, t) => s + x * u[t], 0);
    let off = 0;
    for (let t = 0; t < d; t++) off += (v[t] - proj * u[t]) ** 2;
    if (Math.sqrt(off) > 1e-12 * scale) return null;
    out.push(proj);
  }
  return out;
}

/** Bayes error of a spherical Gaussian mixture: exact where it reduces to 1-D, else seeded Monte Carlo. */
export function bayesError(mixture: SphericalMixture, options: BayesErrorOptions = {}): BayesError {
  const { weights: w, means, sigmas } = mixture;
  const K = w.length;
  const d = means[0]?.length ?? 1;
  const exact = (value: number): BayesError => ({ value, mcse: 0, method: 'exact', samples: 0 });
  if (K <= 1) return exact(0);
  if (d === 1) return exact(bayesError1d(w, means.map((m) => m[0]), sigmas));
  if (sigmas.every((s) => s === sigmas[0])) {
    const t = collinearProjection(means);
    if (t !== null) return exact(bayesError1d(w, t, sigmas));
  }
  const M = options.samplesPerComponent ?? 100_000;
  if (!Number.isInteger(M) || M < 2) throw new RangeError(`bayesError: samplesPerComponent must be an integer ≥ 2 (got ${M})`);
  const stream = createStream(options.seed ?? 'bayes-error', 'bayes-error');
  // Flat copies and the normals drawn in blocks (fillNormal gives the same values in the same order as one
  // normal() per coordinate): the same arithmetic as a per-sample loop over the nested arrays, 3–4× faster.
  const logW = new Float64Array(K);
  const mu = new Float64Array(K * d);
  const twoVar = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    logW[j] = Math.log(w[j]) - d * Math.log(sigmas[j]);
    twoVar[j] = 2 * sigmas[j] * sigmas[j];
    for (let t = 0; t < d; t++) mu[j * d + t] = means[j][t];
  }
  const BLOCK = 4096;
  const z = new Float64Array(BLOCK * d);
  const x = new Float64Array(d);
  const logp = new Float64Array(K);
  let value = 0;
  let variance = 0;
  for (let k = 0; k < K; k++) {
    let sum = 0;
    let sumSq = 0;
    const sk = sigmas[k];
    for (let start = 0; start < M; start += BLOCK) {
      const count = Math.min(BLOCK, M - start);
      stream.fillNormal(z, 0, count * d);
      for (let i = 0; i < count; i++) {
        for (let t = 0; t < d; t++) x[t] = mu[k * d + t] + sk * z[i * d + t];
        let top = -Infinity;
        for (let j = 0; j < K; j++) {
          let q = 0;
          for (let t = 0; t < d; t++) {
            const u = x[t] - mu[j * d + t];
            q += u * u;
          }
          const l = logW[j] - q / twoVar[j];
          logp[j] = l;
          if (l > top) top = l;
        }
        let total = 0;
        for (let j = 0; j < K; j++) total += Math.exp(logp[j] - top);
        const loss = 1 - 1 / total; // 1 − max_j p(j | x)
        sum += loss;
        sumSq += loss * loss;
      }
    }
    const mean = sum / M;
    const varK = Math.max(0, (sumSq - M * mean * mean) / (M - 1));
    value += w[k] * mean;
    variance += (w[k] * w[k] * varK) / M;
  }
  return { value, mcse: Math.sqrt(variance), method: 'monte-carlo', samples: M };
}
