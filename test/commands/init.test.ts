/**
 * `mixstudy init <dir>` (src/commands/init.ts, src/plugins/scaffold.ts): writes a study whose config loads with
 * its two plugins and runs; refuses a folder that is not empty. (test/package/plugins.test.ts runs the scaffold's
 * own tests and the study from an installed package.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initCommand } from '../../src/commands/init.js';
import { loadConfigAndPlugins, withReplications } from '../../src/config/index.js';
import { UserError } from '../../src/errors/userError.js';
import { runExperiment } from '../../src/runner/runExperiment.js';

type Handler = (args: { dir: string; name?: string; _: string[]; $0: string }) => void;
const init = initCommand.handler as unknown as Handler;

describe('mixstudy init', () => {
  it('writes a config, an estimator plugin, a data plugin, a test for each and a README; the study loads and runs', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'mixstudy-init-'));
    const dir = join(parent, 'My Study');
    const out = process.stdout.write;
    const err = process.stderr.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      init({ dir, _: [], $0: 'mixstudy' });
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    const files = readdirSync(dir, { recursive: true }).map(String).sort();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'study.json', 'package.json', 'estimators/kmedians.ts', 'dgm/studentT.ts', 'test/kmedians.test.ts', 'test/studentT.test.ts']));
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.dependencies.mixstudy).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('npx mixstudy report my-study');

    const { config } = await loadConfigAndPlugins(join(dir, 'study.json'));
    expect(config.name).toBe('my-study');
    expect(config.estimators.map((e) => e.method)).toEqual(['kmeans', 'em', 'kmedians']);
    expect(config.mixtures.map((m) => m.mechanism?.name)).toEqual(['student-t-mixture', 'student-t-mixture']);
    const run = await runExperiment({ config: { ...withReplications(config, 2), n: [40] }, resultsRoot: join(parent, 'results'), workers: 1, shard: null, fresh: false });
    expect(run.complete).toBe(true);
    expect(run.failures).toBe(0);
  });

  it('prints a next step that a shell runs as written, for a folder with a space or a quote in its name', () => {
    const parent = mkdtempSync(join(tmpdir(), 'mixstudy-init-quote-'));
    for (const name of ['My Study', "Bob's study"]) {
      const dir = join(parent, name);
      const out = process.stdout.write;
      const err = process.stderr.write;
      let said = '';
      process.stdout.write = (() => true) as typeof process.stdout.write;
      process.stderr.write = ((text: string) => ((said += text), true)) as typeof process.stderr.write;
      try {
        init({ dir, _: [], $0: 'mixstudy' });
      } finally {
        process.stdout.write = out;
        process.stderr.write = err;
      }
      const step = /next: (cd .*) && npm install/.exec(said)?.[1];
      expect(step).toBeDefined();
      const shell = spawnSync('sh', ['-c', `${step} && pwd`], { encoding: 'utf8' });
      expect(shell.stdout.trim()).toBe(dir);
    }
  });

  it('refuses a folder that is not empty (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstudy-init-full-'));
    writeFileSync(join(dir, 'keep.txt'), 'x');
    expect(() => init({ dir, _: [], $0: 'mixstudy' })).toThrow(UserError);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });
});
