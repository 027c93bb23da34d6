/**
 * Crash safety end to end: a real `mixstudy run` child process is killed with SIGKILL at several points, then
 * the same command is re-run until it completes; the final files must equal an uninterrupted run's bytes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallConfig, tempDir, writeConfig } from './helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');
const config = smallConfig({ name: 'killme', replications: 30, n: [50, 500, 5000] });

function runSync(configPath: string, results: string, workers: number): void {
  const r = spawnSync(process.execPath, [cli, 'run', configPath, '--results', results, '-j', String(workers), '-q'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`run failed (${r.status}): ${r.stderr}`);
}

const totalRows = 2 * 3 * 30 * 3;

function rowsWritten(results: string): number {
  const file = join(results, 'killme', 'replications.ndjson');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : -1;
}

/** Starts a run and SIGKILLs it as soon as at least `atRows` result lines exist (-1: once it has started). */
function runAndKill(configPath: string, results: string, atRows: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'run', configPath, '--results', results, '-j', '2', '-q'], { stdio: 'ignore' });
    const poll = setInterval(() => {
      const rows = rowsWritten(results);
      if (rows >= atRows && existsSync(join(results, 'killme', 'manifest.json'))) child.kill('SIGKILL');
    }, 5);
    child.on('exit', () => {
      clearInterval(poll);
      resolve(rowsWritten(results));
    });
  });
}

describe('kill -9 and resume', () => {
  it('ends byte-identical to an uninterrupted run whatever the kill points', async () => {
    const dir = tempDir();
    const configPath = writeConfig(dir, config);
    const reference = join(dir, 'reference');
    runSync(configPath, reference, 1);
    const crashed = join(dir, 'crashed');
    // Kill points from just after start-up to late in the run; each run resumes the previous one.
    const seen: number[] = [];
    for (const fraction of [0, 0.15, 0.4, 0.7, 0.95]) seen.push(await runAndKill(configPath, crashed, Math.round(fraction * totalRows)));
    expect(seen.some((rows) => rows > 0 && rows < totalRows)).toBe(true);
    runSync(configPath, crashed, 2);
    const file = (root: string, f: string) => readFileSync(join(root, 'killme', f), 'utf8');
    expect(existsSync(join(crashed, 'killme', 'summary.json'))).toBe(true);
    expect(file(crashed, 'replications.ndjson')).toBe(file(reference, 'replications.ndjson'));
    expect(file(crashed, 'summary.json')).toBe(file(reference, 'summary.json'));
    const manifest = JSON.parse(file(crashed, 'manifest.json')) as { sessions: unknown[] };
    expect(manifest.sessions.length).toBeGreaterThan(2);
  }, 180_000);
});
