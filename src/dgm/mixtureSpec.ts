/**
 * The spherical Gaussian mixture a data-generating mechanism samples from (docs/ARCHITECTURE.md §1):
 * Σ_k π_k N(μ_k, σ_k² I) in d dimensions, with σ given per component (`sigmas`) or shared (`sigma`, the
 * "equal spherical" model). Validation happens here, once, with messages that name the offending field
 * (`weights[1]: must be ≥ 0 (got -0.1)`) so the config layer can prefix its own path via `MixtureSpecError.path`.
 */

interface MixtureSpecBase {
  /** Mixing proportions π_k ≥ 0, summing to 1 within `WEIGHT_SUM_TOLERANCE`; K = weights.length. */
  readonly weights: readonly number[];
  /** K rows of d finite coordinates. */
  readonly means: readonly (readonly number[])[];
}

/** Unequal spherical: one σ_k > 0 per component. */
export interface MixtureSpecSigmas extends MixtureSpecBase {
  readonly sigmas: readonly number[];
  readonly sigma?: undefined;
}

/** Equal spherical: one σ > 0 shared by all components. */
export interface MixtureSpecSigma extends MixtureSpecBase {
  readonly sigma: number;
  readonly sigmas?: undefined;
}

export type MixtureSpec = MixtureSpecSigmas | MixtureSpecSigma;

/** |Σ π_k − 1| allowed; a config written with decimal weights (0.1 + 0.2 + 0.7) passes, 1.2 does not. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/** A validation failure: `path` is the field inside the spec (`means[0][1]`), `detail` what is wrong with it. */
export class MixtureSpecError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'MixtureSpecError';
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Sums print rounded to 12 digits so 0.1+0.2+0.6 reads 0.9, not 0.9000000000000001. */
function fmtSum(x: number): string {
  return String(Number(x.toPrecision(12)));
}

function checkPositive(path: string, value: unknown): void {
  if (typeof value !== 'number') throw new MixtureSpecError(path, `must be a number (got ${typeof value})`);
  if (!Number.isFinite(value)) throw new MixtureSpecError(path, `must be finite (got ${value})`);
  if (!(value > 0)) throw new MixtureSpecError(path, `must be > 0 (got ${value})`);
}

/**
 * Throws a `MixtureSpecError` naming the first bad field; returns normally for a valid spec. Checked, in
 * order: weights (non-empty, finite, ≥ 0, sum 1), means (K rows, same d ≥ 1, finite), then exactly one of
 * sigma / sigmas (K entries, finite, > 0). Runtime checks do not trust the static type: specs come from JSON.
 */
export function validateMixtureSpec(spec: MixtureSpec): void {
  const { weights, means } = spec;
  if (!Array.isArray(weights)) throw new MixtureSpecError('weights', 'must be an array of numbers');
  const K = weights.length;
  if (K === 0) throw new MixtureSpecError('weights', 'must have at least one component (got 0)');
  let sum = 0;
  weights.forEach((w: unknown, k) => {
    if (typeof w !== 'number') throw new MixtureSpecError(`weights[${k}]`, `must be a number (got ${typeof w})`);
    if (!Number.isFinite(w)) throw new MixtureSpecError(`weights[${k}]`, `must be finite (got ${w})`);
    if (w < 0) throw new MixtureSpecError(`weights[${k}]`, `must be ≥ 0 (got ${w})`);
    sum += w;
  });
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
    throw new MixtureSpecError('weights', `must sum to 1 (got ${fmtSum(sum)})`);
  }

  if (!Array.isArray(means)) throw new MixtureSpecError('means', 'must be an array of K coordinate arrays');
  if (means.length !== K) {
    throw new MixtureSpecError('means', `has ${count(means.length, 'row')}, expected ${K} (one per weight)`);
  }
  const row0: unknown = means[0];
  if (!Array.isArray(row0)) throw new MixtureSpecError('means[0]', 'must be an array of coordinates');
  const d = row0.length;
  if (d === 0) throw new MixtureSpecError('means[0]', 'has 0 coordinates, expected at least 1');
  means.forEach((row: unknown, k) => {
    if (!Array.isArray(row)) throw new MixtureSpecError(`means[${k}]`, 'must be an array of coordinates');
    if (row.length !== d) throw new MixtureSpecError(`means[${k}]`, `has ${count(row.length, 'coordinate')}, expected ${d}`);
    row.forEach((c: unknown, j) => {
      if (typeof c !== 'number' || !Number.isFinite(c)) {
        throw new MixtureSpecError(`means[${k}][${j}]`, `must be finite (got ${String(c)})`);
      }
    });
  });

  const hasSigma = spec.sigma !== undefined;
  const hasSigmas = spec.sigmas !== undefined;
  if (hasSigma === hasSigmas) {
    throw new MixtureSpecError('sigma, sigmas', `give exactly one of them (got ${hasSigma ? 'both' : 'neither'})`);
  }
  if (spec.sigmas !== undefined) {
    const sigmas: unknown = spec.sigmas;
    if (!Array.isArray(sigmas)) throw new MixtureSpecError('sigmas', 'must be an array of numbers');
    if (sigmas.length !== K) {
      throw new MixtureSpecError('sigmas', `has ${sigmas.length} ${sigmas.length === 1 ? 'entry' : 'entries'}, expected ${K} (one per weight)`);
    }
    sigmas.forEach((s: unknown, k) => checkPositive(`sigmas[${k}]`, s));
  } else {
    checkPositive('sigma', spec.sigma);
  }
}

/** Number of components K. */
export function mixtureComponents(spec: MixtureSpec): number {
  return spec.weights.length;
}

/** Dimension d. */
export function mixtureDimension(spec: MixtureSpec): number {
  return spec.means[0].length;
}

/** σ_k for every component (the shared σ repeated for the equal-σ form). */
export function componentSigmas(spec: MixtureSpec): Float64Array {
  return spec.sigmas !== undefined
    ? Float64Array.from(spec.sigmas)
    : new Float64Array(spec.weights.length).fill(spec.sigma);
}

/** K×d row-major means. */
export function flatMeans(spec: MixtureSpec): Float64Array {
  const d = mixtureDimension(spec);
  const out = new Float64Array(spec.means.length * d);
  spec.means.forEach((row, k) => out.set(row, k * d));
  return out;
}
