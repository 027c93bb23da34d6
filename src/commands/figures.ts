/** `mixstudy figures [--scale quick|full]`: run the paper's experiments (resumably) and write reports/paper/. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { isScale, SCALES, type Scale } from '../paper/scale.js';
import { barProgress, silentProgress } from '../runner/progress.js';
import { UserError } from '../errors/userError.js';

interface FiguresArgs {
  scale: string;
  workers: number;
  out: string;
  results: string;
  fresh: boolean;
  quiet: boolean;
}

export const figuresCommand: CommandModule<object, FiguresArgs> = {
  command: 'figures',
  describe: 'Regenerate every figure of the paper (runs or reuses the experiments in experiments/paper/<scale>/)',
  builder: (y) =>
    y
      .option('scale', { type: 'string', default: 'quick', choices: [...SCALES], describe: 'quick: about 165 s of CPU; full (publication scale): about 37 min of CPU (README: the cost of `figures`)' })
      .option('workers', { alias: 'j', type: 'number', default: availableParallelism(), describe: 'worker threads (default: all cores)' })
      .option('out', { type: 'string', default: 'reports/paper', describe: 'output directory: new, empty, or written by mixstudy (only files it wrote there are ever replaced or removed)' })
      .option('results', { type: 'string', default: 'results', describe: 'results root directory' })
      .option('fresh', { type: 'boolean', default: false, describe: 'discard earlier results of the paper experiments and rerun them' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress bars' })
      .check((a) => {
        if (!Number.isInteger(a.workers) || a.workers < 1) throw new UserError(`--workers: must be a positive integer (got ${a.workers})`);
        return true;
      })
      .example('$0 figures', 'quick scale: reports/paper/index.html, report.md, figures/')
      .example('$0 figures --scale full -j 16 --out /tmp/paper', 'the publication scale on 16 cores'),
  handler: async (args) => {
    if (!isScale(args.scale)) throw new UserError(`--scale: expected ${SCALES.join(' or ')} (got "${args.scale}")`);
    const scale: Scale = args.scale;
    let stop = false;
    const onSigint = (): void => {
      if (stop) process.exit(130);
      stop = true;
      process.stderr.write('\nmixstudy: stopping after the replications in progress (Ctrl-C again to abort now)…\n');
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    try {
      // Loaded on demand: vega and vega-lite take ~0.6 s to import, which every other command would pay.
      const { writePaper } = await import('../paper/index.js');
      const { files, warnings } = await writePaper({
        scale,
        resultsRoot: args.results,
        outDir: args.out,
        workers: args.workers,
        fresh: args.fresh,
        progress: args.quiet ? () => silentProgress : (label) => barProgress(label),
        log: args.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
        shouldStop: () => stop,
      });
      for (const [id, list] of Object.entries(warnings)) for (const w of list) process.stderr.write(`figure ${id}: ${w}\n`);
      const cpu = process.cpuUsage(cpu0);
      const wall = (performance.now() - started) / 1000;
      process.stderr.write(`wrote ${files.length} files to ${args.out} in ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU\n`);
      process.stdout.write(`${resolve(files[0])}\n`);
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  },
};
