import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mixtureFromArgs } from '../../src/commands/limit.js';
import { UserError } from '../../src/errors/userError.js';
import { fisherSeparationSd, fisherSeparationSdFor } from '../../src/theory/fisher.js';
import { kmeansLimit } from '../../src/theory/kmeansLimit.js';

const bin = fileURLToPath(new URL('../../bin/mixstudy.js', import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [bin, 'limit', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('mixstudy limit', () => {
  it('--json prints exactly the documented fields, equal to the library values', () => {
    const r = run(['--weights', '0.5,0.5', '--means=-1,1', '--sigma', '1', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      kmeansLimit: { centers: number[][]; separation: number; separationBias: number; proportions: number[]; fixedPoints: unknown[]; kmeansSd: number };
      fisher: { sdMeansOnly: number; sdAllParameters: number; model: { covariance: string; weights: string; sd: number }; notes: string[] };
    };
    expect(Object.keys(out).sort()).toEqual(['fisher', 'kmeansLimit']);
    expect(Object.keys(out.kmeansLimit).sort()).toEqual(['centers', 'fixedPoints', 'kmeansSd', 'proportions', 'separation', 'separationBias']);
    expect(Object.keys(out.fisher).sort()).toEqual(['model', 'notes', 'sdAllParameters', 'sdMeansOnly']);
    const mix = { weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] };
    const lim = kmeansLimit(mix);
    const fisher = fisherSeparationSd(mix);
    // JSON round-trips doubles exactly.
    expect(out.kmeansLimit.centers).toEqual(lim.centers);
    expect(out.kmeansLimit.separation).toBe(lim.separation);
    expect(out.kmeansLimit.separationBias).toBe(lim.separationBias);
    expect(out.kmeansLimit.proportions).toEqual(lim.proportions);
    expect(out.kmeansLimit.fixedPoints.length).toBe(1);
    expect(out.kmeansLimit.kmeansSd).toBe(lim.kmeansSd);
    expect(out.fisher.sdMeansOnly).toBe(fisher.sdMeansOnly);
    expect(out.fisher.sdAllParameters).toBe(fisher.sdAllParameters);
    // Without model flags the model is the one of sdAllParameters.
    expect(out.fisher.model).toEqual({ covariance: 'equal', weights: 'estimated', sd: fisher.sdAllParameters });
    expect(out.fisher.notes).toEqual([]);
  });

  it('--covariance / --weights-known give the sd∞ of that model, and σ = 20 (other units) works and scales', () => {
    const r = run(['--weights', '0.75,0.25', '--means=0,3', '--sigma', '1', '--covariance', 'unequal', '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { fisher: { model: { covariance: string; weights: string; sd: number } } };
    const mix = { weights: [0.75, 0.25], means: [[0], [3]], sigmas: [1, 1] };
    expect(out.fisher.model).toEqual({ covariance: 'unequal', weights: 'estimated', sd: fisherSeparationSdFor(mix, { covariance: 'unequal', weights: 'estimated' }) });
    const known = JSON.parse(run(['--weights', '0.5,0.5', '--means=-1,1', '--sigma', '1', '--covariance', 'fixed', '--weights-known', '--json']).stdout) as { fisher: { sdMeansOnly: number; model: { sd: number } } };
    expect(known.fisher.model.sd).toBe(known.fisher.sdMeansOnly);
    // The canonical study in other units used to crash with "fisher: quadrature did not converge".
    const big = run(['--weights', '0.5,0.5', '--means=-20,20', '--sigma', '20', '--json']);
    expect(big.stderr).toBe('');
    expect(big.status).toBe(0);
    const o = JSON.parse(big.stdout) as { kmeansLimit: { separation: number; kmeansSd: number }; fisher: { sdAllParameters: number } };
    const unit = fisherSeparationSd({ weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] });
    expect(Math.abs(o.fisher.sdAllParameters / (20 * unit.sdAllParameters) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(o.kmeansLimit.separation / (20 * (kmeansLimit({ weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] }).separation as number)) - 1)).toBeLessThan(1e-13);
    const bad = run(['--weights', '0.5,0.5', '--means=-1,1', '--sigma', '1', '--covariance', 'diagonal']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe("mixstudy: --covariance: must be one of equal, unequal, fixed (got 'diagonal')");
  });

  it('bad input exits with code 2 and one clear line on stderr', () => {
    const r = run(['--weights', '0.6,0.5', '--means=-1,1', '--sigma', '1']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['mixstudy: --weights: must sum to 1 (got 1.1)']);
  });

  it('rejects each kind of bad input with a UserError naming the flag', () => {
    // The rules and their wording are src/mixture/spherical.ts's (with the theory's weights > 0); the command
    // names the flag and counts from 1.
    const bad: [Parameters<typeof mixtureFromArgs>[0], string][] = [
      [{ weights: '0.5,0.6', means: '-1,1', sigma: 1 }, '--weights: must sum to 1 (got 1.1)'],
      [{ weights: '0.5,x', means: '-1,1', sigma: 1 }, "--weights: 'x' is not a finite number (in '0.5,x')"],
      [{ weights: '1.5,-0.5', means: '-1,1', sigma: 1 }, '--weights: weight 2 must be > 0 (got -0.5)'],
      [{ weights: '1,0', means: '-1,1', sigma: 1 }, '--weights: weight 2 must be > 0 (got 0)'],
      [{ weights: '0.5,0.5', means: '-1,1,2', sigma: 1 }, "--means: has 3 rows, expected K = 2 (one per weight) (for d > 1 separate components with ';', e.g. --means='0,0;2,0')"],
      [{ weights: '0.5,0.5', means: '0,0;1,1;2,2', sigma: 1 }, '--means: has 3 rows, expected K = 2 (one per weight)'],
      [{ weights: '0.5,0.5', means: '0,0;1', sigma: 1 }, '--means: component 2 has 1 coordinate, expected 2 (as means[0])'],
      [{ weights: '0.5,0.5', means: '-1,1', sigma: 0 }, '--sigma: must be > 0 (got 0)'],
      [{ weights: '0.5,0.5', means: '-1,1', sigma: Number.NaN }, '--sigma: must be finite (got NaN)'],
      [{ weights: '0.5,0.5', means: '-1,1', sigmas: '1,-2' }, '--sigmas: value 2 must be > 0 (got -2)'],
      [{ weights: '0.5,0.5', means: '-1,1', sigmas: '1' }, '--sigmas: has 1 entry, expected K = 2 (one per weight)'],
      [{ weights: '0.5,0.5', means: '-1,1', sigma: 1, sigmas: '1,1' }, '--sigma, --sigmas: needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got both)'],
      [{ weights: '0.5,0.5', means: '-1,1' }, '--sigma, --sigmas: needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got neither)'],
    ];
    for (const [args, msg] of bad) {
      let err: unknown = null;
      try {
        mixtureFromArgs(args);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toBe(msg);
      expect((err as UserError).message).not.toContain('\n');
      expect((err as UserError).exitCode).toBe(2);
    }
    const ok = mixtureFromArgs({ weights: '0.3,0.7', means: '0,0;2,1', sigmas: '1,2' });
    expect(ok).toEqual({ weights: [0.3, 0.7], means: [[0, 0], [2, 1]], sigmas: [1, 2] });
  });
});
