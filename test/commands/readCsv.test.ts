/**
 * readCsv: the decimal numbers R and pandas write and nothing else; missing and infinite values are errors
 * naming the line; the separator and decimal mark are detected (or given, as in read.csv / pandas.read_csv)
 * and reported; a header is a first line with no numeric field; LF, CRLF and CR line endings.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFormat, parseCsv, parseDecimal, parseSeparator, readCsv } from '../../src/commands/readCsv.js';
import { UserError } from '../../src/errors/userError.js';
import { tempDir } from '../runner/helpers.js';

function csv(text: string): string {
  const path = join(tempDir('mixstudy-csv-'), 'data.csv');
  writeFileSync(path, text);
  return path;
}

const values = (text: string, opts = {}) => {
  const d = parseCsv(text, 'data.csv', opts);
  return { x: Array.from(d.x), n: d.n, d: d.d, format: d.format };
};

describe('readCsv', () => {
  it('reads rows into a row-major Dataset, skipping a header, blank lines and comments', () => {
    const data = readCsv(csv('x,y\n1,2\n\n# note\n3,4\n5,6\n'));
    expect(data.n).toBe(3);
    expect(data.d).toBe(2);
    expect(Array.from(data.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data.format).toEqual({ sep: ',', decimal: '.', sepDetected: true, decimalDetected: true, header: ['x', 'y'] });
  });

  it('names the line and column of a non-numeric cell', () => {
    const path = csv('1\n2\nabc\n');
    expect(() => readCsv(path)).toThrow(UserError);
    expect(() => readCsv(path)).toThrow(`${path}:3: column 1 is not a number ("abc")`);
  });

  it('rejects ragged rows, empty files and missing files', () => {
    expect(() => readCsv(csv('1.5,2\n3\n'))).toThrow(/:2: 1 columns, expected 2/);
    expect(() => readCsv(csv('\n\n'))).toThrow(/no data rows/);
    expect(() => readCsv(csv('x\n'))).toThrow(/no data rows/);
    expect(() => readCsv('/nonexistent/data.csv')).toThrow(/cannot read \(ENOENT\)/);
  });

  it('no longer misreads the four files that were read without a word', () => {
    expect(() => readCsv(csv('1.5\n0x10\n0b11\n0o7\n'))).toThrow(/:2: column 1 is not a number \("0x10"\)/); // was 16, 3, 7
    const comma = readCsv(csv('x\n-0,38345\n1,2047\n0,5\n')); // was a 2-D fit with means like [0, 38345]
    expect([comma.n, comma.d, Array.from(comma.x)]).toEqual([3, 1, [-0.38345, 1.2047, 0.5]]);
    expect(() => readCsv(csv('NaN\n1\n2\n'))).toThrow(/:1: column 1 is a missing value/); // was dropped as a header
    expect(readCsv(csv('1\r2\r3\r')).n).toBe(3); // was "no data rows"
  });

  it('accepts only decimal numbers: no hex, binary, octal, digit separators or JavaScript spellings', () => {
    for (const bad of ['0x10', '0b11', '0o7', '1_000', 'Infinity1', '1e', '--1', '1.2.3', '1d', '١٢']) {
      expect(() => parseCsv(`1\n${bad}\n`, 'data.csv'), bad).toThrow(`data.csv:2: column 1 is not a number ("${bad}")`);
    }
    expect(values('1\n-2.5\n+3\n.5\n4.\n1e-05\n-1.5E+10\n007\n').x).toEqual([1, -2.5, 3, 0.5, 4, 1e-5, -1.5e10, 7]);
    expect(() => parseCsv('1\n1e400\n', 'data.csv')).toThrow('data.csv:2: column 1: "1e400" is too large for a double');
  });

  it('refuses missing and infinite values, naming the line (R and pandas spellings)', () => {
    for (const na of ['NA', 'NaN', 'nan', 'N/A', 'NULL', '<NA>']) {
      expect(() => parseCsv(`1,2\n3,${na}\n`, 'data.csv'), na).toThrow(`data.csv:2: column 2 is a missing value ("${na}"); the estimators need complete data`);
    }
    expect(() => parseCsv('1.5,2\n3,\n', 'data.csv')).toThrow('data.csv:2: column 2 is a missing value (empty)');
    for (const inf of ['Inf', '-Inf', 'inf', '-inf', 'Infinity']) {
      expect(() => parseCsv(`1\n${inf}\n`, 'data.csv'), inf).toThrow(`data.csv:2: column 1 is infinite ("${inf}")`);
    }
    expect(() => parseCsv('1\n#N/A\n', 'data.csv')).toThrow('data.csv:2: column 1 is a missing value ("#N/A")');
  });

  it('a malformed number on the first line is an error, not a header that silently drops the row', () => {
    for (const first of ['0x10', '1.5e', '1.2.3', '+.5e', '.5.']) {
      expect(() => parseCsv(`${first}\n1\n2\n`, 'data.csv'), first).toThrow(/data\.csv:1: ".*" is not a number in the decimal syntax/);
    }
    expect(parseCsv('x\n1\n2\n', 'data.csv').format.header).toEqual(['x']);
  });

  it('a first row of NaN is data (an error), not a header', () => {
    expect(() => parseCsv('NaN\n1\n2\n', 'data.csv')).toThrow('data.csv:1: column 1 is a missing value ("NaN")');
    expect(() => parseCsv('NA,NA\n1,2\n', 'data.csv')).toThrow('data.csv:1: column 1 is a missing value ("NA")');
    expect(() => parseCsv('x,1.5\n1,2\n', 'data.csv')).toThrow('data.csv:1: column 1 is not a number ("x")');
  });

  it('reads CR-only, CRLF and LF line endings alike, and ignores a byte-order mark', () => {
    const expected = { x: [1.5, -2, 3], n: 3, d: 1 };
    for (const eol of ['\r', '\r\n', '\n']) {
      expect(values(['x', '1.5', '-2', '3', ''].join(eol)), JSON.stringify(eol)).toMatchObject(expected);
    }
    expect(() => parseCsv('1\r2\rx\r', 'data.csv')).toThrow('data.csv:3: column 1 is not a number ("x")');
    expect(values('\uFEFF1.5\n2\n').x).toEqual([1.5, 2]);
  });

  it('a decimal-comma column is one dimension when its header says so, and ambiguous without a header', () => {
    const r = values('"x"\n-0,38345\n1,2047\n');
    expect(r).toMatchObject({ x: [-0.38345, 1.2047], n: 2, d: 1 });
    expect(r.format).toMatchObject({ sep: null, decimal: ',', header: ['x'] });
    expect(values('x,y\n-0,38345\n1,2047\n')).toMatchObject({ x: [-0, 38345, 1, 2047], d: 2 });
    expect(() => parseCsv('-0,38345\n1,2047\n', 'data.csv')).toThrow(
      'data.csv: cannot tell whether "," separates columns or is a decimal comma (no "." and no header); pass --sep , for columns or --decimal , for decimal commas',
    );
    expect(values('-0,38345\n1,2047\n', { decimal: ',' })).toMatchObject({ x: [-0.38345, 1.2047], d: 1 });
    expect(values('-0,38345\n1,2047\n', { sep: ',' })).toMatchObject({ x: [-0, 38345, 1, 2047], d: 2 });
    expect(values('1.5,2\n3,4\n')).toMatchObject({ x: [1.5, 2, 3, 4], d: 2 }); // a "." anywhere: "," separates
  });

  it('reads what R write.csv / write.csv2 and pandas to_csv write, and refuses their row names / index column', () => {
    // write.csv(data.frame(x, y), row.names = FALSE)
    expect(values('"x","y"\n-0.626453810742332,1e-05\n0.183643324222082,-2\n')).toMatchObject({ x: [-0.626453810742332, 1e-5, 0.183643324222082, -2], d: 2 });
    // write.csv2(…, row.names = FALSE): ";" and decimal commas
    const r2 = values('"x";"y"\n-0,626453810742332;1e-05\n0,18;-2\n');
    expect(r2).toMatchObject({ x: [-0.626453810742332, 1e-5, 0.18, -2], d: 2 });
    expect(r2.format).toMatchObject({ sep: ';', decimal: ',' });
    // to_csv(index=False), and to_csv(sep='\t', decimal=',', index=False)
    expect(values('x,y\n-0.62,1.5\n1e-05,2.0\n')).toMatchObject({ x: [-0.62, 1.5, 1e-5, 2], d: 2 });
    expect(values('x\ty\n-0,62\t1,5\n').format).toMatchObject({ sep: '\t', decimal: ',' });
    // the defaults write row names / the index as an unnamed first column
    expect(() => parseCsv('"","x"\n"1",0.5\n"2",1.5\n', 'data.csv')).toThrow(/data\.csv:1: header column 1 has no name — row names or an index/);
    expect(() => parseCsv(',x\n0,0.5\n1,1.5\n', 'data.csv')).toThrow(/header column 1 has no name/);
    // quoted numbers are numbers, as in read.csv and read_csv; a quote inside quotes is doubled
    expect(values('"a ""b""",c\n"1.5",2\n').format.header).toEqual(['a "b"', 'c']);
    expect(() => parseCsv('"1.5,2\n', 'data.csv')).toThrow('data.csv:1: a quoted field is not closed');
  });

  it('whitespace-separated columns, and any single-character separator when given', () => {
    expect(values('  1.5   2\n3 4\n')).toMatchObject({ x: [1.5, 2, 3, 4], d: 2, format: { sep: 'whitespace' } });
    expect(values('  1.5   2\n3\t4\n', { sep: 'whitespace' })).toMatchObject({ x: [1.5, 2, 3, 4], d: 2 });
    // With tab detected, "  1.5   2" is one field that is no number: once taken for a header, now an error.
    expect(() => parseCsv('  1.5   2\n3\t4\n', 'data.csv')).toThrow('data.csv:1: "1.5   2" is not a number in the decimal syntax');
    expect(values('1.5|2\n3|4\n', { sep: '|' })).toMatchObject({ x: [1.5, 2, 3, 4], d: 2 });
    expect(() => parseCsv('1.5\t2\n3;4\n', 'data.csv')).toThrow('data.csv:2: 1 columns, expected 2 like the rows before (separator tab)'); // one separator per file
    expect(() => parseCsv('1.5;2,5\n', 'data.csv')).toThrow('numbers use both "." and "," as the decimal mark; pass --decimal');
  });

  it('parses --sep and --decimal like read.csv / read_csv, and describes the format used', () => {
    expect(parseSeparator('tab')).toBe('\t');
    expect(parseSeparator('\\t')).toBe('\t');
    expect(parseSeparator('whitespace')).toBe('whitespace');
    expect(parseSeparator(';')).toBe(';');
    expect(() => parseSeparator('.')).toThrow(UserError);
    expect(() => parseSeparator(';;')).toThrow(UserError);
    expect(parseDecimal(',')).toBe(',');
    expect(() => parseDecimal('d')).toThrow('--decimal: "." or "," (got "d")');
    expect(() => parseCsv('1\n', 'data.csv', { sep: ',', decimal: ',' })).toThrow('--sep and --decimal cannot both be ","');
    const given = parseCsv('x;y\n1,5;2\n', 'data.csv', { sep: ';', decimal: ',' }).format;
    expect(describeFormat(given)).toBe('separator ";" (given), decimal "," (given), header: x, y');
    expect(describeFormat(parseCsv('1\n2\n', 'data.csv').format)).toBe('no separator (one column, detected), decimal "." (detected), no header');
  });
});
