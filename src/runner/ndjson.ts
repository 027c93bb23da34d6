/**
 * Append-only newline-delimited JSON files that survive `kill -9`. A crash can leave at most a torn final
 * line (a write cut short); `readNdjson` detects it (no trailing newline, or unparsable) and reports how many
 * bytes of valid content precede it so the caller can drop the tail. Whole-file rewrites go through a
 * temporary file and `rename`, which is atomic on POSIX file systems, so a reader never sees half a file.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

export interface NdjsonContents<T> {
  readonly records: T[];
  /** True when the file ended with an incomplete or unparsable line, which was skipped. */
  readonly tornTail: boolean;
}

export function readNdjson<T>(path: string): NdjsonContents<T> {
  if (!existsSync(path)) return { records: [], tornTail: false };
  const text = readFileSync(path, 'utf8');
  const records: T[] = [];
  let start = 0;
  let tornTail = false;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end < 0) {
      tornTail = true; // a line without its newline was cut short, whether or not it happens to parse
      break;
    }
    const line = text.slice(start, end);
    start = end + 1;
    if (line.length === 0) continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      // Only the last line can be torn by a crash; an unparsable line elsewhere is corruption.
      if (start < text.length) throw new Error(`${path}: line is not valid JSON and is not the last line: ${line.slice(0, 80)}`);
      tornTail = true;
    }
  }
  return { records, tornTail };
}

/** Appends already-serialised lines with one `write` call, so a crash tears at most the final line. */
export class NdjsonAppender {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }

  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    writeSync(this.fd, lines.join('\n') + '\n');
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** Replaces `path` atomically: write a sibling temp file, fsync, rename over the target. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
