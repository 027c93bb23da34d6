/**
 * Label alignment (docs/ARCHITECTURE.md §3 "Label switching"): a mixture fit is identified only up to a permutation of
 * its components, so before any component-named estimand (means, weights, σ, misclassification) is compared
 * with the truth, fitted components are matched to true ones by the permutation of least total squared
 * distance between means. Without it, bias and empirical SE of a component mean would mix the two modes of
 * the label-switching distribution (Morris, White & Crowther 2019, Stat Med 38:2074–2102, Table 6 measures
 * all presuppose that θ̂ᵢ estimates the same θ in every replication).
 */

/** The chosen matching, its cost, and how clearly it beat the runner-up. */
export interface Alignment {
  /** perm[k] = index of the fitted component matched to true component k. */
  readonly perm: Int32Array;
  /** Σ_k ‖μ̂_perm[k] − μ_k‖² of the chosen permutation. */
  readonly cost: number;
  /**
   * Second-best cost minus best cost (0 when K = 1, or when two permutations tie). A margin that is small
   * relative to the cost flags a replication whose alignment — and hence every aligned estimand — is ambiguous.
   */
  readonly margin: number;
}

/**
 * Exhaustive search is exact and yields the second-best cost (the margin) for free; the Hungarian algorithm
 * would give only the best. 8! = 40 320 permutations × K additions is well under a millisecond, negligible
 * next to a fit; 9! already costs ten times more, and this study never uses K > 8, so larger K throws
 * rather than silently switching to a method without a margin.
 */
export const MAX_ALIGN_K = 8;

/**
 * Match fitted to true components by least total squared distance between means, enumerating all K!
 * permutations (Heap's algorithm, which starts from the identity so ties resolve to the identity).
 *
 * @param fitMeans K×d row-major fitted means.
 * @param trueMeans K rows of d true coordinates.
 * @throws RangeError when K > {@link MAX_ALIGN_K} or the shapes disagree.
 */
export function alignComponents(
  fitMeans: Float64Array,
  trueMeans: readonly (readonly number[])[],
  K: number,
  d: number,
): Alignment {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`alignComponents: K must be a positive integer, got ${K}`);
  if (K > MAX_ALIGN_K) {
    throw new RangeError(`alignComponents: K = ${K} exceeds ${MAX_ALIGN_K}; exhaustive alignment would enumerate ${K}! permutations`);
  }
  if (fitMeans.length !== K * d) throw new RangeError(`alignComponents: fitted means have length ${fitMeans.length}, expected K·d = ${K * d}`);
  if (trueMeans.length !== K) throw new RangeError(`alignComponents: ${trueMeans.length} true means, expected K = ${K}`);

  // cost[k·K + j] = squared distance between true component k and fitted component j, so each permutation
  // costs K table look-ups instead of K·d subtractions.
  const cost = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    const mu = trueMeans[k];
    if (mu.length !== d) throw new RangeError(`alignComponents: trueMeans[${k}] has ${mu.length} coordinates, expected d = ${d}`);
    for (let j = 0; j < K; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = fitMeans[j * d + t] - mu[t];
        s += diff * diff;
      }
      cost[k * K + j] = s;
    }
  }

  const p = new Int32Array(K);
  for (let k = 0; k < K; k++) p[k] = k;
  const best = Int32Array.from(p);
  let bestCost = Infinity;
  let secondCost = Infinity;
  const consider = (): void => {
    // Summed afresh for each permutation (not updated by the swap) so equal matchings get bit-identical costs.
    let s = 0;
    for (let k = 0; k < K; k++) s += cost[k * K + p[k]];
    if (s < bestCost) {
      secondCost = bestCost;
      bestCost = s;
      best.set(p);
    } else if (s < secondCost) {
      secondCost = s;
    }
  };

  consider();
  const c = new Int32Array(K);
  let i = 1;
  while (i < K) {
    if (c[i] < i) {
      const a = i % 2 === 0 ? 0 : c[i];
      const tmp = p[a];
      p[a] = p[i];
      p[i] = tmp;
      consider();
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }

  // A NaN mean makes every cost NaN, so no permutation is ever "less": report the identity with NaN cost
  // rather than a fabricated match.
  if (bestCost === Infinity) return { perm: best, cost: NaN, margin: NaN };
  return { perm: best, cost: bestCost, margin: K === 1 ? 0 : secondCost - bestCost };
}
