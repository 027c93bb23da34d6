/** `mixstudy replay <name>`: re-run one replication with its original streams and print the fit. */
import type { CommandModule } from 'yargs';
import { readManifest } from '../results/manifest.js';
import { replay } from '../runner/replay.js';
import { resultsDir } from '../runner/runExperiment.js';
import { fitToJson, formatFit } from './fitJson.js';
import { UserError } from '../errors/userError.js';

interface ReplayArgs {
  name: string;
  condition: string;
  rep: number;
  estimator?: string;
  results: string;
  json: boolean;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <name>',
  describe: 'Re-run exactly one replication of a finished or partial run, with its original seeds, and print the fits',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'experiment name (reads results/<name>/manifest.json)' })
      .option('condition', { type: 'string', demandOption: true, describe: 'condition key as in replications.ndjson, e.g. "canonical|n=1000"' })
      .option('rep', { type: 'number', demandOption: true, describe: 'replication index (0-based)' })
      .option('estimator', { type: 'string', describe: 'estimator id (default: all)' })
      .option('results', { type: 'string', default: 'results' })
      .option('json', { type: 'boolean', default: false })
      .example('$0 replay bw1978 --condition "canonical|n=1000" --rep 17 --estimator mle', 'debug one fit'),
  handler: (a) => {
    const manifest = readManifest(resultsDir(a.results, a.name, null));
    if (manifest === null) throw new UserError(`no results for "${a.name}" in ${a.results}/ (run it first)`);
    let results;
    try {
      results = replay(manifest.config, a.condition, a.rep, a.estimator);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    for (const r of results) {
      if (a.json) process.stdout.write(JSON.stringify({ estimator: r.estimator, method: r.method, ...fitToJson(r.fit) }) + '\n');
      else process.stdout.write(`# ${r.estimator} (${r.method}) — ${a.condition}, replication ${a.rep}\n${formatFit(r.fit)}\n\n`);
    }
  },
};
