/**
 * A full disk never passes for success (src/results/ndjson.ts, src/runner/runExperiment.ts): a real
 * `mixstudy run` into a small tmpfs fails (exit ≠ 0), its manifest does not say `complete`, no file is left
 * short or half-renamed, and once there is room the same command resumes to files byte-identical to an
 * uninterrupted run. Both places a disk can fill up are covered: while rows are appended, and during the final
 * canonical rewrite (which needs room for a second copy of the rows).
 *
 * Needs root to mount the tmpfs (CI runs as root); elsewhere it is skipped with a warning.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { readNdjson } from '../../src/results/ndjson.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { tempDir, writeConfig } from './helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

/** Mounts a tmpfs for this file, or says why it cannot. */
function mountTmpfs(): { dir: string } | { reason: string } {
  if (process.platform !== 'linux') return { reason: 'not Linux' };
  if (process.getuid?.() !== 0) return { reason: 'not running as root' };
  const dir = tempDir('mixstudy-tmpfs-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { reason: `mount -t tmpfs failed: ${(r.stderr || String(r.error)).trim()}` };
  return { dir };
}

const mount = mountTmpfs();
if ('reason' in mount) console.warn(`SKIPPED disk-full tests: they need to mount a small tmpfs (${mount.reason})`);

afterAll(() => {
  if ('dir' in mount) spawnSync('umount', [mount.dir]);
});

/** Empties the tmpfs and resizes it to `bytes` (rounded up to whole pages). */
function resize(dir: string, bytes: number): void {
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  grow(dir, bytes);
}

function grow(dir: string, bytes: number): void {
  const kb = Math.ceil(bytes / 4096) * 4;
  const r = spawnSync('mount', ['-o', `remount,size=${kb}k`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount failed: ${r.stderr}`);
}

const raw = {
  ...(JSON.parse(readFileSync(join(import.meta.dirname, '../../experiments/regression/regression-canonical.json'), 'utf8')) as Record<string, unknown>),
  name: 'full',
  replications: 150,
  n: [20, 40],
};

function run(configPath: string, results: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'run', configPath, '--results', results, '-j', '2', '-q'], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe.runIf('dir' in mount)('disk full (real processes on a small tmpfs)', () => {
  it('fails without claiming success, and resumes byte-identical once there is room', async () => {
    const mnt = (mount as { dir: string }).dir;
    const work = tempDir();
    const configPath = writeConfig(work, raw);
    const reference = await runExperiment({ config: parseConfig(raw), resultsRoot: join(work, 'reference'), workers: 1, shard: null, fresh: false });
    const file = (dir: string, name: string): Buffer => readFileSync(join(dir, name));
    const rowsBytes = statSync(join(reference.dir, 'replications.ndjson')).size;
    const timingsBytes = statSync(join(reference.dir, 'timings.ndjson')).size;
    const folder = join(mnt, 'full');

    const expectFailedCleanly = (): void => {
      const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { status: string };
      expect(manifest.status).not.toBe('complete');
      expect(existsSync(join(folder, 'summary.json'))).toBe(false);
      expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(existsSync(join(folder, 'mixstudy.lock'))).toBe(false);
    };
    const expectResumesIdentical = (): void => {
      grow(mnt, 4 * (rowsBytes + timingsBytes));
      const again = run(configPath, mnt);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/resumed from earlier runs/);
      for (const name of ['replications.ndjson', 'summary.json']) expect(file(folder, name).equals(file(reference.dir, name)), name).toBe(true);
    };

    // 1. The disk fills up while rows are appended.
    resize(mnt, 0.6 * (rowsBytes + timingsBytes));
    const appending = run(configPath, mnt);
    expect(appending.status, appending.stderr).not.toBe(0);
    expect(appending.stderr).toMatch(/ENOSPC|no space left/i);
    expectFailedCleanly();
    expectResumesIdentical();

    // 2. Every row fits, but the canonical rewrite (a second copy of the rows) does not.
    resize(mnt, rowsBytes + timingsBytes + rowsBytes / 2);
    const rewriting = run(configPath, mnt);
    expect(rewriting.status, rewriting.stderr).not.toBe(0);
    expect(rewriting.stderr).toMatch(/ENOSPC|no space left/i);
    expectFailedCleanly();
    // The appended rows are intact: nothing short was renamed over them.
    const rows = readNdjson(join(folder, 'replications.ndjson'));
    expect(rows.tornTail).toBe(false);
    expect(rows.records).toHaveLength(readNdjson(join(reference.dir, 'replications.ndjson')).records.length);
    expectResumesIdentical();
  }, 120_000);
});
