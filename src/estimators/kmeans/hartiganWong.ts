/**
 * The Hartigan–Wong k-means algorithm (Hartigan & Wong 1979, Applied Statistics algorithm AS 136), R's default
 * `kmeans` algorithm. Lloyd moves every point to its nearest centre and then recomputes the means; Hartigan–Wong
 * moves one point at a time, and only when the move lowers the within-cluster sum of squares *after* both means
 * are updated: point i leaves cluster l1 for l2 when n₂/(n₂+1)·‖xᵢ − c₂‖² < n₁/(n₁−1)·‖xᵢ − c₁‖². Every Lloyd
 * fixed point that is not such a "transfer-stable" partition is left, so from the same start it often ends at a
 * lower sum of squares — a different *algorithm* for the same *estimator* (the global minimiser), which is
 * exactly the distinction a consistency study of k-means has to keep apart.
 *
 * The stages follow AS 136 step by step (live sets, the optimal-transfer and quick-transfer stages, the order of
 * points, the tie rules), so from the same initial centres the result is R's, point for point; the test compares
 * with R's `kmeans(x, centers, algorithm = "Hartigan-Wong")` (test/fixtures/hartiganWong.json). The quick-transfer
 * stage is capped at 50·n steps as in R (its `ifault = 4`), reported as not converged.
 */
import type { Dataset } from '../../types.js';

/** Cluster sizes' update factors: a point leaving a cluster of size 1 can never lower the objective. */
const BIG = 1e30;

export interface HartiganWongResult {
  /** Cluster means of the final partition (K×d), recomputed from scratch as in AS 136. */
  readonly centres: Float64Array;
  /** Within-cluster sum of squares of the final partition. */
  readonly inertia: number;
  /** Optimal-transfer passes run. */
  readonly iterations: number;
  /** 'ok'; 'empty-cluster' when the initial centres leave a cluster without points (AS 136 ifault 1); 'not-converged' after maxIter passes or the quick-transfer cap (ifault 2, 4). */
  readonly status: 'ok' | 'empty-cluster' | 'not-converged';
  /** Cluster sizes of the final partition. */
  readonly counts: Float64Array;
}

/** Scratch arrays of one run, kept apart from the fit so restarts reuse them. */
export interface HartiganWongWork {
  readonly ic1: Int32Array;
  readonly ic2: Int32Array;
  readonly dist: Float64Array;
  readonly nc: Float64Array;
  readonly an1: Float64Array;
  readonly an2: Float64Array;
  readonly ncp: Float64Array;
  readonly itran: Uint8Array;
  readonly live: Float64Array;
}

export function createHartiganWongWork(n: number, K: number): HartiganWongWork {
  return {
    ic1: new Int32Array(n),
    ic2: new Int32Array(n),
    dist: new Float64Array(n),
    nc: new Float64Array(K),
    an1: new Float64Array(K),
    an2: new Float64Array(K),
    ncp: new Float64Array(K),
    itran: new Uint8Array(K),
    live: new Float64Array(K),
  };
}

function squaredDistance(x: Float64Array, i: number, c: Float64Array, l: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = x[i * d + j] - c[l * d + j];
    s += t * t;
  }
  return s;
}

/** Moves point i from cluster l1 to l2, updating both means incrementally and their size factors. */
function transfer(x: Float64Array, d: number, c: Float64Array, i: number, l1: number, l2: number, w: HartiganWongWork): void {
  const al1 = w.nc[l1];
  const alw = al1 - 1;
  const al2 = w.nc[l2];
  const alt = al2 + 1;
  for (let j = 0; j < d; j++) {
    c[l1 * d + j] = (c[l1 * d + j] * al1 - x[i * d + j]) / alw;
    c[l2 * d + j] = (c[l2 * d + j] * al2 + x[i * d + j]) / alt;
  }
  w.nc[l1] = alw;
  w.nc[l2] = alt;
  w.an2[l1] = alw / al1;
  w.an1[l1] = alw > 1 ? alw / (alw - 1) : BIG;
  w.an1[l2] = alt / al2;
  w.an2[l2] = alt / (alt + 1);
  w.ic1[i] = l2;
  w.ic2[i] = l1;
}

/**
 * The optimal-transfer stage (AS 136 OPTRA). `live[l]` is the last step (+ n) at which cluster l changed; a
 * point is checked against every cluster only while its own cluster is live. Returns the updated `indx`, the
 * number of consecutive steps without a transfer (n means the partition is stable).
 */
function optimalTransfer(x: Float64Array, n: number, d: number, c: Float64Array, K: number, w: HartiganWongWork, indxIn: number): number {
  const { ic1, ic2, dist, nc, an1, an2, ncp, itran, live } = w;
  let indx = indxIn;
  for (let l = 0; l < K; l++) if (itran[l] === 1) live[l] = n + 1;
  for (let i = 0; i < n; i++) {
    // Steps are numbered from 1 as in AS 136, so `live` and `ncp` compare with step = i + 1.
    const step = i + 1;
    indx++;
    const l1 = ic1[i];
    if (nc[l1] !== 1) {
      if (ncp[l1] !== 0) dist[i] = squaredDistance(x, i, c, l1, d) * an1[l1];
      const ll = ic2[i];
      let l2 = ll;
      let r2 = squaredDistance(x, i, c, ll, d) * an2[ll];
      for (let l = 0; l < K; l++) {
        if ((step >= live[l1] && step >= live[l]) || l === l1 || l === ll) continue;
        const rr = r2 / an2[l];
        let dc = 0;
        let j = 0;
        for (; j < d; j++) {
          const t = x[i * d + j] - c[l * d + j];
          dc += t * t;
          if (dc >= rr) break;
        }
        if (j < d) continue;
        r2 = dc * an2[l];
        l2 = l;
      }
      if (r2 >= dist[i]) {
        ic2[i] = l2;
      } else {
        indx = 0;
        live[l1] = n + step;
        live[l2] = n + step;
        ncp[l1] = step;
        ncp[l2] = step;
        transfer(x, d, c, i, l1, l2, w);
      }
    }
    if (indx === n) return indx;
  }
  for (let l = 0; l < K; l++) {
    itran[l] = 0;
    live[l] -= n;
  }
  return indx;
}

