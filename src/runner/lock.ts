/**
 * An exclusive lock on one results folder, so two commands never write (or read half-written) results of the
 * same experiment at once: `run` (also with --fresh), `merge` and `baseline` hold it while they work.
 *
 * The lock is the file `<folder>/mixstudy.lock`, created with O_CREAT|O_EXCL (`openSync(path, 'wx')`), which
 * is atomic on local file systems and on NFS v3 and later, the shared file systems of SLURM clusters. It holds
 * the holder's pid, host, start time, command line and — on Linux — the identity of its process (boot id and
 * the process's start time in /proc/<pid>/stat), because a pid alone is reused: after a reboot or in a restarted
 * container the same pid may belong to another process, or to this one. A lock whose holder is on this host and
 * no longer alive (`kill(pid, 0)` fails with ESRCH, or the pid now names a process started at another time, or
 * names this process, which has not taken it) is taken over with a notice; a lock of another host cannot be checked and counts as held, and the message says how to
 * remove it. The takeover itself is serialised by a second O_EXCL file, so two processes that find the same
 * stale lock cannot both take it.
 */
import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors/userError.js';
import { writeAll } from '../results/ndjson.js';

export const LOCK_FILE = 'mixstudy.lock';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
  /** `<boot id>:<start time in clock ticks>` of the holding process, where /proc tells it (Linux). */
  readonly process?: string;
}

export interface FolderLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

/** A takeover guard older than this was left by a process that died while taking over (it takes milliseconds). */
const GUARD_STALE_MS = 30_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `path` with `content` if it does not exist; false if it does. */
function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeAll(fd, Buffer.from(content, 'utf8'), path);
    fsyncSync(fd);
    closeSync(fd);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    unlinkSync(path);
    throw err;
  }
  return true;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      const identity = typeof value.process === 'string' ? { process: value.process } : {};
      return { pid: value.pid, host: value.host, startedAt: String(value.startedAt ?? '?'), command: String(value.command ?? '?'), ...identity };
    }
  } catch {
    // not JSON: being written right now, or damaged
  }
  return null;
}

/** Whether process `pid` exists on this host (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Which process `pid` is, beyond its number: the boot id and its start time (Linux /proc); null elsewhere. */
export function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the fields after the command name, which is in parentheses, start at field 3.
    const starttime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return starttime === undefined ? null : `${boot}:${starttime}`;
  } catch {
    return null;
  }
}

/** Lock files this process holds (so finding its own pid in a lock it did not take means the pid was reused). */
const heldHere = new Set<string>();

function isStale(holder: LockHolder, path: string): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(path);
  if (!processAlive(holder.pid)) return true;
  if (holder.process === undefined) return false;
  const now = processIdentity(holder.pid);
  return now !== null && now !== holder.process;
}

/** Another process may have removed it first: that is not an error here. */
function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Replaces the lock file if it still holds `staleText`; false if another process got there first. */
function takeOver(path: string, staleText: string, content: string): boolean {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, `${process.pid}\n`)) {
    let age = 0;
    try {
      age = Date.now() - statSync(guard).mtimeMs;
    } catch {
      return false; // just released: try again
    }
    if (age < GUARD_STALE_MS) return false;
    unlinkIfPresent(guard);
    if (!createExclusive(guard, `${process.pid}\n`)) return false;
  }
  try {
    if (readText(path) !== staleText) return false;
    unlinkIfPresent(path);
    return createExclusive(path, content);
  } finally {
    unlinkIfPresent(guard);
  }
}

function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host} since ${holder.startedAt} (${holder.command})`;
}

function heldError(dir: string, path: string, holder: LockHolder | null): UserError {
  if (holder === null) {
    return new UserError(`${dir} is locked by ${path}, which is unreadable; if no mixstudy command is using this folder, delete that file and retry`);
  }
  const remedy =
    holder.host === hostname()
      ? `wait for it to finish or stop it (kill ${holder.pid})`
      : `wait for it to finish; if it no longer runs on ${holder.host}, delete ${path}`;
  return new UserError(`${dir} is in use by ${describeHolder(holder)}; ${remedy}`);
}

/**
 * Takes the lock of results folder `dir` (which must exist) or throws a UserError naming the holder.
 * `notice` receives the line announcing the takeover of a stale lock (default: stderr).
 */
export function acquireLock(dir: string, notice: (line: string) => void = (line) => process.stderr.write(line + '\n')): FolderLock {
  const path = join(dir, LOCK_FILE);
  const identity = processIdentity(process.pid);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
    ...(identity !== null ? { process: identity } : {}),
  };
  const content = JSON.stringify(me) + '\n';
  let lastHolder: LockHolder | null = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createExclusive(path, content)) return holdLock(path, content);
    const text = readText(path);
    if (text === null) continue; // released between our attempt and the read
    const holder = parseHolder(text);
    lastHolder = holder;
    if (holder === null) {
      sleep(25); // another process may have created it and not yet written its details
      continue;
    }
    if (!isStale(holder, path)) throw heldError(dir, path, holder);
    if (takeOver(path, text, content)) {
      notice(`mixstudy: took over the lock of ${dir} from ${describeHolder(holder)}, which is no longer running`);
      return holdLock(path, content);
    }
    sleep(10);
  }
  throw heldError(dir, path, lastHolder);
}

/** Takes the locks of every folder in `dirs`, or none of them. */
export function acquireLocks(dirs: readonly string[], notice?: (line: string) => void): FolderLock {
  const held: FolderLock[] = [];
  try {
    for (const dir of dirs) held.push(acquireLock(dir, notice));
  } catch (err) {
    for (const lock of [...held].reverse()) lock.release();
    throw err;
  }
  return {
    path: held.map((l) => l.path).join(', '),
    release: () => {
      for (const lock of [...held].reverse()) lock.release();
    },
  };
}

function holdLock(path: string, content: string): FolderLock {
  let held = true;
  heldHere.add(path);
  const release = (): void => {
    if (!held) return;
    held = false;
    heldHere.delete(path);
    process.off('exit', release);
    // Only our own lock: a folder deleted or re-locked meanwhile (e.g. by a takeover) is left alone. Best
    // effort: a lock that cannot be removed is stale once we exit, and the next command takes it over.
    try {
      if (readText(path) === content) unlinkSync(path);
    } catch {
      // the folder became unreadable or was removed
    }
  };
  // Also on process.exit() (a second Ctrl-C): 'exit' handlers run synchronously before the process ends.
  process.on('exit', release);
  return { path, release };
}

/** Who holds the lock of `dir` now, if anyone (a stale lock counts as nobody). */
export function lockHolder(dir: string): LockHolder | null {
  const text = readText(join(dir, LOCK_FILE));
  if (text === null) return null;
  const holder = parseHolder(text);
  return holder !== null && isStale(holder, join(dir, LOCK_FILE)) ? null : holder;
}
