/** The error every invalid experiment config (or unreadable config file) is reported with. */
import { UserError } from '../errors/userError.js';

/**
 * One error for all problems found, so a user fixes a config in one round trip instead of one per problem.
 * Exit code 2 (unusable input) via UserError.
 */
export class ConfigError extends UserError {
  constructor(
    readonly source: string,
    /** One `<path>: <what was expected> (got <what>)` line each. */
    readonly problems: readonly string[],
    headline = 'invalid experiment config',
  ) {
    super([`${source}: ${headline}`, ...problems.map((p) => `  ${p}`)].join('\n'), 2);
    this.name = 'ConfigError';
  }
}
