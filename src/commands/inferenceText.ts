/**
 * How `fit --se` and `replay --se` print a fit's SEs and intervals (src/estimands/intervals.ts): in JSON the
 * `inference` object as replications.ndjson holds it; as text one line per method and estimand,
 * `separation   1.9886  SE 0.1012  95% wald [1.7903, 2.1869]`, or the method's status and reason.
 */
import type { FitInference } from '../estimands/intervals.js';
import { INTERVAL_METHODS } from '../estimands/intervals.js';

const fmt = (v: number | null): string => (v === null ? 'n/a' : v.toPrecision(6));

/** The readable lines of a fit's inference at nominal `level`. */
export function formatInference(inference: FitInference | undefined, level: number): string {
  if (inference === undefined) return 'intervals  none (the fit is not ok)';
  const lines: string[] = [];
  const pct = `${Number((100 * level).toPrecision(6))}%`;
  for (const method of INTERVAL_METHODS) {
    const set = inference[method];
    if (set === undefined) continue;
    if (set.status !== 'ok') {
      lines.push(`${method.padEnd(10)} ${set.status} (${set.kind}: ${set.reason ?? ''})`);
      continue;
    }
    const keys = Object.keys(set.values);
    const width = Math.max(...keys.map((k) => k.length));
    for (const key of keys) {
      const v = set.values[key];
      if (v.se === null) continue;
      lines.push(`${key.padEnd(width)}  SE ${fmt(v.se)}  ${pct} ${method} [${fmt(v.lower)}, ${fmt(v.upper)}]`);
    }
  }
  if (lines.length === 0) return 'intervals  none (the estimator has no covariance theory: ask for the bootstrap)';
  return lines.join('\n');
}
