import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/commands/readCsv.js';
import { UserError } from '../../src/commands/userError.js';
import { tempDir } from '../runner/helpers.js';

function csv(text: string): string {
  const path = join(tempDir('mixstudy-csv-'), 'data.csv');
  writeFileSync(path, text);
  return path;
}

describe('readCsv', () => {
  it('reads rows into a row-major Dataset, skipping a header, blank lines and comments', () => {
    const data = readCsv(csv('x,y\n1,2\n\n# note\n3;4\n5\t6\n'));
    expect(data.n).toBe(3);
    expect(data.d).toBe(2);
    expect(Array.from(data.x)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names the line and column of a non-numeric cell', () => {
    const path = csv('1\n2\nabc\n');
    expect(() => readCsv(path)).toThrow(UserError);
    expect(() => readCsv(path)).toThrow(`${path}:3: column 1 is not a finite number ("abc")`);
  });

  it('rejects ragged rows, empty files and missing files', () => {
    expect(() => readCsv(csv('1,2\n3\n'))).toThrow(/:2: 1 columns, expected 2/);
    expect(() => readCsv(csv('\n\n'))).toThrow(/no data rows/);
    expect(() => readCsv('/nonexistent/data.csv')).toThrow(/cannot read \(ENOENT\)/);
    expect(() => readCsv(csv('1\nNaN\n'))).toThrow(/:2: column 1 is not a finite number/);
  });
});
