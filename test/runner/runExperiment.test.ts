import { appendFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/index.js';
import { mergeShards } from '../../src/runner/merge.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import type { ReplicationRow } from '../../src/results/rows.js';
import { smallConfig, tempDir, writeConfig } from './helpers.js';

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

async function runTo(root: string, workers: number, shard: { index: number; count: number } | null = null, raw = smallConfig()) {
  return runExperiment({ config: parseConfig(raw), resultsRoot: root, workers, shard, fresh: false });
}

describe('runExperiment', () => {
  it('writes one row per condition × replication × estimator, in canonical order, with a summary', async () => {
    const root = tempDir();
    const out = await runTo(root, 1);
    expect(out.complete).toBe(true);
    const rows = read(out.dir, 'replications.ndjson').trim().split('\n').map((l) => JSON.parse(l) as ReplicationRow);
    expect(rows).toHaveLength(2 * 3 * 6 * 3);
    expect(rows[0]).toMatchObject({ condition: 'canonical|n=20', rep: 0, estimator: 'km' });
    expect(rows[1]).toMatchObject({ condition: 'canonical|n=20', rep: 0, estimator: 'lloyd' });
    expect(rows[3]).toMatchObject({ condition: 'canonical|n=20', rep: 1, estimator: 'km' });
    expect(rows.every((r) => typeof r.values.separation === 'number')).toBe(true);
    const summary = JSON.parse(read(out.dir, 'summary.json')) as { cells: unknown[] };
    expect(summary.cells.length).toBeGreaterThan(0);
    const manifest = JSON.parse(read(out.dir, 'manifest.json')) as { status: string; sessions: unknown[] };
    expect(manifest.status).toBe('complete');
  });

  it('gives byte-identical results for 1 and 2 workers, and for 3 shards merged', async () => {
    const a = await runTo(tempDir(), 1);
    const b = await runTo(tempDir(), 2);
    const shardRoot = tempDir();
    for (let i = 0; i < 3; i++) await runTo(shardRoot, 1, { index: i, count: 3 });
    const merged = mergeShards(shardRoot, 'small');
    for (const file of ['replications.ndjson', 'summary.json']) {
      expect(read(b.dir, file)).toBe(read(a.dir, file));
      expect(read(merged.dir, file)).toBe(read(a.dir, file));
    }
  });

  it('does not change the data or other estimators when an estimator is added', async () => {
    const base = await runTo(tempDir(), 1);
    const raw = smallConfig();
    (raw.estimators as unknown[]).push({ id: 'cem', method: 'cem' });
    const more = await runTo(tempDir(), 1, null, raw);
    const strip = (dir: string) =>
      read(dir, 'replications.ndjson').trim().split('\n').filter((l) => !l.includes('"estimator":"cem"'));
    expect(strip(more.dir)).toEqual(strip(base.dir));
  });

  it('resumes after a torn last line and an unfinished task, ending byte-identical', async () => {
    const reference = await runTo(tempDir(), 1);
    const root = tempDir();
    const first = await runTo(root, 1);
    const file = join(first.dir, 'replications.ndjson');
    // Simulate a crash: cut the file in the middle of a line, deep inside the run.
    truncateSync(file, Math.floor(statSync(file).size * 0.6));
    const manifestPath = join(first.dir, 'manifest.json');
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestPath, JSON.stringify({ ...m, status: 'running' }));
    const resumed = await runTo(root, 2);
    expect(resumed.tasksResumed).toBeGreaterThan(0);
    expect(resumed.tasksRun).toBeGreaterThan(0);
    expect(read(resumed.dir, 'replications.ndjson')).toBe(read(reference.dir, 'replications.ndjson'));
    expect(read(resumed.dir, 'summary.json')).toBe(read(reference.dir, 'summary.json'));
  });

  it('refuses to mix results of a changed config, and --fresh starts over', async () => {
    const root = tempDir();
    await runTo(root, 1);
    const changed = smallConfig({ seed: 8 });
    await expect(runTo(root, 1, null, changed)).rejects.toThrow(/different config.*--fresh/);
    const fresh = await runExperiment({ config: parseConfig(changed), resultsRoot: root, workers: 1, shard: null, fresh: true });
    expect(fresh.tasksResumed).toBe(0);
    expect(fresh.complete).toBe(true);
  });

  it('--fresh of an unsharded run deletes the shard folders it locked, and the emptied shards/ folder', async () => {
    const root = tempDir();
    await runTo(root, 1, { index: 0, count: 2 });
    await runTo(root, 1, { index: 1, count: 2 });
    const shards = join(root, 'small', 'shards');
    expect(existsSync(join(shards, '0-of-2'))).toBe(true);
    await runExperiment({ config: parseConfig(smallConfig()), resultsRoot: root, workers: 1, shard: null, fresh: true });
    expect(existsSync(shards)).toBe(false);
  });

  it('rejects rows that do not belong to the config', async () => {
    const root = tempDir();
    const out = await runTo(root, 1);
    appendFileSync(join(out.dir, 'replications.ndjson'), JSON.stringify({ condition: 'other|n=5', rep: 0, estimator: 'km', status: 'ok', values: {} }) + '\n');
    await expect(runTo(root, 1)).rejects.toThrow(/does not belong/);
  });

  it('merge refuses missing and incomplete shards, naming them', async () => {
    const root = tempDir();
    await runTo(root, 1, { index: 0, count: 3 });
    await runTo(root, 1, { index: 2, count: 3 });
    expect(() => mergeShards(root, 'small')).toThrow(/missing shards: 1\/3/);
  });

  it('loads a config file from disk', () => {
    const dir = tempDir();
    const path = writeConfig(dir, smallConfig());
    expect(loadConfig(path).config.name).toBe('small');
  });
});
