/**
 * `mixstudy slurm <config> --array N`: write the SLURM batch scripts that run an experiment as an N-task job
 * array (one shard per task) plus a dependent merge job, and print how to submit, watch and resume them.
 * It only writes files; submitting stays with the user, who knows their cluster's accounts and limits.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { loadConfig, loadPluginsOf } from '../config/index.js';
import { allTasks } from '../runner/plan.js';
import { submitInstructions } from '../slurm/instructions.js';
import { precisionShardsRefusal } from '../runner/precision.js';
import { checkSbatchPath, validateJobOptions } from '../slurm/jobOptions.js';
import { projectRoot } from '../slurm/projectRoot.js';
import { arrayScript, arrayScriptName, mergeScript, mergeScriptName, shortTimeWarning, type ScriptSpec } from '../slurm/sbatchScripts.js';
import { UserError } from '../errors/userError.js';

interface SlurmArgs {
  config: string;
  array: number;
  time?: string;
  mem?: string;
  partition?: string;
  'cpus-per-task': number;
  out: string;
  results: string;
}

function noNewline(flag: string, value: string): string {
  if (/[\n\r]/.test(value)) throw new UserError(`${flag}: must not contain a line break`);
  return value;
}

export const slurmCommand: CommandModule<object, SlurmArgs> = {
  command: 'slurm <config>',
  describe: 'Write SLURM batch scripts that run an experiment as a job array of shards, plus a dependent merge job',
  builder: (y) =>
    y
      .positional('config', { type: 'string', demandOption: true, describe: 'experiment JSON, e.g. experiments/bw1978.json' })
      .option('array', { type: 'number', demandOption: true, describe: 'number of array tasks = shards (task i runs shard i/N)' })
      .option('time', { type: 'string', describe: 'time limit per task, SLURM syntax (e.g. 02:00:00); default: the partition\'s' })
      .option('mem', { type: 'string', describe: 'memory per task (e.g. 2G); default: the cluster\'s' })
      .option('partition', { alias: 'p', type: 'string', describe: 'SLURM partition; default: the cluster\'s default' })
      .option('cpus-per-task', { alias: 'c', type: 'number', default: 1, describe: 'CPUs per task; each task runs that many workers' })
      .option('out', { type: 'string', default: 'slurm', describe: 'directory for the scripts (logs go to <out>/logs/)' })
      .option('results', { type: 'string', default: 'results', describe: 'results root directory the tasks write to' })
      .example('$0 slurm experiments/bw1978.json --array 16 --time 01:00:00 --mem 2G -c 4', 'write slurm/bw1978.sbatch (16 tasks × 4 CPUs) and slurm/bw1978.merge.sbatch')
      .example('jid=$(sbatch --parsable slurm/bw1978.sbatch) && sbatch --dependency=afterok:$jid slurm/bw1978.merge.sbatch', 'then submit both (printed with absolute paths)'),
  handler: async (args) => {
    const configPath = resolve(noNewline('config', args.config));
    await loadPluginsOf(configPath);
    const { config } = loadConfig(configPath);
    if (config.precision !== undefined) throw precisionShardsRefusal(config.name);
    const job = validateJobOptions(
      { array: args.array, cpusPerTask: args['cpus-per-task'], time: args.time, mem: args.mem, partition: args.partition },
      allTasks(config).length,
    );
    const outDir = checkSbatchPath('--out', resolve(args.out));
    const logDir = join(outDir, 'logs');
    const spec: ScriptSpec = {
      name: config.name,
      configPath,
      resultsRoot: resolve(noNewline('--results', args.results)),
      projectDir: noNewline('project directory', projectRoot()),
      nodePath: noNewline('node path', process.execPath),
      logDir,
      job,
    };
    // sbatch does not create the directory of --output; a missing one makes every task fail without a log.
    mkdirSync(logDir, { recursive: true });
    const arrayPath = join(outDir, arrayScriptName(config.name));
    const mergePath = join(outDir, mergeScriptName(config.name));
    for (const [path, text] of [[arrayPath, arrayScript(spec)], [mergePath, mergeScript(spec)]] as const) {
      writeFileSync(path, text);
      chmodSync(path, 0o755);
    }
    process.stdout.write(
      submitInstructions({
        name: config.name,
        shards: job.array,
        arrayScript: arrayPath,
        mergeScript: mergePath,
        logDir,
        resultsRoot: spec.resultsRoot,
        projectDir: spec.projectDir,
      }),
    );
    const warning = shortTimeWarning(job);
    if (warning !== null) process.stderr.write(`${warning}\n`);
    if (job.array > 1000) process.stderr.write('note: many clusters cap job arrays at 1001 tasks (MaxArraySize); check `scontrol show config | grep MaxArraySize`\n');
  },
};
