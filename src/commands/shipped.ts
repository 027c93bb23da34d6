/**
 * The experiments and regression baselines shipped inside the mixstudy package (package.json `files`:
 * `experiments/`, `results/regression-*\/baseline.json`), found by name when no such local path exists, so the
 * help's examples (`run experiments/bw1978.json`, `check regression-canonical`) work in a project that
 * installed mixstudy as they do in its repository. A local file always wins, also over a shipped config of the
 * same name (`run bw1978` runs ./experiments/bw1978.json when there is one); using a shipped one is said on
 * stderr. Installed in src/cli.ts as middleware: it rewrites `run`'s config and `check`'s baseline and config
 * before the command runs, and gives `report` and `export` of a shipped experiment that has not been run here
 * the command that runs it.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors/userError.js';

/** The package root (src/commands/ and dist/commands/ are both two levels below it). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether `cwd` is the package itself (a clone), where every shipped file is already a local one. */
function insidePackage(cwd: string): boolean {
  return resolve(cwd) === resolve(PACKAGE_ROOT);
}

/** The paths a config argument may name, relative to a folder: itself, then as an experiment name. */
function configCandidates(arg: string): string[] {
  return [arg, join('experiments', arg), join('experiments', `${arg}.json`), join('experiments', 'regression', `${arg}.json`)];
}

/**
 * The local config `arg` names as an experiment name when no file `arg` exists under `cwd`:
 * `experiments/<arg>[.json]` or `experiments/regression/<arg>.json` under `cwd` (relative to it); null when
 * there is none. It wins over a shipped config of the same name.
 */
export function localConfig(arg: string, cwd: string = process.cwd()): string | null {
  if (isAbsolute(arg) || isFile(resolve(cwd, arg))) return null;
  return configCandidates(arg).slice(1).find((c) => isFile(resolve(cwd, c))) ?? null;
}

/**
 * The shipped config `arg` names when neither a file `arg` nor a local config of that name (`localConfig`)
 * exists under `cwd`: the same relative path in the package, or `experiments/<arg>[.json]`, or
 * `experiments/regression/<arg>.json`; null when there is none.
 */
export function shippedConfig(arg: string, cwd: string = process.cwd()): string | null {
  if (isAbsolute(arg) || insidePackage(cwd) || isFile(resolve(cwd, arg)) || localConfig(arg, cwd) !== null) return null;
  for (const c of configCandidates(arg)) {
    const path = join(PACKAGE_ROOT, c);
    if (isFile(path)) return path;
  }
  return null;
}

/** The shipped baseline of experiment `name` when there is no local `<results>/<name>/baseline.json`; else null. */
export function shippedBaseline(name: string, results: string, cwd: string = process.cwd()): string | null {
  if (insidePackage(cwd) || isFile(resolve(cwd, results, name, 'baseline.json'))) return null;
  const path = join(PACKAGE_ROOT, 'results', name, 'baseline.json');
  return /^[\w-]+$/.test(name) && isFile(path) ? path : null;
}

function say(what: string, path: string): void {
  process.stderr.write(`mixstudy: ${what} is not here; using the one shipped with mixstudy (${relative(process.cwd(), path) || path})\n`);
}

/** yargs middleware (after validation): see the module comment. */
export function useShippedFiles(argv: Record<string, unknown>): void {
  const command = String((argv._ as unknown[] | undefined)?.[0] ?? '');
  const str = (key: string): string | undefined => (typeof argv[key] === 'string' ? (argv[key] as string) : undefined);
  if (command === 'run' || command === 'slurm') {
    const config = str('config');
    const local = config === undefined ? null : localConfig(config);
    const shipped = config === undefined ? null : shippedConfig(config);
    if (config !== undefined && local !== null) {
      process.stderr.write(`mixstudy: ${config}: using ${local}\n`);
      argv.config = local;
    } else if (config !== undefined && shipped !== null) {
      say(config, shipped);
      argv.config = shipped;
    }
  } else if (command === 'check') {
    const name = str('name');
    const results = str('results') ?? 'results';
    if (name === undefined) return;
    if (str('baseline') === undefined) {
      const baseline = shippedBaseline(name, results);
      if (baseline !== null) {
        say(join(results, name, 'baseline.json'), baseline);
        argv.baseline = baseline;
      }
    }
    const localConfig = join('experiments', 'regression', `${name}.json`);
    if (str('config') === undefined && !existsSync(localConfig)) {
      const config = shippedConfig(localConfig);
      if (config !== null) {
        say(localConfig, config);
        argv.config = config;
      }
    }
  } else if (command === 'report' || command === 'export') {
    const name = str('name');
    const results = str('results') ?? 'results';
    if (name === undefined || existsSync(join(results, name))) return;
    const config = shippedConfig(name);
    if (config !== null) throw new UserError(`no results at ${join(results, name)}; run the experiment first: \`mixstudy run ${name}\` (shipped with mixstudy: ${config})`);
  }
}
