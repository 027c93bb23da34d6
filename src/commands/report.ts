/** `mixstudy report <name>`: write reports/<name>/ (index.html, report.md, figures) from results/<name>/. */
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors/userError.js';

interface ReportArgs {
  name: string;
  results: string;
  out?: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <name>',
  describe: 'Write the report of a finished experiment: self-contained index.html, report.md and figures',
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'experiment name (reads <results>/<name>/)' })
      .option('results', { type: 'string', default: 'results', describe: 'results root directory' })
      .option('out', { type: 'string', describe: 'output directory (default: reports/<name>): new, empty, or written by mixstudy (only files it wrote there are ever replaced or removed)' })
      .example('$0 report bw1978', 'results/bw1978/ → reports/bw1978/index.html, report.md, figures/')
      .example('$0 report bw1978 --results /scratch/results --out /tmp/bw1978-report', 'other locations'),
  handler: async (args) => {
    if (args.name.includes('/') || args.name.endsWith('.json'))
      throw new UserError(`report takes the experiment name (e.g. "bw1978"), not a path: got "${args.name}"`);
    const out = args.out ?? join('reports', args.name);
    // Loaded on demand: vega and vega-lite take ~0.6 s to import, which every other command would pay.
    const { writeReport } = await import('../report/writeReport.js');
    const { files, warnings } = await writeReport(join(args.results, args.name), out);
    for (const [id, list] of Object.entries(warnings)) for (const w of list) process.stderr.write(`figure ${id}: ${w}\n`);
    process.stderr.write(`wrote ${files.length} files to ${out}\n`);
    process.stdout.write(`${resolve(files[0])}\n`);
  },
};
