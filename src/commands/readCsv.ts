/**
 * Reads a numeric CSV (one point per row, optional header row) into a row-major Dataset, accepting what R's
 * `write.csv`/`write.csv2`/`write.table` and pandas' `to_csv` write, and nothing that could be misread:
 *
 * - Numbers: an optional sign, decimal digits with at most one decimal mark, an optional exponent
 *   (`-1.5`, `.5`, `2.`, `3e-05`, `1E+10`). Nothing else is a number: not `0x10`, `0b11`, `0o7`, `1_000`,
 *   `Infinity`. A number too large for a double is refused.
 * - Missing and infinite values (`NA`, `NaN`, an empty field, `Inf`, `-inf`, … — R's and pandas' spellings) are
 *   an error naming the line and column: the estimators need complete, finite data.
 * - Separator `,` `;` tab, whitespace, or any other single character; decimal mark `.` or `,`. Both are
 *   detected unless given (`sep`/`decimal`, as in read.csv and pandas.read_csv): tab if a line has one, else
 *   `;`, else `,`, else whitespace, else a single column; the decimal mark is `,` only where `,` is not the
 *   separator and numbers use it. A file with `,` but no `.` anywhere (`-0,38345`) could be either; its header
 *   decides (one name: decimal comma; one name per comma: columns), and without a header it is an error
 *   asking for `--sep` or `--decimal`.
 * - The header is the first line when none of its fields is a number or a missing value. A header column
 *   without a name is refused: it is the row names R's `write.csv` or the index pandas' `to_csv` write by
 *   default, which would otherwise become a coordinate.
 * - Fields may be double-quoted (`"x"`, `""` inside quotes is a quote); a UTF-8 byte-order mark is ignored;
 *   lines end in LF, CRLF or CR; blank lines and lines starting with `#` are skipped.
 *
 * Any problem is a UserError naming the file and line, because this is user input.
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from '../types.js';
import { UserError } from '../errors/userError.js';

/** A field separator: one character, or runs of spaces and tabs. */
export type Separator = string | 'whitespace';
export type DecimalMark = '.' | ',';

export interface CsvOptions {
  /** Field separator (default: detected). */
  readonly sep?: Separator;
  /** Decimal mark (default: detected). */
  readonly decimal?: DecimalMark;
}

export interface CsvFormat {
  /** The separator used; null for a single-column file without any separator. */
  readonly sep: Separator | null;
  readonly decimal: DecimalMark;
  readonly sepDetected: boolean;
  readonly decimalDetected: boolean;
  /** Column names when the first line is a header. */
  readonly header: readonly string[] | null;
}

export interface CsvData extends Dataset {
  readonly format: CsvFormat;
}

/** Missing-value spellings of R (`NA`, `NaN`) and pandas (its default `na_values`), and an empty field. */
const MISSING = new Set(['', 'NA', 'NaN', 'nan', '-NaN', '-nan', 'N/A', 'n/a', 'NULL', 'null', 'None', '<NA>', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '1.#IND', '1.#QNAN']);
/** Infinities as R (`Inf`) and pandas (`inf`) write and read them. */
const INFINITE = /^[+-]?(inf|Inf|INF|infinity|Infinity|INFINITY)$/;

const numberPattern = (decimal: DecimalMark): RegExp => {
  const d = decimal === '.' ? '\\.' : ',';
  return new RegExp(`^[+-]?(\\d+(${d}\\d*)?|${d}\\d+)([eE][+-]?\\d+)?$`);
};
const NUMBER = { '.': numberPattern('.'), ',': numberPattern(',') } as const;

