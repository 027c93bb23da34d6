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
 * which for d = 1 is the Gaussian kernel density estimate at the midpoint, f̂(t_j)·g(t_j). φ_h is the N(0, h²)
 * density with Silverman's rule of thumb (Silverman 1986, eq. 3.31; R's bw.nrd0), h = 0.9·min(sd, IQR/1.34)·n_jl^{−1/5},
 * on the projections onto the line of the two centres of the n_jl points of the two cells, each cell's centred on
 * its own mean: the rule assumes one normal bump, and the spread across the gap between two clusters would
 * oversmooth — the density at a boundary is curved (f'' ≠ 0 unless the boundary is at a symmetric valley), and
 * the O(h²f'') bias of f̂ enters Γ directly (with the overall spread, +9 % on the centres' variances at n = 2000 for
 * 0.3·N(−1.5, 1) + 0.7·N(1.5, 1); with the within-cell spread about a quarter of that, the h² ratio).
 * As n → ∞ and h → 0 the estimate converges to the surface
 * integral for a continuous density; the kernel smooths across the face's edges within O(h) (d > 1, K > 2),
 * which vanishes with h. Points with |t| > 6h weigh < 1.6e-8 of the peak (φ(6)/φ(0)) and are skipped.
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
 * Cost: two passes over the data (cells; face kernels, O(n·K²·d)) and a selection per pair of cells for the IQR.
 * Everything is computed on x/u, u = 2ᵏ near the within-cluster sd (exact scaling), and mapped back.
 */
import type { Dataset, Fit, ParameterCovariance } from '../../types.js';
import { parameterCount } from '../../types.js';
import { invertPositiveDefinite } from '../../inference/symmetricInverse.js';
import { fastExp } from '../mixture/emMath.js';

export const POLLARD_KIND = 'pollard';

/** |t| beyond this many bandwidths is skipped: φ(6)/φ(0) = e^{−18} ≈ 1.5e-8. */
const KERNEL_REACH = 6;

/** Scratch reused from call to call (labels, projected values), grown as needed: no fresh n-sized arrays per fit. */
let labelScratch = new Int32Array(0);
let valueScratch = new Float64Array(0);

