/**
 * The large-sample covariance of k-means centres and cluster proportions, estimated from the sample: Pollard's
 * (1982, "A central limit theorem for k-means clustering", Ann. Probab. 10:919–926) CLT
 *   √n(ĉ − c) → N(0, Γ⁻¹ V Γ⁻¹)
 * around the population k-means limit c (not the truth: Bryant & Williamson 1978), for every k-means
 * estimator (kmeans, kmeans-exact, kmeans-hw: one function, called by each descriptor).
 *
 * W(c) = E min_j |X − c_j|² is minimised; per point its gradient is ψ_j(x) = −2(x − c_j)·1{x ∈ cell j}, so
 * V = Cov ψ = block-diag(4·E[(X − c_j)(X − c_j)ᵀ; cell j]) (cells are disjoint; E ψ = 0 at a fixed point) and
 * Γ = ∇²W. Moving the centres moves the cell faces: with F_jl the face between cells j and l (on the bisecting
 * hyperplane), D = |c_l − c_j|, u = (c_l − c_j)/D, the face moves outward from cell j by (x − c_j)·δc_j/D and
 * by −(x − c_l)·δc_l/D, so (∫_F over the face, f the density)
 *   Γ_jj = 2 p_j I − (2/D) Σ_l ∫_{F_jl} (x − c_j)(x − c_j)ᵀ f dS,    Γ_jl = (2/D) ∫_{F_jl} (x − c_j)(x − c_l)ᵀ f dS,
 * 2·diag(p_j I) minus the boundary term; in d = 1 these are src/theory/kmeansClt.ts's kmeansHessian1d
 * (Γ_jj = 2p_j − ½D f(t_j) − …, Γ_j,j+1 = −½D f(t_j)), whose population values this estimate converges to.
 *
 * Estimated from the sample: p_j and V from the cells of the fitted centres, and each face integral by a kernel
 * estimate of the surface integral — project every point on the bisecting hyperplane of (j, l): t = u·(x − m),
 * m = (c_j + c_l)/2, x̃ = x − t·u, and
 *   ∫_{F_jl} g(x) f(x) dS ≈ (1/n) Σ_i φ_h(t_i) g(x̃_i) 1{x̃_i ∈ F_jl}   (x̃ ∈ F_jl: no other centre nearer to x̃),
 * which for d = 1 is the kernel density estimate at the midpoint, f̂(t_j)·g(t_j). φ_h is the Epanechnikov kernel
 * ¾(1 − (t/h)²)₊/h (optimal among kernels, and free of exponentials: the pass costs a few flops per point) with
 * the bandwidth of Silverman's rule of thumb (Silverman 1986, eq. 3.31; R's bw.nrd0) carried over to it by the
 * canonical-bandwidth ratio 1.7188/0.7764 = 2.2138 (Marron & Nolan 1988), so bias and variance are those of the
 * Gaussian estimate with h_G: h = 2.2138 · 0.9 · min(sd, IQR/1.34) · n_jl^{−1/5}, from the projections onto the line
 * of the two centres of the n_jl points of the two cells, each cell's centred on its own mean. The rule assumes one
 * normal bump, and the spread across the gap between two clusters would oversmooth — the density at a boundary
 * is curved (f'' ≠ 0 unless the boundary is at a symmetric valley), and the O(h²f'') bias of f̂ enters Γ directly
 * (with the overall spread, +9 % on the centres' variances at n = 2000 for 0.3·N(−1.5, 1) + 0.7·N(1.5, 1); with
 * the within-cell spread about a quarter of that). The sd is exact; the IQR is that of a systematic subsample of
 * at most IQR_SAMPLE of the pair's points, read from a histogram to within 2 % (a rule of thumb needs its size,
 * not its last digit: a 2 % error in the IQR moves h by at most 2 %), so no pass sorts or selects.
 * As n → ∞ and h → 0 the estimate converges to the surface integral for a continuous density; the kernel smooths
 * across the face's edges within O(h) (d > 1, K > 2), which vanishes with h.
 *
 * The weights (the cluster proportions p̂_j) are derived honestly too: (ĉ, p̂) solve the estimating equations
 * Σ ψ(x_i, c) = 0 and Σ (1{x_i ∈ cell j(c)} − p_j) = 0, whose expectations are smooth in c, so (van der Vaart
 * 1998, Thm 5.21) their influence functions are IF_c(x) = −Γ⁻¹ψ(x) and
 * IF_p(x) = e_{cell(x)} − p + (∂p/∂c)·IF_c(x), with ∂p_j/∂c_j = Σ_l (1/D) ∫_{F_jl} (x − c_j)ᵀ f dS and
 * ∂p_j/∂c_l = −(1/D) ∫_{F_jl} (x − c_l)ᵀ f dS from the same face integrals. Cov(θ̂) = Cov(IF)/n, θ = (centres,
 * proportions): singular where Σ p = 1 makes it so.
 *
 * Γ not positive definite (the fitted centres are not a strict local minimum of the estimated W) gives the status
 * 'not-negative-definite' (the name of the contract's status for an optimum that is not strict; here −Γ plays
 * the log-likelihood Hessian's role), a singular Γ 'singular', an empty cluster 'unavailable'.
 * Cost: two passes over the data (cells; face kernels, O(n·K²·d)); d = 1, K = 2 (the canonical study) has
 * branch-free passes of its own (pollardPasses1d), usually one: the kernel sum runs over the points near the
 * midpoint that the cell pass kept. Everything is computed on x/u, u = 2ᵏ near the within-cluster sd
 * (exact scaling), and mapped back.
 */
