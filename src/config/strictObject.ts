/**
 * z.strictObject whose unknown-key issue already knows the suggestion for each key. Only the schema knows its
 * own keys, and zod reports all unknown keys of an object as one issue, so the per-key texts travel inside that
 * issue's message (JSON-encoded, aligned with `issue.keys`) and `issueProblems` splits them into lines.
 */
import * as z from 'zod';
import { suggest } from './didYouMean.js';

export function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      return JSON.stringify(issue.keys.map((key) => unknownKeyText(key, known)));
    },
  });
}

function unknownKeyText(key: string, known: readonly string[]): string {
  const guess = suggest(key, known);
  if (guess !== undefined) return `unknown key (did you mean "${guess}"?)`;
  if (known.length === 0) return 'unknown key (this object takes no keys)';
  return `unknown key (allowed: ${known.map((k) => `"${k}"`).join(', ')})`;
}

/** The per-key texts of an unknown-key issue raised by `strictObject`, or undefined for any other message. */
export function decodeUnknownKeyTexts(message: string, keyCount: number): string[] | undefined {
  try {
    const texts: unknown = JSON.parse(message);
    if (Array.isArray(texts) && texts.length === keyCount && texts.every((t) => typeof t === 'string')) {
      return texts as string[];
    }
  } catch {
    // Not ours (e.g. zod's own default message): the caller falls back to a plain "unknown key".
  }
  return undefined;
}
