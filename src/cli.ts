/** The `mixstudy` command line: yargs wiring only; each command lives in its own module under src/commands/. */
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { BROKEN_PIPE_EXIT } from './commands/systemError.js';
import { joinNegativeValues, mixstudyVersion, rejectEmptyValues, unknownFlagHint } from './commands/cliArgs.js';
import { rejectRepeatedFlags } from './commands/repeatedFlags.js';
import { skipHelpCache } from './commands/helpCache.js';
import { useShippedFiles } from './commands/shipped.js';
import { reportError } from './commands/reportError.js';
import { UserError } from './errors/userError.js';

// A reader that stops reading (`mixstudy replay … | head -1`) closes the pipe; like other Unix tools, stop
// quietly instead of dying on an unhandled 'error' event with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(BROKEN_PIPE_EXIT);
    throw err;
  });
}
// An error thrown outside the command's promise chain (an event handler, a timer) is reported like any other.
process.on('uncaughtException', (err) => process.exit(reportError(err)));

/**
 * Each command module exports a `CommandModule`; add one line per command here (the order is `--help`'s). Only
 * the command being run is imported: loading all ten (with the check, SLURM and theory code behind them) was a
 * quarter of the start-up of every `mixstudy run`. Without a known command name (`--help`, a typo) all load,
 * so the help lists them and yargs can suggest the nearest.
 */
const loaders: Record<string, () => Promise<CommandModule>> = {
  run: async () => (await import('./commands/run.js')).runCommand as CommandModule,
  merge: async () => (await import('./commands/merge.js')).mergeCommand as CommandModule,
  replay: async () => (await import('./commands/replay.js')).replayCommand as CommandModule,
  fit: async () => (await import('./commands/fit.js')).fitCommand as CommandModule,
  limit: async () => (await import('./commands/limit.js')).limitCommand as CommandModule,
  slurm: async () => (await import('./commands/slurm.js')).slurmCommand as CommandModule,
  check: async () => (await import('./commands/check.js')).checkCommand as CommandModule,
  baseline: async () => (await import('./commands/baseline.js')).baselineCommand as CommandModule,
  report: async () => (await import('./commands/report.js')).reportCommand as CommandModule,
  export: async () => (await import('./commands/export.js')).exportCommand as CommandModule,
  figures: async () => (await import('./commands/figures.js')).figuresCommand as CommandModule,
  init: async () => (await import('./commands/init.js')).initCommand as CommandModule,
};
const named = process.argv[2];
const wanted = named !== undefined && Object.hasOwn(loaders, named) ? [named] : Object.keys(loaders);
const commands = await Promise.all(wanted.map((name) => loaders[name]()));

try {
  let cli = yargs(joinNegativeValues(hideBin(process.argv)))
    .scriptName('mixstudy')
    .version(mixstudyVersion())
    .usage('$0 <command> [options]')
    .demandCommand(1, 'Name a command; see `mixstudy --help`.')
    .strict()
    .recommendCommands()
    .middleware(rejectRepeatedFlags, true)
    .middleware(rejectEmptyValues, true)
    .middleware(useShippedFiles)
    .fail((msg, err, usage) => {
      if (err) throw err;
      // yargs passes its usage object, whose descriptions name every option of the command being parsed.
      const described = (usage as unknown as { getDescriptions?: () => Record<string, unknown> }).getDescriptions?.() ?? {};
      throw new UserError(`${msg}${unknownFlagHint(msg, Object.keys(described))}\n(see \`mixstudy --help\` or \`mixstudy <command> --help\`)`);
    })
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110));
  for (const c of commands) cli = cli.command(c);
  skipHelpCache(cli);
  await cli.parseAsync();
} catch (err) {
  // One line for a UserError or a known system error (disk full, read-only folder, …); a stack only for a bug.
  process.exitCode = reportError(err);
}
