/**
 * The hand-written guard of a replication row's `inference` field (src/estimands/intervals.ts FitInference):
 * per interval method a status, its kind, and per estimand key an SE and an interval's ends, each a number or
 * null. No zod, for the reason ./rows.ts gives. Rows without the field (every run without an `inference`
 * block, and every run written before it existed) need nothing from here, so the results format is unchanged.
 */
import { INTERVAL_METHODS, INTERVAL_STATUSES } from '../estimands/intervals.js';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const show = (x: unknown): string => (x === undefined ? 'nothing' : JSON.stringify(x).slice(0, 40));
const METHODS: ReadonlySet<string> = new Set(INTERVAL_METHODS);
const STATUSES: ReadonlySet<string> = new Set(INTERVAL_STATUSES);
const FIELDS = ['se', 'lower', 'upper'] as const;

/** Why `x` is not a row's `inference`, or null when it is one (the message begins with the field's path). */
export function inferenceProblem(x: unknown): string | null {
  if (!isRecord(x)) return `inference: expected an object (got ${show(x)})`;
  for (const method in x) {
    const at = `inference.${method}`;
    if (!METHODS.has(method)) return `${at}: unknown interval method (expected one of ${INTERVAL_METHODS.join(', ')})`;
    const set = x[method];
    if (!isRecord(set)) return `${at}: expected an object (got ${show(set)})`;
    if (typeof set.status !== 'string' || !STATUSES.has(set.status)) return `${at}.status: expected one of ${INTERVAL_STATUSES.join(', ')} (got ${show(set.status)})`;
    if (typeof set.kind !== 'string') return `${at}.kind: expected a string (got ${show(set.kind)})`;
    if (set.reason !== undefined && typeof set.reason !== 'string') return `${at}.reason: expected a string (got ${show(set.reason)})`;
    if (set.draws !== undefined && !(typeof set.draws === 'number' && Number.isInteger(set.draws) && set.draws >= 0)) {
      return `${at}.draws: expected an integer ≥ 0 (got ${show(set.draws)})`;
    }
    if (!isRecord(set.values)) return `${at}.values: expected an object (got ${show(set.values)})`;
    for (const key in set.values) {
      const v = set.values[key];
      if (!isRecord(v)) return `${at}.values.${key}: expected an object (got ${show(v)})`;
      for (const f of FIELDS) {
        const n = v[f];
        if (n !== null && !(typeof n === 'number' && Number.isFinite(n))) return `${at}.values.${key}.${f}: expected a number or null (got ${show(n)})`;
      }
    }
  }
  return null;
}
