/**
 * Loading a study's plugin files — user estimators and data mechanisms named by `module` in a config — into
 * this thread, once per file: read the bytes (their sha256, with those of the user's files it imports,
 * identifies the plugin in the config hash), import the module (./importModule.ts), check its default export's
 * shape (./shapes.ts) and register it where every consumer looks estimators and mechanisms up
 * (src/estimators/registry.ts, src/dgm/mechanism.ts).
 *
 * Two entry points: `loadConfigPlugins` before a config file is validated (problems are returned with the
 * entry's path, e.g. `estimators[2].module: …`, for one config error before any work starts), and
 * `ensurePlugins` wherever a validated config is used to fit or sample — the main thread and each worker thread
 * of a run, `replay`, `check` — which reloads each file from where it was found and refuses one whose bytes
 * changed since the config was loaded.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { EstimatorDescriptor } from '../estimators/descriptor.js';
import { isBuiltIn, registerEstimator, type EstimatorOptions } from '../estimators/registry.js';
import { registerMechanism, type DataMechanism } from '../dgm/mechanism.js';
import { UserError } from '../errors/userError.js';
import type { Dataset, Fit, Rng } from '../types.js';
import { withDefaults } from '../estimators/descriptor.js';
import { importModule } from './importModule.js';
import { localImports, realPath } from './localImports.js';
import { estimatorShapeProblems, fitProblem, mechanismShapeProblems, problemList } from './shapes.js';

export type PluginKind = 'estimator' | 'mechanism';

export type LoadedPlugin =
  | { readonly kind: 'estimator'; readonly location: string; readonly sha256: string; readonly imports: readonly string[]; readonly estimator: EstimatorDescriptor<EstimatorOptions> }
  | { readonly kind: 'mechanism'; readonly location: string; readonly sha256: string; readonly imports: readonly string[]; readonly mechanism: DataMechanism };

/** A file's location and hash (its bytes', with its local imports': `pluginHash`), as a config records them. */
export interface PluginFileRef {
  readonly module: string;
  readonly sha256: string;
  readonly $location: string;
}

const LOADED = new Map<string, LoadedPlugin>();

/** A plugin that cannot be used: `message` names what is missing (the caller prefixes where it was named). */
class PluginProblem extends Error {}

function readBytes(location: string, written: string): Buffer {
  try {
    if (statSync(location).isDirectory()) throw new PluginProblem(`"${written}" is a folder, expected a .ts or .js module file`);
    return readFileSync(location);
  } catch (err) {
    if (err instanceof PluginProblem) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new PluginProblem(code === 'ENOENT' ? `"${written}": file not found (looked for ${location})` : `"${written}": cannot be read (${(err as Error).message})`);
  }
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The data as a plugin gets them: its own copy. The runner hands every estimator of a replication the same
 * sample, and each smaller n a prefix of it (src/runner/executeTask.ts), so a plugin that sorted or scaled
 * `data.x` in place would change the data of the estimators after it — and a resumed run, which refits only the
 * missing cells, would then differ from a fresh one. Copying costs n·d numbers per fit, far less than a fit.
 */
function ownCopy(data: Dataset): Dataset {
  return { ...data, x: data.x.slice() };
}

/** The plugin's `covariance`, called with its options' defaults filled in like every other method. */
function covarianceWithDefaults(d: EstimatorDescriptor<EstimatorOptions>, full: (o: EstimatorOptions) => EstimatorOptions): NonNullable<EstimatorDescriptor<EstimatorOptions>['covariance']> {
  const covariance = d.covariance as NonNullable<EstimatorDescriptor<EstimatorOptions>['covariance']>;
  return (data, fit, o) => covariance.call(d, ownCopy(data), fit, full(o));
}

/** Every fit the plugin returns is checked: options arrive with their defaults, a bad fit throws (row `error`). */
function checkedEstimator(d: EstimatorDescriptor<EstimatorOptions>): EstimatorDescriptor<EstimatorOptions> {
  const full = (o: EstimatorOptions): EstimatorOptions => withDefaults(d.options, o);
  return {
    method: d.method,
    summary: d.summary,
    options: d.options,
    optionProblems: (o) => problemList(d.optionProblems(full(o)), 'optionProblems()'),
    unsupported: (o, shape) => d.unsupported(full(o), shape),
    target: (o) => d.target(full(o)),
    describe: (o, f) => d.describe(full(o), f),
    fit: (data: Dataset, K: number, o: EstimatorOptions, rng: Rng): Fit => {
      const fit = d.fit(ownCopy(data), K, full(o), rng);
      const problem = fitProblem(fit, K, data.d);
      if (problem !== null) throw new Error(`${d.method}: ${problem}`);
      return fit;
    },
    ...(d.covariance !== undefined ? { covariance: covarianceWithDefaults(d, full) } : {}),
  };
}

/**
 * The module's `export default`. A .ts file outside an ES-module package (no `"type": "module"` in the
 * package.json that governs it) is compiled by tsx as CommonJS, so `import()` gives its `exports` object as
 * `default` — marked `__esModule`, with the file's own default export as `exports.default`.
 */
function defaultExport(namespace: Record<string, unknown>): unknown {
  const value = namespace.default;
  return isRecord(value) && value.__esModule === true && 'default' in value ? value.default : value;
}

/**
 * An import error in one line: its first, and when that only announces what follows (tsx's compiler says
 * "Transform failed with 1 error:" and puts the file, line and reason on the next line), that next line too.
 */
function oneLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const [first = message, second] = lines;
  return first.endsWith(':') && second !== undefined ? `${first} ${second}` : first;
}

