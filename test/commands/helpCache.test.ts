/**
 * src/commands/helpCache.ts: running a command no longer renders its help text (yargs' cache of it), while
 * `--help` still prints it and a failing handler still reaches the caller.
 */
import yargs, { type Argv } from 'yargs';
import { describe, expect, it } from 'vitest';
import { skipHelpCache } from '../../src/commands/helpCache.js';

interface Usage {
  hasCachedHelpMessage(): boolean;
}

function cli(handler: () => Promise<void>, skip: boolean): Argv {
  const y = yargs()
    .scriptName('t')
    .command('go', 'do it', (b) => b.option('width', { type: 'number', describe: 'a described option' }), handler)
    .fail((msg, err) => {
      if (err) throw err;
      throw new Error(msg);
    })
    .help();
  if (skip) skipHelpCache(y);
  return y;
}

const usageOf = (y: Argv): Usage => (y as unknown as { getInternalMethods(): { getUsageInstance(): Usage } }).getInternalMethods().getUsageInstance();

describe('skipHelpCache', () => {
  it('keeps yargs from rendering the help of a command it runs (which it does otherwise)', async () => {
    const plain = cli(async () => undefined, false);
    await plain.parseAsync(['go']);
    expect(usageOf(plain).hasCachedHelpMessage()).toBe(true);
    const skipped = cli(async () => undefined, true);
    await skipped.parseAsync(['go']);
    expect(usageOf(skipped).hasCachedHelpMessage()).toBe(false);
  });

  it('still prints --help, and a failing handler still rejects with its error', async () => {
    let help = '';
    const y = cli(async () => undefined, true);
    await y.parseAsync(['go', '--help'], {}, (_err, _argv, output) => {
      help = output;
    });
    expect(help).toContain('a described option');
    await expect(cli(async () => Promise.reject(new Error('boom')), true).parseAsync(['go'])).rejects.toThrow('boom');
  });
});
