/** Reading an experiment config file: text, parsed config and the hash that identifies it in results. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configHash } from './canonicalJson.js';
import { ConfigError } from './configError.js';
import { parseJsonText } from './jsonText.js';
import { parseConfig } from './parse.js';
import type { ExperimentConfig } from './types.js';
import { loadConfigPlugins } from '../plugins/loadPlugins.js';

export interface LoadedConfig {
  config: ExperimentConfig;
  /** sha256 hex of the canonical JSON of the normalised config: layout and defaults spelt out do not change it. */
  hash: string;
  /** The file's text as read, for provenance. */
  raw: string;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? `file not found (looked for ${resolve(path)})`
      : code === 'EISDIR' ? 'is a directory, expected a JSON file'
      : code === 'EACCES' ? 'permission denied'
      : `cannot be read (${(error as Error).message})`;
    throw new ConfigError(path, [why], 'cannot read experiment config');
  }
}

/** A config file without plugins, or whose plugins this thread has loaded (`loadConfigAndPlugins` does both). */
export function loadConfig(path: string): LoadedConfig {
  const raw = readText(path);
  const config = parseConfig(parseJsonText(raw, path), path, path);
  return { config, hash: configHash(config), raw };
}

/**
 * A config file with the plugin modules it names (`module` entries, src/plugins/loadPlugins.ts) loaded first: a
 * missing file or a module without a valid default export is a ConfigError naming the entry and the file, before
 * any work starts.
 */
export async function loadConfigAndPlugins(path: string): Promise<LoadedConfig> {
  await loadPluginsOf(path);
  return loadConfig(path);
}

/**
 * Loads the plugins the config file at `path` names, so that a later `loadConfig(path)` finds them (for callers
 * that keep a synchronous `loadConfig`). A file that cannot be read or parsed is left to `loadConfig` to report.
 */
export async function loadPluginsOf(path: string): Promise<void> {
  let json: unknown;
  try {
    json = parseJsonText(readFileSync(path, 'utf8'), path);
  } catch {
    return;
  }
  const problems = await loadConfigPlugins(json, path);
  if (problems.length > 0) throw new ConfigError(path, problems, 'cannot load plugin');
}
