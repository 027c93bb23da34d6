/**
 * `mixstudy check` interrupted by Ctrl-C (or SIGTERM) removes the scratch folder of its fresh run and exits 130
 * (src/check/scratchDir.ts); before, Node died on the signal and left `mixstudy-check-<name>-XXXXXX` behind in the
 * temporary directory, one per interrupted check. A real child process, its TMPDIR pointed at a folder of the test's own.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildBaseline, writeBaseline } from '../../src/check/baseline.js';
import { loadRunResults } from '../../src/check/results.js';
import { parseConfig } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { rawConfig, tempDir } from './helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

/** What `check` made in the temporary folder (tsx keeps its cache there too). */
const scratchFolders = (tmp: string): string[] => readdirSync(tmp).filter((f) => f.startsWith('mixstudy-check-'));

it.each(['SIGINT', 'SIGTERM'] as const)('%s during the fresh run removes the scratch folder and exits 130', { timeout: 60_000 }, async (signal) => {
  const root = tempDir();
  const small = rawConfig({ replications: 4, n: [20], estimators: [{ id: 'kmeans', method: 'kmeans-exact' }], estimands: ['separation'] });
  const out = await runExperiment({ config: parseConfig(small), resultsRoot: join(root, 'results'), workers: 1, shard: null, fresh: true });
  writeBaseline(join(out.dir, 'baseline.json'), buildBaseline(loadRunResults(out.dir, 'test')));
  // The same design with far more replications (independent mode): still running when the signal comes.
  const long = join(root, 'long.json');
  writeFileSync(long, JSON.stringify({ ...small, replications: 200_000 }));
  const tmp = join(root, 'tmp');
  mkdirSync(tmp);

  const child = spawn(process.execPath, [cli, 'check', String(small.name), '--results', join(root, 'results'), '--config', long, '-j', '1'], {
    cwd: root,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let sent = 0;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    // Twice, as an impatient user does: the second must not kill the process before it has cleaned up.
    if (sent === 0 && /afresh in /.test(stderr) && scratchFolders(tmp).length > 0) for (; sent < 2; sent++) child.kill(signal);
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  expect(stderr).toMatch(/running checktest afresh in .*mixstudy-check-checktest-/);
  expect(stderr).toMatch(/interrupted; removed the scratch folder/);
  expect(status, stderr).toBe(130);
  expect(scratchFolders(tmp)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});
