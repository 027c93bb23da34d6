/**
 * Misclassification: the fraction of points a fit assigns to the wrong component, judged against the true
 * labels under the mean-based alignment (./align.ts). Hard assignment follows the fitted model: nearest
 * centre when the fit has no σ (k-means — its own partition rule), the MAP component
 * argmax_k log π̂_k + log N(x | μ̂_k, σ̂_k² I) when it has (EM, CEM — the plug-in Bayes rule). It is a
 * per-replication estimand whose mean and Monte Carlo SE are then summarised like any other (Morris,
 * White & Crowther 2019, Stat Med 38:2074–2102, Table 6).
 *
 * Runs once per fit on up to 1e6 points: scores are computed on the flat Float64Array with per-component
 * constants hoisted, and nothing is allocated per point.
 */
import type { Dataset, Fit } from '../types.js';

/** Whether every fitted parameter the classifier reads is finite (a failed fit can carry NaNs). */
function usable(fit: Fit): boolean {
  for (const v of fit.means) if (!Number.isFinite(v)) return false;
  if (fit.sigmas === null) return true;
  for (const v of fit.weights) if (!(v >= 0 && Number.isFinite(v))) return false;
  for (const v of fit.sigmas) if (!(v >= 0 && Number.isFinite(v))) return false;
  return true;
}

/**
 * Write each point's fitted component (0..K−1, the fit's own indexing) into `out`.
 * Returns `out`, or null when the fit's parameters are not finite.
 */
export function assignComponents(data: Dataset, fit: Fit, out: Int32Array): Int32Array | null {
  if (out.length !== data.n) throw new RangeError(`assignComponents: out has length ${out.length}, expected n = ${data.n}`);
  return forEachAssignment(data, fit, (i, j) => {
    out[i] = j;
  })
    ? out
    : null;
}

/**
 * Fraction of points whose assigned component, mapped through the alignment, differs from the true label.
 * `perm[k]` is the fitted index matched to true component k. Null when the fit's parameters are not finite.
 */
export function misclassificationRate(data: Dataset, labels: Int32Array, fit: Fit, perm: Int32Array): number | null {
  const { n } = data;
  const K = fit.K;
  if (n < 1) throw new RangeError('misclassificationRate: empty data set');
  if (labels.length !== n) throw new RangeError(`misclassificationRate: ${labels.length} labels for n = ${n} points`);
  if (perm.length !== K) throw new RangeError(`misclassificationRate: permutation of length ${perm.length}, expected K = ${K}`);
  // trueOf[j] = true component that fitted component j stands for.
  const trueOf = new Int32Array(K);
  for (let k = 0; k < K; k++) trueOf[perm[k]] = k;
  let wrong = 0;
  let badLabel = -1;
  const ok = forEachAssignment(data, fit, (i, j) => {
    const label = labels[i];
    if (label < 0 || label >= K) badLabel = i;
    if (trueOf[j] !== label) wrong++;
  });
  if (badLabel >= 0) throw new RangeError(`misclassificationRate: labels[${badLabel}] = ${labels[badLabel]} is outside 0..${K - 1}`);
  return ok ? wrong / n : null;
}

/**
 * The single assignment loop both exports share, so nearest-centre and MAP rules cannot drift apart.
 * `visit` is a monomorphic closure per call, which V8 inlines.
 */
function forEachAssignment(data: Dataset, fit: Fit, visit: (i: number, j: number) => void): boolean {
  const { x, n, d } = data;
  const K = fit.K;
  if (fit.d !== d) throw new RangeError(`classification: fit has d = ${fit.d}, data has d = ${d}`);
  if (x.length !== n * d) throw new RangeError(`classification: data length ${x.length} is not n·d = ${n * d}`);
  if (!usable(fit)) return false;
  const mu = fit.means;

  if (fit.sigmas === null) {
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let bestJ = 0;
      let bestD = Infinity;
      for (let j = 0; j < K; j++) {
        const m = j * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = x[off + t] - mu[m + t];
          s += diff * diff;
        }
        if (s < bestD) {
          bestD = s;
          bestJ = j;
        }
      }
      visit(i, bestJ);
    }
    return true;
  }

  // score_j(x) = log π_j − d·log σ_j − ‖x − μ_j‖²/(2σ_j²); the common −(d/2)·log 2π cannot change the argmax.
  const sig = fit.sigmas;
  const constant = new Float64Array(K);
  const halfPrecision = new Float64Array(K);
  let anyPointMass = false;
  for (let j = 0; j < K; j++) {
    constant[j] = Math.log(fit.weights[j]) - d * Math.log(sig[j]);
    halfPrecision[j] = 1 / (2 * sig[j] * sig[j]);
    if (sig[j] === 0) anyPointMass = true;
  }
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let bestJ = 0;
    let bestS = -Infinity;
    for (let j = 0; j < K; j++) {
      const m = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = x[off + t] - mu[m + t];
        s += diff * diff;
      }
      // A collapsed component (σ = 0, a degenerate fit) is a point mass: +∞ density on its centre, 0 elsewhere.
      // Evaluated naively it gives ∞ − ∞ = NaN, which would never win a comparison and skew the rate.
      const score = anyPointMass && sig[j] === 0 ? (s === 0 && fit.weights[j] > 0 ? Infinity : -Infinity) : constant[j] - s * halfPrecision[j];
      if (score > bestS) {
        bestS = score;
        bestJ = j;
      }
    }
    visit(i, bestJ);
  }
  return true;
}
