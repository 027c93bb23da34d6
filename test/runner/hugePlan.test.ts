/**
 * `replications: 1e12` is a valid config, and a run of it must behave like any other (src/runner/plan.ts):
 * it starts writing results at once, its memory does not grow with R, and Ctrl-C stops it cleanly within
 * moments, leaving a resumable folder. Before plans were lazy it built every task in memory first (5 GB in a
 * minute, no output, Ctrl-C ignored).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallConfig, tempDir, writeConfig } from './helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

/** Resident memory of a process in MB (Linux), or null. */
function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]) / 1024;
  } catch {
    return null;
  }
}

describe('a run of 1e12 replications (real process)', () => {
  it('starts at once with bounded memory and stops on Ctrl-C', async () => {
    const dir = tempDir();
    const configPath = writeConfig(dir, smallConfig({ name: 'huge', replications: 1e12, n: [30] }));
    const root = join(dir, 'results');
    const folder = join(root, 'huge');
    const child = spawn(process.execPath, [cli, 'run', configPath, '--results', root, '-j', '2', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // The run has started once its manifest exists (before, the whole plan was built first: it never did).
      const until = Date.now() + 30_000;
      while (!existsSync(join(folder, 'manifest.json'))) {
        if (Date.now() > until) throw new Error(`no manifest after 30 s: the run never started (rss ${rssMb(child.pid ?? 0)} MB)`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 1500));
      const rss = rssMb(child.pid ?? 0);
      if (rss !== null) expect(rss).toBeLessThan(600);
      const stopAsked = Date.now();
      child.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
      expect(code, stderr).toBe(130);
      expect(Date.now() - stopAsked).toBeLessThan(15_000);
    } finally {
      child.kill('SIGKILL');
    }
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { status: string; tasksTotal: number; tasksDone: number };
    expect(manifest).toMatchObject({ status: 'interrupted', tasksTotal: 2e12 });
    expect(manifest.tasksDone).toBeGreaterThan(0);
    expect(readFileSync(join(folder, 'replications.ndjson'), 'utf8').split('\n').length - 1).toBe(manifest.tasksDone * 3);
  }, 90_000);
});
