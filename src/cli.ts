/** The `mixstudy` command line: yargs wiring only; each command lives in its own module under src/commands/. */
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UserError } from './commands/userError.js';

// Each command module exports `command: CommandModule`. Add one line per command here.
const commands: CommandModule[] = [];

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
