/**
 * Turns zod issues into the one-line problems a user reads: `<path>: <what was expected> (got <what>)`.
 * The wording lives in `errorMap` (passed per parse, so zod's global config is untouched) because only there is
 * the offending input still available.
 */
import type * as z from 'zod';
import { didYouMean, suggest } from './didYouMean.js';
import { decodeUnknownKeyTexts } from './strictObject.js';

/** `mixtures[0].means[1]`; the whole document is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out === '' ? '(root)' : out;
}

/** A short rendering of an offending value for the "(got …)" part. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `${JSON.stringify(value.slice(0, 37))}…` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const json = JSON.stringify(value);
    return json.length <= 40 ? json : `an array of ${value.length} entries`;
  }
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** `unknown "kmean" (did you mean "kmeans"?)` when a close match exists, else the full list of choices. */
export function unknownChoice(input: unknown, choices: readonly unknown[]): string {
  const strings = choices.filter((c): c is string => typeof c === 'string');
  if (input === undefined) return `required, expected one of ${quoteAll(choices)} (got nothing)`;
  if (typeof input === 'string' && suggest(input, strings) !== undefined) {
    return `unknown ${JSON.stringify(input)}${didYouMean(input, strings)}`;
  }
  if (choices.length === 1) return `expected ${quoteAll(choices)} (got ${describe(input)})`;
  return `expected one of ${quoteAll(choices)} (got ${describe(input)})`;
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, lower: boolean): string {
  const limit = String(lower ? issue.minimum : issue.maximum);
  const op = lower ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  return `${op} ${limit}`;
}

function sizeMessage(origin: string, limit: unknown, input: unknown, lower: boolean): string | undefined {
  const count = Number(limit);
  if (origin === 'array' && Array.isArray(input)) {
    return `must have ${lower ? 'at least' : 'at most'} ${count} ${count === 1 ? 'entry' : 'entries'} (got ${input.length})`;
  }
  if (origin === 'string' && typeof input === 'string') {
    if (lower && count === 1) return 'must not be empty (got "")';
    return `must have ${lower ? 'at least' : 'at most'} ${count} characters (got ${input.length})`;
  }
  return undefined;
}

/** Per-parse zod error map producing the wording of every structural problem. */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `required, expected ${expected} (got nothing)`;
      return `expected ${expected} (got ${describe(issue.input)})`;
    }
    case 'too_small':
      return sizeMessage(issue.origin, issue.minimum, issue.input, true) ?? `must be ${bound(issue, true)} (got ${describe(issue.input)})`;
    case 'too_big':
      return sizeMessage(issue.origin, issue.maximum, issue.input, false) ?? `must be ${bound(issue, false)} (got ${describe(issue.input)})`;
    case 'invalid_value':
      return unknownChoice(issue.input, issue.values);
    case 'invalid_union': {
      // A discriminated union (estimators' `method`) with no matching branch: report it as an unknown value.
      const options: unknown = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && Array.isArray(options)) {
        const input = issue.input;
        const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
        return unknownChoice(value, options);
      }
      return `does not match any allowed form (got ${describe(issue.input)})`;
    }
    case 'invalid_format':
      return `must match ${issue.pattern ?? issue.format} (got ${describe(issue.input)})`;
    case 'unrecognized_keys':
      // Objects not built with strictObject(): no suggestions available.
      return JSON.stringify(issue.keys.map(() => 'unknown key'));
    default:
      return undefined;
  }
};

/** The problem lines of one finished zod issue: unknown keys get one line each, at the key's own path. */
export function issueProblems(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const texts = decodeUnknownKeyTexts(issue.message, issue.keys.length);
    return issue.keys.map((key, i) => `${formatPath([...issue.path, key])}: ${texts?.[i] ?? 'unknown key'}`);
  }
  return [`${formatPath(issue.path)}: ${issue.message}`];
}
