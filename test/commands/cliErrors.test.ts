/**
 * Errors a user can read (src/cli.ts, src/commands/reportError.ts, src/commands/systemError.ts,
 * src/commands/repeatedFlags.ts): each case runs the real CLI as a child process and expects one line on stderr,
 * `mixstudy: …`, naming what is wrong, no stack trace, and the documented exit code — 2 for unusable input, 3
 * when the machine refuses (read-only folder, full disk), 141 and silence when the reader of stdout went away.
 *
 * The read-only cases use a read-only bind mount as root (chmod does not stop root) and chmod 555 otherwise;
 * the full disk needs root to mount a tmpfs. Where that is impossible those cases are skipped with a warning.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { tempDir } from '../runner/helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function mixstudy(args: readonly string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ status: code, stdout, stderr });
    });
  });
}

/** One `mixstudy: …` line naming `what`, without a stack trace, and exit `status`. */
function expectOneLine(o: Outcome, status: number, what: RegExp): void {
  expect(o.stderr, o.stderr).not.toMatch(/\n\s+at |node:internal|Node\.js v/);
  expect(o.stderr.trimEnd().split('\n'), o.stderr).toHaveLength(1);
  expect(o.stderr).toMatch(/^mixstudy: /);
  expect(o.stderr).toMatch(what);
  expect(o.status, o.stderr).toBe(status);
}

