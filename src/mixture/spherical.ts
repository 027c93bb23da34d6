/**
 * What a spherical Gaussian mixture is, and when one is valid: the model of docs/ARCHITECTURE.md §1,
 * Σ_k π_k N(μ_k, σ_k² I_d), k = 1..K. One type and one validator for every layer that holds a mixture — the
 * config (an experiment's mixtures), the sampler (src/dgm), the truth every estimand is measured against
 * (src/estimands; the θ of Morris, White & Crowther 2019, Stat Med 38:2074–2102, §3), the theory and the
 * command line — so a rule such as the weight-sum tolerance is written once.
 *
 * It is its own layer below all of them and imports nothing: src/theory cannot hold it, because the theory's
 * Monte Carlo limit samples through src/dgm (src/theory/kmeansLimitMonteCarlo.ts), so src/dgm importing
 * src/theory would close a cycle.
 *
 * The validator takes the *written* form too (`MixtureInput`: one σ per component or one shared σ, as a config
 * or the `limit` command's flags give it), reports every problem with its path inside the mixture
 * (`means[0][1]`) so each caller can prefix its own (`mixtures[2].means[0][1]`, `--means`), and checks at run
 * time what the static type claims, because mixtures come from JSON and command lines.
 */

/** Σ_k π_k N(μ_k, σ_k² I_d): weights π_k (≥ 0, summing to 1), means μ_k (K rows of d coordinates), σ_k > 0. */
export interface SphericalMixture {
  readonly weights: readonly number[];
  /** K rows of d finite coordinates. */
  readonly means: readonly (readonly number[])[];
  /** One per component; "equal spherical" is all σ_k equal. */
  readonly sigmas: readonly number[];
}

/** The d = 1 form, means as plain numbers: what the exact 1-D theory computes on (src/theory/mixture.ts). */
export interface Mixture1d {
  readonly weights: readonly number[];
  readonly means: readonly number[];
  readonly sigmas: readonly number[];
}

/** A mixture as written: σ per component (`sigmas`) or one shared σ (`sigma`); exactly one of the two. */
export interface MixtureInput {
  readonly weights: readonly number[];
  readonly means: readonly (readonly number[])[];
  readonly sigma?: number;
  readonly sigmas?: readonly number[];
}

/** |Σ π_k − 1| allowed: weights written to a few decimals (0.1 + 0.2 + 0.7) pass, 1.2 does not. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/**
 * Rules beyond the model's own, for callers that need them. `positiveWeights`: every π_k > 0 (the theory: a
 * zero-weight component has no cell, no Fisher information and no fixed point of its own).
 */
export interface MixtureRules {
  readonly positiveWeights?: boolean;
}

