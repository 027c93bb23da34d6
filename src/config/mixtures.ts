/**
 * Normalised mixture specs: explicit config entries (a shared `sigma` becomes one σ per component) and the
 * expansion of a separation × weights × K × d grid.
 */
import { toSphericalMixture } from '../mixture/spherical.js';
import type { RawGrid, RawMixture } from './schema.js';
import type { MixtureSpec } from './types.js';

/** A validated config entry (schema.ts ran src/mixture/spherical.ts's validator on it) with its K and d. */
export function toMixtureSpec(m: RawMixture): MixtureSpec {
  const { weights, means, sigmas } = toSphericalMixture(m);
  return { id: m.id, weights, means, sigmas, K: weights.length, d: means[0].length };
}

/** Readable and deterministic, e.g. `sep=1.5_w=0.7-0.3_K=2_d=1`; `w=equal` when the grid gives no weights. */
export function gridMixtureId(separation: number, weights: readonly number[] | undefined, K: number, d: number): string {
  const w = weights === undefined ? 'equal' : weights.map(String).join('-');
  return `sep=${separation}_w=${w}_K=${K}_d=${d}`;
}

/**
 * Means μ_k = (k − (K−1)/2)·Δ·σ·e₁, k = 0…K−1: consecutive means Δσ apart on the first axis, centred at 0, so
 * Δ is the separation in units of the common σ whatever K and d are.
 */
export function gridMeans(separation: number, sigma: number, K: number, d: number): number[][] {
  return Array.from({ length: K }, (_, k) => {
    const row = new Array<number>(d).fill(0);
    row[0] = (k - (K - 1) / 2) * separation * sigma + 0; // + 0 turns −0 into 0 so ids and hashes stay clean
    return row;
  });
}

/** Cartesian product in the order separation, weights, K, d (the order of the id's parts). */
export function expandGrid(grid: RawGrid): MixtureSpec[] {
  const out: MixtureSpec[] = [];
  for (const separation of grid.separation) {
    for (const given of grid.weights ?? [undefined]) {
      for (const K of grid.K) {
        for (const d of grid.d) {
          out.push({
            id: gridMixtureId(separation, given, K, d),
            weights: given !== undefined ? [...given] : new Array<number>(K).fill(1 / K),
            means: gridMeans(separation, grid.sigma, K, d),
            sigmas: new Array<number>(K).fill(grid.sigma),
            K,
            d,
          });
        }
      }
    }
  }
  return out;
}