import type { Dataset, Fit, ParameterCovariance } from '../../types.js';
import { parameterCount } from '../../types.js';
import { invertPositiveDefinite } from '../../inference/symmetricInverse.js';
import { fastExp } from '../mixture/emMath.js';

export const POLLARD_KIND = 'pollard';

/** Epanechnikov ÷ Gaussian canonical bandwidth, (15^{1/5}) ÷ ((4π)^{−1/10}): Silverman's h_G carried over to the Epanechnikov kernel. */
export const EPANECHNIKOV_RATIO = Math.pow(15, 0.2) / Math.pow(4 * Math.PI, -0.1);

/** At most this many points of a pair of cells give the IQR of the bandwidth rule. */
export const IQR_SAMPLE = 4096;

/** Scratch reused from call to call (labels, projected values), grown as needed: no fresh n-sized arrays per fit. */
let labelScratch = new Int32Array(0);
let nearScratch = new Float64Array(0);
const sideCentre = new Float64Array(2);
const sideOffset = new Float64Array(2);
const valueScratch = new Float64Array(IQR_SAMPLE);

/** Bins of the IQR histogram over ±IQR_HISTOGRAM_REACH sd: a bin is 12/512 = 0.023 sd, under 2 % of a normal IQR (1.35 sd). */
const IQR_BINS = 512;
const IQR_HISTOGRAM_REACH = 6;
const iqrCounts = new Float64Array(IQR_BINS + 2);

/**
 * The interquartile range of sample[0..k−1] from a histogram of IQR_BINS bins over ±6 sd around 0 (the values are
 * centred), each quartile interpolated linearly within its bin: accurate to a bin (< 2 % of a normal IQR), with
 * no data-dependent branches — a selection on 4096 random values cost ~150 µs of mispredicted comparisons per fit.
 */
function histogramIqr(sample: Float64Array, k: number, sd: number): number {
  const width = (2 * IQR_HISTOGRAM_REACH * sd) / IQR_BINS;
  const lo = -IQR_HISTOGRAM_REACH * sd;
  iqrCounts.fill(0);
  for (let i = 0; i < k; i++) {
    // Bin 0 collects everything below lo, bin IQR_BINS + 1 everything above.
    const b = Math.floor((sample[i] - lo) / width) + 1;
    iqrCounts[b < 0 ? 0 : b > IQR_BINS + 1 ? IQR_BINS + 1 : b] += 1;
  }
  const at = (p: number): number => {
    const target = p * k;
    let cum = 0;
    for (let b = 0; b < IQR_BINS + 2; b++) {
      const c = iqrCounts[b];
      if (cum + c >= target && c > 0) return lo + (b - 1 + (target - cum) / c) * width;
      cum += c;
    }
    return lo + IQR_BINS * width;
  };
  return at(0.75) - at(0.25);
}

