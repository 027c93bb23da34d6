/** Reading an experiment config file: text, parsed config and the hash that identifies it in results. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configHash } from './canonicalJson.js';
import { ConfigError } from './configError.js';
import { parseJsonText } from './jsonText.js';
import { parseConfig } from './parse.js';
import type { ExperimentConfig } from './types.js';

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

export function loadConfig(path: string): LoadedConfig {
  const raw = readText(path);
  const config = parseConfig(parseJsonText(raw, path), path);
  return { config, hash: configHash(config), raw };
}
