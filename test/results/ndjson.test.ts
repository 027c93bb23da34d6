/**
 * Writes that cannot lose bytes silently (src/results/ndjson.ts): a short `write` (what a nearly full disk
 * returns) is continued, a failing one leaves the previous file in place and no temp file behind, and reading
 * is chunked without changing what is read.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NdjsonAppender, readNdjson, removeStaleTempFiles, writeAll, writeFileAtomic, type WriteFn } from '../../src/results/ndjson.js';
import { tempDir } from '../runner/helpers.js';

/** A writer that takes at most `max` bytes per call, as write(2) may. */
function shortWriter(max: number, calls: number[] = []): WriteFn {
  return (fd, buffer, offset, length) => {
    calls.push(length);
    return writeSync(fd, buffer, offset, Math.min(length, max));
  };
}

/** A writer that takes `budget` bytes in total, then returns short counts and finally fails like a full disk. */
function fullDisk(budget: number): WriteFn {
  let left = budget;
  return (fd, buffer, offset, length) => {
    if (left === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    const n = Math.min(length, left);
    left -= n;
    return writeSync(fd, buffer, offset, n);
  };
}

describe('writeAll', () => {
  it('continues after short writes until every byte is written', () => {
    const path = join(tempDir(), 'f');
    const fd = openSync(path, 'w');
    const data = Buffer.from('é'.repeat(5000) + 'end', 'utf8');
    const calls: number[] = [];
    writeAll(fd, data, path, shortWriter(777, calls));
    closeSync(fd);
    expect(readFileSync(path)).toEqual(data);
    expect(calls.length).toBe(Math.ceil(data.length / 777));
  });

  it('throws, with the path, when the kernel keeps accepting nothing', () => {
    const path = join(tempDir(), 'f');
    const fd = openSync(path, 'w');
    expect(() => writeAll(fd, Buffer.from('abc'), path, () => 0)).toThrow(expect.objectContaining({ code: 'EIO', path }));
    closeSync(fd);
  });

  it('gives a failing write the path it concerns', () => {
    const path = join(tempDir(), 'f');
    const fd = openSync(path, 'w');
    expect(() => writeAll(fd, Buffer.from('abc'), path, fullDisk(1))).toThrow(expect.objectContaining({ code: 'ENOSPC', path }));
    closeSync(fd);
  });
});

describe('writeFileAtomic', () => {
  it('writes the whole content through short writes, from a string or from pieces', () => {
    const dir = tempDir();
    const lines = Array.from({ length: 3000 }, (_, i) => `{"row":${i},"text":"${'x'.repeat(i % 50)}"}\n`);
    writeFileAtomic(join(dir, 'a'), lines.join(''), shortWriter(1000));
    writeFileAtomic(join(dir, 'b'), lines, shortWriter(333));
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe(lines.join(''));
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe(lines.join(''));
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('on a full disk leaves the previous file untouched and no temp file', () => {
    const dir = tempDir();
    const path = join(dir, 'replications.ndjson');
    writeFileSync(path, 'previous\n');
    expect(() => writeFileAtomic(path, 'a much longer new content\n'.repeat(100), fullDisk(500))).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(readFileSync(path, 'utf8')).toBe('previous\n');
    expect(readdirSync(dir)).toEqual(['replications.ndjson']);
  });
});

describe('NdjsonAppender', () => {
  it('appends whole lines through short writes', () => {
    const path = join(tempDir(), 'rows.ndjson');
    const out = new NdjsonAppender(path, shortWriter(7));
    out.append(['{"a":1}', '{"b":"ü"}']);
    out.append(['{"c":3}']);
    out.close();
    expect(readNdjson(path)).toEqual({ records: [{ a: 1 }, { b: 'ü' }, { c: 3 }], tornTail: false });
  });

  it('fails on a full disk, leaving at most a torn last line that the reader drops', () => {
    const path = join(tempDir(), 'rows.ndjson');
    const out = new NdjsonAppender(path, fullDisk(12));
    out.append(['{"a":1}']);
    expect(() => out.append(['{"b":2}', '{"c":3}'])).toThrow(expect.objectContaining({ code: 'ENOSPC', path }));
    out.close();
    expect(readNdjson(path)).toEqual({ records: [{ a: 1 }], tornTail: true });
  });
});

describe('readNdjson', () => {
  it('reads lines that straddle its read chunks, multi-byte characters included', () => {
    const path = join(tempDir(), 'big.ndjson');
    // ~2.6 MB: several 1 MB chunks, with 2- and 3-byte characters cut at chunk edges.
    const records = Array.from({ length: 20_000 }, (_, i) => ({ i, s: 'αβγ€'.repeat(i % 37) }));
    writeFileSync(path, records.map((r) => JSON.stringify(r) + '\n').join(''));
    expect(readNdjson(path)).toEqual({ records, tornTail: false });
  });

  it('names the line of a damaged line that is not the last', () => {
    const path = join(tempDir(), 'rows.ndjson');
    writeFileSync(path, '{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n');
    expect(() => readNdjson(path)).toThrow(/line 3 is not valid JSON/);
  });

  it('names a middle line that parses but is not an object (null, a number), instead of crashing on it later', () => {
    const path = join(tempDir(), 'rows.ndjson');
    writeFileSync(path, '{"a":1}\n{"a":2}\nnull\n{"a":4}\n');
    expect(() => readNdjson(path)).toThrow(/line 3 is not a JSON object and is not the last line/);
    writeFileSync(path, '{"a":1}\n7\n');
    expect(readNdjson(path)).toEqual({ records: [{ a: 1 }], tornTail: true });
  });

  it('treats an unterminated or unparsable last line as torn', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), '{"a":1}\n{"a":2}');
    writeFileSync(join(dir, 'b'), '{"a":1}\n{"a":\n');
    expect(readNdjson(join(dir, 'a'))).toEqual({ records: [{ a: 1 }], tornTail: true });
    expect(readNdjson(join(dir, 'b'))).toEqual({ records: [{ a: 1 }], tornTail: true });
  });
});

describe('removeStaleTempFiles', () => {
  it('removes only the temp files of the named targets', () => {
    const dir = tempDir();
    for (const name of ['replications.ndjson.123.tmp', 'manifest.json.9.tmp', 'notes.txt.5.tmp', 'manifest.json', 'my.tmp']) writeFileSync(join(dir, name), 'x');
    expect(removeStaleTempFiles(dir, ['replications.ndjson', 'manifest.json']).sort()).toEqual(['manifest.json.9.tmp', 'replications.ndjson.123.tmp']);
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'my.tmp', 'notes.txt.5.tmp']);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });
});