/**
 * The Epanechnikov bandwidth of Silverman's rule of thumb (R's bw.nrd0 × EPANECHNIKOV_RATIO):
 * 2.2138 · 0.9 · min(sd, IQR/1.34) · m^{−1/5}, with the sd of all m values and the IQR of `sample` (the first
 * `k` entries, centred values; histogramIqr); the sd alone when the IQR is 0, and 0 when both are.
 */
export function epanechnikovBandwidth(m: number, variance: number, sample: Float64Array, k: number): number {
  if (m < 3) return 0;
  const sd = Math.sqrt(Math.max(0, variance));
  const iqr = k >= 2 && sd > 0 ? histogramIqr(sample, k, sd) / 1.34 : 0;
  const a = iqr > 0 ? Math.min(sd, iqr) : sd;
  return EPANECHNIKOV_RATIO * 0.9 * a * Math.pow(m, -0.2);
}

/** u = 2ᵏ nearest the within-cluster sd √(objective/(n·d)) when the fit's objective is a usable inertia, else 1. */
function unitOf(fit: Fit, n: number): number {
  const s = Math.sqrt(fit.objective / (n * fit.d));
  if (!(s > 0 && s < Infinity)) return 1;
  return Math.pow(2, Math.max(-1000, Math.min(1000, Math.round(Math.log2(s)))));
}

/** The per-cell pass: labels (nearest centre, the lowest index on ties), counts, Σa and Σaaᵀ with a = (x − c_k)/u. */
function cellPass(data: Dataset, centres: Float64Array, K: number, s: number, labels: Int32Array, count: Float64Array, s1: Float64Array, s2: Float64Array): void {
  const { x, n, d } = data;
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    let best = 0;
    let bestDist = Infinity;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) {
        const v = x[xi + j] * s - centres[k * d + j];
        q += v * v;
      }
      if (q < bestDist) {
        bestDist = q;
        best = k;
      }
    }
    labels[i] = best;
    count[best] += 1;
    const o = best * d;
    const oo = best * d * d;
    for (let j = 0; j < d; j++) {
      const aj = x[xi + j] * s - centres[o + j];
      s1[o + j] += aj;
      for (let jj = j; jj < d; jj++) s2[oo + j * d + jj] += aj * (x[xi + jj] * s - centres[o + jj]);
    }
  }
}

/** The Epanechnikov kernel density at 0 of n values v_i = x_i·s − m: (1/n)Σ ¾(1 − (v/h)²)₊/h (returned without the 1/n). Branch-free: (w)₊ = (w + |w|)/2. */
function kernelSum1d(x: Float64Array, n: number, s: number, m: number, h: number): number {
  const k = 1 / (h * h);
  let acc0 = 0;
  let acc1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const t0 = x[i] * s - m;
    const t1 = x[i + 1] * s - m;
    // (w)₊ = (w + |w|)/2: Math.abs is one instruction, Math.max(0, w) is not (its −0 and NaN rules).
    const w0 = 1 - k * t0 * t0;
    const w1 = 1 - k * t1 * t1;
    acc0 += w0 + Math.abs(w0);
    acc1 += w1 + Math.abs(w1);
  }
  if (i < n) {
    const t = x[i] * s - m;
    const w = 1 - k * t * t;
    acc0 += w + Math.abs(w);
  }
  return (0.375 * (acc0 + acc1)) / h;
}