/**
 * What identifies a plugin in the config hash: the sha256 of its bytes; when it imports files of the user's own
 * (./localImports.ts lists them), the sha256 of that and of each imported file's sha256
 * with its path relative to the plugin's folder — so editing a helper is editing the plugin, and moving the
 * study folder is not.
 */
function pluginHash(location: string, bytes: Buffer, imports: readonly string[]): string {
  const own = sha256Of(bytes);
  if (imports.length === 0) return own;
  const folder = dirname(realPath(location));
  const lines = imports.map((path) => `${sha256Of(readBytes(path, path))} ${relative(folder, path).split(sep).join('/')}`).sort();
  return sha256Of(Buffer.from([own, ...lines].join('\n')));
}

async function loadFile(kind: PluginKind, location: string, written: string): Promise<LoadedPlugin> {
  const bytes = readBytes(location, written);
  const known = LOADED.get(location);
  if (known !== undefined && known.sha256 === pluginHash(location, bytes, localImports(location))) {
    if (known.kind !== kind) throw new PluginProblem(`"${written}" is loaded as a ${known.kind} elsewhere in this config, not as a ${kind}`);
    return known;
  }
  const imports = localImports(location);
  let namespace: Record<string, unknown>;
  try {
    namespace = await importModule(location);
  } catch (err) {
    throw new PluginProblem(`"${written}" cannot be loaded: ${oneLine((err as Error).message)}`);
  }
  const sha256 = pluginHash(location, bytes, imports);
  const value = defaultExport(namespace);
  if (kind === 'estimator') {
    const problems = estimatorShapeProblems(value);
    if (problems.length > 0) throw new PluginProblem(`"${written}": its default export is not an estimator descriptor: ${problems.join('; ')}`);
    const d = value as EstimatorDescriptor<EstimatorOptions>;
    if (isBuiltIn(d.method)) throw new PluginProblem(`"${written}": method "${d.method}" is a built-in estimator's name; give the plugin its own`);
    const estimator = checkedEstimator(d);
    registerEstimator(location, estimator);
    const loaded: LoadedPlugin = { kind, location, sha256, imports, estimator };
    LOADED.set(location, loaded);
    return loaded;
  }
  const problems = mechanismShapeProblems(value);
  if (problems.length > 0) throw new PluginProblem(`"${written}": its default export is not a data mechanism: ${problems.join('; ')}`);
  const mechanism = value as DataMechanism;
  registerMechanism(location, mechanism);
  const loaded: LoadedPlugin = { kind, location, sha256, imports, mechanism };
  LOADED.set(location, loaded);
  return loaded;
}

/** The estimator plugin at `path` (relative to the current folder), for `mixstudy fit --module`; a UserError when unusable. */
export async function loadEstimatorFile(path: string): Promise<{ descriptor: EstimatorDescriptor<EstimatorOptions>; $location: string }> {
  try {
    const loaded = await loadFile('estimator', resolve(path), path);
    if (loaded.kind !== 'estimator') throw new PluginProblem(`"${path}" is loaded as a data mechanism`);
    return { descriptor: loaded.estimator, $location: loaded.location };
  } catch (err) {
    if (err instanceof PluginProblem) throw new UserError(`--module ${err.message}`);
    throw err;
  }
}

/** The plugin loaded from `location` in this thread, if any. */
export function loadedPlugin(location: string): LoadedPlugin | undefined {
  return LOADED.get(location);
}

/**
 * The file a path names once the links it ends with are followed (a path that is not a link, or cannot be read,
 * is itself): a config reached through a link is the file it links to.
 */
function linkTarget(path: string): string {
  let at = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!lstatSync(at).isSymbolicLink()) return at;
      at = resolve(dirname(at), readlinkSync(at));
    } catch {
      return at;
    }
  }
  return at;
}

