/**
 * The top-level error report (src/commands/reportError.ts) on real system errors, made by the file operations
 * that fail in practice (src/commands/systemError.ts), and the repeated-flag check (src/commands/repeatedFlags.ts).
 * The child-process end of the same cases is test/commands/cliErrors.test.ts.
 */
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorReport, INTERNAL_ERROR_EXIT } from '../../src/commands/reportError.js';
import { rejectRepeatedFlags } from '../../src/commands/repeatedFlags.js';
import { BROKEN_PIPE_EXIT, describeSystemError, ENVIRONMENT_EXIT } from '../../src/commands/systemError.js';
import { UserError } from '../../src/errors/userError.js';
import { tempDir } from '../runner/helpers.js';

/** The error `f` throws. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('errorReport', () => {
  it('a UserError: its message on one line, its exit code', () => {
    expect(errorReport(new UserError('bad flag'))).toEqual({ text: 'mixstudy: bad flag\n', exitCode: 2 });
  });

  it('an internal error: says it is a bug, then the stack; exit 70, not 1 (a regression in `check`)', () => {
    const err = thrown(() => (null as unknown as { x: number }).x);
    const { text, exitCode } = errorReport(err);
    expect(exitCode).toBe(INTERNAL_ERROR_EXIT);
    expect(exitCode).not.toBe(1);
    expect(text).toMatch(/^mixstudy: internal error — this is a bug in mixstudy/);
    expect(text).toContain((err as Error).stack);
    expect(errorReport('a thrown string').text).toMatch(/bug in mixstudy.*\na thrown string\n$/s);
  });

  it('real file-system errors: one line naming the path, exit 2 for a wrong path, 3 for a refusing machine', () => {
    const dir = tempDir('mixstudy-report-error-');
    const file = join(dir, 'afile');
    writeFileSync(file, 'x');
    const cases: [unknown, number, RegExp][] = [
      [thrown(() => mkdirSync(join(file, 'sub', 'deeper'), { recursive: true })), 2, /afile is a file, not a folder \(needed for .*afile\/sub\/deeper\)/],
      [thrown(() => mkdirSync(file, { recursive: true })), 2, /afile is a file, not a folder; point --results/],
      [thrown(() => readFileSync(dir)), 2, /is a folder where a file is expected/],
      [thrown(() => mkdirSync(join(dir, 'n'.repeat(300)))), 2, /a name in .*n{24}…\(300 characters\) is too long for the file system \(300 bytes/],
      [thrown(() => openSync(join(dir, 'missing', 'x'), 'r')), 2, /missing\/x: no such file or folder/],
    ];
    for (const [err, code, text] of cases) {
      const d = describeSystemError(err);
      expect(d, String(err)).not.toBeNull();
      expect(d?.exitCode, String(err)).toBe(code);
      expect(d?.message, String(err)).toMatch(text);
      expect(d?.message).not.toContain('\n');
    }
  });

  it('errors of the machine, as Node reports them (a temp file is named by its target)', () => {
    const errno = (code: string, syscall: string, path?: string): Error => Object.assign(new Error(`${code}: …, ${syscall}`), { code, syscall, path });
    const cases: [Error, RegExp][] = [
      [errno('ENOSPC', 'write', 'r/x/replications.ndjson.123.tmp'), /^no space left on the device \(writing r\/x\/replications\.ndjson\); free some space/],
      [errno('ENOSPC', 'write'), /^no space left on the device \(writing results\)/],
      [errno('EDQUOT', 'write', 'r/x/a'), /^disk quota exceeded \(writing r\/x\/a\)/],
      [errno('EROFS', 'open', 'r/x/manifest.json.9.tmp'), /^cannot write r\/x\/manifest\.json: the file system is read-only/],
      [errno('EACCES', 'mkdir', 'r/x'), /^cannot create the folder r\/x: permission denied/],
      [errno('EPERM', 'unlink', 'r/x/a'), /^cannot remove r\/x\/a: permission denied/],
      [errno('EIO', 'write', 'r/x/a'), /^input\/output error on r\/x\/a/],
      [errno('EMFILE', 'open', 'r/x/a'), /^too many open files .*ulimit -n/],
    ];
    for (const [err, text] of cases) {
      const d = describeSystemError(err);
      expect(d?.exitCode, err.message).toBe(ENVIRONMENT_EXIT);
      expect(d?.message, err.message).toMatch(text);
    }
    expect(describeSystemError(errno('EPIPE', 'write'))).toEqual({ message: '', exitCode: BROKEN_PIPE_EXIT });
    // Not ours to explain: an O_EXCL create that found the file (the caller's business), and non-system errors.
    expect(describeSystemError(errno('EEXIST', 'open', 'r/x/lock'))).toBeNull();
    expect(describeSystemError(new TypeError('x'))).toBeNull();
  });
});

describe('rejectRepeatedFlags', () => {
  const yargsLike = (array: string[], alias: Record<string, string[]>) => ({ getOptions: () => ({ array, alias }) });

  it('names the flag as typed in its long form, once, whatever its aliases and camelCase copies', () => {
    const argv = { _: ['slurm'], $0: 'mixstudy', j: [1, 2], workers: [1, 2], 'cpus-per-task': [1, 2], cpusPerTask: [1, 2] };
    expect(() => rejectRepeatedFlags(argv, yargsLike([], { workers: ['j'], 'cpus-per-task': ['c'] }))).toThrow(
      new UserError('--workers: given 2 times (1, 2); give it once'),
    );
    expect(() => rejectRepeatedFlags({ _: [], $0: 'm', cpusPerTask: [1, 2], 'cpus-per-task': [1, 2] }, yargsLike([], {}))).toThrow(/^--cpus-per-task: given 2 times/);
  });

  it('lets single values and declared arrays through', () => {
    expect(() => rejectRepeatedFlags({ _: ['run', 'x'], $0: 'm', results: 'r', tags: ['a', 'b'] }, yargsLike(['tags'], {}))).not.toThrow();
  });
});
