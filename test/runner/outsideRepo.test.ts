/**
 * `mixstudy run` started from a folder outside the repository, on the TypeScript sources (the path an edited
 * checkout takes): its worker threads must find tsx through this package, not through the current folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { smallConfig, tempDir, writeConfig } from './helpers.js';

const bin = fileURLToPath(new URL('../../bin/mixstudy.js', import.meta.url));

describe('a run started outside the repository', () => {
  it('runs its worker threads from the sources and completes', () => {
    const dir = tempDir('mixstudy-outside-');
    const config = writeConfig(dir, smallConfig({ replications: 2, n: [20, 60] }));
    const r = spawnSync(process.execPath, [bin, 'run', config, '--results', join(dir, 'results'), '-j', '2', '-q'], {
      cwd: dir,
      env: { ...process.env, MIXSTUDY_FROM_SOURCE: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'results', 'small', 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('complete');
    expect(existsSync(join(dir, 'results', 'small', 'summary.json'))).toBe(true);
  });
});
