/**
 * The paper's experiments: one config per role in `experiments/paper/<scale>/<role>.json`, loaded and
 * validated, then run resumably — a complete result with the same config hash is reused as it is, an
 * interrupted one is continued, and a result of a different config is refused unless `fresh` is set (the
 * runner's own contract, see src/runner/runExperiment.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../errors/userError.js';
import { loadConfig, type ExperimentConfig } from '../config/index.js';
import type { Progress } from '../runner/progress.js';
import { runExperiment } from '../runner/runExperiment.js';

/** Which figure needs which experiment. */
export const ROLES = ['canonical', 'bias-separation', 'epsilon', 'cost', 'multivariate', 'bayes', 'coverage'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_FIGURES: Readonly<Record<Role, string>> = {
  canonical: 'figures 1, 2, 6 and 8',
  'bias-separation': 'figure 3',
  epsilon: 'figure 4',
  cost: 'figure 5',
  multivariate: 'figure 7',
  bayes: 'figure 9',
  coverage: 'figure 10',
};

export interface PaperExperiment {
  readonly role: Role;
  /** The config file as given (relative to the working directory when the folder was). */
  readonly file: string;
  readonly config: ExperimentConfig;
}

/** Loads every role's config from `dir`; a missing role or a JSON file that is no role is an error. */
export function loadPaperExperiments(dir: string): PaperExperiment[] {
  if (!existsSync(dir)) throw new UserError(`no paper configs at ${dir}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const unknown = files.filter((f) => !(ROLES as readonly string[]).includes(basename(f, '.json')));
  if (unknown.length > 0) {
    throw new UserError(`${dir}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a paper experiment (expected ${ROLES.map((r) => `${r}.json`).join(', ')})`);
  }
  return ROLES.map((role) => {
    const file = join(dir, `${role}.json`);
    if (!existsSync(file)) throw new UserError(`${dir}: ${role}.json is missing (it feeds ${ROLE_FIGURES[role]})`);
    return { role, file, config: loadConfig(file).config };
  });
}

export interface RunRecord {
  readonly role: Role;
  readonly name: string;
  readonly tasksRun: number;
  readonly tasksResumed: number;
  readonly wallSeconds: number;
  readonly failures: number;
}

export interface RunPaperOptions {
  readonly resultsRoot: string;
  readonly workers: number;
  readonly fresh: boolean;
  readonly progress?: (label: string) => Progress;
  readonly shouldStop?: () => boolean;
}

/** Runs (or resumes, or reuses) every experiment in order; stops at the first one that does not complete. */
export async function runPaperExperiments(experiments: readonly PaperExperiment[], opts: RunPaperOptions): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  for (const e of experiments) {
    const outcome = await runExperiment({
      config: e.config,
      resultsRoot: opts.resultsRoot,
      workers: opts.workers,
      shard: null,
      fresh: opts.fresh,
      progress: opts.progress?.(e.config.name),
      shouldStop: opts.shouldStop,
    });
    records.push({ role: e.role, name: e.config.name, tasksRun: outcome.tasksRun, tasksResumed: outcome.tasksResumed, wallSeconds: outcome.wallSeconds, failures: outcome.failures });
    if (!outcome.complete) throw new UserError(`${e.config.name} was interrupted (${outcome.tasksResumed + outcome.tasksRun}/${outcome.tasksTotal} replications); run the same command again to resume`, 130);
  }
  return records;
}
