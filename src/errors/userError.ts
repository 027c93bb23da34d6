/**
 * An error caused by the user's input (bad file, bad flag, bad config). The CLI prints its message without a
 * stack trace and exits with `exitCode` (2 by convention: unusable input). It sits below every layer
 * (docs/ARCHITECTURE.md §2) so config, runner, report, check, paper and slurm can throw it without importing
 * src/commands.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
