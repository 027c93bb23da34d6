/**
 * The figures of a run that recorded confidence intervals: per mechanism a coverage-against-n figure of every
 * estimand that has intervals (./coverage.ts), and one zip plot (./zipPlot.ts) of the first mechanism's
 * headline estimand (the separation when measured) at the largest n, where an interval's asymptotics should
 * hold best and a biased estimator's misses are plainest. Nothing for a run without intervals.
 */
import type { ReplicationRow } from '../../results/rows.js';
import type { Summary } from '../../results/summary.js';
import type { Figure } from '../figure.js';
import { coverageFigure } from './coverage.js';
import { zipPlotFigure } from './zipPlot.js';

/** Estimands of `mixture` with interval measures, in the order of the summary's cells. */
export function estimandsWithIntervals(summary: Summary, mixture: string): string[] {
  const keys: string[] = [];
  for (const c of summary.cells) if (c.mixture === mixture && c.inference !== undefined && !keys.includes(c.estimand)) keys.push(c.estimand);
  return keys;
}

export function inferenceFigures(summary: Summary, rows: readonly ReplicationRow[]): Figure[] {
  const out: Figure[] = [];
  for (const m of summary.mixtures) {
    for (const key of estimandsWithIntervals(summary, m.id)) {
      const f = coverageFigure(summary, m.id, key);
      if (f !== null) out.push(f);
    }
  }
  const first = summary.mixtures.find((m) => estimandsWithIntervals(summary, m.id).length > 0);
  if (first !== undefined && rows.length > 0) {
    const keys = estimandsWithIntervals(summary, first.id);
    const key = keys.includes('separation') ? 'separation' : keys[0];
    const zip = zipPlotFigure(summary, rows, first.id, Math.max(...summary.n), key);
    if (zip !== null) out.push(zip);
  }
  return out;
}