const tiny = {
  name: 'tiny',
  title: 'cli errors',
  seed: 3,
  replications: 2,
  n: [20],
  mixtures: [{ id: 'c', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
  estimators: [{ id: 'km', method: 'kmeans-exact' }],
};

let root: string;
/** A results root holding a complete run of `tiny`. */
let done: string;
beforeAll(async () => {
  root = tempDir('mixstudy-cli-errors-');
  writeFileSync(join(root, 'tiny.json'), JSON.stringify(tiny, null, 2));
  done = join(root, 'done');
  // In-process (cheaper than three more child processes): the runs the error cases start from.
  const config = parseConfig(tiny);
  for (const [resultsRoot, shard] of [[done, null], [join(root, 'sh'), { index: 0, count: 2 }], [join(root, 'sh'), { index: 1, count: 2 }]] as const) {
    const out = await runExperiment({ config, resultsRoot, workers: 1, shard, fresh: false });
    expect(out.complete).toBe(true);
  }
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('unusable input: one line, exit 2', () => {
  it('a flag given twice', { timeout: 30_000 }, async () => {
    const [results, shard] = await Promise.all([
      mixstudy(['run', 'tiny.json', '--results', 'a', '--results', 'b', '-q'], root),
      mixstudy(['run', 'tiny.json', '--shard', '0/2', '--shard', '1/2', '-q'], root),
    ]);
    expectOneLine(results, 2, /--results: given 2 times \("a", "b"\)/);
    expectOneLine(shard, 2, /--shard: given 2 times/);
  });

  it('--results or --out pointing at a file', { timeout: 30_000 }, async () => {
    writeFileSync(join(root, 'afile'), 'not a folder');
    const [run, report] = await Promise.all([
      mixstudy(['run', 'tiny.json', '--results', 'afile', '-q', '-j', '1'], root),
      mixstudy(['report', 'tiny', '--results', done, '--out', 'afile'], root),
    ]);
    expectOneLine(run, 2, /afile is a file, not a folder \(needed for afile\/tiny\)/);
    expectOneLine(report, 2, /afile/);
  });

  it('a 300-character name in a config, and in a folder name', { timeout: 30_000 }, async () => {
    writeFileSync(join(root, 'long.json'), JSON.stringify({ ...tiny, name: 'a'.repeat(300) }));
    const [config, folder] = await Promise.all([
      mixstudy(['run', 'long.json', '--results', 'r', '-q', '-j', '1'], root),
      mixstudy(['run', 'tiny.json', '--results', join('r', 'b'.repeat(300)), '-q', '-j', '1'], root),
    ]);
    expect(config.status, config.stderr).toBe(2);
    expect(config.stderr).toMatch(/long\.json: invalid experiment config\n\s+name: must be at most 100 characters.*\(got 300 characters\)\n$/);
    expectOneLine(folder, 2, /a name in r\/b{24}…\(300 characters\)\/tiny is too long for the file system/);
  });

  it('a key given twice in a config', { timeout: 30_000 }, async () => {
    const text = JSON.stringify(tiny, null, 2).replace('"seed": 3,', '"seed": 1,\n  "seed": 3,');
    writeFileSync(join(root, 'dup.json'), text);
    const o = await mixstudy(['run', 'dup.json', '--results', 'dup', '-q', '-j', '1'], root);
    expect(o.status, o.stderr).toBe(2);
    expect(o.stderr).toMatch(/dup\.json: invalid experiment config\n\s+seed: key given twice \(line 4, column 3 and line 5, column 3\)/);
  });

  it('a damaged middle line of replications.ndjson: its line number and path', { timeout: 30_000 }, async () => {
    const dir = join(root, 'damaged');
    mkdirSync(dir);
    spawnSync('cp', ['-r', join(done, 'tiny'), dir]);
    const file = join(dir, 'tiny', 'replications.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThan(2);
    lines[0] = lines[0].slice(0, 20);
    writeFileSync(file, lines.join('\n'));
    const o = await mixstudy(['run', 'tiny.json', '--results', dir, '-q', '-j', '1'], root);
    expectOneLine(o, 2, /damaged\/tiny\/replications\.ndjson: line 1 is not valid JSON/);
  });

  it('a corrupt shard manifest.json in merge', { timeout: 30_000 }, async () => {
    writeFileSync(join(root, 'sh', 'tiny', 'shards', '1-of-2', 'manifest.json'), '{"name": "tin');
    const o = await mixstudy(['merge', 'tiny', '--results', 'sh'], root);
    expectOneLine(o, 2, /shards\/1-of-2\/manifest\.json: damaged \(not valid JSON/);
  });
});

describe('a closed output pipe', () => {
  it('`replay … | head`: exits 141 without a word', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [cli, 'replay', 'tiny', '--results', done, '--condition', 'c|n=20', '--rep', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first byte is written
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(141);
  });
});

/** Makes `dir` read-only: a read-only bind mount as root, chmod 555 otherwise; null (with the reason) if neither works. */
function makeReadOnly(dir: string): { undo: () => void } | { reason: string } {
  const probe = (): boolean => {
    try {
      writeFileSync(join(dir, '.probe'), '');
      spawnSync('rm', ['-f', join(dir, '.probe')]);
      return false;
    } catch {
      return true;
    }
  };
  if (process.getuid?.() === 0) {
    const bind = spawnSync('mount', ['--bind', dir, dir], { encoding: 'utf8' });
    if (bind.status !== 0) return { reason: `mount --bind failed: ${(bind.stderr || String(bind.error)).trim()}` };
    const ro = spawnSync('mount', ['-o', 'remount,bind,ro', dir], { encoding: 'utf8' });
    const undo = (): void => void spawnSync('umount', [dir]);
    if (ro.status !== 0 || !probe()) {
      undo();
      return { reason: `a read-only remount failed: ${ro.stderr.trim()}` };
    }
    return { undo };
  }
  spawnSync('chmod', ['555', dir]);
  const undo = (): void => void spawnSync('chmod', ['755', dir]);
  if (!probe()) {
    undo();
    return { reason: 'chmod 555 does not stop this user writing' };
  }
  return { undo };
}

describe('the machine refuses: one line, exit 3', () => {
  const undo: (() => void)[] = [];
  afterAll(() => {
    for (const u of undo.reverse()) u();
  });

  it('a read-only results folder: new run, rerun, --fresh, report --out', { timeout: 30_000 }, async (ctx) => {
    const empty = join(root, 'ro-empty');
    mkdirSync(empty);
    const made = [makeReadOnly(join(done, 'tiny')), makeReadOnly(empty)];
    for (const m of made) if ('undo' in m) undo.push(m.undo);
    const failed = made.find((m) => 'reason' in m);
    if (failed !== undefined && 'reason' in failed) {
      console.warn(`SKIPPED read-only folder tests: ${failed.reason}`);
      ctx.skip();
    }
    const [fresh, rerun, fresh2, report] = await Promise.all([
      mixstudy(['run', 'tiny.json', '--results', empty, '-q', '-j', '1'], root),
      mixstudy(['run', 'tiny.json', '--results', done, '-q', '-j', '1'], root),
      mixstudy(['run', 'tiny.json', '--results', done, '--fresh', '-q', '-j', '1'], root),
      mixstudy(['report', 'tiny', '--results', done, '--out', join(empty, 'report')], root),
    ]);
    expectOneLine(fresh, 3, /ro-empty\/tiny: (the file system is read-only|permission denied)/);
    expectOneLine(rerun, 3, /done\/tiny\/\S+: (the file system is read-only|permission denied)/);
    expectOneLine(fresh2, 3, /done\/tiny\/\S+: (the file system is read-only|permission denied)/);
    expectOneLine(report, 3, /ro-empty\/report: (the file system is read-only|permission denied)/);
  });

  it('a full disk during run', { timeout: 30_000 }, async (ctx) => {
    const full = join(root, 'full');
    mkdirSync(full);
    const mount = process.getuid?.() === 0 ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full], { encoding: 'utf8' }) : null;
    if (mount === null || mount.status !== 0) {
      console.warn(`SKIPPED full-disk message test: it mounts a small tmpfs, which needs root (${mount === null ? 'not root' : mount.stderr.trim()})`);
      ctx.skip();
    }
    undo.push(() => void spawnSync('umount', [full]));
    writeFileSync(join(root, 'big.json'), JSON.stringify({ ...tiny, name: 'big', replications: 2000 }));
    const o = await mixstudy(['run', 'big.json', '--results', full, '-q', '-j', '1'], root);
    expectOneLine(o, 3, /no space left on the device \(writing .*full\/big\/\S+\); free some space/);
  });
});

describe('slurm --time shorter than the early stop', () => {
  it('warns (a longer --time does not: test/slurm/shortTime.test.ts)', { timeout: 30_000 }, async () => {
    const short = await mixstudy(['slurm', 'tiny.json', '--array', '2', '--time', '4:00', '--out', 'slurm-short'], root);
    expect(short.status, short.stderr).toBe(0);
    expect(short.stderr).toMatch(/^warning: --time 4:00 is shorter than 5 minutes, too short for the clean stop 90 s before the limit/);
  });
});
