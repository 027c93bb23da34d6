/** A completed run of a tiny experiment, made once per test file, and helpers to damage copies of its files. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { smallConfig, tempDir } from '../runner/helpers.js';

/** The folder of a complete run of `tiny` (2 mixtures × 2 n × 3 estimators × 3 replications). */
export async function completedRun(): Promise<string> {
  const config = parseConfig(smallConfig({ name: 'tiny', replications: 3, n: [20, 60] }));
  const out = await runExperiment({ config, resultsRoot: tempDir('mixstudy-results-'), workers: 1, shard: null, fresh: false });
  if (!out.complete) throw new Error('fixture run did not complete');
  return out.dir;
}

/** A copy of the run folder `dir` (named `tiny` in a new root), so a test can damage it. */
export function copyRun(dir: string): string {
  const copy = join(tempDir('mixstudy-results-copy-'), 'tiny');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** Rewrites the JSON file `name` of folder `dir` with `edit` applied to its parsed value. */
export function editJson(dir: string, name: string, edit: (json: Record<string, unknown>) => unknown): void {
  const path = join(dir, name);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileSync(path, JSON.stringify(edit(json), null, 2) + '\n');
}

/** `json` without the key `key` (the other keys in their order). */
export function without(json: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = json;
  return rest;
}
