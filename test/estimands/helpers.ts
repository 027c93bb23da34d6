/** Test fixtures: a tiny mixture sampler (independent of src/dgm) and fits built from explicit parameters. */
import type { SphericalMixture } from '../../src/mixture/spherical.js';
import type { Dataset, Fit, Rng } from '../../src/types.js';

export function sample(truth: SphericalMixture, n: number, rng: Rng): { data: Dataset; labels: Int32Array } {
  const K = truth.weights.length;
  const d = truth.means[0].length;
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let k = 0;
    while (k < K - 1 && u >= truth.weights[k]) u -= truth.weights[k++];
    labels[i] = k;
    for (let t = 0; t < d; t++) x[i * d + t] = truth.means[k][t] + truth.sigmas[k] * rng.normal();
  }
  return { data: { x, n, d }, labels };
}

export interface Params {
  means: number[][];
  weights: number[];
  sigmas: number[] | null;
}

export function makeFit(p: Params, extra: Partial<Pick<Fit, 'logLik' | 'objective' | 'iterations' | 'converged'>> = {}): Fit {
  const K = p.weights.length;
  const d = p.means[0].length;
  return {
    K,
    d,
    means: Float64Array.from(p.means.flat()),
    weights: Float64Array.from(p.weights),
    sigmas: p.sigmas === null ? null : Float64Array.from(p.sigmas),
    logLik: extra.logLik ?? (p.sigmas === null ? null : -1234.5),
    objective: extra.objective ?? 42,
    iterations: extra.iterations ?? 7,
    converged: extra.converged ?? true,
    status: 'ok',
  };
}

/** The same fit with its components relabelled: new component j is old component order[j]. */
export function relabel(p: Params, order: number[]): Params {
  return {
    means: order.map((j) => p.means[j]),
    weights: order.map((j) => p.weights[j]),
    sigmas: p.sigmas === null ? null : order.map((j) => (p.sigmas as number[])[j]),
  };
}

export function permutations(K: number): number[][] {
  if (K === 1) return [[0]];
  const out: number[][] = [];
  for (const rest of permutations(K - 1)) {
    for (let pos = 0; pos <= rest.length; pos++) out.push([...rest.slice(0, pos), K - 1, ...rest.slice(pos)]);
  }
  return out;
}

export function sqDist(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, v, t) => s + (v - b[t]) ** 2, 0);
}
