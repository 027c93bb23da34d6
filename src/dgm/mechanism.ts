/**
 * What a data-generating mechanism is, said once: named parameters (declared like an estimator's options,
 * src/estimators/descriptor.ts), the truth the estimands are measured against, and a sampler. The built-in
 * spherical Gaussian mixture (./sphericalMixture.ts) is one mechanism; a study may name others by module
 * (`{ "id", "module": "./dgm/x.ts", "params": {…} }`, loaded by src/plugins/loadPlugins.ts), in the same roles:
 * the runner samples through `sample`, the summary compares with `truth`, the report shows `describe`.
 *
 * The randomness contract (docs/ARCHITECTURE.md §3 Seeding) binds a mechanism as it binds the built-in one:
 * - `rng` is the only source of randomness (no Math.random, no clock, no state kept between calls), so a
 *   replication is the same bytes in any worker thread, shard, resumed session or SLURM array task;
 * - points are drawn one after another, each from the draws after the previous point's: with nested samples
 *   (the default) the runner draws the largest n once and uses its first m points as the sample of size m, so
 *   those m points must themselves be a sample of size m — no sorting, no fixed number of points per component
 *   or of outliers (draw each point's kind with `rng.uniform()` instead), no draws for all points ahead.
 */
import type { OptionProblem, OptionsSpec } from '../estimators/descriptor.js';
import type { Rng } from '../types.js';

/**
 * The truth of a mechanism with given parameters: K components with their means and weights (what the
 * estimands `means`, `weights`, `separation` and the component alignment refer to), σ per component where the
 * components are spherical with a standard deviation (omit it otherwise: the σ estimand then has no target),
 * and theory values the mechanism knows.
 */
export interface MechanismTruth {
  readonly means: readonly (readonly number[])[];
  readonly weights: readonly number[];
  readonly sigmas?: readonly number[];
  readonly theory?: {
    /**
     * The population k-means optimum (Pollard 1981): K centres and the probability mass of each one's cell;
     * the report draws it beside k-means-type estimators, as it does the exact limit of a spherical mixture.
     */
    readonly kmeansLimit?: { readonly centers: readonly (readonly number[])[]; readonly proportions: readonly number[] };
  };
}

/** n points, row-major n×d (`x[i·d + j]`), and the true component of each point, 0..K−1. */
export interface MechanismSample {
  readonly x: Float64Array;
  readonly labels: Int32Array;
}

export interface DataMechanism<Params = Record<string, unknown>> {
  /** A short name for reports, e.g. "contaminated-mixture". */
  readonly name: string;
  /** One line: what the mechanism generates. */
  readonly summary: string;
  /** The parameters a config's `params` may set; each is required unless it has a default. */
  readonly params: OptionsSpec;
  /** Problems with combinations of parameter values (each value alone is checked against `params`). */
  paramProblems?(params: Params): OptionProblem[];
  /** The truth (K = weights.length, d = means[0].length); pure, called once when the config loads. */
  truth(params: Params): MechanismTruth;
  /** One sentence for reports, numbers written by the report's `formatNumber`. */
  describe?(params: Params, formatNumber: (x: number) => string): string;
  /** n points with their labels, drawn from `rng` only, point by point (see the contract above). */
  sample(n: number, params: Params, rng: Rng): MechanismSample;
}

/** Everything the config records of a mechanism entry, so readers of a finished run need not load its code. */
export interface MechanismRef {
  /** The module as the config wrote it (relative to the config file). */
  readonly module: string;
  /**
   * sha256 (hex) of the module file's bytes, combined with those of the user's files it imports
   * (src/plugins/loadPlugins.ts pluginHash): part of the config hash, so an edited mechanism is a new config.
   */
  readonly sha256: string;
  /** Where the file was found (absolute); not part of the config hash, so a study can move. */
  readonly $location: string;
  readonly name: string;
  /** The parameters as written. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The report's sentence (its `describe`, else its summary), written when the config loaded. */
  readonly description: string;
  /** False when the truth has no σ: the σ estimand then has no target. */
  readonly sigmaDefined: boolean;
  readonly theory?: MechanismTruth['theory'];
}

/** The problems of a sample a mechanism returned for n points of K components in d dimensions, or null. */
export function sampleProblem(sample: unknown, n: number, K: number, d: number): string | null {
  if (typeof sample !== 'object' || sample === null) return `sample() returned ${sample === null ? 'null' : typeof sample}, expected { x, labels }`;
  const { x, labels } = sample as Partial<MechanismSample>;
  if (!(x instanceof Float64Array)) return 'sample().x must be a Float64Array';
  if (!(labels instanceof Int32Array)) return 'sample().labels must be an Int32Array';
  if (x.length !== n * d) return `sample().x has ${x.length} values, expected n·d = ${n}·${d} = ${n * d}`;
  if (labels.length !== n) return `sample().labels has ${labels.length} entries, expected n = ${n}`;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) return `sample().x[${i}] is ${x[i]} (point ${Math.floor(i / d)}): data must be finite`;
  }
  for (let i = 0; i < n; i++) {
    if (!(labels[i] >= 0 && labels[i] < K)) return `sample().labels[${i}] is ${labels[i]}, expected 0..${K - 1}`;
  }
  return null;
}

/** The parameters with each declared default filled in where the config left it out. */
export function paramsWithDefaults(spec: OptionsSpec, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const [name, s] of Object.entries(spec)) if (out[name] === undefined && s.default !== undefined) out[name] = s.default;
  return out;
}

const MECHANISMS = new Map<string, DataMechanism>();

/** Registers a loaded mechanism under its file's location (src/plugins/loadPlugins.ts, in every thread). */
export function registerMechanism(location: string, mechanism: DataMechanism): void {
  MECHANISMS.set(location, mechanism);
}

/** The mechanism loaded from `ref`'s file; throws when this thread has not loaded it. */
export function mechanismOf(ref: MechanismRef): DataMechanism {
  const m = MECHANISMS.get(ref.$location);
  if (m === undefined) throw new Error(`data mechanism ${ref.module} (${ref.$location}) is not loaded in this thread`);
  return m;
}