/**
 * Where a config's `module` points: relative paths are relative to the config file's folder — the folder of the
 * file itself when the config is reached through a symbolic link, as Node resolves a module's relative imports.
 */
export function moduleLocation(written: string, configPath: string): string {
  return resolve(dirname(linkTarget(configPath)), written);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Loads every plugin a config file's JSON names (`estimators[i].module`, `mixtures[i].module`) and returns the
 * problems, one line each with its path (`estimators[2].module: "./x.ts": file not found (…)`); an entry whose
 * `module` is not a string is left to the schema. Loaded plugins are then found by `loadedPlugin`.
 */
export async function loadConfigPlugins(json: unknown, configPath: string): Promise<string[]> {
  if (!isRecord(json)) return [];
  const problems: string[] = [];
  const sections: [string, PluginKind][] = [['estimators', 'estimator'], ['mixtures', 'mechanism']];
  for (const [section, kind] of sections) {
    const entries = json[section];
    if (!Array.isArray(entries)) continue;
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      if (!isRecord(entry) || typeof entry.module !== 'string') continue;
      try {
        await loadFile(kind, moduleLocation(entry.module, configPath), entry.module);
      } catch (err) {
        if (!(err instanceof PluginProblem)) throw err;
        problems.push(`${section}[${i}].module: ${err.message}`);
      }
    }
  }
  return problems;
}

/** The plugin files a validated config names (structurally: its estimators' `plugin` and mixtures' `mechanism`). */
export interface PluginRefs {
  readonly estimators: readonly { readonly plugin?: PluginFileRef }[];
  readonly mixtures: readonly { readonly mechanism?: PluginFileRef }[];
}

/**
 * The plugin a config recorded, loaded from where the config found it — or, when the study folder has moved
 * since (a clone, a copy on a cluster: `replay` or `check` of results whose manifest holds another machine's
 * path), from its path as written relative to the current folder, provided its bytes are the recorded ones; it
 * is then registered under the recorded location too, where the config's readers look it up.
 */
async function loadRecorded(kind: PluginKind, ref: PluginFileRef): Promise<LoadedPlugin> {
  let recorded: LoadedPlugin | PluginProblem;
  try {
    recorded = await loadFile(kind, ref.$location, ref.module);
  } catch (err) {
    if (!(err instanceof PluginProblem)) throw err;
    recorded = err;
  }
  if (!(recorded instanceof PluginProblem) && recorded.sha256 === ref.sha256) return recorded;
  const here = resolve(ref.module);
  if (here !== ref.$location && existsSync(here)) {
    let moved: LoadedPlugin | null = null;
    try {
      moved = await loadFile(kind, here, ref.module);
    } catch (err) {
      if (!(err instanceof PluginProblem)) throw err;
    }
    if (moved !== null && moved.sha256 === ref.sha256) {
      LOADED.set(ref.$location, moved);
      if (moved.kind === 'estimator') registerEstimator(ref.$location, moved.estimator);
      else registerMechanism(ref.$location, moved.mechanism);
      return moved;
    }
  }
  if (recorded instanceof PluginProblem) throw new PluginProblem(`${recorded.message}${here !== ref.$location ? `; nor with the recorded bytes at ${here} (beside the current folder)` : ''}`);
  return recorded;
}

/**
 * Makes every plugin of a validated config usable in this thread: loaded from where the config found it, with
 * the bytes it had then. A file that is gone or was edited since is a UserError naming it (exit 2): a result
 * computed with other code than the config hash records would break resume and replay.
 */
export async function ensurePlugins(config: PluginRefs): Promise<void> {
  const refs: [PluginKind, PluginFileRef][] = [
    ...config.estimators.flatMap((e): [PluginKind, PluginFileRef][] => (e.plugin !== undefined ? [['estimator', e.plugin]] : [])),
    ...config.mixtures.flatMap((m): [PluginKind, PluginFileRef][] => (m.mechanism !== undefined ? [['mechanism', m.mechanism]] : [])),
  ];
  for (const [kind, ref] of refs) {
    const known = LOADED.get(ref.$location);
    if (known !== undefined && known.sha256 === ref.sha256) continue;
    let loaded: LoadedPlugin;
    try {
      loaded = await loadRecorded(kind, ref);
    } catch (err) {
      if (err instanceof PluginProblem) throw new UserError(`plugin ${err.message}`);
      throw err;
    }
    if (loaded.sha256 !== ref.sha256) {
      throw new UserError(
        `plugin "${ref.module}" (${ref.$location}) has changed since its config was loaded (it or a file it imports; sha256 ${ref.sha256.slice(0, 12)}, now ` +
          `${loaded.sha256.slice(0, 12)}); results must come from one version of it: restore it, or rerun the config with --fresh`,
      );
    }
  }
}
