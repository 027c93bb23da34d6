/**
 * `mixstudy fit` end to end: the JSON contract (with the status vocabulary of replications.ndjson), the CSV
 * format reported on stderr, and exit code 2 on bad input.
 */
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
    expect(Object.keys(fit).sort()).toEqual(['converged', 'iterations', 'logLik', 'means', 'objective', 'sigmas', 'status', 'weights']);
    expect(fit.status).toBe('ok');
    expect(fit.converged).toBe(true);
    expect(r.stderr).toBe(`${data}: ${fixture.x.length} points in 1 dimension; no separator (one column, detected), decimal "." (detected), header: x\n`);
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

  it('says "degenerate" where σ hit the floor, although EM converged (status and message as in replications.ndjson)', () => {
    const two = join(dir, 'two.csv');
    writeFileSync(two, '1\n2\n');
    const r = run(['fit', two, '--k', '2', '--method', 'em', '--covariance', 'unequal', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const fit = JSON.parse(r.stdout) as { status: string; message: string; converged: boolean };
    expect(Object.keys(fit).slice(0, 2)).toEqual(['status', 'message']);
    expect(fit.status).toBe('degenerate');
    expect(fit.message).toMatch(/variance σ² hit the floor/);
    expect(fit.converged).toBe(true);
    const text = run(['fit', two, '--k', '2', '--method', 'em', '--covariance', 'unequal']);
    expect(text.stdout.split('\n')[0]).toBe(`status     degenerate (${fit.message})`);
  });

  it('reads a decimal-comma file with --decimal , (or its header) and says so on stderr', () => {
    const comma = join(dir, 'comma.csv');
    writeFileSync(comma, fixture.x.map((v) => String(v).replace('.', ',')).join('\r'));
    const ambiguous = run(['fit', comma, '--k', '2', '--method', 'kmeans-exact', '--json']);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toContain('cannot tell whether "," separates columns or is a decimal comma');
    const r = run(['fit', comma, '--k', '2', '--method', 'kmeans-exact', '--json', '--decimal', ',']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('no separator (one column, detected), decimal "," (given), no header');
    const dot = run(['fit', data, '--k', '2', '--method', 'kmeans-exact', '--json']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(dot.stdout));
  });

  it('exits 2 with one clear line on a bad file or bad flags', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '1\n2\nx\n');
    const r = run(['fit', bad, '--k', '2', '--method', 'em']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.csv:3: column 1 is not a number ("x")');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(run(['fit', data, '--k', '0', '--method', 'em']).status).toBe(2);
    expect(run(['fit', data, '--k', '2', '--method', 'em', '--covariance', 'fixed']).stderr).toContain('--sigma: required when covariance is "fixed"');
  });

  it('takes the chosen method\'s options as flags, held to the config rules of its descriptor', () => {
    const notMine = run(['fit', data, '--k', '2', '--method', 'kmeans', '--weights', 'equal']);
    expect(notMine.status).toBe(2);
    expect(notMine.stderr).toContain('--weights does not apply to --method kmeans (its options: --init, --restarts, --tol, --maxIter)');
    const badValue = run(['fit', data, '--k', '2', '--method', 'cem', '--covariance', 'fixed']);
    expect(badValue.status).toBe(2);
    expect(badValue.stderr).toContain('--covariance: expected one of "equal", "unequal" (got "fixed")');
    const hw = run(['fit', data, '--k', '2', '--method', 'kmeans-hw', '--restarts', '3', '--json']);
    expect(hw.status, hw.stderr).toBe(0);
    const exact = run(['fit', data, '--k', '2', '--method', 'kmeans-exact', '--json']);
    // Hartigan–Wong with restarts reaches the exact 1-D optimum on these data.
    expect(JSON.parse(hw.stdout).objective).toBeCloseTo(JSON.parse(exact.stdout).objective, 9);
  });
});
