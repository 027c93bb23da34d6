/** Locating JSON syntax errors, including those V8 reports without a position. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.js';
import { duplicateKeys, lineColumn, parseJsonText, syntaxErrorOffset } from '../../src/config/jsonText.js';

function problemOf(text: string): string {
  try {
    parseJsonText(text, 'x.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('JSON text', () => {
  it('parses valid JSON, ignoring a byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"a": [1, 2]}', 'x.json')).toEqual({ a: [1, 2] });
  });

  it('lineColumn is 1-based', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('syntaxErrorOffset agrees with V8 where V8 gives a position, and finds the others', () => {
    const cases: [string, number][] = [
      ['{"a": 1}', -1],
      ['[1, -2.5e3, "x\\u00e9", true, false, null, {}]', -1],
      ['{"a": 1,}', 8],
      ['{"a": 1} x', 9],
      ['{"a" 1}', 5],
      ['[1,]', 3],
      ['abc', 0],
      ['{"a": tru}', 9],
      ['{"a": NaN}', 6],
      ['{"a": "x', 8],
      ['', 0],
    ];
    for (const [text, offset] of cases) expect(syntaxErrorOffset(text), text).toBe(offset);
  });

  it('reports line and column of the error', () => {
    expect(problemOf('{\n  "a": 1,\n}')).toBe("(root): invalid JSON at line 3, column 1: Expected double-quoted property name");
    expect(problemOf('[\n  1,\n  2,\n]')).toBe("(root): invalid JSON at line 4, column 1: Unexpected token ']'");
    expect(problemOf('{\n  "a": 1')).toMatch(/^\(root\): invalid JSON at line 2, column 9: /);
    expect(problemOf('')).toBe('(root): invalid JSON at line 1, column 1: Unexpected end of JSON input');
  });

  it('a key given twice is an error naming its path and both places; JSON.parse alone keeps the last silently', () => {
    const text = '{\n  "seed": 1,\n  "mixtures": [{"id": "a", "sigma": 1}, {"id": "b", "sigma": 1, "sigma": 2}],\n  "s\\u0065ed": 2\n}';
    expect(JSON.parse(text)).toMatchObject({ seed: 2 });
    expect(problemOf(text).split('\n')).toEqual([
      'mixtures[1].sigma: key given twice (line 3, column 53 and line 3, column 65); JSON keeps only the last, so delete the one you did not mean',
      'seed: key given twice (line 2, column 3 and line 4, column 3); JSON keeps only the last, so delete the one you did not mean',
    ]);
  });

  it('duplicateKeys: equal keys in different objects, strings that look like keys, and deep nesting are not duplicates', () => {
    expect(duplicateKeys('{"a": {"x": 1}, "b": {"x": 1}, "c": ["a", "a", {"a": "a"}], "d": "\\"a\\": 1"}')).toEqual([]);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(duplicateKeys(deep)).toEqual([]);
    expect(duplicateKeys('{"a": 1, "a": 2, "a": 3}').map((d) => [d.path, d.offset, d.firstOffset])).toEqual([
      [['a'], 9, 1],
      [['a'], 17, 1],
    ]);
  });
});
