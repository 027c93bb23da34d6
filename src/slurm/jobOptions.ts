/**
 * The resources a user asks for in `mixstudy slurm` (array size, time, memory, partition, CPUs per task),
 * validated against SLURM's own syntax before any script is written, so a typo fails here with a precise
 * message (exit 2) instead of as a rejected `sbatch` submission on the cluster, or as a job that never starts.
 */
import { UserError } from '../errors/userError.js';

export interface JobOptions {
  /** Number of array tasks = shards (array indices 0..array-1). */
  readonly array: number;
  readonly cpusPerTask: number;
  /** SLURM time limit as written (e.g. 02:00:00); omitted → the partition's default. */
  readonly time?: string;
  /** Memory per node as written (e.g. 2G); omitted → the cluster's default. */
  readonly mem?: string;
  readonly partition?: string;
}

/** SLURM's accepted --time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S. */
const TIME_FORMS: readonly RegExp[] = [
  /^(\d+)$/,
  /^(\d+):(\d+)$/,
  /^(\d+):(\d+):(\d+)$/,
  /^(\d+)-(\d+)$/,
  /^(\d+)-(\d+):(\d+)$/,
  /^(\d+)-(\d+):(\d+):(\d+)$/,
];

/** Seconds in a SLURM --time value, or null when it is not one of SLURM's forms (or a field is out of range). */
export function parseSlurmTime(text: string): number | null {
  const form = TIME_FORMS.findIndex((re) => re.test(text));
  if (form < 0) return null;
  const f = (TIME_FORMS[form].exec(text) ?? []).slice(1).map(Number);
  const [d, h, m, s] =
    form === 0 ? [0, 0, f[0], 0]
    : form === 1 ? [0, 0, f[0], f[1]]
    : form === 2 ? [0, f[0], f[1], f[2]]
    : form === 3 ? [f[0], f[1], 0, 0]
    : form === 4 ? [f[0], f[1], f[2], 0]
    : [f[0], f[1], f[2], f[3]];
  // The leading field may be large (e.g. 90 minutes, 36:00:00); the ones after it are clock fields.
  const leadingIsMinutes = form <= 1;
  if (s > 59 || (!leadingIsMinutes && m > 59) || (form >= 3 && h > 23)) return null;
  return ((d * 24 + h) * 60 + m) * 60 + s;
}

const MEM = /^[1-9]\d*[KMGT]?$/i;
const PARTITION = /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/;

/** A positive integer flag; yargs hands over NaN for non-numbers. */
function positiveInteger(flag: string, value: number, problems: string[]): void {
  if (!Number.isInteger(value) || value < 1) problems.push(`${flag}: expected a positive integer (got ${value})`);
}

/**
 * Checks every option (reporting all problems at once). `tasks` is the number of replication tasks in the
 * plan (mixtures × replications): more shards than tasks would leave some array tasks with nothing to do.
 */
export function validateJobOptions(options: JobOptions, tasks: number): JobOptions {
  const problems: string[] = [];
  positiveInteger('--array', options.array, problems);
  if (Number.isInteger(options.array) && options.array > tasks) {
    problems.push(`--array: ${options.array} shards but the plan has only ${tasks} replication tasks (mixtures × replications); use --array ${tasks} or fewer`);
  }
  positiveInteger('--cpus-per-task', options.cpusPerTask, problems);
  if (options.time !== undefined) {
    const seconds = parseSlurmTime(options.time);
    if (seconds === null) problems.push(`--time: expected a SLURM time such as 30, 45:00, 02:00:00 or 1-12:00:00 (got "${options.time}")`);
    else if (seconds === 0) problems.push('--time: must be longer than 0 (omit it for the partition default)');
  }
  if (options.mem !== undefined && !MEM.test(options.mem)) problems.push(`--mem: expected a size such as 500M or 2G (got "${options.mem}")`);
  if (options.partition !== undefined && !PARTITION.test(options.partition)) {
    problems.push(`--partition: expected a partition name (letters, digits, . _ -; comma-separated for several) (got "${options.partition}")`);
  }
  if (problems.length > 0) throw new UserError(problems.join('\n'));
  return options;
}

/**
 * A directory that ends up in an `#SBATCH --output=` line: SLURM expands `%` patterns there and does no shell
 * quoting, so whitespace, quotes, `%`, `$` and backslashes are refused.
 */
export function checkSbatchPath(flag: string, path: string): string {
  if (/[\s'"%$\\`]/.test(path)) {
    throw new UserError(`${flag}: "${path}" is used in #SBATCH lines, which cannot hold spaces, quotes, %, $ or backslashes; choose another directory`);
  }
  return path;
}
