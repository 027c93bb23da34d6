/**
 * Starting points for EM (Dempster, Laird & Rubin 1977) and classification EM (Celeux & Govaert 1992):
 * a k-means fit (the default, as mclust and scikit-learn start from a partition), k-means++ seeds only, or given
 * MixtureParameters (warm starts). Writes θ = [μ (K×d) | σ (K) | π (K)] (layout of emKernel.ts).
 *
 * From a partition, weights are the cluster proportions and σ the ML value of the covariance model on that
 * partition (pooled within-cluster variance per coordinate for 'equal', per cluster for 'unequal'), i.e. one
 * CEM M-step: the same convention as mclust's hierarchical/partition starts.
 */
import { WEIGHT_SUM_TOLERANCE } from '../../mixture/spherical.js';
import type { Dataset, Fit, Rng } from '../../types.js';
import { assignNearest, kmeans } from '../kmeans/kmeans.js';
import { kmeansPlusPlus } from '../kmeans/kmeansPlusPlus.js';
import type { MixtureParameters } from './options.js';
import type { EMCovariance, WeightsMode } from './emKernel.js';

export type InitSpec = 'kmeans' | 'kmeans++' | MixtureParameters;

export interface InitSettings {
  readonly covariance: EMCovariance;
  readonly weights: WeightsMode;
  /** σ for 'fixed' (ignored otherwise). */
  readonly fixedSigma: number;
  readonly floorVar: number;
}

/** Throws a clear error when given parameters do not fit K and d. `who` prefixes messages ('em', 'cem'). */
export function checkGivenInit(p: MixtureParameters, K: number, d: number, who: string): void {
  if (!(p.means instanceof Float64Array) || p.means.length !== K * d) {
    throw new Error(`${who}: options.init.means must be a Float64Array of length K·d = ${K * d}`);
  }
  if (!(p.weights instanceof Float64Array) || p.weights.length !== K) {
    throw new Error(`${who}: options.init.weights must be a Float64Array of length K = ${K}`);
  }
  if (!(p.sigmas instanceof Float64Array) || p.sigmas.length !== K) {
    throw new Error(`${who}: options.init.sigmas must be a Float64Array of length K = ${K}`);
  }
  for (let i = 0; i < K * d; i++) {
    if (!Number.isFinite(p.means[i])) throw new Error(`${who}: options.init.means[${i}] is ${p.means[i]}`);
  }
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const w = p.weights[k];
    if (!(w > 0 && w <= 1)) throw new Error(`${who}: options.init.weights[${k}] must be in (0, 1], got ${w}`);
    sum += w;
    const s = p.sigmas[k];
    if (!(s > 0 && s < Infinity)) throw new Error(`${who}: options.init.sigmas[${k}] must be > 0, got ${s}`);
  }
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) throw new Error(`${who}: options.init.weights must sum to 1, got ${sum}`);
}

/**
 * Writes the starting θ into `out`. `labels` is scratch for the partition (replaced by a fresh array when
 * shorter than n). Randomness only from `rng`: 'kmeans' runs the k-means estimator (one k-means++ seeding + Lloyd), 'kmeans++' only the seeding.
 */
export function initialTheta(
  data: Dataset,
  K: number,
  init: InitSpec,
  settings: InitSettings,
  rng: Rng,
  labels: Int32Array,
  out: Float64Array,
): void {
  const d = data.d;
  const sOff = K * d;
  const pOff = sOff + K;
  if (typeof init === 'object') {
    out.set(init.means, 0);
    const floorSigma = Math.sqrt(settings.floorVar);
    // 'equal' needs one σ: the given one when they agree, else their root mean square.
    let pooled = 0;
    let same = true;
    for (let k = 0; k < K; k++) {
      pooled += init.sigmas[k] * init.sigmas[k];
      if (init.sigmas[k] !== init.sigmas[0]) same = false;
    }
    const shared = same ? init.sigmas[0] : Math.sqrt(pooled / K);
    for (let k = 0; k < K; k++) {
      let s = settings.covariance === 'equal' ? shared : init.sigmas[k];
      s = settings.covariance === 'fixed' ? settings.fixedSigma : Math.max(s, floorSigma);
      out[sOff + k] = s;
      out[pOff + k] = settings.weights === 'equal' ? 1 / K : init.weights[k];
    }
    return;
  }
  if (init === 'kmeans') {
    const fit = kmeans.fit(data, K, { init: 'kmeans++', restarts: 1 }, rng);
    out.set(fit.means, 0);
    if (settings.covariance !== 'unequal' && fromKMeansFit(fit, data.n * d, settings, out)) return;
    const lab = scratchLabels(labels, data.n);
    assignNearest(data, fit.means, K, lab);
    fromPartition(data, K, lab, 'partition', settings, out);
    return;
  }
  const centres = kmeansPlusPlus(data, K, rng);
  out.set(centres, 0);
  const lab = scratchLabels(labels, data.n);
  assignNearest(data, centres, K, lab);
  fromPartition(data, K, lab, 'seeds', settings, out);
}

