/**
 * `mixstudy check <name>`: run the experiment afresh into a scratch directory (or `--reuse` the complete run in
 * results/<name>/) and compare it with results/<name>/baseline.json (src/check/runCheck.ts). Prints every
 * measure that moved and the scientific invariants; `--json` prints the whole report instead.
 *
 * Exit codes: 0 pass; 1 a regression (a measure moved beyond z, a cell or measure disappeared, an invariant
 * failed); 2 unusable input — missing, malformed or inconsistent baseline, baseline without MCSEs, a config
 * whose design (mixtures, n, nesting, estimators, estimands) differs from the baseline's, or `--reuse` without
 * a complete run of this config. A different seed or replication count is not a mismatch: it selects the
 * independent mode instead of the paired one.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { configHash, loadConfig, loadPluginsOf, type ExperimentConfig } from '../config/index.js';
import { readBaseline } from '../check/baseline.js';
import { matchConfigs } from '../check/configMatch.js';
import { DEFAULT_THRESHOLDS } from '../check/measures.js';
import { loadRunResults, type RunResults } from '../check/results.js';
import { runCheck } from '../check/runCheck.js';
import { ScratchDir } from '../check/scratchDir.js';
import { formatReport, reportJson } from '../check/table.js';
import { runExperiment } from '../runner/runExperiment.js';
import { UserError } from '../errors/userError.js';

interface CheckArgs {
  name: string;
  config?: string;
  baseline?: string;
  results: string;
  z: number;
  negligible: number;
  alpha: number;
  holm: boolean;
  json: boolean;
  reuse: boolean;
  workers: number;
  keep: boolean;
}

/** --config, else experiments/regression/<name>.json when it exists, else the config stored in the baseline. */
function resolveConfig(args: CheckArgs, fromBaseline: ExperimentConfig): { config: ExperimentConfig; source: string } {
  const path = args.config ?? join('experiments', 'regression', `${args.name}.json`);
  if (args.config !== undefined || existsSync(path)) return { config: loadConfig(path).config, source: path };
  return { config: fromBaseline, source: 'the baseline\'s own config' };
}

async function freshRun(config: ExperimentConfig, scratch: string, workers: number, quiet: boolean): Promise<RunResults> {
  if (!quiet) process.stderr.write(`running ${config.name} afresh in ${scratch} (${workers} workers)…\n`);
  const outcome = await runExperiment({ config, resultsRoot: scratch, workers, shard: null, fresh: true });
  if (!outcome.complete) throw new UserError(`${config.name}: the fresh run did not complete (${outcome.tasksRun}/${outcome.tasksTotal} tasks)`);
  if (!quiet) process.stderr.write(`ran ${outcome.fits} fits in ${outcome.wallSeconds.toFixed(1)} s (${outcome.failures} failed fits)\n`);
  return loadRunResults(outcome.dir, 'the fresh run');
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <name>',
  describe: 'Re-run an experiment and compare every performance measure with its baseline (exit 1 on a regression)',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'experiment name' })
      .option('config', { type: 'string', describe: 'experiment config (default experiments/regression/<name>.json, else the baseline\'s own)' })
      .option('baseline', { type: 'string', describe: 'baseline file (default <results>/<name>/baseline.json)' })
      .option('results', { type: 'string', default: 'results', describe: 'results root (baseline location; the run reused by --reuse)' })
      .option('z', { type: 'number', default: DEFAULT_THRESHOLDS.z, describe: 'regression threshold on |z|' })
      .option('negligible', { type: 'number', default: DEFAULT_THRESHOLDS.negligible, describe: 'changes ≤ this many baseline MCSEs never count' })
      .option('alpha', { type: 'number', default: DEFAULT_THRESHOLDS.alpha ?? 0.01, describe: 'family-wise false-alarm rate over all tests (Holm 1979)' })
      .option('holm', { type: 'boolean', default: true, describe: 'control the family-wise false-alarm rate (--no-holm: judge each measure alone by --z)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the full report as JSON' })
      .option('reuse', { type: 'boolean', default: false, describe: 'compare the complete run in <results>/<name>/ instead of running afresh' })
      .option('workers', { alias: 'j', type: 'number', default: availableParallelism(), describe: 'worker threads for the fresh run' })
      .option('keep', { type: 'boolean', default: false, describe: 'keep the scratch results of the fresh run' })
      .check((a) => {
        if (!(a.z > 0)) throw new UserError(`--z: must be > 0 (got ${a.z})`);
        if (!(a.negligible >= 0)) throw new UserError(`--negligible: must be ≥ 0 (got ${a.negligible})`);
        if (!(a.alpha > 0 && a.alpha < 1)) throw new UserError(`--alpha: must be between 0 and 1 (got ${a.alpha})`);
        if (!Number.isInteger(a.workers) || a.workers < 1) throw new UserError(`--workers: must be a positive integer (got ${a.workers})`);
        return true;
      })
      .example('$0 check regression-canonical', 'run experiments/regression/regression-canonical.json and compare with its committed baseline')
      .example('$0 check bw1978 --reuse --json', 'compare the existing results/bw1978 run, machine-readable'),
  handler: async (args) => {
    const baselinePath = args.baseline ?? join(args.results, args.name, 'baseline.json');
    const baseline = readBaseline(baselinePath);
    if (baseline.name !== args.name) throw new UserError(`${baselinePath}: is the baseline of "${baseline.name}", not "${args.name}"`);
    await loadPluginsOf(args.config ?? join('experiments', 'regression', `${args.name}.json`));
    const { config, source } = resolveConfig(args, baseline.config);
    if (config.name !== args.name) throw new UserError(`${source}: is the config of "${config.name}", not "${args.name}"`);
    matchConfigs(baseline.config, config, baselinePath); // exit 2 before spending time on a run
    if (!args.json) process.stderr.write(`config: ${source}\n`);

    // Made before the run, so a run that fails or is interrupted (Ctrl-C) removes it as well.
    const scratch = args.reuse ? null : new ScratchDir(`mixstudy-check-${config.name}-`, args.keep);
    try {
      let results: RunResults;
      if (scratch === null) {
        const dir = join(args.results, args.name);
        results = loadRunResults(dir, `run it (\`mixstudy run <config> --results ${args.results}\`) or drop --reuse`);
        if (results.manifest.configHash !== configHash(config)) {
          throw new UserError(`${dir}: was run from a different config than ${source}; drop --reuse to run afresh, or pass --config`);
        }
      } else {
        results = await freshRun(config, scratch.path, args.workers, args.json);
      }
      const report = runCheck({ baseline, baselinePath, config, results, reused: args.reuse, thresholds: { z: args.z, negligible: args.negligible, alpha: args.holm ? args.alpha : null } });
      process.stdout.write(args.json ? reportJson(report) : formatReport(report));
      if (scratch !== null && args.keep) process.stderr.write(`kept the fresh run in ${join(scratch.path, args.name)}\n`);
      process.exitCode = report.passed ? 0 : 1;
    } finally {
      scratch?.dispose();
    }
  },
};
