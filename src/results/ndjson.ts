/**
 * Append-only newline-delimited JSON files that survive `kill -9` and a full disk. A crash can leave at most a
 * torn final line (a write cut short); `readNdjson` detects it (no trailing newline, or unparsable) and the
 * caller drops it. Every write goes through `writeAll`, which loops until the kernel has taken every byte
 * (`write(2)` may take fewer than asked, e.g. on a nearly full disk) and otherwise throws. Whole-file rewrites go
 * through a temporary file that is written completely, fsynced and only then renamed over the target (atomic
 * on POSIX file systems), and the directory is fsynced so the rename itself survives a power loss; a failed
 * rewrite removes its temporary file and leaves the previous file untouched.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../errors/userError.js';

export interface NdjsonContents<T> {
  readonly records: T[];
  /** True when the file ended with an incomplete or unparsable line, which was skipped. */
  readonly tornTail: boolean;
}

/** Bytes read per `read` call: files are read in chunks, so their size is not bounded by V8's longest string. */
const READ_CHUNK = 1 << 20;

/** Calls `onLine(text, lineNumber, complete)` for every line of the file; `complete` is false only for a last line without its newline. */
function forEachLine(path: string, onLine: (line: string, lineNumber: number, complete: boolean) => void): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let lineNumber = 0;
    for (;;) {
      const bytes = readSync(fd, buffer, 0, READ_CHUNK, null);
      if (bytes === 0) break;
      const text = pending + decoder.write(buffer.subarray(0, bytes));
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        onLine(text.slice(start, end), ++lineNumber, true);
        start = end + 1;
      }
      pending = text.slice(start);
    }
    pending += decoder.end();
    if (pending.length > 0) onLine(pending, ++lineNumber, false);
  } finally {
    closeSync(fd);
  }
}

export function readNdjson<T>(path: string): NdjsonContents<T> {
  if (!existsSync(path)) return { records: [], tornTail: false };
  const records: T[] = [];
  let tornTail = false;
  // A line that does not parse is held back until we know whether it is the last one (a torn write) or not.
  let bad: { line: string; lineNumber: number; parsed: boolean } | null = null;
  forEachLine(path, (line, lineNumber, complete) => {
    if (bad !== null) {
      throw new UserError(
        `${path}: line ${bad.lineNumber} is not ${bad.parsed ? 'a JSON object' : 'valid JSON'} and is not the last line, so it is not a torn write but a damaged file ` +
          `(${JSON.stringify(bad.line.slice(0, 60))}); restore the file or rerun with --fresh`,
      );
    }
    if (!complete) {
      tornTail = true; // a line without its newline was cut short, whether or not it happens to parse
      return;
    }
    if (line.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      bad = { line, lineNumber, parsed: false };
      return;
    }
    // Every line of a results file is an object; `null` or a number is damage, not a record.
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) records.push(value as T);
    else bad = { line, lineNumber, parsed: true };
  });
  if (bad !== null) tornTail = true;
  return { records, tornTail };
}

/** `writeSync(fd, buffer, offset, length)`: injectable so a test can simulate the short writes of a full disk. */
export type WriteFn = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

const writeBytes: WriteFn = (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length);

/** Gives a system error from an fd operation the path it concerns (Node only knows the fd), for the CLI's message. */
function withPath(err: unknown, path: string): unknown {
  if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).path === undefined) (err as NodeJS.ErrnoException).path = path;
  return err;
}

/**
 * Writes all of `data` at the fd's position, looping over short writes. Throws the system error of a failing
 * write (ENOSPC, EIO, …), or EIO if the kernel repeatedly accepts nothing without saying why.
 */
export function writeAll(fd: number, data: Uint8Array, path: string, write: WriteFn = writeBytes): void {
  let offset = 0;
  let stalls = 0;
  while (offset < data.length) {
    let written: number;
    try {
      written = write(fd, data, offset, data.length - offset);
    } catch (err) {
      throw withPath(err, path);
    }
    if (written > 0) {
      offset += written;
      stalls = 0;
    } else if (++stalls >= 3) {
      throw Object.assign(new Error(`EIO: write made no progress (${offset} of ${data.length} bytes written), write '${path}'`), { code: 'EIO', syscall: 'write', path });
    }
  }
}

/** Appends already-serialised lines; a crash (or a failed write) can tear only the final line. */
export class NdjsonAppender {
  private readonly fd: number;

  constructor(
    private readonly path: string,
    private readonly write: WriteFn = writeBytes,
  ) {
    this.fd = openSync(path, 'a');
  }

  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    writeAll(this.fd, Buffer.from(lines.join('\n') + '\n', 'utf8'), this.path, this.write);
  }

  /** Flushes to disk (fsync) and closes; the fd is closed even when the flush fails, and that failure is thrown. */
  close(): void {
    try {
      fsyncSync(this.fd);
    } catch (err) {
      throw withPath(err, this.path);
    } finally {
      closeSync(this.fd);
    }
  }
}

/** Bytes gathered before a `write` call when a file is written from many small pieces. */
const WRITE_CHUNK = 1 << 20;

/** Writes the pieces in chunks of about WRITE_CHUNK bytes, so no string of the whole file is ever built. */
function writePieces(fd: number, pieces: Iterable<string>, path: string, write: WriteFn): void {
  let batch: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    writeAll(fd, Buffer.from(batch.join(''), 'utf8'), path, write);
    batch = [];
    size = 0;
  };
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= WRITE_CHUNK) flush();
  }
  flush();
}

/** Makes a completed rename durable: fsync the directory where the platform allows it (Linux, macOS). */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return; // a directory cannot be opened for reading on this platform (Windows)
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    // File systems and platforms without directory fsync say so with these codes; anything else is real.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EBADF') throw withPath(err, dir);
  } finally {
    closeSync(fd);
  }
}

/** Suffix of the temporary files `writeFileAtomic` writes: `<target>.<pid>.tmp`. */
export const TEMP_SUFFIX = /\.\d+\.tmp$/;

/**
 * Replaces `path` atomically: write a sibling temp file completely, fsync it, rename it over the target, fsync
 * the directory. `content` is a string or pieces of one (rows), so a file larger than V8's longest string can
 * be written. On any failure the temp file is removed and the error rethrown; the target is unchanged.
 */
export function writeFileAtomic(path: string, content: string | Iterable<string>, write: WriteFn = writeBytes): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    try {
      if (typeof content === 'string') writeAll(fd, Buffer.from(content, 'utf8'), tmp, write);
      else writePieces(fd, content, tmp, write);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone (renamed) or the directory is unusable; the original error is what matters
    }
    throw withPath(err, path);
  }
  fsyncDirectory(dirname(path));
}

/**
 * Removes the temp files `writeFileAtomic` left in `dir` for any of `targets` when a process was killed in the
 * middle of a rewrite. Only call it while holding the folder's lock (src/runner/lock.ts): then no other process
 * is writing them.
 */
export function removeStaleTempFiles(dir: string, targets: readonly string[]): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const target = name.replace(TEMP_SUFFIX, '');
    if (target !== name && targets.includes(target)) {
      unlinkSync(join(dir, name));
      removed.push(name);
    }
  }
  return removed;
}