/** Parses the option value of `--sep`: `,` `;` `tab` (or `\t`) `whitespace` (or `\s+`) or any single character. */
export function parseSeparator(text: string): Separator {
  if (text === 'tab' || text === '\\t' || text === '\t') return '\t';
  if (text === 'whitespace' || text === '\\s+') return 'whitespace';
  if ([...text].length !== 1) throw new UserError(`--sep: one character, "tab" or "whitespace" (got "${text}")`);
  if (/[0-9.eE+\-"\r\n]/.test(text)) throw new UserError(`--sep: "${text}" can be part of a number or a quoted field`);
  return text;
}

export function parseDecimal(text: string): DecimalMark {
  if (text === '.' || text === ',') return text;
  throw new UserError(`--decimal: "." or "," (got "${text}")`);
}

const describeSep = (sep: Separator | null): string => (sep === null ? 'none (one column)' : sep === '\t' ? 'tab' : sep === 'whitespace' ? 'whitespace' : `"${sep}"`);

/** The format in one line: `separator "," (detected), decimal "." (detected), header: x, y`. */
export function describeFormat(f: CsvFormat): string {
  const how = (detected: boolean): string => (detected ? 'detected' : 'given');
  const header = f.header === null ? 'no header' : `header: ${f.header.join(', ')}`;
  const sep = f.sep === null ? `no separator (one column, ${how(f.sepDetected)})` : `separator ${describeSep(f.sep)} (${how(f.sepDetected)})`;
  return `${sep}, decimal "${f.decimal}" (${how(f.decimalDetected)}), ${header}`;
}

interface Line {
  readonly number: number;
  readonly text: string;
}

/** Splits one line into trimmed fields, honouring double quotes (a quoted number is still a number, as in R and pandas). */
function splitFields(line: Line, sep: Separator | null, where: string): string[] {
  const fields: string[] = [];
  const text = sep === 'whitespace' || sep === null ? line.text.trim() : line.text;
  let i = 0;
  const isSep = (c: string): boolean => (sep === 'whitespace' ? c === ' ' || c === '\t' : c === sep);
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t') && !isSep(text[i])) i++;
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new UserError(`${where}:${line.number}: a quoted field is not closed`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      while (i < text.length && !isSep(text[i])) {
        if (text[i] !== ' ' && text[i] !== '\t') throw new UserError(`${where}:${line.number}: text after the closing quote of column ${fields.length + 1}`);
        i++;
      }
    } else {
      while (i < text.length && !isSep(text[i])) field += text[i++];
      field = field.trim();
    }
    fields.push(field);
    if (i >= text.length) break;
    i++; // the separator
    if (sep === 'whitespace') {
      while (i < text.length && isSep(text[i])) i++;
      if (i >= text.length) break;
    }
  }
  return fields;
}

/** The line with quoted parts removed, to look for separators and decimal marks outside names. */
const unquoted = (text: string): string => text.replace(/"(?:[^"]|"")*"?/g, '""');

type FieldKind = 'number' | 'missing' | 'infinite' | 'text';

function kindOf(field: string, decimal: DecimalMark): FieldKind {
  if (NUMBER[decimal].test(field)) return 'number';
  if (MISSING.has(field)) return 'missing';
  if (INFINITE.test(field)) return 'infinite';
  return 'text';
}

function detectSeparator(lines: readonly Line[], decimal: DecimalMark | undefined, where: string): Separator | null {
  const texts = lines.map((l) => unquoted(l.text));
  if (texts.some((t) => t.includes('\t'))) return '\t';
  if (texts.some((t) => t.includes(';'))) return ';';
  if (decimal !== ',' && texts.some((t) => t.includes(','))) {
    if (decimal === '.') return ',';
    // `,` separates columns or marks decimals. Columns unless every data line could be one decimal-comma number
    // (a "." anywhere rules that out: R and pandas never write both); if it could, the header decides.
    const first = splitFields(lines[0], ',', where);
    const header = first.every((f) => kindOf(f, '.') === 'text');
    const data = header ? lines.slice(1) : lines;
    if (!data.every((l) => kindOf(l.text.trim(), ',') !== 'text')) return ',';
    if (header) return first.length > 1 ? ',' : null;
    throw new UserError(
      `${where}: cannot tell whether "," separates columns or is a decimal comma (no "." and no header); pass --sep , for columns or --decimal , for decimal commas`,
    );
  }
  if (texts.some((t) => /\S[ \t]+\S/.test(t.trim()))) return 'whitespace';
  return null;
}

