/**
 * `manifest.json`: the provenance and state of one run, or one shard of it (docs/ARCHITECTURE.md §4): the
 * normalised config and its hash, the environment (package version, git commit, Node, CPU), one session per
 * invocation, and the status `running` / `interrupted` / `complete`. The runner writes it at the start and
 * the end of every session (src/runner/runExperiment.ts), a merge of shards once more (src/runner/merge.ts).
 *
 * The recorded config is checked for its shape where readers use it and against its own hash, so a manifest
 * edited by hand is refused rather than read as a different experiment.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { configHash, type ExperimentConfig } from '../config/index.js';
import { UserError } from '../errors/userError.js';
import { readResultsJson, writeResultsJson } from './jsonFile.js';
import { REGENERATE_RUN, RESULTS_FORMAT_VERSION } from './version.js';

export const MANIFEST_FILE = 'manifest.json';

/** Shard `index` (0-based) of `count`: which part of the tasks one process runs (src/runner/plan.ts). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Where a run ran (src/runner/provenance.ts). */
export interface Environment {
  readonly packageVersion: string;
  /** The commit, with `+dirty` for uncommitted changes; null outside a git checkout. */
  readonly gitCommit: string | null;
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
}

/** One invocation of `mixstudy run` on the folder: the first run or a resume. */
export interface Session {
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly wallSeconds: number | null;
  readonly workers: number;
  readonly tasksRun: number;
}

export type RunStatus = 'running' | 'interrupted' | 'complete';

export interface Manifest {
  readonly formatVersion: typeof RESULTS_FORMAT_VERSION;
  readonly name: string;
  readonly configHash: string;
  readonly config: ExperimentConfig;
  readonly shard: Shard | null;
  readonly status: RunStatus;
  readonly tasksTotal: number;
  readonly tasksDone: number;
  readonly environment: Environment;
  /** One entry per invocation (first run and each resume; of every shard, for a merge). */
  readonly sessions: Session[];
  /** The shard folders a merge combined (`<i>-of-<N>`), sorted; absent for a run. */
  readonly mergedFrom?: string[];
}

const count = z.number().int().min(0);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The fields of a recorded config that readers rely on to find their way (conditions, estimators,
 * replications). The rest is held to the config's hash, which the runner computed from the validated config.
 */
export const RecordedConfigSchema = z.object({
  name: z.string(),
  seed: z.union([z.number(), z.string()]),
  replications: z.number().int().min(1),
  n: z.array(count),
  nested: z.boolean(),
  mixtures: z.array(z.object({ id: z.string(), K: count, d: count })),
  estimators: z.array(z.object({ id: z.string(), method: z.string() })),
  estimands: z.array(z.string()),
});

const ManifestSchema = z.object({
  formatVersion: z.literal(RESULTS_FORMAT_VERSION),
  name: z.string(),
  configHash: sha256,
  config: RecordedConfigSchema,
  shard: z.object({ index: count, count: z.number().int().min(1) }).nullable(),
  status: z.enum(['running', 'interrupted', 'complete']),
  tasksTotal: count,
  tasksDone: count,
  environment: z.object({
    packageVersion: z.string(),
    gitCommit: z.string().nullable(),
    node: z.string(),
    platform: z.string(),
    cpu: z.string(),
    cores: count,
  }),
  sessions: z.array(
    z.object({ startedAt: z.string(), endedAt: z.string().nullable(), wallSeconds: z.number().nullable(), workers: z.number().int().min(1), tasksRun: count }),
  ),
  mergedFrom: z.array(z.string()).optional(),
});

// Compile-time: a Manifest passes the schema's types, so a field renamed or retyped in one but not the other fails here.
const manifestFitsSchema = (m: Manifest): z.infer<typeof ManifestSchema> => m;
void manifestFitsSchema;

const KIND = { what: 'run manifest', regenerate: REGENERATE_RUN };

/** The manifest of the run in `dir`, or null when there is none; a file that is not a valid manifest is a UserError. */
export function readManifest(dir: string): Manifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  const manifest = readResultsJson<Manifest>(path, KIND, ManifestSchema);
  if (configHash(manifest.config) !== manifest.configHash) {
    throw new UserError(`${path}: the recorded config does not match its configHash (edited by hand?); ${REGENERATE_RUN}`);
  }
  if (manifest.config.name !== manifest.name) {
    throw new UserError(`${path}: name "${manifest.name}" differs from the recorded config's "${manifest.config.name}"; ${REGENERATE_RUN}`);
  }
  return manifest;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeResultsJson(join(dir, MANIFEST_FILE), manifest);
}