/** The k-th smallest of a[lo..hi] (inclusive) moved to a[k], smaller ones before, larger after (Hoare's selection, median of three). */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot.
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** The p-quantile of a[0..m−1] (R's type 7), reordering a. */
function quantile(a: Float64Array, m: number, p: number): number {
  const h = (m - 1) * p;
  const k = Math.floor(h);
  const lower = select(a, 0, m - 1, k);
  if (k + 1 >= m || h === k) return lower;
  let upper = Infinity;
  for (let i = k + 1; i < m; i++) if (a[i] < upper) upper = a[i];
  return lower + (h - k) * (upper - lower);
}

/** Silverman's rule of thumb (R's bw.nrd0): 0.9·min(sd, IQR/1.34)·m^{−1/5}, the sd alone when the IQR is 0; 0 when both are. */
export function silvermanBandwidth(values: Float64Array, m: number, variance: number): number {
  if (m < 2) return 0;
  const sd = Math.sqrt(Math.max(0, variance));
  const q1 = quantile(values, m, 0.25);
  const q3 = quantile(values, m, 0.75);
  const iqr = (q3 - q1) / 1.34;
  const a = iqr > 0 ? Math.min(sd, iqr) : sd;
  return 0.9 * a * Math.pow(m, -0.2);
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

/**
 * d = 1: the kernel sums at the midpoint m of one pair: Σ φ_h(x_i − m) over all points (the face is the point m,
 * so x̃ = m and only M0 is needed). Branch-free: fastExp underflows to 0 far from m.
 */
function kernelSum1d(x: Float64Array, n: number, s: number, m: number, h: number): number {
  const k = -0.5 / (h * h);
  let acc0 = 0;
  let acc1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const t0 = x[i] * s - m;
    const t1 = x[i + 1] * s - m;
    acc0 += fastExp(k * t0 * t0);
    acc1 += fastExp(k * t1 * t1);
  }
  if (i < n) {
    const t = x[i] * s - m;
    acc0 += fastExp(k * t * t);
  }
  return (acc0 + acc1) / (h * Math.sqrt(2 * Math.PI));
}

/**
 * d > 1: for every point and pair (j, l) with |t| < 6h and x̃ on the face, M0 += φ_h(t), M1 += φ_h(t)·y,
 * M2 += φ_h(t)·yyᵀ (upper), y = x̃ − m. Per pair p: M0[p], M1[p·d…], M2[p·d²…].
 */
function facePass(data: Dataset, centres: Float64Array, K: number, s: number, pairs: readonly Pair[], M0: Float64Array, M1: Float64Array, M2: Float64Array): void {
  const { x, n, d } = data;
  const z = new Float64Array(d);
  const y = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = x[i * d + j] * s;
    for (let p = 0; p < pairs.length; p++) {
      const pr = pairs[p];
      if (!(pr.h > 0)) continue;
      let t = 0;
      for (let j = 0; j < d; j++) t += pr.u[j] * (z[j] - pr.m[j]);
      if (!(Math.abs(t) < KERNEL_REACH * pr.h)) continue;
      // x̃ = z − t·u; on the face when no centre is nearer to it than c_j (= c_l there).
      let dj = 0;
      for (let j = 0; j < d; j++) {
        y[j] = z[j] - t * pr.u[j] - pr.m[j];
        const v = y[j] + pr.m[j] - centres[pr.j * d + j];
        dj += v * v;
      }
      let onFace = true;
      for (let k = 0; k < K && onFace; k++) {
        if (k === pr.j || k === pr.l) continue;
        let dk = 0;
        for (let j = 0; j < d; j++) {
          const v = y[j] + pr.m[j] - centres[k * d + j];
          dk += v * v;
        }
        if (dk < dj) onFace = false;
      }
      if (!onFace) continue;
      const w = Math.exp((-0.5 * t * t) / (pr.h * pr.h)) / (pr.h * Math.sqrt(2 * Math.PI));
      M0[p] += w;
      for (let j = 0; j < d; j++) {
        const wy = w * y[j];
        M1[p * d + j] += wy;
        for (let jj = j; jj < d; jj++) M2[p * d * d + j * d + jj] += wy * y[jj];
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
      pairs.push({ j, l, u, D, m, h: 0 });
    }
  }
  if (labelScratch.length < n) labelScratch = new Int32Array(n);
  const labels = labelScratch;
  const count = new Float64Array(K);
  const s1 = new Float64Array(K * d);
  const s2 = new Float64Array(K * d * d);
  cellPass(data, centres, K, s, labels, count, s1, s2);
  for (let k = 0; k < K; k++) if (count[k] === 0) return { status: 'unavailable', kind: POLLARD_KIND, reason: `cluster ${k} has no points` };
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) for (let jj = 0; jj < j; jj++) s2[k * d * d + j * d + jj] = s2[k * d * d + jj * d + j];

  if (valueScratch.length < n) valueScratch = new Float64Array(n);
  const values = valueScratch;
  for (const pr of pairs) {
    // The projections u·a of the two cells' points on the line of their centres (a = x − its centre), each cell's
    // centred on its own mean: the spread within the cells, not across the gap between them.
    let m = 0;
    const xs = data.x;
    let offJ = 0;
    let offL = 0;
    for (let q = 0; q < d; q++) {
      offJ += (pr.u[q] * s1[pr.j * d + q]) / count[pr.j];
      offL += (pr.u[q] * s1[pr.l * d + q]) / count[pr.l];
    }
    let v = 0;
    for (let i = 0; i < n; i++) {
      const k = labels[i];
      if (k !== pr.j && k !== pr.l) continue;
      const o = k * d;
      let t = 0;
      for (let q = 0; q < d; q++) t += pr.u[q] * (xs[i * d + q] * s - centres[o + q]);
      t -= k === pr.j ? offJ : offL;
      values[m++] = t;
      v += t * t;
    }
    pr.h = m > 2 ? silvermanBandwidth(values, m, v / (m - 2)) : 0;
  }
  const P = pairs.length;
  const M0 = new Float64Array(P);
  const M1 = new Float64Array(P * d);
  const M2 = new Float64Array(P * d * d);
  if (d === 1) {
    for (let p = 0; p < P; p++) {
      const pr = pairs[p];
      // The face of (j, l) in 1-D is the midpoint, a face only when no other centre is nearer to it (adjacent centres).
      let adjacent = true;
      const half = 0.5 * pr.D;
      for (let k = 0; k < K; k++) if (k !== pr.j && k !== pr.l && Math.abs(pr.m[0] - centres[k]) < half) adjacent = false;
      if (adjacent && pr.h > 0) M0[p] = kernelSum1d(data.x, n, s, pr.m[0], pr.h);
    }
  } else {
    facePass(data, centres, K, s, pairs, M0, M1, M2);
  }
  for (let p = 0; p < P; p++) for (let j = 0; j < d; j++) for (let jj = 0; jj < j; jj++) M2[p * d * d + j * d + jj] = M2[p * d * d + jj * d + j];

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
  const names: string[] = [];
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) names.push(`centre.${k}.${j}`);
  const inv = invertPositiveDefinite(H, Q, { what: 'Γ (the Hessian of the within-cluster sum of squares)', names });
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
