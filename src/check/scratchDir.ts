/**
 * The scratch folder of `mixstudy check`'s fresh run (src/commands/check.ts): a new folder in the system's
 * temporary directory, removed when the check ends, fails, or is interrupted. A check has nothing to resume,
 * so Ctrl-C (SIGINT), SIGTERM or SIGHUP removes the folder and exits 130 at once; without these handlers Node
 * would die on the signal and leave the folder behind, one per interrupted check. With `keep` the folder stays
 * (the user asked for it) and its path is printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Exit code of a command stopped by a signal (README, "Failure behaviour"). */
const INTERRUPTED_EXIT = 130;

export class ScratchDir {
  readonly path: string;
  private disposed = false;
  private readonly onSignal = (): void => {
    // The handlers stay installed until the exit, so a second Ctrl-C cannot kill the process half-way.
    if (!this.disposed && !this.keep) rmSync(this.path, { recursive: true, force: true });
    this.disposed = true;
    process.stderr.write(`\nmixstudy: interrupted; ${this.keep ? 'kept' : 'removed'} the scratch folder ${this.path}\n`);
    process.exit(INTERRUPTED_EXIT);
  };

  /** Creates `<tmpdir>/<prefix>XXXXXX` and removes it on a signal until `dispose()`. */
  constructor(
    prefix: string,
    private readonly keep: boolean,
  ) {
    this.path = mkdtempSync(join(tmpdir(), prefix));
    for (const s of SIGNALS) process.on(s, this.onSignal);
  }

  /** Removes the folder (unless kept) and the signal handlers; safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of SIGNALS) process.off(s, this.onSignal);
    if (!this.keep) rmSync(this.path, { recursive: true, force: true });
  }
}
