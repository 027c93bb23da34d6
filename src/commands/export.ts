/** `mixstudy export <name>`: the replications and the summary of a finished run as two tidy CSV files. */
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors/userError.js';

interface ExportArgs {
  name: string;
  results: string;
  out?: string;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <name>',
  describe: 'Write the replications and the summary of a finished experiment as tidy CSV (for R, pandas, …)',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'experiment name (reads <results>/<name>/)' })
      .option('results', { type: 'string', default: 'results', describe: 'results root directory' })
      .option('out', {
        type: 'string',
        describe: 'output directory (default: exports/<name>): new, empty, or written by mixstudy (only files it wrote there are ever replaced or removed)',
      })
      .example('$0 export bw1978', 'results/bw1978/ → exports/bw1978/replications.csv, summary.csv')
      .example('Rscript -e \'r <- read.csv("exports/bw1978/replications.csv")\'', 'one line in R (pandas: pd.read_csv)'),
  handler: async (args) => {
    if (args.name.includes('/') || args.name.endsWith('.json'))
      throw new UserError(`export takes the experiment name (e.g. "bw1978"), not a path: got "${args.name}"`);
    const out = args.out ?? join('exports', args.name);
    const { writeExport } = await import('../export/writeExport.js');
    const { files, rows, cells } = writeExport(join(args.results, args.name), out);
    process.stderr.write(`wrote ${files[0]} (${rows} rows) and ${files[1]} (${cells} cells × their measures)\n`);
    for (const f of files) process.stdout.write(`${resolve(f)}\n`);
  },
};
