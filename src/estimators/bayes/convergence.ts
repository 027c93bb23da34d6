/**
 * MCMC convergence diagnostics of one scalar quantity from several chains (Vehtari, Gelman, Simpson, Carpenter
 * & Bürkner 2021, "Rank-normalization, folding, and localization: an improved R̂ for assessing convergence of
 * MCMC", Bayesian Analysis 16:667–718): the rank-normalised split-R̂ — the larger of the bulk R̂ (on the
 * rank-normalised draws) and the tail R̂ (on the rank-normalised folded draws |θ − median|), their eq. (4)–(6)
 * — and the bulk effective sample size, the ESS of the rank-normalised split chains with Geyer's initial
 * monotone sequence estimator, as Stan computes it (their §3.2 and Appendix A).
 *
 * Values are chain-major: draw t of chain c is `values[c·perChain + t]`. Each chain is split into its first and
 * last ⌊perChain/2⌋ draws (the middle draw is dropped when perChain is odd).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

export interface ChainDiagnostics {
  /** Rank-normalised split-R̂, max of bulk and tail; NaN when the draws are constant. */
  readonly rhat: number;
  /** Bulk effective sample size; NaN when the draws are constant. */
  readonly ess: number;
}

/** Φ⁻¹((r − 3/8)/(S + 1/4)) of the average ranks r (ties share their average rank; Blom 1958). */
export function rankNormalise(values: Float64Array): Float64Array {
  const S = values.length;
  const order = new Int32Array(S);
  for (let i = 0; i < S; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const z = new Float64Array(S);
  let i = 0;
  while (i < S) {
    let j = i;
    while (j + 1 < S && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    const q = normalQuantile((rank - 0.375) / (S + 0.25), 0, 1);
    for (let t = i; t <= j; t++) z[order[t]] = q;
    i = j + 1;
  }
  return z;
}

/** The split chains: 2·chains rows of length h = ⌊perChain/2⌋, as one chain-major array. */
function split(values: Float64Array, chains: number, perChain: number): { x: Float64Array; m: number; h: number } {
  const h = Math.floor(perChain / 2);
  const x = new Float64Array(2 * chains * h);
  for (let c = 0; c < chains; c++) {
    x.set(values.subarray(c * perChain, c * perChain + h), 2 * c * h);
    x.set(values.subarray(c * perChain + perChain - h, (c + 1) * perChain), (2 * c + 1) * h);
  }
  return { x, m: 2 * chains, h };
}

/** Classic R̂ of m chains of length h (Gelman et al. 2013, BDA3 eq. 11.4 on split chains). */
function rhatOf(x: Float64Array, m: number, h: number): number {
  const means = new Float64Array(m);
  let grand = 0;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let t = 0; t < h; t++) s += x[j * h + t];
    means[j] = s / h;
    grand += means[j];
  }
  grand /= m;
  let B = 0;
  let W = 0;
  for (let j = 0; j < m; j++) {
    B += (means[j] - grand) ** 2;
    let v = 0;
    for (let t = 0; t < h; t++) v += (x[j * h + t] - means[j]) ** 2;
    W += v / (h - 1);
  }
  B = (B * h) / (m - 1);
  W /= m;
  const varPlus = ((h - 1) / h) * W + B / h;
  return Math.sqrt(varPlus / W);
}

/** Stan's ESS of m chains of length h (Geyer's initial monotone sequence on the combined autocorrelation). */
function essOf(x: Float64Array, m: number, h: number): number {
  const means = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let t = 0; t < h; t++) s += x[j * h + t];
    means[j] = s / h;
  }
  // Mean over chains of the biased autocovariance at lag t.
  const acov = (lag: number): number => {
    let total = 0;
    for (let j = 0; j < m; j++) {
      const o = j * h;
      const mu = means[j];
      let s = 0;
      for (let t = 0; t + lag < h; t++) s += (x[o + t] - mu) * (x[o + t + lag] - mu);
      total += s / h;
    }
    return total / m;
  };
  const acov0 = acov(0);
  const meanVar = (acov0 * h) / (h - 1);
  let varPlus = (meanVar * (h - 1)) / h;
  if (m > 1) {
    let grand = 0;
    for (let j = 0; j < m; j++) grand += means[j];
    grand /= m;
    let b = 0;
    for (let j = 0; j < m; j++) b += (means[j] - grand) ** 2;
    varPlus += b / (m - 1);
  }
  const rho = (lag: number): number => 1 - (meanVar - acov(lag)) / varPlus;
  // posterior::ess_rfun (the paper's reference code), lags 0-based: pairs (t, t + 1) while their sum is positive.
  const rhoHat = new Float64Array(h + 2);
  rhoHat[0] = 1;
  let even = 1;
  let odd = rho(1);
  rhoHat[1] = odd;
  let t = 0;
  while (t < h - 5 && even + odd > 0) {
    t += 2;
    even = rho(t);
    odd = rho(t + 1);
    if (even + odd >= 0) {
      rhoHat[t] = even;
      rhoHat[t + 1] = odd;
    }
  }
  const maxT = t;
  if (even > 0) rhoHat[maxT] = even;
  // Geyer's initial monotone sequence.
  for (let u = 2; u <= maxT - 2; u += 2) {
    if (rhoHat[u] + rhoHat[u + 1] > rhoHat[u - 2] + rhoHat[u - 1]) {
      rhoHat[u] = (rhoHat[u - 2] + rhoHat[u - 1]) / 2;
      rhoHat[u + 1] = rhoHat[u];
    }
  }
  const total = m * h;
  let tau = -1;
  for (let u = 0; u < maxT; u++) tau += 2 * rhoHat[u];
  tau += rhoHat[maxT];
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/**
 * Split-R̂ (bulk and tail, the larger) and bulk ESS of one quantity.
 * @throws RangeError unless chains ≥ 1, perChain ≥ 8 and values has chains·perChain entries.
 */
export function chainDiagnostics(values: Float64Array, chains: number, perChain: number): ChainDiagnostics {
  if (!(Number.isInteger(chains) && chains >= 1 && Number.isInteger(perChain) && perChain >= 8)) {
    throw new RangeError(`chainDiagnostics: need chains ≥ 1 and at least 8 draws per chain (got ${chains} × ${perChain})`);
  }
  if (values.length !== chains * perChain) throw new RangeError(`chainDiagnostics: ${values.length} values, expected ${chains * perChain}`);
  // Split first, then rank and fold the split draws (posterior::rhat and ess_bulk: z_scale(split_chains(x))), so
  // with an odd perChain the dropped middle draws take no part in the ranks or the median.
  const { x, m, h } = split(values, chains, perChain);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  if (!(hi > lo)) return { rhat: NaN, ess: NaN };
  const bulk = rankNormalise(x);
  const sorted = Float64Array.from(x).sort();
  const S = sorted.length;
  const median = S % 2 === 1 ? sorted[(S - 1) / 2] : (sorted[S / 2 - 1] + sorted[S / 2]) / 2;
  const folded = new Float64Array(S);
  for (let i = 0; i < S; i++) folded[i] = Math.abs(x[i] - median);
  const tail = rankNormalise(folded);
  const rhat = Math.max(rhatOf(bulk, m, h), rhatOf(tail, m, h));
  return { rhat, ess: essOf(bulk, m, h) };
}
