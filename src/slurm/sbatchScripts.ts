/**
 * The two batch scripts of a cluster run: an array job whose task i runs shard i/N of the experiment, and a
 * merge job (submitted with `--dependency=afterok` on the array) that combines the shards. Pure text
 * rendering, so tests can pin the scripts down without a cluster.
 *
 * Each task passes `--shard $SLURM_ARRAY_TASK_ID/N` with N written into the script rather than relying on
 * SLURM_ARRAY_TASK_COUNT: when one timed-out task is re-submitted on its own (`sbatch --array=2 …`), SLURM
 * reports a count of 1, and only the fixed N keeps that task on shard 2/N, whose results it then resumes.
 */
import { parseSlurmTime, type JobOptions } from './jobOptions.js';
import { shellQuote } from './shellQuote.js';

export interface ScriptSpec {
  /** Experiment name (results/<name>/). */
  readonly name: string;
  /** Absolute paths. */
  readonly configPath: string;
  readonly resultsRoot: string;
  readonly projectDir: string;
  readonly nodePath: string;
  readonly logDir: string;
  readonly job: JobOptions;
}

/** Seconds before the time limit at which a task is asked (SIGINT) to stop cleanly after its current replications. */
export const STOP_SIGNAL_LEAD_SECONDS = 90;

/** Only time limits this long get the early stop signal; shorter jobs have no room for it. */
const STOP_SIGNAL_MIN_LIMIT_SECONDS = 5 * 60;

/**
 * Whether the array tasks are asked to stop cleanly before their time limit. Otherwise SLURM ends a task at its
 * limit (SIGTERM, then SIGKILL after the cluster's KillWait, often 30 s); the replications still in progress
 * then are lost, and a resubmitted task redoes them.
 */
export function getsStopSignal(job: JobOptions): boolean {
  const limit = job.time === undefined ? null : parseSlurmTime(job.time);
  return limit !== null && limit >= STOP_SIGNAL_MIN_LIMIT_SECONDS;
}

/** The warning `mixstudy slurm` prints for a --time too short for the early stop signal, or null. */
export function shortTimeWarning(job: JobOptions): string | null {
  if (job.time === undefined || getsStopSignal(job)) return null;
  return (
    `warning: --time ${job.time} is shorter than ${STOP_SIGNAL_MIN_LIMIT_SECONDS / 60} minutes, too short for the clean stop ` +
    `${STOP_SIGNAL_LEAD_SECONDS} s before the limit: a task still running then is ended by SLURM at its limit (SIGTERM, then SIGKILL ` +
    'after KillWait) and may lose the replications in progress (finished ones are kept; a resubmitted task resumes)'
  );
}

export function arrayScriptName(name: string): string {
  return `${name}.sbatch`;
}

export function mergeScriptName(name: string): string {
  return `${name}.merge.sbatch`;
}

function resourceLines(job: JobOptions): string[] {
  const lines: string[] = [];
  if (job.time !== undefined) lines.push(`#SBATCH --time=${job.time}`);
  if (job.mem !== undefined) lines.push(`#SBATCH --mem=${job.mem}`);
  if (job.partition !== undefined) lines.push(`#SBATCH --partition=${job.partition}`);
  return lines;
}

function cli(spec: ScriptSpec): string {
  return `${shellQuote(spec.nodePath)} ${shellQuote(`${spec.projectDir}/bin/mixstudy.js`)}`;
}

export function arrayScript(spec: ScriptSpec): string {
  const { name, job } = spec;
  const n = job.array;
  const stopSignal = getsStopSignal(job) ? [`#SBATCH --signal=B:INT@${STOP_SIGNAL_LEAD_SECONDS}`] : [];
  return [
    '#!/bin/bash',
    `# mixstudy: experiment "${name}" as a SLURM job array of ${n} shards (written by \`mixstudy slurm\`).`,
    `# Array task i runs shard i/${n} into <results>/${name}/shards/<i>-of-${n}/. Running a task again resumes its`,
    '# shard where it stopped, so a timed-out or failed task i is redone with: sbatch --array=i <this file>',
    `# When every task has succeeded, ${mergeScriptName(name)} merges the shards (submit it with --dependency=afterok).`,
    `#SBATCH --job-name=mixstudy-${name}`,
    `#SBATCH --array=0-${n - 1}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${job.cpusPerTask}`,
    ...resourceLines(job),
    ...stopSignal,
    `#SBATCH --output=${spec.logDir}/${name}-%A_%a.out`,
    '',
    'set -euo pipefail',
    'if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then',
    '  echo "this is a SLURM array job: submit it with sbatch (SLURM_ARRAY_TASK_ID is not set)" >&2',
    '  exit 2',
    'fi',
    `cd ${shellQuote(spec.projectDir)}`,
    `echo "mixstudy ${name}: shard \${SLURM_ARRAY_TASK_ID}/${n} on $(hostname) with \${SLURM_CPUS_PER_TASK:-${job.cpusPerTask}} CPUs"`,
    `exec ${cli(spec)} run ${shellQuote(spec.configPath)} --results ${shellQuote(spec.resultsRoot)} \\`,
    `  --shard "\${SLURM_ARRAY_TASK_ID}/${n}" -j "\${SLURM_CPUS_PER_TASK:-${job.cpusPerTask}}"`,
    '',
  ].join('\n');
}

export function mergeScript(spec: ScriptSpec): string {
  const { name, job } = spec;
  return [
    '#!/bin/bash',
    `# mixstudy: merge the ${job.array} shards of experiment "${name}" into <results>/${name}/ (written by \`mixstudy slurm\`).`,
    `# Submit it to start after the array job: sbatch --dependency=afterok:<array job id> <this file>`,
    `#SBATCH --job-name=mixstudy-${name}-merge`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    ...resourceLines(job),
    `#SBATCH --output=${spec.logDir}/${name}-merge-%j.out`,
    '',
    'set -euo pipefail',
    `cd ${shellQuote(spec.projectDir)}`,
    `exec ${cli(spec)} merge ${shellQuote(name)} --results ${shellQuote(spec.resultsRoot)}`,
    '',
  ].join('\n');
}
