/**
 * What a plugin module must export, checked at run time because a user's file is untyped as far as the harness
 * knows: an estimator module's default export is an estimator descriptor (src/estimators/descriptor.ts), a data
 * module's a data mechanism (src/dgm/mechanism.ts). Each check lists everything missing, so one error message
 * says all that is wrong. Also the check of every fit a plugin estimator returns (a NaN or a wrong shape is that
 * fit's error, not a number in the results).
 */
import type { EstimationTarget, OptionProblem, OptionsSpec } from '../estimators/descriptor.js';
import { parameterCount, type Fit, type FitStatus } from '../types.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const OPTION_TYPES = ['enum', 'integer', 'positive', 'number'];

/** Problems of an options/params declaration, each "<where>.<name>: …". */
function specProblems(spec: unknown, where: string): string[] {
  if (!isRecord(spec)) return [`${where}: missing or not an object (declare each option: { type, doc, default? })`];
  const problems: string[] = [];
  for (const [name, s] of Object.entries(spec)) {
    if (!isRecord(s) || typeof s.type !== 'string' || !OPTION_TYPES.includes(s.type)) {
      problems.push(`${where}.${name}: needs a "type" of ${OPTION_TYPES.map((t) => `"${t}"`).join(', ')}`);
      continue;
    }
    if (typeof s.doc !== 'string') problems.push(`${where}.${name}: needs a "doc" string`);
    if (s.type === 'enum' && !(Array.isArray(s.values) && s.values.length > 0 && s.values.every((v) => typeof v === 'string'))) {
      problems.push(`${where}.${name}: an enum needs "values", a non-empty list of strings`);
    }
    if (s.type === 'integer' && typeof s.min !== 'number') problems.push(`${where}.${name}: an integer needs "min"`);
    for (const bound of ['min', 'max'] as const) {
      if (s[bound] !== undefined && !(typeof s[bound] === 'number' && Number.isFinite(s[bound]))) problems.push(`${where}.${name}: "${bound}" must be a finite number (got ${preview(s[bound])})`);
    }
    if (typeof s.min === 'number' && typeof s.max === 'number' && s.min > s.max) problems.push(`${where}.${name}: "min" ${s.min} is above "max" ${s.max}`);
    const bad = s.default === undefined ? null : defaultProblem(s);
    if (bad !== null) problems.push(`${where}.${name}: "default" ${bad} (got ${preview(s.default)})`);
  }
  return problems;
}

/** A value as a message shows it. */
function preview(v: unknown): string {
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
}

/**
 * Why a declared default is not a value of its own declaration, or null: the config schema
 * (src/config/estimatorSchema.ts) checks only values written in a config, so a bad default would reach fit().
 */
function defaultProblem(s: Record<string, unknown>): string | null {
  const v = s.default;
  if (s.type === 'enum') return Array.isArray(s.values) && s.values.includes(v) ? null : `must be one of its "values"`;
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a finite number';
  if (s.type === 'positive') return v > 0 ? null : 'must be > 0';
  if (s.type === 'integer' && !Number.isInteger(v)) return 'must be an integer';
  if (typeof s.min === 'number' && v < s.min) return `must be ≥ ${s.min}`;
  if (typeof s.max === 'number' && v > s.max) return `must be ≤ ${s.max}`;
  return null;
}

/** A plugin function's return value of the wrong shape (reported as what it returned, not as a throw). */
export class ReturnedProblem extends Error {}

/** `value` as the list of problems `optionProblems()`/`paramProblems()` must return; a ReturnedProblem if it is not one. */
export function problemList(value: unknown, what: string): OptionProblem[] {
  if (Array.isArray(value) && value.every((p) => isRecord(p) && typeof p.path === 'string' && typeof p.message === 'string')) return value as OptionProblem[];
  throw new ReturnedProblem(`${what} returned ${preview(value)}, expected a list of { path, message } (an option's name and what is wrong with it)`);
}

