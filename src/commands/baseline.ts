/**
 * `mixstudy baseline <name>`: write `results/<name>/baseline.json` from the completed run in
 * `results/<name>/` — the explicit, and only, way a baseline is created or replaced (docs/ARCHITECTURE.md §7). The file
 * holds the summary cells with MCSEs, the config, seed and hash, per-replication values for the paired check,
 * and provenance (src/check/baseline.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { loadConfig, loadPluginsOf } from '../config/index.js';
import { buildBaseline, readBaseline, writeBaseline } from '../check/baseline.js';
import { applyFamilywise } from '../check/familywise.js';
import { checkInvariants } from '../check/invariants.js';
import { loadRunResults } from '../check/results.js';
import { DEFAULT_THRESHOLDS } from '../check/measures.js';
import { acquireLock } from '../runner/lock.js';
import { UserError } from '../errors/userError.js';

interface BaselineArgs {
  name: string;
  results: string;
  config?: string;
  out?: string;
}

export const baselineCommand: CommandModule<object, BaselineArgs> = {
  command: 'baseline <name>',
  describe: 'Write results/<name>/baseline.json from a completed run (the only way a baseline changes)',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'experiment name (reads results/<name>/)' })
      .option('results', { type: 'string', default: 'results', describe: 'results root directory' })
      .option('config', { type: 'string', describe: 'refuse unless the run was made from exactly this config file' })
      .option('out', { type: 'string', describe: 'write here instead of <results>/<name>/baseline.json' })
      .example('$0 run experiments/regression/regression-canonical.json && $0 baseline regression-canonical --config experiments/regression/regression-canonical.json', 'regenerate a committed regression baseline'),
  handler: async (args) => {
    if (args.config !== undefined) await loadPluginsOf(args.config);
    const dir = join(args.results, args.name);
    // Locked so no run, --fresh or merge changes the folder while the baseline is read from it.
    const lock = existsSync(dir) ? acquireLock(dir) : null;
    try {
      writeBaselineOf(args, dir);
    } finally {
      lock?.release();
    }
  },
};

function writeBaselineOf(args: BaselineArgs, dir: string): void {
  const results = loadRunResults(dir, `run it first: \`mixstudy run <config> --results ${args.results}\``);
  if (results.manifest.name !== args.name) throw new UserError(`${dir}: holds the run of "${results.manifest.name}", not "${args.name}"`);
  if (args.config !== undefined) {
    const loaded = loadConfig(args.config);
    if (loaded.hash !== results.manifest.configHash) {
      throw new UserError(
        `${dir}: was run from a different config than ${args.config} (hash ${results.manifest.configHash.slice(0, 12)} vs ${loaded.hash.slice(0, 12)}); ` +
          `rerun it: \`mixstudy run ${args.config} --fresh --results ${args.results}\``,
      );
    }
  }
  const out = args.out ?? join(dir, 'baseline.json');
  let replaced = '';
  if (existsSync(out)) {
    try {
      const old = readBaseline(out);
      replaced = `; replaced the baseline written ${old.provenance.createdAt}` + (old.replicationsSha256 === results.replicationsSha256 ? ' (same replications, bit-identical)' : ' (replications differ)');
    } catch {
      replaced = '; replaced an unreadable baseline';
    }
  }
  const baseline = buildBaseline(results);
  writeBaseline(out, baseline);
  const kb = (statSync(out).size / 1024).toFixed(1);
  const commit = baseline.provenance.run.gitCommit ?? 'no git commit';
  process.stderr.write(
    `wrote ${out}: ${baseline.cells.length} cells, ${baseline.paired.cells.length} per-replication arrays × ${baseline.replications}, ${kb} KB ` +
      `(run at ${commit})${replaced}\n`,
  );
  // The same family-wise rule as `mixstudy check` (src/check/familywise.ts), over the invariants alone.
  const invariants = checkInvariants(results.manifest.config, results.summary.cells, DEFAULT_THRESHOLDS.z);
  const failed = applyFamilywise([], invariants, DEFAULT_THRESHOLDS).invariants.filter((r) => r.verdict === 'fail');
  for (const r of failed) {
    process.stderr.write(`warning: invariant fails in this run: ${r.estimator} ${r.estimand} at n = ${r.n}, z = ${r.z === null ? '—' : r.z.toFixed(2)}${r.note === undefined ? '' : ` (${r.note})`}\n`);
  }
}
