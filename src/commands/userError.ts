/**
 * An error caused by the user's input (bad file, bad flag, bad config). The CLI prints its message without a
 * stack trace and exits with `exitCode` (2 by convention: unusable input).
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
