/**
 * Plugin entries of a config, checked against the plugins themselves and normalised: an estimator's `options` by
 * its descriptor's declaration and rules, a mechanism's `params` by its declaration (each param without a
 * default is required), its truth by the rules of a mixture (src/mixture/spherical.ts), and each estimator's
 * capabilities against every mechanism's d and K — each problem at its exact path (`estimators[2].options.trim:
 * …`), beside the config's other problems. The plugins must already be loaded (src/plugins/loadPlugins.ts
 * `loadConfigPlugins`, which ./load.ts calls); a call of the plugin's own code that throws is reported as a
 * problem of its entry, naming the file.
 */
import * as z from 'zod';
import { paramsWithDefaults, type DataMechanism, type MechanismRef } from '../dgm/mechanism.js';
import type { EstimatorDescriptor, FitShape } from '../estimators/descriptor.js';
import { findDescriptor, type EstimatorOptions } from '../estimators/registry.js';
import { formatMixturePath, mixtureProblems } from '../mixture/spherical.js';
import { loadedPlugin, moduleLocation, type PluginFileRef } from '../plugins/loadPlugins.js';
import { plainTarget, problemList, ReturnedProblem, targetProblem } from '../plugins/shapes.js';
import { declaredSchema } from './estimatorSchema.js';
import { errorMap, issueProblems } from './messages.js';
import { expandGrid, toMixtureSpec } from './mixtures.js';
import type { EstimatorSpec, MixtureSpec } from './types.js';

/** How a plugin's sentence writes numbers when the config records it (4 significant digits). */
const formatNumber = (x: number): string => String(Number(x.toPrecision(4)));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Problems of `values` against a declaration, at `prefix` (e.g. ['estimators', 2, 'options']). */
function declaredProblems(schema: z.ZodType, values: unknown, prefix: (string | number)[]): string[] {
  const result = schema.safeParse(values, { error: errorMap });
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => issueProblems({ ...issue, path: [...prefix, ...issue.path] } as z.core.$ZodIssue));
}

export interface PluginEntries {
  readonly problems: string[];
  /** Entry index → the normalised spec, for entries that passed. */
  readonly estimators: ReadonlyMap<number, EstimatorSpec>;
  readonly mixtures: ReadonlyMap<number, MixtureSpec>;
}

interface Found<T> {
  readonly written: string;
  readonly file: PluginFileRef;
  readonly plugin: T;
}

/** The loaded plugin an entry names, or the problem why there is none. */
function find<T>(entry: Record<string, unknown>, where: string, configPath: string | undefined, pick: (l: NonNullable<ReturnType<typeof loadedPlugin>>) => T | undefined): Found<T> | string {
  const written = entry.module as string;
  if (configPath === undefined) return `${where}.module: a plugin module is found relative to its config file; load the config with loadConfigAndPlugins(<file>)`;
  const $location = moduleLocation(written, configPath);
  const loaded = loadedPlugin($location);
  const plugin = loaded === undefined ? undefined : pick(loaded);
  if (loaded === undefined || plugin === undefined) return `${where}.module: "${written}" was not loaded (load the config with loadConfigAndPlugins(<file>), which loads them)`;
  return { written, file: { module: written, sha256: loaded.sha256, $location }, plugin };
}

