/** `mixstudy replay <name>`: re-run one replication with its original streams and print the fit. */
import type { CommandModule } from 'yargs';
import { ensurePlugins } from '../plugins/loadPlugins.js';
import { readManifest } from '../results/manifest.js';
import { sampleCsvLines } from '../export/sampleCsv.js';
import { writeFileAtomic } from '../results/ndjson.js';
import { replay, replaySample } from '../runner/replay.js';
import { resultsDir } from '../runner/runExperiment.js';
import { DEFAULT_INFERENCE, replayInference } from '../runner/replayInference.js';
import { fitToJson, formatFit } from './fitJson.js';
import { formatInference } from './inferenceText.js';
import { UserError } from '../errors/userError.js';

interface ReplayArgs {
  name: string;
  condition: string;
  rep: number;
  estimator?: string;
  results: string;
  json: boolean;
  data?: string;
  se: boolean;
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
      .option('se', { type: 'boolean', default: false, describe: "also print SEs and intervals: the config's inference block (exactly the row's), else Wald at 0.95" })
      .option('data', { type: 'string', describe: 'also write the replication\'s sample to this CSV file: x1…xd and the true component (0-based)' })
      .example('$0 replay bw1978 --condition "canonical|n=1000" --rep 17 --estimator mle', 'debug one fit')
      .example('$0 replay bw1978 --condition "canonical|n=1000" --rep 17 --data sample.csv', 'the exact sample with its true labels, to fit elsewhere'),
  handler: async (a) => {
    const manifest = readManifest(resultsDir(a.results, a.name, null));
    if (manifest === null) throw new UserError(`no results for "${a.name}" in ${a.results}/ (run it first)`);
    // Plugin estimators and mechanisms of the run, from where its config found them (src/plugins/loadPlugins.ts).
    await ensurePlugins(manifest.config);
    let results;
    try {
      results = replay(manifest.config, a.condition, a.rep, a.estimator);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    if (a.data !== undefined) {
      const sample = replaySample(manifest.config, a.condition, a.rep);
      writeFileAtomic(a.data, sampleCsvLines(sample));
      process.stderr.write(`wrote ${a.data}: ${sample.data.n} points in ${sample.data.d} dimension${sample.data.d === 1 ? '' : 's'} with their true component\n`);
    }
    const inference = a.se ? replayInference(manifest.config, a.condition, a.rep, results) : null;
    const level = (manifest.config.inference ?? DEFAULT_INFERENCE).level;
    results.forEach((r, i) => {
      const inf = inference === null ? undefined : inference[i];
      if (a.json) {
        process.stdout.write(JSON.stringify({ estimator: r.estimator, method: r.method, ...fitToJson(r.fit), ...(inference === null ? {} : { inference: inf ?? null }) }) + '\n');
      } else {
        const se = inference === null ? '' : `\n${formatInference(inf, level)}`;
        process.stdout.write(`# ${r.estimator} (${r.method}) — ${a.condition}, replication ${a.rep}\n${formatFit(r.fit)}${se}\n\n`);
      }
    });
  },
};
