/**
 * The performance summary of a completed run as one tidy table: one row per condition × estimator × estimand ×
 * measure, the measure's value and its Monte Carlo SE (Morris, White & Crowther 2019, Table 6) beside the
 * cell's counts, truth and limit. A measure against a target (bias, relative bias, MSE, RMSE, coverage) has one
 * row per target it is defined for — `target` is `truth` or `limit` (k-means' population limit) — and none
 * where the estimand has no such target; the other measures have `target` NA. A measure of the intervals of a
 * run with inference (coverage, model SE, width, …) has one row per interval method in `interval` (`wald`,
 * `percentile`, `basic`, `credible`; NA for the other measures).
 *
 * The measures and their fields come from the measure table (src/performance/measures.ts) through
 * `MEASURE_SLOTS` and `readMeasure`, so a measure added there (a coverage, with extra fields such as an
 * interval) is exported without a change here: fields beyond `value` and `mcse` get columns of their own.
 */
import { MEASURE_SLOTS, readMeasure, type ValueWithMcse } from '../performance/index.js';
import type { CompletedRun } from '../results/load.js';
import { csvLine, type CsvValue } from './csv.js';

export const SUMMARY_ID_COLUMNS = ['mixture', 'condition', 'n', 'K', 'd', 'estimator', 'method', 'estimand', 'truth', 'limit', 'nTotal', 'nUsed', 'nFailed'] as const;

/** The lines of the table (header first). */
export function* tidySummaryLines(run: CompletedRun): Generator<string> {
  const { summary } = run;
  const mixtures = new Map(summary.mixtures.map((m) => [m.id, m]));
  const extraFields = [...new Set(MEASURE_SLOTS.flatMap((s) => s.measure.fields.filter((f) => f !== 'value' && f !== 'mcse')))];
  yield csvLine([...SUMMARY_ID_COLUMNS, 'measure', 'target', 'interval', 'value', 'mcse', ...extraFields]);
  for (const cell of summary.cells) {
    const mixture = mixtures.get(cell.mixture);
    const id: CsvValue[] = [cell.mixture, cell.condition, cell.n, mixture?.K, mixture?.d, cell.estimator, cell.method, cell.estimand, cell.truth, cell.limit, cell.nTotal, cell.nUsed, cell.nFailed];
    for (const slot of MEASURE_SLOTS) {
      // A measure against a target the cell lacks (no limit for the MLE, no truth for a diagnostic) is not a row.
      if (slot.target !== null && (slot.target === 'truth' ? cell.truth : cell.limit) === null) continue;
      const m = readMeasure(cell, slot.measure, slot.target, slot.interval);
      if (m === null) continue;
      const fields = m as unknown as Readonly<Record<string, number | null>> & ValueWithMcse;
      yield csvLine([...id, slot.measure.key, slot.target, slot.interval, fields.value, fields.mcse, ...extraFields.map((f) => fields[f])]);
    }
  }
}
