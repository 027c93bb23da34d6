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

function runAndKill(configPath: string, results: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'run', configPath, '--results', results, '-j', '2', '-q'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
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
    // Kill points spread from start-up to late in the run (start-up of tsx takes a few hundred ms).
    for (const ms of [400, 900, 1400, 2000, 2600]) await runAndKill(configPath, crashed, ms);
    runSync(configPath, crashed, 2);
    const file = (root: string, f: string) => readFileSync(join(root, 'killme', f), 'utf8');
    expect(existsSync(join(crashed, 'killme', 'summary.json'))).toBe(true);
    expect(file(crashed, 'replications.ndjson')).toBe(file(reference, 'replications.ndjson'));
    expect(file(crashed, 'summary.json')).toBe(file(reference, 'summary.json'));
    const manifest = JSON.parse(file(crashed, 'manifest.json')) as { sessions: unknown[] };
    expect(manifest.sessions.length).toBeGreaterThan(1);
  }, 180_000);
});