/** What is missing from an estimator descriptor (empty when it has the shape). */
export function estimatorShapeProblems(d: unknown): string[] {
  if (!isRecord(d)) return [`the default export is ${d === undefined ? 'missing' : typeof d}, expected an estimator descriptor object`];
  const problems: string[] = [];
  if (typeof d.method !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(d.method)) problems.push('method: missing or not a name (letters, digits, . _ -)');
  if (typeof d.summary !== 'string') problems.push('summary: missing (one line: what the method computes)');
  problems.push(...specProblems(d.options, 'options'));
  for (const f of ['optionProblems', 'unsupported', 'target', 'describe', 'fit'] as const) {
    if (typeof d[f] !== 'function') problems.push(`${f}(): missing or not a function`);
  }
  if (d.covariance !== undefined && typeof d.covariance !== 'function') problems.push('covariance(): not a function');
  return problems;
}

/** What is missing from a data mechanism (empty when it has the shape). */
export function mechanismShapeProblems(m: unknown): string[] {
  if (!isRecord(m)) return [`the default export is ${m === undefined ? 'missing' : typeof m}, expected a data mechanism object`];
  const problems: string[] = [];
  if (typeof m.name !== 'string') problems.push('name: missing');
  if (typeof m.summary !== 'string') problems.push('summary: missing (one line: what the mechanism generates)');
  problems.push(...specProblems(m.params, 'params'));
  for (const f of ['truth', 'sample'] as const) if (typeof m[f] !== 'function') problems.push(`${f}(): missing or not a function`);
  for (const f of ['paramProblems', 'describe'] as const) if (m[f] !== undefined && typeof m[f] !== 'function') problems.push(`${f}(): not a function`);
  return problems;
}

/** Whether `t` is an estimation target (src/estimators/descriptor.ts `EstimationTarget`). */
export function targetProblem(t: unknown): string | null {
  if (!isRecord(t)) return `target() returned ${JSON.stringify(t)}, expected { kind: "kmeans-limit" | "mixture-mle" | "none" }`;
  if (t.kind === 'kmeans-limit' || t.kind === 'none') return null;
  if (t.kind === 'mixture-mle') {
    const ok = ['equal', 'unequal', 'fixed'].includes(String(t.covariance)) && ['estimated', 'equal'].includes(String(t.weights));
    if (!ok) return 'target(): a "mixture-mle" target needs covariance ("equal" | "unequal" | "fixed") and weights ("estimated" | "equal")';
    // As the built-in EM's target (src/estimators/mixture/emDescriptor.ts): σ is the model's only with "fixed".
    const sigmaOk = t.covariance === 'fixed' ? typeof t.sigma === 'number' && t.sigma > 0 && Number.isFinite(t.sigma) : t.sigma === undefined;
    if (!sigmaOk) return `target(): a "mixture-mle" target has sigma (a number > 0) exactly when its covariance is "fixed" (got covariance "${String(t.covariance)}", sigma ${preview(t.sigma)})`;
    return null;
  }
  return `target() returned kind ${JSON.stringify(t.kind)}, expected "kmeans-limit", "mixture-mle" or "none"`;
}

/** The target as plain data (what the config records). */
export function plainTarget(t: EstimationTarget): EstimationTarget {
  return JSON.parse(JSON.stringify(t)) as EstimationTarget;
}

/** Every fit status, once (a Record, so a status added to FitStatus must be added here to compile). */
const STATUSES = Object.keys({
  ok: true,
  'not-converged': true,
  degenerate: true,
  'empty-cluster': true,
  'not-mixed': true,
} satisfies Record<FitStatus, true>) as FitStatus[];