/**
 * d = 1, K = 2: the cell sums in one branch-free pass. With v = x·s − m (m the midpoint) and b = 1 for v > 0
 * (cell `hi`, the larger centre; a point exactly at the midpoint goes to the smaller centre) it accumulates
 * Σb, Σv, Σv², Σbv, Σbv², from which each cell's count, Σ(v − v_k) and Σ(v − v_k)² about its centre
 * v_k = c_k·s − m follow exactly in algebra (|v_k| = D/2, a within-cluster sd or so, loses no digits worth having).
 * out = [Σb, Σv, Σv², Σbv, Σbv²].
 */
function cellSums1d(x: Float64Array, n: number, s: number, m: number, sign: number, reach: number, near: Float64Array, out: Float64Array): void {
  let b0 = 0;
  let v1 = 0;
  let v2 = 0;
  let bv1 = 0;
  let bv2 = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] * s - m;
    // Every v within `reach` of the midpoint, kept branch-free (written always, counted when near).
    near[kept] = v;
    kept += +(Math.abs(v) < reach);
    // b = 1 when v·sign > 0 (the side of the larger centre): +(…) compiles to a flag, not a branch (Math.max and
    // Math.sign, with their −0 and NaN rules, cost 8 ns per point here).
    const b = +(v * sign > 0);
    const vv = v * v;
    b0 += b;
    v1 += v;
    v2 += vv;
    bv1 += b * v;
    bv2 += b * vv;
  }
  out[0] = b0;
  out[1] = v1;
  out[2] = v2;
  out[3] = bv1;
  out[4] = bv2;
  out[5] = kept;
}

/**
 * d > 1: for every point and pair (j, l) with |t| < h and x̃ on the face, M0 += φ_h(t), M1 += φ_h(t)·y,
 * M2 += φ_h(t)·yyᵀ (upper), y = x̃ − m. Per pair p: M0[p], M1[p·d…], M2[p·d²…].
 */
function facePass(data: Dataset, centres: Float64Array, K: number, s: number, pairs: readonly Pair[], M0: Float64Array, M1: Float64Array, M2: Float64Array): void {
  const { x, n, d } = data;
  const P = pairs.length;
  // Flat copies of the pairs for the hot loop: directions, midpoints (P×d), bandwidths, cell indices.
  const U = new Float64Array(P * d);
  const Mid = new Float64Array(P * d);
  const H = new Float64Array(P);
  const J = new Int32Array(P);
  const L = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    U.set(pairs[p].u, p * d);
    Mid.set(pairs[p].m, p * d);
    H[p] = pairs[p].h;
    J[p] = pairs[p].j;
    L[p] = pairs[p].l;
  }
  const z = new Float64Array(d);
  const y = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = x[i * d + j] * s;
    for (let p = 0; p < P; p++) {
      const h = H[p];
      const o = p * d;
      let t = 0;
      for (let j = 0; j < d; j++) t += U[o + j] * (z[j] - Mid[o + j]);
      if (!(Math.abs(t) < h)) continue; // also skips h = 0
      // x̃ = z − t·u; on the face when no centre is nearer to it than c_j (= c_l there).
      const cj = J[p] * d;
      let dj = 0;
      for (let j = 0; j < d; j++) {
        const yj = z[j] - t * U[o + j] - Mid[o + j];
        y[j] = yj;
        const v = yj + Mid[o + j] - centres[cj + j];
        dj += v * v;
      }
      let onFace = true;
      for (let k = 0; k < K && onFace; k++) {
        if (k === J[p] || k === L[p]) continue;
        let dk = 0;
        for (let j = 0; j < d; j++) {
          const v = y[j] + Mid[o + j] - centres[k * d + j];
          dk += v * v;
        }
        if (dk < dj) onFace = false;
      }
      if (!onFace) continue;
      const w = (0.75 * (1 - (t * t) / (h * h))) / h;
      M0[p] += w;
      for (let j = 0; j < d; j++) {
        const wy = w * y[j];
        M1[o + j] += wy;
        for (let jj = j; jj < d; jj++) M2[o * d + j * d + jj] += wy * y[jj];
      }
    }
  }
}