/**
 * The quick-transfer stage (AS 136 QTRAN): each point is only tested against its second-closest cluster, and only
 * if one of the two changed within the last n steps; it loops over the points until n steps pass without a
 * transfer. Returns the updated `indx`, or −1 when the step cap is reached.
 */
function quickTransfer(x: Float64Array, n: number, d: number, c: Float64Array, w: HartiganWongWork, indxIn: number, maxSteps: number): number {
  const { ic1, ic2, dist, nc, an1, an2, ncp, itran } = w;
  let indx = indxIn;
  let icoun = 0;
  let istep = 0;
  for (;;) {
    for (let i = 0; i < n; i++) {
      icoun++;
      istep++;
      if (istep >= maxSteps) return -1;
      const l1 = ic1[i];
      const l2 = ic2[i];
      if (nc[l1] !== 1) {
        if (istep <= ncp[l1]) dist[i] = squaredDistance(x, i, c, l1, d) * an1[l1];
        if (istep < ncp[l1] || istep < ncp[l2]) {
          const r2 = dist[i] / an2[l2];
          let dd = 0;
          let j = 0;
          for (; j < d; j++) {
            const t = x[i * d + j] - c[l2 * d + j];
            dd += t * t;
            if (dd >= r2) break;
          }
          if (j === d) {
            icoun = 0;
            indx = 0;
            itran[l1] = 1;
            itran[l2] = 1;
            ncp[l1] = istep + n;
            ncp[l2] = istep + n;
            transfer(x, d, c, i, l1, l2, w);
          }
        }
      }
      if (icoun === n) return indx;
    }
  }
}

/**
 * Runs AS 136 from the K×d `initial` centres (not modified) for at most `maxIter` optimal-transfer passes.
 * Requires 2 ≤ K < n (the caller handles K = 1 and K = n, where there is nothing to transfer).
 */
export function hartiganWong(data: Dataset, K: number, initial: Float64Array, maxIter: number, w: HartiganWongWork = createHartiganWongWork(data.n, K)): HartiganWongResult {
  const { x, n, d } = data;
  if (!(K >= 2 && K < n)) throw new Error(`hartiganWong: needs 2 ≤ K < n, got K = ${K}, n = ${n}`);
  const { ic1, ic2, nc, an1, an2, ncp, itran } = w;
  const c = initial.slice();

  // Each point's closest and second-closest centre (ties keep the lower index, as AS 136).
  for (let i = 0; i < n; i++) {
    let best = 0;
    let second = 1;
    let d1 = squaredDistance(x, i, c, 0, d);
    let d2 = squaredDistance(x, i, c, 1, d);
    if (d1 > d2) {
      best = 1;
      second = 0;
      const t = d1;
      d1 = d2;
      d2 = t;
    }
    for (let l = 2; l < K; l++) {
      const db = squaredDistance(x, i, c, l, d);
      if (db >= d2) continue;
      if (db < d1) {
        d2 = d1;
        second = best;
        d1 = db;
        best = l;
      } else {
        d2 = db;
        second = l;
      }
    }
    ic1[i] = best;
    ic2[i] = second;
  }

  c.fill(0);
  nc.fill(0);
  for (let i = 0; i < n; i++) {
    const l = ic1[i];
    nc[l]++;
    for (let j = 0; j < d; j++) c[l * d + j] += x[i * d + j];
  }
  for (let l = 0; l < K; l++) {
    if (nc[l] === 0) return finish(data, K, c, w, 0, 'empty-cluster');
    const aa = nc[l];
    for (let j = 0; j < d; j++) c[l * d + j] /= aa;
    an2[l] = aa / (aa + 1);
    an1[l] = aa > 1 ? aa / (aa - 1) : BIG;
    itran[l] = 1;
    ncp[l] = -1;
  }

  const maxQuickSteps = 50 * n;
  let indx = 0;
  for (let pass = 1; pass <= maxIter; pass++) {
    indx = optimalTransfer(x, n, d, c, K, w, indx);
    if (indx === n) return finish(data, K, c, w, pass, 'ok');
    indx = quickTransfer(x, n, d, c, w, indx, maxQuickSteps);
    if (indx < 0) return finish(data, K, c, w, pass, 'not-converged');
    // With two clusters a quick-transfer stage that ends leaves nothing for the optimal-transfer stage to move.
    if (K === 2) return finish(data, K, c, w, pass, 'ok');
    ncp.fill(0);
  }
  return finish(data, K, c, w, maxIter, 'not-converged');
}

/** Recomputes the means and the sum of squares of the final partition from scratch (AS 136, label 150). */
function finish(data: Dataset, K: number, c: Float64Array, w: HartiganWongWork, iterations: number, status: HartiganWongResult['status']): HartiganWongResult {
  const { x, n, d } = data;
  const counts = new Float64Array(K);
  if (status === 'empty-cluster') return { centres: c, inertia: NaN, iterations, status, counts };
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const l = w.ic1[i];
    counts[l]++;
    for (let j = 0; j < d; j++) c[l * d + j] += x[i * d + j];
  }
  for (let l = 0; l < K; l++) for (let j = 0; j < d; j++) c[l * d + j] /= counts[l];
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistance(x, i, c, w.ic1[i], d);
  return { centres: c, inertia, iterations, status, counts };
}
