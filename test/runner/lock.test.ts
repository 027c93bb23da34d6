/**
 * One command at a time per results folder (src/runner/lock.ts): a second `run`, `run --fresh`, `merge` or
 * `baseline` on a folder in use exits 2 naming the holder, as real processes; a lock left by a dead process on
 * this host is taken over with a notice; another host's lock is never taken over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE, lockHolder, processIdentity } from '../../src/runner/lock.js';
import { smallConfig, tempDir, writeConfig } from './helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeLock(dir: string, holder: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder) + '\n');
}

describe('acquireLock', () => {
  it('is exclusive, names the holder, and is released', () => {
    const dir = tempDir();
    const lock = acquireLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(lockHolder(dir)?.pid).toBe(process.pid);
    expect(() => acquireLock(dir)).toThrow(new RegExp(`in use by pid ${process.pid} on ${hostname()}.*kill ${process.pid}`));
    lock.release();
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    acquireLock(dir).release();
  });

  it('takes over a stale lock of this host with a notice', () => {
    const dir = tempDir();
    const pid = deadPid();
    writeLock(dir, { pid, host: hostname(), startedAt: '2020-01-01T00:00:00Z', command: 'mixstudy run old.json' });
    expect(lockHolder(dir)).toBeNull();
    const notices: string[] = [];
    const lock = acquireLock(dir, (line) => notices.push(line));
    expect(notices).toEqual([expect.stringMatching(new RegExp(`took over the lock of .* from pid ${pid} .*mixstudy run old.json.*no longer running`))]);
    expect(lockHolder(dir)?.pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid was reused: by this very process, or by a process started at another time', () => {
    const own = tempDir();
    writeLock(own, { pid: process.pid, host: hostname(), startedAt: '2020-01-01T00:00:00Z', command: 'mixstudy run before-reboot.json' });
    const notices: string[] = [];
    acquireLock(own, (line) => notices.push(line)).release();
    expect(notices).toHaveLength(1);

    if (processIdentity(process.pid) === null) {
      console.warn('SKIPPED: no /proc here, so a reused live pid cannot be told from its original process');
      return;
    }
    // A live process (this test's parent) that is not the one that wrote the lock: its start time differs.
    const reused = tempDir();
    writeLock(reused, { pid: process.ppid, host: hostname(), startedAt: '2020-01-01T00:00:00Z', command: 'mixstudy run old.json', process: 'another-boot:42' });
    expect(lockHolder(reused)).toBeNull();
    acquireLock(reused, () => undefined).release();
    // The same live process, recorded with its own identity, holds the lock.
    const live = tempDir();
    writeLock(live, { pid: process.ppid, host: hostname(), startedAt: '2020-01-01T00:00:00Z', command: 'mixstudy run now.json', process: processIdentity(process.ppid) });
    expect(() => acquireLock(live)).toThrow(/in use by pid/);
  });

  it("never takes over another host's lock, and says how to remove it", () => {
    const dir = tempDir();
    writeLock(dir, { pid: deadPid(), host: 'node-17.cluster', startedAt: '2020-01-01T00:00:00Z', command: 'mixstudy run x.json' });
    expect(() => acquireLock(dir)).toThrow(/in use by pid \d+ on node-17\.cluster .*if it no longer runs on node-17\.cluster, delete .*mixstudy\.lock/);
  });

  it('does not remove a lock that is no longer its own', () => {
    const dir = tempDir();
    const lock = acquireLock(dir);
    writeLock(dir, { pid: 1, host: 'elsewhere', startedAt: 'now', command: 'other' });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});

interface Exit {
  code: number | null;
  stderr: string;
}

function runCli(args: string[]): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('concurrent commands on one results folder (real processes)', () => {
  it('refuses run, run --fresh, merge and baseline while a run holds the folder; releases on Ctrl-C', async () => {
    const dir = tempDir();
    // Endless (1e12 replications): it runs until it is interrupted.
    const configPath = writeConfig(dir, smallConfig({ name: 'busy', replications: 1e12, n: [30] }));
    const root = join(dir, 'results');
    const folder = join(root, 'busy');
    const first = spawn(process.execPath, [cli, 'run', configPath, '--results', root, '-j', '1', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let firstErr = '';
    first.stderr.on('data', (d: Buffer) => (firstErr += d.toString()));
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', resolve));
    try {
      await waitFor(() => existsSync(join(folder, 'manifest.json')) && existsSync(join(folder, LOCK_FILE)), 30_000);
      const others = await Promise.all([
        runCli(['run', configPath, '--results', root, '-j', '1', '-q']),
        runCli(['run', configPath, '--results', root, '-j', '1', '-q', '--fresh']),
        runCli(['merge', 'busy', '--results', root]),
        runCli(['baseline', 'busy', '--results', root]),
      ]);
      for (const other of others) {
        expect(other.code, other.stderr).toBe(2);
        expect(other.stderr).toMatch(new RegExp(`in use by pid ${first.pid} on `));
      }
      first.kill('SIGINT');
      expect(await firstExit).toBe(130);
    } finally {
      first.kill('SIGKILL');
    }
    expect(firstErr).toMatch(/interrupted: \d+\/2000000000000 done/);
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
    // Nothing of the first run was touched by the refused ones (--fresh included).
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { status: string; tasksDone: number };
    expect(manifest.status).toBe('interrupted');
    const rows = readFileSync(join(folder, 'replications.ndjson'), 'utf8').split('\n').length - 1;
    expect(rows).toBe(manifest.tasksDone * 3);
  }, 120_000);

  it('takes over the lock a killed run left, with a notice', async () => {
    const dir = tempDir();
    const configPath = writeConfig(dir, smallConfig({ name: 'stale', replications: 2, n: [20] }));
    const root = join(dir, 'results');
    const pid = deadPid();
    writeLock(join(root, 'stale'), { pid, host: hostname(), startedAt: '2020-01-01T00:00:00Z', command: 'mixstudy run stale.json' });
    const out = await runCli(['run', configPath, '--results', root, '-j', '1', '-q']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(new RegExp(`took over the lock of .* from pid ${pid} `));
    expect(existsSync(join(root, 'stale', LOCK_FILE))).toBe(false);
  }, 60_000);
});