/** A pair of cells j < l: the direction u from c_j to c_l, the distance D, the midpoint m, the bandwidth h. */
interface Pair {
  readonly j: number;
  readonly l: number;
  readonly u: Float64Array;
  readonly D: number;
  readonly m: Float64Array;
  h: number;
}

/** Why no covariance can be formed from this fit, or null. */
function fitProblem(data: Dataset, fit: Fit): string | null {
  if (fit.status === 'empty-cluster') return 'the fit has an empty cluster';
  for (let i = 0; i < fit.means.length; i++) if (!Number.isFinite(fit.means[i])) return 'a centre of the fit is not finite';
  if (data.n < 2) return `n = ${data.n}: too few points`;
  return null;
}

/** An empty cell, or null. */
function emptyCell(count: Float64Array): string | null {
  for (let k = 0; k < count.length; k++) if (count[k] === 0) return `cluster ${k} has no points`;
  return null;
}

/**
 * d = 1, K = 2 (the canonical study): cell sums in one branch-free pass (cellSums1d), the bandwidth from their
 * pooled within-cell variance and a systematic subsample's IQR, the kernel sum at the midpoint in a second
 * branch-free pass. Fills count, s1, s2 (about each centre) and M0 as pollardPasses does; returns a problem or null.
 */
function pollardPasses1d(data: Dataset, fit: Fit, centres: Float64Array, s: number, pair: Pair, count: Float64Array, s1: Float64Array, s2: Float64Array, M0: Float64Array): string | null {
  const { x, n } = data;
  const m = pair.m[0];
  const hi = centres[1] > centres[0] ? 1 : 0;
  const lo = 1 - hi;
  const sums = new Float64Array(6);
  // The kernel's support |v| < h is known only after this pass (h needs the cells' spread); the fit's inertia
  // bounds it beforehand (a k-means objective is the within-cell sum of squares about the centres, ≥ the one about
  // the cell means that h uses), so the pass also keeps the v's within that bound, and the kernel sum runs over
  // those alone (the others add exactly 0) instead of a second pass over the data.
  const reach = 1.25 * EPANECHNIKOV_RATIO * 0.9 * Math.sqrt((fit.objective * s * s) / (n - 2)) * Math.pow(n, -0.2);
  if (nearScratch.length < n) nearScratch = new Float64Array(n);
  cellSums1d(x, n, s, m, centres[1] > centres[0] ? 1 : -1, reach, nearScratch, sums);
  const [b0, v1, v2, bv1, bv2, kept] = sums;
  count[hi] = b0;
  count[lo] = n - b0;
  const empty = emptyCell(count);
  if (empty !== null) return empty;
  // Σ(v − v_k) = Σ_k v − n_k v_k and Σ(v − v_k)² = Σ_k v² − 2 v_k Σ_k v + n_k v_k², v_k = c_k − m.
  const cellSums = (k: number, c0: number, c1: number, c2: number): void => {
    const vk = centres[k] - m;
    s1[k] = c1 - c0 * vk;
    s2[k] = c2 - 2 * vk * c1 + c0 * vk * vk;
  };
  cellSums(hi, b0, bv1, bv2);
  cellSums(lo, n - b0, v1 - bv1, v2 - bv2);
  // Pooled within-cell variance of the residuals about each cell's mean.
  const within = (s2[0] - (s1[0] * s1[0]) / count[0] + s2[1] - (s1[1] * s1[1]) / count[1]) / (n - 2);
  const k = iqrSample1d(x, n, s, centres, m, hi, s1, count);
  pair.h = epanechnikovBandwidth(n, within, valueScratch, k);
  // The kept v's are x·s − m already: the kernel at 0 over them (s = 1, m = 0) is the kernel at m over x·s.
  if (pair.h > 0) M0[0] = pair.h * (1 + 1e-9) < reach ? kernelSum1d(nearScratch, kept, 1, 0, pair.h) : kernelSum1d(x, n, s, m, pair.h);
  return null;
}

