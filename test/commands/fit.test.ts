/** `mixstudy fit` end to end: the JSON contract of issue 2 and exit code 2 on bad input. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../runner/helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/canonical1d.json'), 'utf8')) as {
  x: number[];
  em: { equal: { mclust: { loglik: number; means: number[][]; sigmas: number[] } } };
  kmeans: { sklearn: { inertia: number } };
};

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

describe('mixstudy fit', () => {
  const dir = tempDir('mixstudy-fit-');
  const data = join(dir, 'canonical.csv');
  writeFileSync(data, 'x\n' + fixture.x.join('\n') + '\n');

  it('prints exactly the documented JSON fields, matching the mclust reference fit', () => {
    const r = run(['fit', data, '--k', '2', '--method', 'em', '--restarts', '5', '--json']);
    expect(r.status).toBe(0);
    const fit = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(fit).sort()).toEqual(['converged', 'iterations', 'logLik', 'means', 'objective', 'sigmas', 'weights']);
    expect(fit.converged).toBe(true);
    expect(fit.logLik).toBe(fit.objective);
    expect(fit.logLik as number).toBeGreaterThanOrEqual(fixture.em.equal.mclust.loglik - 1e-6);
    const means = (fit.means as number[][]).map((m) => m[0]).sort((a, b) => a - b);
    const ref = fixture.em.equal.mclust.means.map((m) => m[0]).sort((a, b) => a - b);
    means.forEach((m, k) => expect(Math.abs(m - ref[k])).toBeLessThan(1e-4));
  });

  it('k-means prints null sigmas and logLik and the inertia as objective', () => {
    const r = run(['fit', data, '--k', '2', '--method', 'kmeans-exact', '--json']);
    expect(r.status).toBe(0);
    const fit = JSON.parse(r.stdout) as { sigmas: null; logLik: null; objective: number };
    expect(fit.sigmas).toBeNull();
    expect(fit.logLik).toBeNull();
    expect(fit.objective).toBeLessThanOrEqual(fixture.kmeans.sklearn.inertia * (1 + 1e-9));
  });

  it('exits 2 with one clear line on a bad file or bad flags', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '1\n2\nx\n');
    const r = run(['fit', bad, '--k', '2', '--method', 'em']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.csv:3: column 1 is not a finite number');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(run(['fit', data, '--k', '0', '--method', 'em']).status).toBe(2);
    expect(run(['fit', data, '--k', '2', '--method', 'em', '--covariance', 'fixed']).stderr).toContain('--covariance fixed needs --sigma');
  });
});
