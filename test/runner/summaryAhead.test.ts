/**
 * The summary prepared ahead (src/runner/summaryAhead.ts): its theory computed while worker threads finish
 * their last tasks (src/runner/pool.ts `whenDrained`) gives the bytes of a summary computed entirely at the end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configHash, parseConfig } from '../../src/config/index.js';
import { allTasks } from '../../src/runner/plan.js';
import { runTasks } from '../../src/runner/pool.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { buildSummary } from '../../src/runner/summary.js';
import { SummaryAhead } from '../../src/runner/summaryAhead.js';
import { readReplicationRows } from '../../src/results/rows.js';
import { smallConfig, tempDir } from './helpers.js';

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

describe('the summary prepared ahead', () => {
  it('is byte-identical to buildSummary at the end, prepared or not', async () => {
    const config = parseConfig(smallConfig());
    const out = await runExperiment({ config, resultsRoot: tempDir(), workers: 2, shard: null, fresh: false });
    const rows = readReplicationRows(join(out.dir, 'replications.ndjson')).records;
    const atEnd = JSON.stringify(buildSummary(config, configHash(config), rows), null, 2) + '\n';
    expect(read(out.dir, 'summary.json')).toBe(atEnd);
    for (const prepared of [true, false]) {
      const dir = tempDir();
      const ahead = new SummaryAhead(config);
      ahead.prefetch();
      if (prepared) await ahead.prepare();
      await ahead.write(dir, configHash(config), rows);
      expect(read(dir, 'summary.json')).toBe(atEnd);
    }
  });

  it('runTasks calls whenDrained once, when this thread finds no task left beside worker threads', async () => {
    const config = parseConfig(smallConfig());
    const tasks = allTasks(config);
    let delivered = 0;
    const calls: number[] = [];
    await runTasks(config, tasks, 2, () => void delivered++, undefined, false, async () => void calls.push(delivered));
    expect(delivered).toBe(tasks.length);
    expect(calls).toHaveLength(1);
    // At most the worker thread's tasks in flight (two) are still to come when this thread has none left.
    expect(calls[0]).toBeGreaterThanOrEqual(tasks.length - 2);
  });

  it('runTasks does not call whenDrained with one thread, nor when the run stops early', async () => {
    const config = parseConfig(smallConfig());
    let calls = 0;
    const hook = async (): Promise<void> => void calls++;
    await runTasks(config, allTasks(config), 1, () => undefined, undefined, false, hook);
    let results = 0;
    await runTasks(config, allTasks(config), 2, () => void results++, () => results > 0, false, hook);
    expect(results).toBeLessThan(allTasks(config).length);
    expect(calls).toBe(0);
  });
});
