/**
 * The command line before and after yargs parses it:
 * - a value that starts with a minus sign (`--means -1,1`, `--sigma -0.5`) is joined to its flag
 *   (`--means=-1,1`): yargs-parser takes a lone negative *number* as a value but reads `-1,1` as the short
 *   flags `-1` and `-,`, which ended in "Unknown argument: 1";
 * - an unknown flag gets the nearest known one ("did you mean --workers?", src/config/didYouMean.ts), since
 *   yargs' `recommendCommands` suggests commands only;
 * - the version is mixstudy's own, read from its package.json: yargs looks for the nearest package.json above
 *   the current folder, which in a project that installed mixstudy is the project's.
 */
import { readFileSync } from 'node:fs';
import { suggest } from '../config/didYouMean.js';
import { UserError } from '../errors/userError.js';

/** mixstudy's version (src/commands/ and dist/commands/ are both two levels below the package root). */
export function mixstudyVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

const FLAG_WITHOUT_VALUE = /^--?[A-Za-z][\w-]*$/;
const NEGATIVE_VALUE = /^-\.?\d/;

/** `argv` with each negative value joined to the flag before it (`--means`, `-1,1` → `--means=-1,1`); nothing after `--`. */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (FLAG_WITHOUT_VALUE.test(a) && next !== undefined && NEGATIVE_VALUE.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** `--workers` / `-j`: the spelling a user would type. */
const flag = (key: string): string => (key.length === 1 ? `-${key}` : `--${key}`);

/**
 * For yargs' "Unknown argument(s): a, b" message, ` (did you mean --x?)` for each unknown flag with a close known
 * one among `known` (the option keys of the command being parsed); '' otherwise.
 */
export function unknownFlagHint(message: string, known: readonly string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (m === null) return '';
  const hints = m[1].split(', ').flatMap((word) => {
    const guess = suggest(word, known.filter((k) => k.length > 1));
    return guess === undefined ? [] : [`${flag(word)} → ${flag(guess)}`];
  });
  if (hints.length === 0) return '';
  return hints.length === 1 ? ` (did you mean ${hints[0].split(' → ')[1]}?)` : ` (did you mean ${hints.join(', ')}?)`;
}

/**
 * yargs middleware: refuses a string option given without a value (`report x --out` at the end of the line,
 * which yargs reads as `--out ""` and which wrote the report into the current folder), and a number option
 * without a default given without a value. An empty string is never
 * a meaningful path, name or list, so this holds for every command's string options.
 */
export function rejectEmptyValues(argv: Record<string, unknown>, yargsInstance?: unknown): void {
  const get = (yargsInstance as { getOptions?: unknown } | undefined)?.getOptions;
  const options = typeof get === 'function' ? (get.call(yargsInstance) as { string?: readonly string[]; number?: readonly string[] }) : {};
  for (const key of new Set(options.string ?? [])) {
    if (argv[key] === '') {
      throw new UserError(`${flag(key)}: needs a value (e.g. ${flag(key)} <${key === 'out' || key === 'results' ? 'folder' : 'value'}>)`);
    }
  }
  // A number flag without a value (`run x.json -R`) is present with the value undefined; left alone, the command
  // ran as if it had not been given (the config's full replication count).
  for (const key of new Set(options.number ?? [])) {
    if (Object.hasOwn(argv, key) && argv[key] === undefined) throw new UserError(`${flag(key)}: needs a value (e.g. ${flag(key)} <number>)`);
  }
}
