/**
 * What a SLURM array relies on from the runner: a shard re-run continues where it stopped (a timed-out task
 * re-submitted), and `merge` refuses missing, incomplete and mismatched shards, naming each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { mergeShards } from '../../src/runner/merge.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { smallConfig, tempDir } from '../runner/helpers.js';

const raw = smallConfig({
  name: 'sharded',
  replications: 6,
  estimators: [
    { id: 'km', method: 'kmeans-exact' },
    { id: 'mle', method: 'em' },
  ],
});

function runShard(root: string, index: number, count: number, options: { stopAfter?: number; config?: Record<string, unknown> } = {}) {
  let started = 0;
  const stopAfter = options.stopAfter;
  return runExperiment({
    config: parseConfig(options.config ?? raw),
    resultsRoot: root,
    workers: 1,
    shard: { index, count },
    fresh: false,
    shouldStop: stopAfter === undefined ? undefined : () => started++ >= stopAfter,
  });
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

describe('sharded runs for job arrays', () => {
  it('resumes a stopped shard, names missing and incomplete shards, then merges byte-identical to one process', async () => {
    const root = tempDir('mixstudy-shards-');
    await runShard(root, 0, 3);
    const stopped = await runShard(root, 1, 3, { stopAfter: 2 });
    expect(stopped.complete).toBe(false);
    expect(stopped.tasksRun).toBe(2);

    let message = '';
    try {
      mergeShards(root, 'sharded');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/shard 1-of-3: incomplete \(2\/4 replications/);
    expect(message).toMatch(/missing shards: 2\/3/);
    expect(message).not.toMatch(/shard 0-of-3/);

    const resumed = await runShard(root, 1, 3);
    expect(resumed).toMatchObject({ complete: true, tasksResumed: 2, tasksRun: 2 });
    await runShard(root, 2, 3);
    const merged = mergeShards(root, 'sharded');
    expect(merged.shards).toBe(3);

    const single = await runExperiment({ config: parseConfig(raw), resultsRoot: tempDir('mixstudy-single-'), workers: 1, shard: null, fresh: false });
    for (const file of ['replications.ndjson', 'summary.json']) expect(read(merged.dir, file)).toBe(read(single.dir, file));
  });

  it('refuses shards of a different config and of a different split, naming them', async () => {
    const root = tempDir('mixstudy-shards-');
    await runShard(root, 0, 2, { config: { ...raw, seed: 99 } });
    await runShard(root, 1, 2);
    expect(() => mergeShards(root, 'sharded')).toThrow(/shard 1-of-2: config hash \w+ differs|shard 0-of-2: config hash \w+ differs/);

    const other = tempDir('mixstudy-shards-');
    await runShard(other, 0, 2);
    await runShard(other, 1, 2);
    await runShard(other, 0, 3);
    expect(() => mergeShards(other, 'sharded')).toThrow(/different splits \(2-way: 0-of-2, 1-of-2; 3-way: 0-of-3\)/);
  });
});
