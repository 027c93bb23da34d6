/**
 * `mixstudy fit data.csv --module x --k K [--options JSON]` (src/commands/fit.ts): a plugin estimator fits one
 * data set from the command line; its options are held to its own declaration; a bad plugin is exit 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');
const trimmed = join(import.meta.dirname, '../../examples/trimmed-kmeans/estimators/trimmedKmeans.ts');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, MIXSTUDY_FROM_SOURCE: '1' } });
}

describe('mixstudy fit --module', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mixstudy-fit-module-'));
  const data = join(dir, 'data.csv');
  // Two groups of 20 around ±3 and two far outliers, which trimming (α = 0.1 of 42 points: 4) leaves out.
  const rows = Array.from({ length: 40 }, (_, i) => `${(i % 2 === 0 ? -3 : 3) + ((i * 37) % 11) / 20 - 0.25},${((i * 17) % 7) / 10 - 0.3}`);
  writeFileSync(data, ['x,y', ...rows, '0,40', '0,41'].join('\n') + '\n');

  it('fits a TypeScript plugin with its options given as JSON', () => {
    const r = run(['fit', data, '--k', '2', '--module', trimmed, '--options', '{"trim":0.1,"restarts":5}', '--json']);
    expect(r.stderr).toContain('42 points in 2 dimensions');
    expect(r.status).toBe(0);
    const fit = JSON.parse(r.stdout) as { status: string; means: number[][]; weights: number[] };
    expect(fit.status).toBe('ok');
    const xs = fit.means.map((m) => m[0]).sort((a, b) => a - b);
    expect(Math.abs(xs[0] + 3)).toBeLessThan(0.5);
    expect(Math.abs(xs[1] - 3)).toBeLessThan(0.5);
    expect(fit.means.every((m) => Math.abs(m[1]) < 1)).toBe(true);
  });

  it('holds the options to the plugin\'s declaration and refuses a missing file or a bare --options, exit 2', () => {
    const bad = run(['fit', data, '--k', '2', '--module', trimmed, '--options', '{"trim":-1,"restart":5}']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--options.trim: must be ≥ 0 (got -1)');
    expect(bad.stderr).toContain('--options.restart: unknown key (did you mean "restarts"?)');
    const missing = run(['fit', data, '--k', '2', '--module', join(dir, 'nope.ts')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`mixstudy: --module "${join(dir, 'nope.ts')}": file not found (looked for ${join(dir, 'nope.ts')})\n`);
    const both = run(['fit', data, '--k', '2', '--method', 'kmeans', '--options', '{}']);
    expect(both.status).toBe(2);
  });
});

describe('mixstudy fit --module with a plugin whose own code misbehaves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mixstudy-fit-module-bad-'));
  const data = join(dir, 'data.csv');
  writeFileSync(data, ['x', ...Array.from({ length: 20 }, (_, i) => String((i % 2 ? 3 : -3) + i / 40))].join('\n') + '\n');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const plugin = (name: string, overrides: string) => {
    writeFileSync(
      join(dir, `${name}.js`),
      `export default {
  method: '${name}', summary: 'zero centres', options: {},
  optionProblems: () => [], unsupported: () => null, target: () => ({ kind: 'none' }), describe: () => 'zero centres',
  fit: (data, K) => ({ K, d: data.d, means: new Float64Array(K * data.d), weights: new Float64Array(K).fill(1 / K), sigmas: null, logLik: null, objective: 0, iterations: 1, converged: true, status: 'ok' }),
  ${overrides}
};
`,
    );
    return join(dir, `${name}.js`);
  };

  it('names the file and the function, exit 2 (it was an internal error, exit 70, with a stack)', () => {
    const cases: [string, string, string][] = [
      ['target-throws', "target: () => { throw new Error('no target today'); },", 'target() threw: no target today'],
      ['target-weird', "target: () => ({ kind: 'weird' }),", 'target() returned kind "weird", expected "kmeans-limit", "mixture-mle" or "none"'],
      ['problems-throw', "optionProblems: () => { throw new Error('cannot check'); },", 'optionProblems() threw: cannot check'],
      ['problems-strings', "optionProblems: () => ['too big'],", 'optionProblems() returned ["too big"], expected a list of { path, message }'],
      ['unsupported-throws', "unsupported: () => { throw new Error('cannot tell'); },", 'unsupported() threw: cannot tell'],
    ];
    for (const [name, overrides, message] of cases) {
      const file = plugin(name, overrides);
      const r = run(['fit', data, '--k', '2', '--module', file]);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('mixstudy:'))).toEqual([expect.stringContaining(`mixstudy: --module "${file}" ${message}`)]);
      expect(r.status).toBe(2);
    }
  });
});