function firstNonFinite(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

/**
 * Why a fit a plugin returned for K components in d dimensions cannot be measured, or null. A fit that says it
 * failed (status other than `ok`) may hold anything; an `ok` fit must be finite where it reports numbers.
 */
export function fitProblem(fit: unknown, K: number, d: number): string | null {
  if (!isRecord(fit)) return `fit() returned ${fit === null ? 'null' : typeof fit}, expected a Fit`;
  const f = fit as Partial<Fit>;
  if (!STATUSES.includes(f.status as FitStatus)) return `fit().status is ${JSON.stringify(f.status)}, expected one of ${STATUSES.join(', ')}`;
  if (f.K !== K || f.d !== d) return `fit() returned K = ${String(f.K)}, d = ${String(f.d)} for data with K = ${K}, d = ${d}`;
  if (!(f.means instanceof Float64Array) || f.means.length !== K * d) return `fit().means must be a Float64Array of K·d = ${K * d} values`;
  if (!(f.weights instanceof Float64Array) || f.weights.length !== K) return `fit().weights must be a Float64Array of K = ${K} values`;
  if (f.sigmas !== null && !(f.sigmas instanceof Float64Array && f.sigmas.length === K)) return `fit().sigmas must be null or a Float64Array of K = ${K} values`;
  if (typeof f.objective !== 'number' || typeof f.iterations !== 'number' || typeof f.converged !== 'boolean') {
    return 'fit() must return objective (number), iterations (number) and converged (boolean)';
  }
  if (f.logLik !== null && typeof f.logLik !== 'number') return 'fit().logLik must be a number or null';
  if (f.status !== 'ok') return null;
  const bad = (name: string, a: ArrayLike<number> | null | undefined): string | null => {
    if (a === null || a === undefined) return null;
    const i = firstNonFinite(a);
    return i < 0 ? null : `fit() returned ${a[i]} in ${name}[${i}] with status "ok"`;
  };
  return (
    bad('means', f.means) ??
    bad('weights', f.weights) ??
    bad('sigmas', f.sigmas) ??
    (Number.isFinite(f.objective) ? null : `fit() returned objective ${f.objective} with status "ok"`) ??
    okFitProblem(f as Fit, K, d)
  );
}

/** How far from 1 the weights of a fit may sum (rounding of K proportions, not a different convention). */
const WEIGHT_SUM_TOLERANCE = 1e-6;

/**
 * The rest of an `ok` fit's contract (src/types.ts Fit), which the estimands and intervals read without checking:
 * weights are proportions (≥ 0, summing to 1), σ's positive, posterior draws S whole parameter vectors
 * (src/types.ts parameterCount), diagnostics numbers.
 */
function okFitProblem(f: Fit, K: number, d: number): string | null {
  const negative = Array.from(f.weights).findIndex((w) => w < 0);
  if (negative >= 0) return `fit() returned weights[${negative}] = ${f.weights[negative]} < 0 with status "ok"`;
  const sum = f.weights.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) return `fit() returned weights summing to ${sum}, not 1, with status "ok" (they are the mixing proportions)`;
  const sigma = f.sigmas === null ? -1 : Array.from(f.sigmas).findIndex((v) => !(v > 0));
  if (f.sigmas !== null && sigma >= 0) return `fit() returned sigmas[${sigma}] = ${f.sigmas[sigma]}, not > 0, with status "ok"`;
  if (f.draws !== undefined) {
    const P = parameterCount(K, d, f.sigmas !== null);
    if (!(f.draws instanceof Float64Array) || f.draws.length === 0 || f.draws.length % P !== 0) {
      return `fit().draws must be a Float64Array of S whole parameter vectors of P = ${P} values (means, weights${f.sigmas !== null ? ', sigmas' : ''}), got ${f.draws instanceof Float64Array ? `${f.draws.length} values` : typeof f.draws}`;
    }
  }
  if (f.diagnostics !== undefined) {
    if (!isRecord(f.diagnostics)) return 'fit().diagnostics must be an object of numbers';
    for (const [key, v] of Object.entries(f.diagnostics)) if (typeof v !== 'number') return `fit().diagnostics.${key} must be a number (got ${preview(v)})`;
  }
  return null;
}

export type { OptionsSpec };
