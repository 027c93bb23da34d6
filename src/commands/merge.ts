/** `mixstudy merge <name>`: combine the shards of a sharded run into results/<name>/. */
import type { CommandModule } from 'yargs';
import { mergeShards } from '../runner/merge.js';

interface MergeArgs {
  name: string;
  results: string;
  fresh: boolean;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <name>',
  describe: 'Merge the shard outputs of a sharded run (refuses incomplete or mismatched shards)',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'experiment name (results/<name>/shards/*)' })
      .option('results', { type: 'string', default: 'results', describe: 'results root directory' })
      .option('fresh', { type: 'boolean', default: false, describe: 'replace results of another config already in results/<name>/' })
      .example('$0 merge bw1978', 'merge results/bw1978/shards/*-of-N into results/bw1978/'),
  handler: (args) => {
    const out = mergeShards(args.results, args.name, { fresh: args.fresh });
    process.stderr.write(`merged ${out.shards} shards, ${out.rows} rows → ${out.dir}\n`);
  },
};
