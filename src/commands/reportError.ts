/**
 * What the command line prints for an error that ends a command, and the exit code it returns: a UserError
 * (src/errors/userError.ts) or a known system error (src/commands/systemError.ts) as one line without a
 * stack trace; a closed output pipe silently; anything else as a bug in mixstudy, with its stack, because
 * only the trace lets it be fixed.
 *
 * Exit codes (README, "Failure behaviour"): 0 success; 1 a regression found by `check`; 2 unusable input;
 * 3 the machine refused (disk full, read-only or forbidden folder); 70 an internal error (EX_SOFTWARE of
 * sysexits.h, kept apart from 1 so a crash is never read as a regression); 130 interrupted; 141 the output
 * pipe was closed (`mixstudy … | head`).
 */
import { describeSystemError } from './systemError.js';
import { UserError } from '../errors/userError.js';

/** Exit code of an internal error: a bug in mixstudy. */
export const INTERNAL_ERROR_EXIT = 70;

/** The text to print for `err` (empty: print nothing) and the exit code. */
export function errorReport(err: unknown): { text: string; exitCode: number } {
  if (err instanceof UserError) return { text: `mixstudy: ${err.message}\n`, exitCode: err.exitCode };
  const system = describeSystemError(err);
  if (system !== null) return { text: system.message === '' ? '' : `mixstudy: ${system.message}\n`, exitCode: system.exitCode };
  const trace = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return {
    text:
      'mixstudy: internal error — this is a bug in mixstudy, not a problem with your input; please report it ' +
      `with the command you ran and the trace below:\n${trace}\n`,
    exitCode: INTERNAL_ERROR_EXIT,
  };
}

/** Prints the report of `err` to stderr (ignoring a stderr that is itself gone) and returns the exit code. */
export function reportError(err: unknown): number {
  const { text, exitCode } = errorReport(err);
  if (text !== '') {
    try {
      process.stderr.write(text);
    } catch {
      // stderr closed too: the exit code is all that is left to say it
    }
  }
  return exitCode;
}