/** A systematic subsample (every ⌈n/IQR_SAMPLE⌉-th point) of the within-cell residuals of d = 1, K = 2, into valueScratch; returns its size. */
function iqrSample1d(x: Float64Array, n: number, s: number, centres: Float64Array, m: number, hi: number, s1: Float64Array, count: Float64Array): number {
  const stride = Math.ceil(n / IQR_SAMPLE);
  const sign = hi === 1 ? 1 : -1;
  // Indexed by the side b = 1 of the larger centre, so the loop selects without a data-dependent branch.
  const lo = 1 - hi;
  sideCentre[0] = centres[lo];
  sideCentre[1] = centres[hi];
  sideOffset[0] = s1[lo] / count[lo];
  sideOffset[1] = s1[hi] / count[hi];
  let k = 0;
  for (let i = 0; i < n && k < valueScratch.length; i += stride) {
    const z = x[i] * s;
    const b = +((z - m) * sign > 0);
    valueScratch[k++] = z - sideCentre[b] - sideOffset[b];
  }
  return k;
}

/**
 * Any d and K: the cell pass (labels, counts, Σa, Σaaᵀ), each pair's bandwidth (sd of the within-cell
 * projections from the cell sums, IQR from a systematic subsample of the pair's points), the face integrals
 * (kernelSum1d for d = 1, facePass otherwise). Returns a problem or null.
 */
function pollardPasses(data: Dataset, centres: Float64Array, K: number, s: number, pairs: Pair[], count: Float64Array, s1: Float64Array, s2: Float64Array, M0: Float64Array, M1: Float64Array, M2: Float64Array): string | null {
  const { n, d } = data;
  if (labelScratch.length < n) labelScratch = new Int32Array(n);
  const labels = labelScratch;
  cellPass(data, centres, K, s, labels, count, s1, s2);
  const empty = emptyCell(count);
  if (empty !== null) return empty;
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) for (let jj = 0; jj < j; jj++) s2[k * d * d + j * d + jj] = s2[k * d * d + jj * d + j];
  const xs = data.x;
  for (const pr of pairs) {
    // Within-cell projections u·(a − ā_k) of the pair's points: their variance exactly from the cell sums,
    // (Σ (u·a)² − (Σ u·a)²/n_k) summed over the two cells, and the IQR from a systematic subsample.
    let within = 0;
    const mean = [0, 0];
    [pr.j, pr.l].forEach((k, side) => {
      let ua = 0;
      let uSu = 0;
      for (let a = 0; a < d; a++) {
        ua += pr.u[a] * s1[k * d + a];
        for (let b = 0; b < d; b++) uSu += pr.u[a] * s2[k * d * d + a * d + b] * pr.u[b];
      }
      mean[side] = ua / count[k];
      within += uSu - (ua * ua) / count[k];
    });
    const m = count[pr.j] + count[pr.l];
    const stride = Math.ceil(m / IQR_SAMPLE);
    let seen = 0;
    let kept = 0;
    for (let i = 0; i < n && kept < valueScratch.length; i++) {
      const k = labels[i];
      if (k !== pr.j && k !== pr.l) continue;
      if (seen++ % stride !== 0) continue;
      let t = 0;
      for (let q = 0; q < d; q++) t += pr.u[q] * (xs[i * d + q] * s - centres[k * d + q]);
      valueScratch[kept++] = t - (k === pr.j ? mean[0] : mean[1]);
    }
    pr.h = epanechnikovBandwidth(m, within / (m - 2), valueScratch, kept);
  }
  if (d === 1) {
    for (let p = 0; p < pairs.length; p++) {
      const pr = pairs[p];
      // The face of (j, l) in 1-D is the midpoint, a face only when no other centre is nearer to it (adjacent centres).
      let adjacent = true;
      const half = 0.5 * pr.D;
      for (let k = 0; k < K; k++) if (k !== pr.j && k !== pr.l && Math.abs(pr.m[0] - centres[k]) < half) adjacent = false;
      if (adjacent && pr.h > 0) M0[p] = kernelSum1d(xs, n, s, pr.m[0], pr.h);
    }
  } else {
    facePass(data, centres, K, s, pairs, M0, M1, M2);
    for (let p = 0; p < pairs.length; p++) for (let j = 0; j < d; j++) for (let jj = 0; jj < j; jj++) M2[p * d * d + j * d + jj] = M2[p * d * d + jj * d + j];
  }
  return null;
}