/** `labels` if it can hold n labels, else a fresh array (callers that rarely need it lend an empty one). */
function scratchLabels(labels: Int32Array, n: number): Int32Array {
  return labels.length >= n ? labels : new Int32Array(n);
}

/**
 * σ and π for a shared or fixed σ straight from a k-means fit: its objective is the pooled within-cluster sum
 * of squares of its final partition and its weights are that partition's proportions, which is what
 * `fromPartition` would recompute with two more passes over the data. False (nothing written but the means)
 * when a cluster is empty: `fromPartition` handles that case.
 */
function fromKMeansFit(fit: Fit, nd: number, settings: InitSettings, out: Float64Array): boolean {
  const K = fit.K;
  const sOff = K * fit.d;
  const pOff = sOff + K;
  for (let k = 0; k < K; k++) if (!(fit.weights[k] > 0)) return false;
  const sigma =
    settings.covariance === 'fixed' ? settings.fixedSigma : Math.max(Math.sqrt(fit.objective / nd), Math.sqrt(settings.floorVar));
  for (let k = 0; k < K; k++) {
    out[sOff + k] = sigma;
    out[pOff + k] = settings.weights === 'equal' ? 1 / K : fit.weights[k];
  }
  return true;
}

/**
 * σ and π from the partition in `labels` with the means already in θ. With 'seeds' (k-means++ only) the
 * weights start equal and σ pooled, since a nearest-seed partition is too crude for per-cluster values.
 */
function fromPartition(
  data: Dataset,
  K: number,
  labels: Int32Array,
  mode: 'partition' | 'seeds',
  settings: InitSettings,
  out: Float64Array,
): void {
  const { x, n, d } = data;
  const sOff = K * d;
  const pOff = sOff + K;
  const floorSigma = Math.sqrt(settings.floorVar);
  // σ and π slots double as per-cluster accumulators (SS, counts) before they are overwritten.
  for (let k = 0; k < K; k++) {
    out[sOff + k] = 0;
    out[pOff + k] = 0;
  }
  for (let i = 0; i < n; i++) {
    const k = labels[i];
    let q = 0;
    for (let j = 0; j < d; j++) {
      const t = x[i * d + j] - out[k * d + j];
      q += t * t;
    }
    out[sOff + k] += q;
    out[pOff + k] += 1;
  }
  let pooledSS = 0;
  let anyEmpty = false;
  for (let k = 0; k < K; k++) {
    pooledSS += out[sOff + k];
    if (out[pOff + k] === 0) anyEmpty = true;
  }
  const pooledSigma = Math.max(Math.sqrt(pooledSS / (n * d)), floorSigma);
  for (let k = 0; k < K; k++) {
    const count = out[pOff + k];
    const ss = out[sOff + k];
    let s = pooledSigma;
    // A per-cluster σ from fewer than 2 points or from coincident points would start EM on a collapse.
    if (settings.covariance === 'unequal' && mode === 'partition' && count >= 2 && ss > 0) {
      s = Math.max(Math.sqrt(ss / (count * d)), floorSigma);
    }
    if (settings.covariance === 'fixed') s = settings.fixedSigma;
    out[sOff + k] = s;
    // An empty cluster's proportion 0 would kill its component for good (EM keeps πₖ = 0): start equal instead.
    out[pOff + k] = settings.weights === 'equal' || mode === 'seeds' || anyEmpty ? 1 / K : count / n;
  }
}