/** One problem: where inside the mixture (`['means', 0, 1]`; `[]` for the mixture as a whole) and what is wrong. */
export interface MixtureProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** `means[0][1]`; the mixture itself is the empty string. */
export function formatMixturePath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A validation failure: `path` is the field inside the mixture (`means[0][1]`), `detail` what is wrong with it. */
export class MixtureError extends RangeError {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(path === '' ? detail : `${path}: ${detail}`);
    this.name = 'MixtureError';
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Sums print rounded to 12 digits so 0.1 + 0.2 + 0.6 reads 0.9, not 0.9000000000000001. */
function fmtSum(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/** Why `value` is not a finite number > 0, or null when it is one. */
export function sigmaProblem(value: unknown): string | null {
  if (typeof value !== 'number') return `must be a number (got ${typeof value})`;
  if (!Number.isFinite(value)) return `must be finite (got ${value})`;
  if (!(value > 0)) return `must be > 0 (got ${value})`;
  return null;
}

/**
 * Problems of a weight vector on its own: each finite and ≥ 0 (> 0 under `positiveWeights`), at least one, and
 * the sum within `WEIGHT_SUM_TOLERANCE` of 1 (checked only when every entry is a finite number). Paths are
 * relative to the vector (`[1]`, or `[]` for the sum).
 */
export function weightsProblems(weights: readonly unknown[], rules: MixtureRules = {}): MixtureProblem[] {
  if (!Array.isArray(weights)) return [{ path: [], message: 'must be an array of numbers' }];
  if (weights.length === 0) return [{ path: [], message: 'must have at least one component (got 0)' }];
  const problems: MixtureProblem[] = [];
  let sum = 0;
  let numbers = true;
  weights.forEach((w: unknown, k) => {
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      numbers = false;
      problems.push({ path: [k], message: typeof w !== 'number' ? `must be a number (got ${typeof w})` : `must be finite (got ${w})` });
      return;
    }
    if (rules.positiveWeights === true && !(w > 0)) problems.push({ path: [k], message: `must be > 0 (got ${w})` });
    else if (w < 0) problems.push({ path: [k], message: `must be ≥ 0 (got ${w})` });
    sum += w;
  });
  if (numbers && !(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) problems.push({ path: [], message: `must sum to 1 (got ${fmtSum(sum)})` });
  return problems;
}

/**
 * Every problem of a mixture, in the order weights, means, σ; empty for a valid one. Checked: the weights
 * (`weightsProblems`); K rows of means with the same d ≥ 1, finite; exactly one of `sigma` / `sigmas`, the
 * latter with K entries, each finite and > 0. A count that cannot be compared (no weights) is not reported twice.
 */
export function mixtureProblems(m: MixtureInput, rules: MixtureRules = {}): MixtureProblem[] {
  const within = (field: string, ps: MixtureProblem[]): MixtureProblem[] => ps.map((p) => ({ path: [field, ...p.path], message: p.message }));
  const problems = within('weights', weightsProblems(m.weights, rules));
  const K = Array.isArray(m.weights) ? m.weights.length : undefined;

  const means: unknown = m.means;
  if (!Array.isArray(means)) problems.push({ path: ['means'], message: 'must be an array of K coordinate arrays' });
  else {
    if (K !== undefined && means.length !== K) problems.push({ path: ['means'], message: `has ${plural(means.length, 'row', 'rows')}, expected K = ${K} (one per weight)` });
    const first: unknown = means[0];
    const d = Array.isArray(first) ? first.length : undefined;
    if (d === 0) problems.push({ path: ['means', 0], message: 'has 0 coordinates, expected at least 1' });
    means.forEach((row: unknown, k) => {
      if (!Array.isArray(row)) {
        problems.push({ path: ['means', k], message: 'must be an array of coordinates' });
        return;
      }
      if (d !== undefined && d > 0 && row.length !== d) {
        problems.push({ path: ['means', k], message: `has ${plural(row.length, 'coordinate', 'coordinates')}, expected ${d} (as means[0])` });
      }
      row.forEach((c: unknown, j) => {
        if (typeof c !== 'number' || !Number.isFinite(c)) problems.push({ path: ['means', k, j], message: `must be finite (got ${String(c)})` });
      });
    });
  }

  const hasSigma = m.sigma !== undefined;
  const hasSigmas = m.sigmas !== undefined;
  if (hasSigma === hasSigmas) {
    problems.push({ path: [], message: `needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got ${hasSigma ? 'both' : 'neither'})` });
  } else if (hasSigmas) {
    const sigmas: unknown = m.sigmas;
    if (!Array.isArray(sigmas)) problems.push({ path: ['sigmas'], message: 'must be an array of numbers' });
    else {
      if (K !== undefined && sigmas.length !== K) problems.push({ path: ['sigmas'], message: `has ${plural(sigmas.length, 'entry', 'entries')}, expected K = ${K} (one per weight)` });
      sigmas.forEach((s: unknown, k) => {
        const p = sigmaProblem(s);
        if (p !== null) problems.push({ path: ['sigmas', k], message: p });
      });
    }
  } else {
    const p = sigmaProblem(m.sigma);
    if (p !== null) problems.push({ path: ['sigma'], message: p });
  }
  return problems;
}

/** K and d of a valid mixture; throws a `MixtureError` for its first problem (`mixtureProblems`) otherwise. */
export function validateMixture(m: MixtureInput, rules: MixtureRules = {}): { K: number; d: number } {
  const [first] = mixtureProblems(m, rules);
  if (first !== undefined) throw new MixtureError(formatMixturePath(first.path), first.message);
  return { K: m.weights.length, d: m.means[0].length };
}

/** The validated mixture with one σ per component (a shared `sigma` repeated K times); arrays are copies. */
export function toSphericalMixture(m: MixtureInput, rules: MixtureRules = {}): SphericalMixture {
  const { K } = validateMixture(m, rules);
  return {
    weights: [...m.weights],
    means: m.means.map((row) => [...row]),
    sigmas: m.sigmas !== undefined ? [...m.sigmas] : new Array<number>(K).fill(m.sigma as number),
  };
}

/** The d = 1 mixture as a `SphericalMixture` (each mean a 1-vector). */
export function fromMixture1d(m: Mixture1d): SphericalMixture {
  return { weights: m.weights, means: m.means.map((x) => [x]), sigmas: m.sigmas };
}

/** K of a valid 1-D mixture; throws a `MixtureError` (paths as for `validateMixture`, `means[k][0]` for a bad mean). */
export function validateMixture1d(m: Mixture1d, rules: MixtureRules = {}): number {
  return validateMixture(fromMixture1d(m), rules).K;
}
