/**
 * One readable line for a system error that reaches the command line (disk full, read-only or forbidden
 * folder, a file where a folder is needed, a name too long, a closed output pipe), instead of Node's stack
 * trace. The message names the path and says what to do. Errors are recognised by their `code` (Node's
 * `NodeJS.ErrnoException`), so an error from any file operation qualifies; anything else is left to the
 * caller (src/cli.ts reports it as an internal error).
 *
 * Exit codes: a path given wrongly (a file where a folder is needed, a name too long, nothing there) is
 * unusable input, 2, as for any other bad input; a machine that refuses a correct command (disk full, quota,
 * read-only or forbidden location, I/O error, out of file handles) is ENVIRONMENT_EXIT, 3, so a batch script can tell
 * "fix the command" from "fix the machine, then run the same command again".
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, sep } from 'node:path';

/** Exit code of a failure of the machine rather than of the input. */
export const ENVIRONMENT_EXIT = 3;

/** Exit code after the reader of our output went away (EPIPE): 128 + SIGPIPE, what a shell reports for `cat` or `yes` then. */
export const BROKEN_PIPE_EXIT = 141;

export interface SystemFailure {
  /** One line, without the `mixstudy: ` prefix; empty for a closed output pipe, which is not reported. */
  readonly message: string;
  readonly exitCode: number;
}

/** The errors of file-system calls: a string `code` and usually `syscall` and `path` (`dest` too for a rename). */
type Errno = NodeJS.ErrnoException & { dest?: string };

function errnoOf(err: unknown): Errno | null {
  return err instanceof Error && typeof (err as Errno).code === 'string' ? (err as Errno) : null;
}

/** The target of a temporary file written by src/results/ndjson.ts (`<target>.<pid>.tmp`): the file a user knows. */
function userPath(path: string): string {
  return path.replace(/\.\d+\.tmp$/, '');
}

/** Shortens components longer than 40 characters, so a path with a 300-character name still reads as one line. */
function shortPath(path: string): string {
  return path
    .split(sep)
    .map((part) => (part.length > 40 ? `${part.slice(0, 24)}…(${part.length} characters)` : part))
    .join(sep);
}

/** What the failed call was doing, in words. */
function action(syscall: string | undefined): string {
  switch (syscall) {
    case 'mkdir':
      return 'create the folder';
    case 'unlink':
    case 'rmdir':
    case 'rm':
      return 'remove';
    case 'rename':
      return 'replace';
    case 'scandir':
    case 'opendir':
      return 'list';
    case 'read':
      return 'read';
    default:
      return 'write';
  }
}

/** The nearest existing ancestor of `path` (itself included) that is a file: the one that blocks a folder path. */
function blockingFile(path: string): string | null {
  for (let p = path; ; p = dirname(p)) {
    try {
      if (existsSync(p)) return statSync(p).isDirectory() ? null : p;
    } catch {
      return null;
    }
    if (dirname(p) === p) return null;
  }
}

/** The error of a write-access check on the nearest existing ancestor folder of `path` (a folder to create), or null if it is writable. */
function unwritableAncestor(path: string): Error | null {
  let p = dirname(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  try {
    accessSync(p, constants.W_OK);
    return null;
  } catch (err) {
    // Reported as the folder that could not be created, which is what the user asked for.
    return err instanceof Error ? Object.assign(err, { syscall: 'mkdir', path }) : null;
  }
}

const WHERE = 'point --results (or --out) at another folder';

/** The readable form of a system error, or null when `err` is not one this module knows. */
export function describeSystemError(err: unknown): SystemFailure | null {
  const e = errnoOf(err);
  if (e === null) return null;
  const raw = e.path ?? e.dest;
  const path = raw === undefined ? null : shortPath(userPath(raw));
  const at = path === null ? '' : ` ${path}`;
  const env = (message: string): SystemFailure => ({ message, exitCode: ENVIRONMENT_EXIT });
  const input = (message: string): SystemFailure => ({ message, exitCode: 2 });
  switch (e.code) {
    case 'EPIPE':
      return { message: '', exitCode: BROKEN_PIPE_EXIT };
    case 'ENOSPC':
      return env(`no space left on the device (writing${at || ' results'}); free some space or ${WHERE}, then run the same command again (a run resumes where it stopped)`);
    case 'EDQUOT':
      return env(`disk quota exceeded (writing${at || ' results'}); free some space or ${WHERE}, then run the same command again (a run resumes where it stopped)`);
    case 'EROFS':
      return env(`cannot ${action(e.syscall)}${at}: the file system is read-only; ${WHERE}, or make it writable`);
    case 'EACCES':
    case 'EPERM':
      return env(`cannot ${action(e.syscall)}${at}: permission denied; make it writable for this user or ${WHERE}`);
    case 'EIO':
      return env(`input/output error${path === null ? '' : ` on ${path}`}: the disk or network file system failed; check it, then run the same command again`);
    case 'EMFILE':
    case 'ENFILE':
      return env(`too many open files${path === null ? '' : ` (opening ${path})`}; raise the limit (\`ulimit -n\`) and run the same command again`);
    case 'ENOTDIR':
    case 'EEXIST': {
      // EEXIST only from mkdir: something that is not a folder is in the way. Other EEXISTs (an O_EXCL create) are the caller's business.
      if (e.code === 'EEXIST' && e.syscall !== 'mkdir') return null;
      const file = raw === undefined ? null : blockingFile(raw);
      const what = file === null ? `a part of${at} is a file, not a folder` : `${shortPath(file)} is a file, not a folder${file === raw ? '' : ` (needed for ${path})`}`;
      return input(`${what}; ${WHERE}, or move the file away`);
    }
    case 'EISDIR':
      return input(`${path ?? 'a path'} is a folder where a file is expected; give a file`);
    case 'ENAMETOOLONG': {
      const longest = raw === undefined ? 0 : Math.max(...raw.split(sep).map((p) => Buffer.byteLength(p)));
      return input(
        `a name in${at} is too long for the file system (${longest} bytes; most allow 255, and the whole path about 4096); ` +
          'use a shorter experiment name or folder',
      );
    }
    case 'ENOENT': {
      if (e.syscall === undefined) return null;
      // Node's recursive mkdir reports a read-only or forbidden parent as ENOENT: ask the parent itself.
      const refused = e.syscall === 'mkdir' && raw !== undefined ? unwritableAncestor(raw) : null;
      if (refused !== null) return describeSystemError(refused);
      return input(`${path ?? 'a file or folder'}: no such file or folder; check the path`);
    }
    default:
      return null;
  }
}