function mechanismSpec(entry: Record<string, unknown>, i: number, configPath: string | undefined, problems: string[]): MixtureSpec | null {
  const where = `mixtures[${i}]`;
  const found = find<DataMechanism>(entry, where, configPath, (l) => (l.kind === 'mechanism' ? l.mechanism : undefined));
  if (typeof found === 'string') return void problems.push(found), null;
  const m = found.plugin;
  const params = isRecord(entry.params) ? entry.params : {};
  const own: string[] = [];
  const checkParams = (values: Record<string, unknown>) => (m.paramProblems === undefined ? [] : problemList(m.paramProblems(paramsWithDefaults(m.params, values)), 'paramProblems()'));
  try {
    own.push(...declaredProblems(declaredSchema(m.params, checkParams), params, ['mixtures', i, 'params']));
  } catch (err) {
    own.push(`${where}.module: "${found.written}" ${err instanceof ReturnedProblem ? err.message : `paramProblems() threw: ${message(err)}`}`);
  }
  for (const [name, spec] of Object.entries(m.params)) {
    if (params[name] === undefined && spec.default === undefined) own.push(`${where}.params.${name}: required (${spec.doc})`);
  }
  if (own.length > 0) return void problems.push(...own), null;
  const full = paramsWithDefaults(m.params, params);
  let truth;
  try {
    truth = m.truth(full);
  } catch (err) {
    return void problems.push(`${where}.module: "${found.written}" truth() threw: ${message(err)}`), null;
  }
  const bad = (what: string): null => {
    problems.push(`${where}.module: "${found.written}" truth() ${what}`);
    return null;
  };
  if (!isRecord(truth) || !Array.isArray(truth.weights) || !Array.isArray(truth.means)) return bad('must return { means, weights, sigmas?, theory? }');
  const K = truth.weights.length;
  const sigmaDefined = truth.sigmas !== undefined;
  const sigmas = sigmaDefined ? truth.sigmas : new Array<number>(K).fill(1);
  const ps = mixtureProblems({ weights: truth.weights, means: truth.means, sigmas });
  if (K < 2) ps.unshift({ path: ['weights'], message: `needs K ≥ 2 components (got ${K})` });
  if (ps.length > 0) return bad(`returned an invalid truth: ${ps.map((p) => `${formatMixturePath(p.path)}: ${p.message}`).join('; ')}`);
  const spec = toMixtureSpec({ id: String(entry.id), weights: [...truth.weights], means: truth.means.map((r) => [...r]), sigmas: [...(sigmas ?? [])] });
  const limit = truth.theory?.kmeansLimit;
  if (limit !== undefined) {
    const ok =
      Array.isArray(limit.centers) && limit.centers.length === K && limit.centers.every((c) => Array.isArray(c) && c.length === spec.d && c.every(Number.isFinite)) &&
      Array.isArray(limit.proportions) && limit.proportions.length === K && limit.proportions.every(Number.isFinite);
    if (!ok) return bad(`theory.kmeansLimit must have K = ${K} centres of d = ${spec.d} finite coordinates and K proportions`);
  }
  let description: string;
  try {
    description = m.describe?.(full, formatNumber) ?? m.summary;
  } catch (err) {
    return void problems.push(`${where}.module: "${found.written}" describe() threw: ${message(err)}`), null;
  }
  const mechanism: MechanismRef = {
    ...found.file,
    name: m.name,
    params,
    description,
    sigmaDefined,
    ...(limit !== undefined ? { theory: { kmeansLimit: { centers: limit.centers.map((c) => [...c]), proportions: [...limit.proportions] } } } : {}),
  };
  return { ...spec, mechanism };
}

function estimatorSpec(entry: Record<string, unknown>, i: number, configPath: string | undefined, shapes: readonly (FitShape & { id: string })[], problems: string[]): EstimatorSpec | null {
  const where = `estimators[${i}]`;
  const found = find<EstimatorDescriptor<EstimatorOptions>>(entry, where, configPath, (l) => (l.kind === 'estimator' ? l.estimator : undefined));
  if (typeof found === 'string') return void problems.push(found), null;
  const d = found.plugin;
  const options = isRecord(entry.options) ? entry.options : {};
  const call = <T>(what: string, f: () => T): T | null => {
    try {
      return f();
    } catch (err) {
      problems.push(`${where}.module: "${found.written}" ${err instanceof ReturnedProblem ? err.message : `${what} threw: ${message(err)}`}`);
      return null;
    }
  };
  const own = call('optionProblems()', () => declaredProblems(declaredSchema(d.options, (o) => d.optionProblems(o)), options, ['estimators', i, 'options']));
  if (own === null) return null;
  if (own.length > 0) return void problems.push(...own), null;
  for (const shape of shapes) {
    const why = call('unsupported()', () => d.unsupported(options, shape));
    if (why === null) continue;
    if (typeof why === 'string') {
      problems.push(`${where}.module: ${d.method} ${why}; mixture "${shape.id}" has d = ${shape.d}, K = ${shape.K}`);
      return null;
    }
  }
  const target = call('target()', () => d.target(options));
  if (target === null) return null;
  const bad = targetProblem(target);
  if (bad !== null) return void problems.push(`${where}.module: "${found.written}" ${bad}`), null;
  const description = call('describe()', () => d.describe(options, formatNumber));
  if (description === null) return null;
  return { id: String(entry.id), method: d.method, options, plugin: { ...found.file, target: plainTarget(target), description: String(description) } };
}

