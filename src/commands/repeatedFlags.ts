/**
 * Refuses a single-valued flag given more than once (`--results a --results b`, `--shard 0/2 --shard 1/2`).
 * yargs collects the values of a repeated flag into an array whatever the option's declared type, and the
 * command code that expects a string or number then fails far from the cause (`text.trim is not a function`).
 * Installed once in src/cli.ts as middleware that runs before validation, so it covers every command's options.
 */
import { UserError } from '../errors/userError.js';

/** The part of yargs' parsed options this check reads: which keys are declared `type: 'array'`, and the aliases. */
interface OptionTable {
  readonly array?: readonly string[];
  readonly alias?: Readonly<Record<string, readonly string[]>>;
}

function optionTable(y: unknown): OptionTable {
  const get = (y as { getOptions?: unknown } | undefined)?.getOptions;
  return typeof get === 'function' ? (get.call(y) as OptionTable) : {};
}

/** `--results` / `-j`: the spelling a user would type. */
function flag(key: string): string {
  return key.length === 1 ? `-${key}` : `--${key}`;
}

/**
 * yargs middleware: throws a UserError naming the first flag given more than once. `yargsInstance` (yargs passes it
 * as the second argument) says which options are declared arrays; those may repeat.
 */
export function rejectRepeatedFlags(argv: Record<string, unknown>, yargsInstance?: unknown): void {
  const options = optionTable(yargsInstance);
  const arrays = new Set(options.array ?? []);
  // yargs also sets every alias and the camelCase spelling of a dashed name; report each option once, by its name.
  const aliasOf = new Set(Object.values(options.alias ?? {}).flat());
  for (const [key, value] of Object.entries(argv)) {
    if (key === '_' || key === '$0' || !Array.isArray(value) || arrays.has(key)) continue;
    if (aliasOf.has(key)) continue;
    if (/[A-Z]/.test(key) && `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` in argv) continue;
    const shown = value.map((v) => JSON.stringify(v)).join(', ');
    throw new UserError(`${flag(key)}: given ${value.length} times (${shown}); give it once`);
  }
}
