/** `mixstudy run <config>`: run an experiment (or one shard of it), resumably, with progress. */
import { availableParallelism } from 'node:os';
import type { CommandModule } from 'yargs';
// Light imports only: the config schema (zod) and the runner load inside the handler, after the worker
// threads have been started, so that their ~150 ms start-up overlaps this thread's loading.
import { prestartWorkers, releasePrestarted } from '../runner/pool.js';
import { parseShard, type Shard } from '../runner/shard.js';
import { UserError } from '../errors/userError.js';
import type { Environment } from '../results/manifest.js';

interface RunArgs {
  config: string;
  workers: number;
  shard?: string;
  fresh: boolean;
  resume: boolean;
  replications?: number;
  results: string;
  quiet: boolean;
}

/**
 * `--shard`, else the SLURM array variables, else the whole plan. The environment only identifies a shard for a
 * complete, contiguous array of N > 1 tasks (`--array=0-(N-1)` or `1-N`): a re-submitted single task (`--array=5`) or a stepped
 * or listed array says nothing about N, so those must pass `--shard` explicitly (the scripts from
 * `mixstudy slurm` always do).
 */
export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | null {
  if (flag !== undefined) return parseShard(flag);
  const id = env.SLURM_ARRAY_TASK_ID;
  const count = env.SLURM_ARRAY_TASK_COUNT;
  if (id === undefined || count === undefined) return null;
  const min = Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
  const max = Number(env.SLURM_ARRAY_TASK_MAX ?? Number(count) - 1 + min);
  const step = Number(env.SLURM_ARRAY_TASK_STEP ?? 1);
  if (step !== 1 || max - min + 1 !== Number(count) || Number(count) === 1) {
    throw new Error(
      `SLURM array ${min}-${max}:${step} with ${count} task(s) does not identify the shard (a re-submitted task or a ` +
        'stepped array looks like this); pass --shard i/N explicitly',
    );
  }
  return parseShard(`${Number(id) - min}/${count}`);
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <config>',
  describe: 'Run an experiment config (resumes an interrupted run of the same config)',
  builder: (y) =>
    y
      .positional('config', { type: 'string', demandOption: true, describe: 'experiment JSON, e.g. experiments/bw1978.json' })
      .option('workers', { alias: 'j', type: 'number', default: availableParallelism(), describe: 'threads running tasks: this one plus N − 1 worker threads (default: all cores)' })
      .option('shard', { type: 'string', describe: 'run part i of N (0-based, "i/N"); defaults to SLURM_ARRAY_TASK_ID/COUNT when set' })
      .option('fresh', { type: 'boolean', default: false, describe: 'discard existing results of this experiment and start over' })
      .option('resume', { type: 'boolean', default: true, describe: 'continue where an earlier run stopped (default; --no-resume refuses existing results)' })
      .option('replications', { alias: 'R', type: 'number', describe: 'override the config\'s replication count' })
      .option('results', { type: 'string', default: 'results', describe: 'results root directory' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress bar' })
      .check((a) => {
        if (!Number.isInteger(a.workers) || a.workers < 1) throw new UserError(`--workers: must be a positive integer (got ${a.workers})`);
        if (a.replications !== undefined && (!Number.isInteger(a.replications) || a.replications < 2))
          throw new UserError(`--replications: must be an integer ≥ 2 (got ${a.replications})`);
        return true;
      })
      .example('$0 run experiments/bw1978.json', 'run the canonical study on all cores')
      .example('$0 run experiments/bw1978.json -R 20 -j 1', 'a quick single-threaded run with 20 replications')
      .example('$0 run experiments/bw1978.json --shard 2/8', 'run shard 2 of 8 (then `mixstudy merge bw1978`)'),
  handler: async (args) => {
    if (args.workers > 1) prestartWorkers(args.workers - 1);
    // The manifest's provenance (two git queries) runs as child processes while this thread loads the runner.
    const environment = import('../runner/provenance.js').then((m) => m.environmentAsync());
    environment.catch(() => undefined); // awaited by the run; a run refused before that never needs it
    try {
      await runHandler(args, environment);
    } finally {
      await releasePrestarted();
    }
  },
};

async function runHandler(args: RunArgs, environment: Promise<Environment>): Promise<void> {
  const [{ loadConfigAndPlugins, withReplications }, { barProgress, silentProgress }, { readManifest }, { resultsDir, runExperiment }] = await Promise.all([
    import('../config/index.js'),
    import('../runner/progress.js'),
    import('../results/manifest.js'),
    import('../runner/runExperiment.js'),
  ]);
  const loaded = await loadConfigAndPlugins(args.config);
  const config = args.replications === undefined ? loaded.config : withReplications(loaded.config, args.replications);
  let shard: Shard | null;
  try {
    shard = resolveShard(args.shard);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  let stopRequested = false;
  const onSigint = (): void => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    process.stderr.write('\nmixstudy: stopping after the replications in progress (Ctrl-C again to abort now)…\n');
  };
  // SIGTERM is what SLURM and most process managers send at a time limit.
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    if (!args.resume && !args.fresh) {
      if (readManifest(resultsDir(args.results, config.name, shard)) !== null)
        throw new UserError(`results for "${config.name}" exist; use --fresh to start over or drop --no-resume`);
    }
    const label = shard === null ? config.name : `${config.name} shard ${shard.index}/${shard.count}`;
    const outcome = await runExperiment({
      config,
      resultsRoot: args.results,
      workers: args.workers,
      shard,
      fresh: args.fresh,
      progress: args.quiet ? silentProgress : barProgress(label),
      shouldStop: () => stopRequested,
      environment,
    });
    const rate = outcome.wallSeconds > 0 ? outcome.fits / outcome.wallSeconds : 0;
    const resumed = outcome.tasksResumed > 0 ? `, ${outcome.tasksResumed} resumed from earlier runs` : '';
    process.stderr.write(
      `${label}: ${outcome.tasksRun} replications run (${outcome.fits} fits)${resumed} in ${outcome.wallSeconds.toFixed(1)} s ` +
        `(${rate.toFixed(0)} fits/s, ${outcome.failures} failed fits) → ${outcome.dir}\n`,
    );
    if (!outcome.complete) {
      process.stderr.write(`interrupted: ${outcome.tasksResumed + outcome.tasksRun}/${outcome.tasksTotal} done; run the same command again to resume\n`);
      process.exitCode = 130;
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
