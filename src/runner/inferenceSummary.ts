/**
 * The interval measures of one summary cell (src/performance/intervalMeasures.ts) from its replication rows: for
 * each interval method some row recorded (src/estimands/intervals.ts), the replications the cell used (status
 * ok, finite estimate) with their SE and interval for the cell's estimand, or why they have none (the method's
 * status, `no-interval` where it gave nothing for this estimand, `not-computed` where the row lacks the method).
 * A method that gave this estimand no interval in any replication (k-means weights under Pollard's theory, the
 * diagnostics) is left out of the cell, as is the whole block when no row carries intervals: a run without an
 * `inference` block writes the summary it always wrote.
 */
import { intervalCell, INTERVAL_METHODS, type InferenceMeasures, type IntervalCell, type IntervalMethod, type ReplicationInterval } from '../performance/measureAccess.js';
import type { ReplicationRow } from '../results/rows.js';

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The cell's interval measures, or undefined when no used replication has intervals for `estimand`. */
export function inferenceOfCell(
  rows: readonly (ReplicationRow | undefined)[],
  estimand: string,
  targets: { readonly truth: number | null; readonly limit: number | null },
  level: number,
): InferenceMeasures | undefined {
  const used = rows.filter((r): r is ReplicationRow => r !== undefined && r.status === 'ok' && finite(r.values[estimand]));
  if (!used.some((r) => r.inference !== undefined)) return undefined;
  const estimates = used.map((r) => r.values[estimand] as number);
  const out: Partial<Record<IntervalMethod, IntervalCell>> = {};
  for (const method of INTERVAL_METHODS) {
    let any = false;
    const intervals = used.map((r): ReplicationInterval | string => {
      const set = r.inference?.[method];
      if (set === undefined) return 'not-computed';
      if (set.status !== 'ok') return set.status;
      const v = set.values[estimand];
      if (v === undefined || !finite(v.se) || !finite(v.lower) || !finite(v.upper)) return 'no-interval';
      any = true;
      return { se: v.se, lower: v.lower, upper: v.upper };
    });
    if (any) out[method] = intervalCell(estimates, intervals, targets, level);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
