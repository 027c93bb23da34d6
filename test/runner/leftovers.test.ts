/**
 * What a killed or mismatched run leaves behind is dealt with, not silently kept or overwritten: temp files of
 * a rewrite cut short are removed by the next run, `merge` does not replace a run of another config without
 * --fresh, and the messages about an unfinished run count the tasks actually on disk (the manifest of a run
 * killed with SIGKILL still holds the count of its start).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunResults } from '../../src/check/results.js';
import { parseConfig } from '../../src/config/index.js';
import { loadResults } from '../../src/report/loadResults.js';
import { mergeShards } from '../../src/runner/merge.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { smallConfig, tempDir } from './helpers.js';

const raw = smallConfig({ replications: 6, n: [20, 40] });

/** Runs `config` into `root`, stopping after `tasks` tasks (all when omitted). */
function runTo(root: string, config: Record<string, unknown> = raw, tasks = Infinity, shard: { index: number; count: number } | null = null) {
  let started = 0;
  return runExperiment({ config: parseConfig(config), resultsRoot: root, workers: 1, shard, fresh: false, shouldStop: () => ++started > tasks });
}

describe('leftovers of killed and mismatched runs', () => {
  it('removes the temp files a kill during a rewrite left, and nothing else', async () => {
    const root = tempDir();
    const first = await runTo(root, raw, 4);
    expect(first.complete).toBe(false);
    const planted = ['replications.ndjson.4242.tmp', 'timings.ndjson.4242.tmp', 'manifest.json.77.tmp', 'summary.json.9.tmp'];
    for (const name of planted) writeFileSync(join(first.dir, name), '{"half":');
    writeFileSync(join(first.dir, 'my-notes.tmp'), 'mine');
    const done = await runTo(root);
    expect(done.complete).toBe(true);
    expect(readdirSync(done.dir).sort()).toEqual(['manifest.json', 'my-notes.tmp', 'replications.ndjson', 'summary.json', 'timings.ndjson']);
  });

  it('merge refuses to replace a run of another config unless --fresh', async () => {
    const root = tempDir();
    const other = await runTo(root, { ...raw, seed: 99 });
    expect(other.complete).toBe(true);
    for (let index = 0; index < 2; index++) await runTo(root, raw, Infinity, { index, count: 2 });
    const before = readFileSync(join(other.dir, 'replications.ndjson'));
    expect(() => mergeShards(root, 'small')).toThrow(/already holds a complete run of another config .*--fresh/);
    expect(readFileSync(join(other.dir, 'replications.ndjson')).equals(before)).toBe(true);
    mergeShards(root, 'small', { fresh: true });
    const reference = await runTo(tempDir());
    for (const name of ['replications.ndjson', 'summary.json']) expect(readFileSync(join(other.dir, name), 'utf8')).toBe(readFileSync(join(reference.dir, name), 'utf8'));
    // Merging again over the same config needs no --fresh.
    expect(() => mergeShards(root, 'small')).not.toThrow();
  });

  it('report and check count the tasks a killed run really finished', async () => {
    const root = tempDir();
    const partial = await runTo(root, raw, 7);
    // What SIGKILL leaves: the manifest written at the start (running, 0 done) and a half-written task.
    const manifestPath = join(partial.dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, status: 'running', tasksDone: 0 }));
    writeFileSync(join(partial.dir, 'replications.ndjson'), readFileSync(join(partial.dir, 'replications.ndjson'), 'utf8') + '{"condition":"canonical|n=20","rep":');
    expect(existsSync(join(partial.dir, 'mixstudy.lock'))).toBe(false);
    expect(() => loadResults(partial.dir)).toThrow(/incomplete \(interrupted, 7\/12 tasks done\)/);
    expect(() => loadRunResults(partial.dir, 'hint')).toThrow(/incomplete \(interrupted, 7\/12 tasks done\); finish the run first/);
  });
});
