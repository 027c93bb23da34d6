/**
 * The command line around yargs (src/commands/cliArgs.ts, wired in src/cli.ts): mixstudy's own version in a
 * project of another version, a suggestion for a misspelt flag, negative numbers as values, and a path flag
 * given without a value refused instead of writing into the current folder.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinNegativeValues, unknownFlagHint } from '../../src/commands/cliArgs.js';
import { tempDir } from '../runner/helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');
const ours = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

function mixstudy(args: readonly string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });
}

/** An empty project of version 1.0.0, as a user's folder would be. */
function hostProject(): string {
  const dir = tempDir('mixstudy-host-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'host', version: '1.0.0' }));
  return dir;
}

describe('joinNegativeValues', () => {
  it('joins a value starting with a minus sign to the flag before it, and nothing else', () => {
    expect(joinNegativeValues(['limit', '--means', '-1,1', '--sigma', '1'])).toEqual(['limit', '--means=-1,1', '--sigma', '1']);
    expect(joinNegativeValues(['limit', '--means', '-.5;0.5', '-q', '--json'])).toEqual(['limit', '--means=-.5;0.5', '-q', '--json']);
    expect(joinNegativeValues(['fit', 'x.csv', '--means=-1,1', '--', '--a', '-1'])).toEqual(['fit', 'x.csv', '--means=-1,1', '--', '--a', '-1']);
    expect(joinNegativeValues(['run', 'a.json', '-j', '2', '--fresh', '-q'])).toEqual(['run', 'a.json', '-j', '2', '--fresh', '-q']);
  });
});

describe('unknownFlagHint', () => {
  it('names the nearest known flag of the command, or nothing', () => {
    expect(unknownFlagHint('Unknown argument: worker', ['help', 'version', 'workers', 'results'])).toBe(' (did you mean --workers?)');
    expect(unknownFlagHint('Unknown arguments: worker, reslts', ['workers', 'results'])).toBe(' (did you mean --worker → --workers, --reslts → --results?)');
    expect(unknownFlagHint('Unknown argument: zzz', ['workers'])).toBe('');
    expect(unknownFlagHint('Missing required argument: rep', ['rep'])).toBe('');
  });
});

describe('the mixstudy command line in another project', () => {
  it('--version prints mixstudy\'s version, not the project\'s', async () => {
    const out = await mixstudy(['--version'], hostProject());
    expect(out.stdout.trim()).toBe(ours);
    expect(ours).not.toBe('1.0.0');
  });

  it('a misspelt flag gets a suggestion (exit 2)', async () => {
    const out = await mixstudy(['run', 'x.json', '--worker', '2'], hostProject());
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^mixstudy: Unknown argument: worker \(did you mean --workers\?\)/);
  });

  it('--means -1,1 is a value, not flags', async () => {
    const out = await mixstudy(['limit', '--weights', '0.5,0.5', '--means', '-1,1', '--sigma', '1', '--json'], hostProject());
    expect(out.stderr).toBe('');
    expect((JSON.parse(out.stdout) as { kmeansLimit: { separation: number } }).kmeansLimit.separation).toBeCloseTo(2.333262, 6);
  });

  it('a number flag without a value is refused (exit 2) instead of running with the config\'s value', async () => {
    const dir = hostProject();
    const config = { name: 'tiny', title: 'tiny', seed: 1, replications: 3, n: [20], mixtures: [{ id: 'c', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }], estimators: [{ id: 'km', method: 'kmeans-exact', options: {} }] };
    writeFileSync(join(dir, 'tiny.json'), JSON.stringify(config));
    for (const args of [['-R', '-q'], ['-q', '--replications']]) {
      const out = await mixstudy(['run', 'tiny.json', ...args], dir);
      expect(out.status, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(/^mixstudy: (-R|--replications): needs a value/);
    }
    expect(readdirSync(dir).sort()).toEqual(['package.json', 'tiny.json']);
  });

  it('report --out without a value is refused (exit 2) and writes nothing into the current folder', async () => {
    const dir = hostProject();
    const out = await mixstudy(['report', 'myexp', '--out'], dir);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^mixstudy: --out: needs a value/);
    expect(readdirSync(dir)).toEqual(['package.json']);
  });
});