function detectDecimal(lines: readonly Line[], sep: Separator | null, where: string): DecimalMark {
  if (sep === ',') return '.';
  let comma = false;
  let dot = false;
  for (const line of lines) {
    for (const f of splitFields(line, sep, where)) {
      if (f.includes(',') && NUMBER[','].test(f)) comma = true;
      if (f.includes('.') && NUMBER['.'].test(f)) dot = true;
    }
  }
  if (comma && dot) throw new UserError(`${where}: numbers use both "." and "," as the decimal mark; pass --decimal`);
  return comma ? ',' : '.';
}

/** Parses CSV text (see the module comment); `where` names the source in messages. */
export function parseCsv(text: string, where: string, opts: CsvOptions = {}): CsvData {
  if (opts.sep !== undefined && opts.sep === opts.decimal) throw new UserError(`--sep and --decimal cannot both be "${opts.sep}"`);
  const lines: Line[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const t = raw.trim();
      if (t.length === 0) return;
      // A comment, unless the line starts with one of the missing-value spellings that begin with "#".
      if (t.startsWith('#') && !/^#N\/?A\b/.test(t)) return;
      lines.push({ number: i + 1, text: raw });
    });
  if (lines.length === 0) throw new UserError(`${where}: no data rows`);

  const sep = opts.sep ?? detectSeparator(lines, opts.decimal, where);
  const decimal = opts.decimal ?? detectDecimal(lines, sep, where);

  let header: string[] | null = null;
  // A header: no field is a number, and one at least is a name (a line of NA only is data, and an error).
  const first = splitFields(lines[0], sep, where);
  const firstKinds = first.map((f) => kindOf(f, decimal));
  if (firstKinds.every((k) => k === 'text' || k === 'missing') && firstKinds.includes('text')) {
    header = first;
    // A name that starts like a number (0x10, 1.5e, 1.2.3, -inf, .5.) is a malformed first row, not a header:
    // taking it for one would drop that row without a word.
    const numberLike = header.find((h) => /^\s*["']?[-+]?[.\d]/.test(h));
    if (numberLike !== undefined)
      throw new UserError(
        `${where}:${lines[0].number}: "${numberLike.trim()}" is not a number in the decimal syntax R and pandas write, and a header's names do not start like numbers; fix the first line (a header is a first line with no numeric field)`,
      );
    const unnamed = header.findIndex((h) => h === '');
    if (unnamed >= 0)
      throw new UserError(
        `${where}:${lines[0].number}: header column ${unnamed + 1} has no name — row names or an index (R write.csv, pandas to_csv write one by default)? Write the file with row.names = FALSE / index=False`,
      );
  }

  const values: number[] = [];
  let d = header?.length ?? -1;
  let n = 0;
  for (const line of header === null ? lines : lines.slice(1)) {
    const fields = splitFields(line, sep, where);
    if (d < 0) d = fields.length;
    if (fields.length !== d)
      throw new UserError(`${where}:${line.number}: ${fields.length} columns, expected ${d} like the ${header === null ? 'rows' : 'header'} before (separator ${describeSep(sep)})`);
    fields.forEach((f, c) => {
      const at = `${where}:${line.number}: column ${c + 1}`;
      switch (kindOf(f, decimal)) {
        case 'number': {
          const v = Number(decimal === ',' ? f.replace(',', '.') : f);
          if (!Number.isFinite(v)) throw new UserError(`${at}: "${f}" is too large for a double`);
          values.push(v);
          return;
        }
        case 'missing':
          throw new UserError(`${at} is a missing value (${f === '' ? 'empty' : `"${f}"`}); the estimators need complete data: remove or impute that row`);
        case 'infinite':
          throw new UserError(`${at} is infinite ("${f}"); the estimators need finite data`);
        case 'text':
          throw new UserError(`${at} is not a number ("${f}"); expected decimal numbers like -1${decimal}5 or 2e-3 (decimal "${decimal}", separator ${describeSep(sep)})`);
      }
    });
    n++;
  }
  if (n === 0) throw new UserError(`${where}: no data rows`);
  return {
    x: Float64Array.from(values),
    n,
    d,
    format: { sep, decimal, sepDetected: opts.sep === undefined, decimalDetected: opts.decimal === undefined, header },
  };
}

export function readCsv(path: string, opts: CsvOptions = {}): CsvData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseCsv(text, path, opts);
}