/**
 * Pollard's sandwich for the centres and the influence-function covariance of the proportions, for a k-means
 * fit on `data`: θ = (centres K·d, proportions K) (parameterCount(K, d, false)), `kind` 'pollard'.
 */
export function kmeansCovariance(data: Dataset, fit: Fit): ParameterCovariance {
  const { n, d } = data;
  const K = fit.K;
  if (data.d !== fit.d) throw new RangeError(`kmeans covariance: the fit has d = ${fit.d}, the data d = ${data.d}`);
  const problem = fitProblem(data, fit);
  if (problem !== null) return { status: 'unavailable', kind: POLLARD_KIND, reason: problem };
  const unit = unitOf(fit, n);
  const s = 1 / unit;
  const centres = new Float64Array(K * d);
  for (let i = 0; i < K * d; i++) centres[i] = fit.means[i] * s;
  // Pairs of cells: direction, distance, midpoint (bandwidths below).
  const pairs: Pair[] = [];
  for (let j = 0; j < K; j++) {
    for (let l = j + 1; l < K; l++) {
      const u = new Float64Array(d);
      const m = new Float64Array(d);
      let D2 = 0;
      for (let t = 0; t < d; t++) {
        u[t] = centres[l * d + t] - centres[j * d + t];
        m[t] = 0.5 * (centres[l * d + t] + centres[j * d + t]);
        D2 += u[t] * u[t];
      }
      const D = Math.sqrt(D2);
      if (!(D > 0)) return { status: 'singular', kind: POLLARD_KIND, reason: `centres ${j} and ${l} coincide` };
      for (let t = 0; t < d; t++) u[t] /= D;
      pairs.push({ j, l, u, D, m, h: NaN }); // NaN, not 0: h is a double from the start (no field-representation change)
    }
  }
  const count = new Float64Array(K);
  const s1 = new Float64Array(K * d);
  const s2 = new Float64Array(K * d * d);
  const P = pairs.length;
  const M0 = new Float64Array(P);
  const M1 = new Float64Array(P * d);
  const M2 = new Float64Array(P * d * d);
  const problem2 = d === 1 && K === 2 ? pollardPasses1d(data, fit, centres, s, pairs[0], count, s1, s2, M0) : pollardPasses(data, centres, K, s, pairs, count, s1, s2, M0, M1, M2);
  if (problem2 !== null) return { status: 'unavailable', kind: POLLARD_KIND, reason: problem2 };

  // Γ (Kd×Kd) and ∂p/∂c (K×Kd), face integrals per point (÷ n).
  const Q = K * d;
  const H = new Float64Array(Q * Q);
  const B = new Float64Array(K * Q);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) H[(k * d + j) * Q + k * d + j] = (2 * count[k]) / n;
  for (let p = 0; p < P; p++) {
    const { j, l, u, D } = pairs[p];
    const m0 = M0[p] / n;
    if (m0 === 0) continue;
    const half = 0.5 * D;
    const c = 2 / D;
    for (let a = 0; a < d; a++) {
      const m1a = M1[p * d + a] / n;
      for (let b = 0; b < d; b++) {
        const m2 = M2[p * d * d + a * d + b] / n;
        const m1b = M1[p * d + b] / n;
        const cross = half * (m1a * u[b] + u[a] * m1b);
        const uu = half * half * m0 * u[a] * u[b];
        const Sjj = m2 + cross + uu;
        const Sll = m2 - cross + uu;
        const Sjl = m2 - half * m1a * u[b] + half * u[a] * m1b - uu; // ∫ (x − c_j)_a (x − c_l)_b f dS
        H[(j * d + a) * Q + j * d + b] -= c * Sjj;
        H[(l * d + a) * Q + l * d + b] -= c * Sll;
        H[(j * d + a) * Q + l * d + b] += c * Sjl;
        H[(l * d + b) * Q + j * d + a] += c * Sjl;
      }
      const plus = (m1a + half * m0 * u[a]) / D; // (1/D) ∫ (x − c_j)_a f dS
      const minus = (m1a - half * m0 * u[a]) / D; // (1/D) ∫ (x − c_l)_a f dS
      B[j * Q + j * d + a] += plus;
      B[j * Q + l * d + a] -= minus;
      B[l * Q + l * d + a] += minus;
      B[l * Q + j * d + a] -= plus;
    }
  }
  const inv = invertPositiveDefinite(H, Q, { what: 'Γ (the Hessian of the within-cluster sum of squares)', name: (i) => `centre.${Math.floor(i / d)}.${i % d}` });
  if (inv.status !== 'ok') return { status: inv.status, kind: POLLARD_KIND, reason: inv.reason };
  const Hi = inv.inverse;

  // Influence functions IF_i = α_k + L_k a_i for a point of cell k: α_k = (0; e_k − p), L_k = (M_k; B·M_k), M_k = 2Γ⁻¹[:, block k].
  const R = parameterCount(K, d, false);
  const sumIF = new Float64Array(R);
  const sumOuter = new Float64Array(R * R);
  const L = new Float64Array(R * d);
  const alpha = new Float64Array(R);
  const LS1 = new Float64Array(R);
  const LS2 = new Float64Array(R * d);
  for (let k = 0; k < K; k++) {
    L.fill(0);
    for (let r = 0; r < Q; r++) for (let j = 0; j < d; j++) L[r * d + j] = 2 * Hi[r * Q + k * d + j];
    for (let w = 0; w < K; w++) {
      for (let j = 0; j < d; j++) {
        let acc = 0;
        for (let r = 0; r < Q; r++) acc += B[w * Q + r] * L[r * d + j];
        L[(Q + w) * d + j] = acc;
      }
    }
    alpha.fill(0);
    for (let w = 0; w < K; w++) alpha[Q + w] = (w === k ? 1 : 0) - count[w] / n;
    const nk = count[k];
    const S1 = s1.subarray(k * d, (k + 1) * d);
    const S2 = s2.subarray(k * d * d, (k + 1) * d * d);
    for (let r = 0; r < R; r++) {
      let acc = 0;
      for (let j = 0; j < d; j++) acc += L[r * d + j] * S1[j];
      LS1[r] = acc;
      for (let j = 0; j < d; j++) {
        let a2 = 0;
        for (let jj = 0; jj < d; jj++) a2 += L[r * d + jj] * S2[jj * d + j];
        LS2[r * d + j] = a2;
      }
    }
    for (let r = 0; r < R; r++) {
      sumIF[r] += nk * alpha[r] + LS1[r];
      for (let c = 0; c < R; c++) {
        let lsl = 0;
        for (let j = 0; j < d; j++) lsl += LS2[r * d + j] * L[c * d + j];
        sumOuter[r * R + c] += nk * alpha[r] * alpha[c] + alpha[r] * LS1[c] + LS1[r] * alpha[c] + lsl;
      }
    }
  }
  const cov = new Float64Array(R * R);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < R; c++) {
      const mean = (sumIF[r] / n) * (sumIF[c] / n);
      const scale = (r < Q ? unit : 1) * (c < Q ? unit : 1);
      cov[r * R + c] = ((sumOuter[r * R + c] / n - mean) / n) * scale;
    }
  }
  // Exactly symmetric.
  for (let r = 0; r < R; r++) for (let c = r + 1; c < R; c++) cov[c * R + r] = cov[r * R + c] = 0.5 * (cov[r * R + c] + cov[c * R + r]);
  return { status: 'ok', kind: POLLARD_KIND, matrix: cov };
}
