/**
 * yargs renders the whole help text of a command each time the command runs, before the handler's first await
 * returns (its usage `cacheHelpMessage`, kept so that a failure inside the handler can print that command's
 * help): ~40 ms of string-width measuring on the main thread at every `mixstudy run`, while the worker threads
 * wait for their config. mixstudy never prints help after a handler has started — the `.fail` handler of
 * src/cli.ts rethrows, and src/commands/reportError.ts reports the error in one line — so the text is not
 * rendered. `--help` and a parse error render it as before. yargs does not type this internal; if a version
 * lacks it, nothing changes.
 */

interface UsageInternals {
  cacheHelpMessage?: unknown;
}

interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => UsageInternals | undefined };
}

/** Makes the yargs instance `cli` skip rendering a command's help when the command runs. */
export function skipHelpCache(cli: object): void {
  const usage = (cli as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage !== undefined && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = (): void => undefined;
}
