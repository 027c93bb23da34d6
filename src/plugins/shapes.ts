/**
 * What a plugin module must export, checked at run time because a user's file is untyped as far as the harness
 * knows: an estimator module's default export is an estimator descriptor (src/estimators/descriptor.ts), a data
 * module's a data mechanism (src/dgm/mechanism.ts). Each check lists everything missing, so one error message
 * says all that is wrong. Also the check of every fit a plugin estimator returns (a NaN or a wrong shape is that
 * fit's error, not a number in the results).
 */
import type { EstimationTarget, OptionsSpec } from '../estimators/descriptor.js';
import type { Fit, FitStatus } from '../types.js';

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
  }
  return problems;
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
    return ok ? null : 'target(): a "mixture-mle" target needs covariance ("equal" | "unequal" | "fixed") and weights ("estimated" | "equal")';
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
  return bad('means', f.means) ?? bad('weights', f.weights) ?? bad('sigmas', f.sigmas) ?? (Number.isFinite(f.objective) ? null : `fit() returned objective ${f.objective} with status "ok"`);
}

export type { OptionsSpec };
