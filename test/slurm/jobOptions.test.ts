/** Validation of `mixstudy slurm` resource options against SLURM's syntax. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/userError.js';
import { checkSbatchPath, parseSlurmTime, validateJobOptions } from '../../src/slurm/jobOptions.js';

describe('parseSlurmTime', () => {
  it('accepts every SLURM --time form', () => {
    expect(parseSlurmTime('30')).toBe(30 * 60);
    expect(parseSlurmTime('90:30')).toBe(90 * 60 + 30);
    expect(parseSlurmTime('02:00:00')).toBe(7200);
    expect(parseSlurmTime('36:00:00')).toBe(36 * 3600);
    expect(parseSlurmTime('1-12')).toBe(36 * 3600);
    expect(parseSlurmTime('1-00:30')).toBe(24 * 3600 + 30 * 60);
    expect(parseSlurmTime('2-01:02:03')).toBe(((2 * 24 + 1) * 60 + 2) * 60 + 3);
  });

  it('rejects malformed or out-of-range values', () => {
    for (const bad of ['', '1h', '01:60:00', '00:00:61', '1-25', '1-02:60', ':30', '1:2:3:4', '-1']) {
      expect(parseSlurmTime(bad), bad).toBeNull();
    }
  });
});

describe('validateJobOptions', () => {
  const ok = { array: 4, cpusPerTask: 2, time: '01:00:00', mem: '2G', partition: 'debug' };

  it('passes valid options through', () => {
    expect(validateJobOptions(ok, 24)).toEqual(ok);
    expect(validateJobOptions({ array: 24, cpusPerTask: 1 }, 24)).toEqual({ array: 24, cpusPerTask: 1 });
  });

  it('reports all problems at once, as a UserError (exit 2)', () => {
    let caught: unknown;
    try {
      validateJobOptions({ array: 0, cpusPerTask: 1.5, time: '2h', mem: '2GB', partition: 'a b' }, 24);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    const error = caught as UserError;
    expect(error.exitCode).toBe(2);
    for (const flag of ['--array', '--cpus-per-task', '--time', '--mem', '--partition']) expect(error.message).toContain(flag);
  });

  it('refuses more shards than replication tasks, saying how many there are', () => {
    expect(() => validateJobOptions({ array: 25, cpusPerTask: 1 }, 24)).toThrow(/only 24 replication tasks/);
  });

  it('refuses NaN (a non-number flag) and a zero time limit', () => {
    expect(() => validateJobOptions({ array: Number.NaN, cpusPerTask: 1 }, 24)).toThrow(/--array: expected a positive integer/);
    expect(() => validateJobOptions({ array: 2, cpusPerTask: 1, time: '0' }, 24)).toThrow(/longer than 0/);
  });
});

describe('checkSbatchPath', () => {
  it('refuses characters that #SBATCH lines cannot hold', () => {
    expect(checkSbatchPath('--out', '/scratch/me/slurm')).toBe('/scratch/me/slurm');
    for (const bad of ['/a b', '/a%b', '/a$b', "/a'b"]) expect(() => checkSbatchPath('--out', bad)).toThrow(UserError);
  });
});
