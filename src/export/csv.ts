/**
 * CSV fields as R's `read.csv` and pandas' `read_csv` read them with their defaults: comma-separated, a header
 * line, `NA` for a missing value (both read it as missing), numbers in JavaScript's shortest round-trip form (so
 * every double reads back to the same double), and a string quoted — with `"` doubled, RFC 4180 — only when it
 * holds a comma, quote or line break. Line breaks inside a string become spaces, so every record is one line.
 */

export type CsvValue = string | number | boolean | null | undefined;

export const CSV_NA = 'NA';

/** One field. Booleans are written TRUE/FALSE (R's logical; pandas reads them as bool). */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return CSV_NA;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const s = v.replace(/\r\n|\r|\n/g, ' ');
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record, newline-terminated. */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + '\n';
}