/** The mixtures' shapes the estimators must handle: the valid spherical entries, the grid's, and the mechanisms'. */
function builtInShapes(raw: Record<string, unknown>, parseMixture: (entry: unknown) => MixtureSpec | null, parseGrid: (grid: unknown) => MixtureSpec[]): (FitShape & { id: string })[] {
  const out: (FitShape & { id: string })[] = [];
  if (Array.isArray(raw.mixtures)) {
    for (const entry of raw.mixtures) {
      if (isRecord(entry) && 'module' in entry) continue;
      const m = parseMixture(entry);
      if (m !== null) out.push({ id: m.id, d: m.d, K: m.K });
    }
  }
  if (raw.grid !== undefined) for (const m of parseGrid(raw.grid)) out.push({ id: m.id, d: m.d, K: m.K });
  return out;
}

/**
 * Every plugin entry of the raw config JSON, checked and normalised; `parseMixture`/`parseGrid` give the
 * built-in mixtures (./schema.ts validates them; null or [] when invalid).
 */
export function pluginEntries(
  raw: Record<string, unknown>,
  configPath: string | undefined,
  parseMixture: (entry: unknown) => MixtureSpec | null,
  parseGrid: (grid: unknown) => MixtureSpec[],
): PluginEntries {
  const problems: string[] = [];
  const mixtures = new Map<number, MixtureSpec>();
  const estimators = new Map<number, EstimatorSpec>();
  if (Array.isArray(raw.mixtures)) {
    raw.mixtures.forEach((entry, i) => {
      if (!isRecord(entry) || typeof entry.module !== 'string') return;
      const spec = mechanismSpec(entry, i, configPath, problems);
      if (spec !== null) mixtures.set(i, spec);
    });
  }
  const plugins = [...mixtures.values()];
  const shapes = [...builtInShapes(raw, parseMixture, parseGrid), ...plugins.map((m) => ({ id: m.id, d: m.d, K: m.K }))];
  if (Array.isArray(raw.estimators)) {
    raw.estimators.forEach((entry, i) => {
      if (!isRecord(entry)) return;
      if (typeof entry.module === 'string') {
        const spec = estimatorSpec(entry, i, configPath, shapes, problems);
        if (spec !== null) estimators.set(i, spec);
        return;
      }
      // A built-in estimator against the mechanisms (crossChecks.ts checks it against the built-in mixtures).
      const descriptor = typeof entry.method === 'string' ? findDescriptor(entry.method) : undefined;
      if (descriptor === undefined) return;
      const options = isRecord(entry.options) ? entry.options : {};
      for (const m of plugins) {
        const why = descriptor.unsupported(options, { d: m.d, K: m.K });
        if (why !== null) {
          problems.push(`estimators[${i}].method: ${why}; mixture "${m.id}" has d = ${m.d}, K = ${m.K}`);
          break;
        }
      }
    });
  }
  // n ≥ K for the mechanisms (crossChecks.ts does it for the built-in mixtures).
  if (Array.isArray(raw.n)) {
    const largest = plugins.reduce<MixtureSpec | null>((a, b) => (a === null || b.K > a.K ? b : a), null);
    if (largest !== null) {
      raw.n.forEach((size, i) => {
        if (typeof size === 'number' && size < largest.K) problems.push(`n[${i}]: must be ≥ K = ${largest.K} for mixture "${largest.id}" (got ${size})`);
      });
    }
  }
  return { problems, estimators, mixtures };
}

export { expandGrid, toMixtureSpec };
