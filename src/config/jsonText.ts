/** Parsing config file text, with JSON syntax errors and repeated keys located by line and column. */
import { ConfigError } from './configError.js';
import { formatPath } from './messages.js';

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - (before.lastIndexOf('\n') + 1) + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Offset of the first character that makes `text` invalid JSON (text.length if it ends too early), or -1 if
 * it is valid. Needed because V8 omits the position for some errors ("Unexpected token 'a', "abc" is not
 * valid JSON").
 */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new RangeError(String(i));
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = (): void => {
    i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i++;
        return;
      }
      if (ch.charCodeAt(0) < 0x20) fail();
      if (ch === '\\') {
        i++;
        if (i < text.length && '"\\/bfnrt'.includes(text[i])) i++;
        else if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 5;
        else fail();
      } else i++;
    }
    fail();
  };
  const value = (): void => {
    skipSpace();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (ch === '{') {
          skipSpace();
          if (text[i] !== '"') fail();
          string();
          skipSpace();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text) === null) fail();
    i = NUMBER.lastIndex;
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof RangeError) return Number(error.message);
    throw error;
  }
}

/** A key that occurs twice in one object: where (path of the object member, 0-based offsets), and where first. */
export interface DuplicateKey {
  readonly path: readonly (string | number)[];
  readonly offset: number;
  readonly firstOffset: number;
}

/** An object (its keys so far and the current one) or an array (the current index) being scanned. */
type Frame = { readonly keys: Map<string, number>; key: string | null; expectKey: boolean } | { index: number };

/**
 * Every repeated key in the objects of `text`, which must be valid JSON. JSON.parse keeps the last of two equal
 * keys without a word (RFC 8259 §4 leaves the behaviour open), so `"seed": 1, "seed": 2` would run with seed 2
 * whatever the author meant. Keys compare after unescaping (`"s\u0065ed"` is `"seed"`). Iterative, so no
 * nesting depth exhausts the stack.
 */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  const path = (): (string | number)[] => stack.map((f) => ('index' in f ? f.index : (f.key ?? '')));
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const top = stack.at(-1);
    if (ch === '{') {
      stack.push({ keys: new Map(), key: null, expectKey: true });
      i++;
    } else if (ch === '[') {
      stack.push({ index: 0 });
      i++;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      i++;
    } else if (ch === ',') {
      if (top !== undefined) {
        if ('index' in top) top.index++;
        else top.expectKey = true;
      }
      i++;
    } else if (ch === '"') {
      const start = i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      if (top !== undefined && !('index' in top) && top.expectKey) {
        const key = JSON.parse(text.slice(start, i)) as string;
        const first = top.keys.get(key);
        top.key = key;
        top.expectKey = false;
        if (first === undefined) top.keys.set(key, start);
        else found.push({ path: path(), offset: start, firstOffset: first });
      }
    } else i++;
  }
  return found;
}

/** JSON.parse with a ConfigError naming the line and column (Node 20's V8 gives at most a character offset); repeated keys are an error too. */
export function parseJsonText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const value: unknown = JSON.parse(body);
    const duplicates = duplicateKeys(body);
    if (duplicates.length > 0) {
      throw new ConfigError(
        source,
        duplicates.map((d) => {
          const at = lineColumn(body, d.offset);
          const first = lineColumn(body, d.firstOffset);
          return `${formatPath(d.path)}: key given twice (line ${first.line}, column ${first.column} and line ${at.line}, column ${at.column}); JSON keeps only the last, so delete the one you did not mean`;
        }),
      );
    }
    return value;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const reported = /at position (\d+)/.exec(error.message);
    const scanned = syntaxErrorOffset(body);
    const position = reported !== null ? Number(reported[1]) : scanned >= 0 ? scanned : body.length;
    const { line, column } = lineColumn(body, position);
    const reason = error.message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/ in JSON at position \d+/, '')
      .replace(/^(Unexpected token '.+?'), .* is not valid JSON$/s, '$1');
    throw new ConfigError(source, [`(root): invalid JSON at line ${line}, column ${column}: ${reason}`]);
  }
}
