/**
 * Reads a numeric CSV (one point per row, comma/semicolon/tab separated, optional header row) into a row-major
 * Dataset. Any problem is a UserError naming the file and line, because this is user input.
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from '../types.js';
import { UserError } from './userError.js';

export function readCsv(path: string): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const values: number[] = [];
  let d = -1;
  let n = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    const numbers = cells.map((c) => (c === '' ? NaN : Number(c)));
    const bad = numbers.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      // The first non-empty line may be a header of column names.
      if (n === 0 && d < 0 && numbers.every((v) => Number.isNaN(v))) {
        d = cells.length;
        continue;
      }
      throw new UserError(`${path}:${i + 1}: column ${bad + 1} is not a finite number ("${cells[bad]}")`);
    }
    if (d < 0) d = numbers.length;
    if (numbers.length !== d) throw new UserError(`${path}:${i + 1}: ${numbers.length} columns, expected ${d} like the rows before`);
    for (const v of numbers) values.push(v);
    n++;
  }
  if (n === 0) throw new UserError(`${path}: no data rows`);
  return { x: Float64Array.from(values), n, d };
}
