/** The `mixstudy` command line: yargs wiring only; each command lives in its own module under src/commands/. */
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { baselineCommand } from './commands/baseline.js';
import { checkCommand } from './commands/check.js';
import { figuresCommand } from './commands/figures.js';
import { fitCommand } from './commands/fit.js';
import { limitCommand } from './commands/limit.js';
import { mergeCommand } from './commands/merge.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { slurmCommand } from './commands/slurm.js';
import { UserError } from './commands/userError.js';

// Each command module exports `command: CommandModule`. Add one line per command here.
const commands: CommandModule[] = [
  runCommand as CommandModule,
  mergeCommand as CommandModule,
  replayCommand as CommandModule,
  fitCommand as CommandModule,
  limitCommand as CommandModule,
  slurmCommand as CommandModule,
  checkCommand as CommandModule,
  baselineCommand as CommandModule,
  reportCommand as CommandModule,
  figuresCommand as CommandModule,
];

try {
  let cli = yargs(hideBin(process.argv))
    .scriptName('mixstudy')
    .usage('$0 <command> [options]')
    .demandCommand(1, 'Name a command; see `mixstudy --help`.')
    .strict()
    .recommendCommands()
    .fail((msg, err) => {
      if (err) throw err;
      throw new UserError(`${msg}\n(see \`mixstudy --help\` or \`mixstudy <command> --help\`)`);
    })
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110));
  for (const c of commands) cli = cli.command(c);
  await cli.parseAsync();
} catch (err) {
  if (err instanceof UserError) {
    process.stderr.write(`mixstudy: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    throw err;
  }
}
