/**
 * The report's tables, built from the summary (and, for statuses and fit times, the replication and timing
 * rows) as already-formatted text in the format-neutral `Table` shape, so report.md and index.html show the
 * same numbers. Every number here is read from the results; none is typed by hand.
 */
import { DIAGNOSTICS } from '../estimands/names.js';
import { measureByKey, readMeasure, TARGET_MEASURES, targetBlock, TARGETS, type MeasureSpec, type TargetName } from '../performance/measureAccess.js';
import type { ReplicationRow, TimingRow } from '../results/rows.js';
import type { Summary, SummaryCell } from '../results/summary.js';
import type { Align, Table } from './document.js';
import { estimandLabel, estimandPhrase } from './estimandLabels.js';
import { formatEstimate, formatInt, formatNumber, NOT_AVAILABLE_TEXT } from './format.js';
import { bayesErrorOf, findMixture, kmeansLimitOf, truthOf } from './theory.js';

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);
/** Significant digits of truths and theoretical limits in tables: enough to compare with precise estimates. */
const THEORY_DIGITS = 5;

/** Index of the summary's cells by (mixture, n, estimator, estimand). */
export class CellIndex {
  readonly #cells = new Map<string, SummaryCell>();
  constructor(cells: readonly SummaryCell[]) {
    for (const c of cells) this.#cells.set(CellIndex.key(c.mixture, c.n, c.estimator, c.estimand), c);
  }
  static key(mixture: string, n: number, estimator: string, estimand: string): string {
    return `${mixture}\u0000${n}\u0000${estimator}\u0000${estimand}`;
  }
  get(mixture: string, n: number, estimator: string, estimand: string): SummaryCell | undefined {
    return this.#cells.get(CellIndex.key(mixture, n, estimator, estimand));
  }
}

/** "2.357 ± 0.049", plus "(18 of 20 used)" when some replications failed. */
function withUsed(text: string, cell: SummaryCell): string {
  return cell.nFailed > 0 && text !== NOT_AVAILABLE_TEXT ? `${text} (${cell.nUsed} of ${cell.nTotal} used)` : text;
}

const col = (header: string, align: Align = 'right') => ({ header, align });

/** A measure of a cell (src/performance/measures.ts) as "value ± MCSE", against `target` for a 'target' measure. */
function measureText(cell: SummaryCell | undefined, measure: MeasureSpec, target: TargetName | null = null): string {
  const v = cell === undefined ? null : readMeasure(cell, measure, target);
  return v === null ? NOT_AVAILABLE_TEXT : formatEstimate(v.value, v.mcse);
}

/** The measure the estimate tables show: the mean of the estimates. */
const MEAN = measureByKey('mean');

/** "a, b and c" with the first letter capitalised. */
function sentence(parts: readonly string[]): string {
  const text = parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Mean estimate ± MCSE per n and estimator, truth and k-means limit beside. */
export function estimateTable(summary: Summary, mixtureId: string, estimand = 'separation'): Table {
  const mixture = findMixture(summary, mixtureId);
  const label = estimandLabel(estimand, mixture.d, mixture.K);
  const index = new CellIndex(summary.cells);
  const truth = truthOf(summary, mixture.id, estimand);
  const limit = kmeansLimitOf(summary, mixture.id, estimand);
  const estimators = summary.estimators.map((e) => e.id);
  const columns = [col('n'), col('truth'), ...(limit !== null ? [col('k-means limit')] : []), ...estimators.map((e) => col(e))];
  const rows = summary.n.map((n) => [
    formatInt(n),
    formatNumber(truth, THEORY_DIGITS),
    ...(limit !== null ? [formatNumber(limit, THEORY_DIGITS)] : []),
    ...estimators.map((e) => {
      const c = index.get(mixture.id, n, e, estimand);
      return c === undefined ? NOT_AVAILABLE_TEXT : withUsed(measureText(c, MEAN), c);
    }),
  ]);
  const where = summary.mixtures.length > 1 ? ` (${mixture.id})` : '';
  return {
    id: `table-estimate-${estimand}-${mixture.id}`,
    caption: `Estimated ${label.name} ${label.estimate}${where}: mean of the estimates ± Monte Carlo SE, per sample size and estimator.`,
    columns,
    rows,
    note: `R = ${formatInt(summary.replications)} replications per cell; each estimate is rounded to the precision of its MCSE (MCSE to 2 significant digits).`,
  };
}

/**
 * The measures against the targets that the measure table shows in reports (src/performance/measures.ts
 * `report`: bias and RMSE against the truth, the bias against the population limit), ± MCSE, per sample size
 * and estimator; columns against a target only some estimators have (the limit) only for those.
 */
export function biasRmseTable(summary: Summary, mixtureId: string, estimand = 'separation'): Table {
  const mixture = findMixture(summary, mixtureId);
  const label = estimandLabel(estimand, mixture.d, mixture.K);
  const index = new CellIndex(summary.cells);
  const estimators = summary.estimators.map((e) => e.id);
  const shown = TARGET_MEASURES.filter((m) => m.report !== undefined);
  const hasTarget = (e: string, target: TargetName) =>
    summary.cells.some((c) => c.mixture === mixture.id && c.estimand === estimand && c.estimator === e && (targetBlock(c, target)?.target ?? null) !== null);
  const groups = TARGETS.flatMap((t) => {
    const who = t.always ? estimators : estimators.filter((e) => hasTarget(e, t.name));
    return who.flatMap((estimator) => shown.flatMap((m) => (m.report?.columns[t.name] === undefined ? [] : [{ estimator, measure: m, target: t.name, header: m.report.columns[t.name] }])));
  });
  const columns = [col('n'), ...groups.map((g) => col(`${g.estimator}: ${g.header}`))];
  const rows = summary.n.map((n) => [formatInt(n), ...groups.map((g) => measureText(index.get(mixture.id, n, g.estimator, estimand), g.measure, g.target))]);
  const where = summary.mixtures.length > 1 ? ` (${mixture.id})` : '';
  const limitNote = groups.some((g) => g.target === 'limit')
    ? ' "mean − limit" is the bias against the k-means population limit, which a consistent estimate of that limit drives to 0.'
    : '';
  return {
    id: `table-bias-${estimand}-${mixture.id}`,
    caption: `${sentence(shown.map((m) => m.report?.caption ?? m.noun))} of ${label.estimate}${where}, each ± Monte Carlo SE.`,
    columns,
    rows,
    note: `Measures use the successful fits only (failures are counted in the table of fit statuses).${limitNote}`,
  };
}

/** Every estimand (not the diagnostics) at one sample size: mean ± MCSE per estimator, truth and limit beside. */
export function estimandsTable(summary: Summary, mixtureId: string, n: number = Math.max(...summary.n)): Table {
  const mixture = findMixture(summary, mixtureId);
  const index = new CellIndex(summary.cells);
  const estimators = summary.estimators.map((e) => e.id);
  const keys: string[] = [];
  for (const c of summary.cells) if (c.mixture === mixture.id && !DIAGNOSTIC_KEYS.has(c.estimand) && !keys.includes(c.estimand)) keys.push(c.estimand);
  const limits = keys.map((k) => kmeansLimitOf(summary, mixture.id, k));
  const anyLimit = limits.some((l) => l !== null);
  const bayes = bayesErrorOf(summary, mixture.id);
  const columns = [col('estimand', 'left'), col('truth'), ...(anyLimit ? [col('k-means limit')] : []), ...estimators.map((e) => col(e))];
  const rows = keys.map((k, i) => {
    const label = estimandLabel(k, mixture.d, mixture.K);
    return [
      estimandPhrase(label),
      // The misclassification rate has no truth; its reference is the Bayes error of the true mixture.
      k === 'misclassification' && bayes !== null ? `${formatNumber(bayes.value, THEORY_DIGITS)} (Bayes error)` : formatNumber(truthOf(summary, mixture.id, k), THEORY_DIGITS),
      ...(anyLimit ? [formatNumber(limits[i], THEORY_DIGITS)] : []),
      ...estimators.map((e) => {
        const c = index.get(mixture.id, n, e, k);
        return c === undefined ? NOT_AVAILABLE_TEXT : withUsed(measureText(c, MEAN), c);
      }),
    ];
  });
  const where = summary.mixtures.length > 1 ? ` of ${mixture.id}` : '';
  return {
    id: `table-estimands-${mixture.id}-n${n}`,
    caption: `All estimands${where} at the largest sample size n = ${formatInt(n)}: mean estimate ± Monte Carlo SE.`,
    columns,
    rows,
    note: `Components are matched to the true ones before averaging (src/estimands/align.ts); "${NOT_AVAILABLE_TEXT}" marks a quantity the estimator does not estimate (e.g. σ for k-means) or a missing target.`,
  };
}

/** Fit statuses in the order they are reported: ok first, then the rest alphabetically. */
function statusOrder(statuses: Iterable<string>): string[] {
  return [...new Set(statuses)].sort((a, b) => (a === 'ok' ? -1 : b === 'ok' ? 1 : a.localeCompare(b)));
}

/** Per estimator (and mixture, when there are several): how many fits ended with each status. */
export function statusTable(summary: Summary, rows: readonly ReplicationRow[]): Table {
  const mixtureOf = new Map<string, string>();
  for (const c of summary.cells) mixtureOf.set(c.condition, c.mixture);
  const byMixture = summary.mixtures.length > 1;
  const counts = new Map<string, Map<string, number>>();
  const statuses: string[] = ['ok'];
  for (const r of rows) {
    const key = byMixture ? `${mixtureOf.get(r.condition) ?? r.condition}\u0000${r.estimator}` : r.estimator;
    let m = counts.get(key);
    if (m === undefined) counts.set(key, (m = new Map()));
    m.set(r.status, (m.get(r.status) ?? 0) + 1);
    statuses.push(r.status);
  }
  const order = statusOrder(statuses);
  const expected = summary.replications * summary.n.length;
  const keys = summary.mixtures.flatMap((mix) => summary.estimators.map((e) => (byMixture ? `${mix.id}\u0000${e.id}` : e.id)));
  const uniqueKeys = [...new Set(keys)];
  const tableRows = uniqueKeys.map((key) => {
    const m = counts.get(key) ?? new Map<string, number>();
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const names = key.split('\u0000');
    return [...names, formatInt(total), ...order.map((s) => formatInt(m.get(s) ?? 0)), formatInt(Math.max(0, expected - total))];
  });
  return {
    id: 'table-statuses',
    caption: 'Fit statuses per estimator, over all sample sizes and replications.',
    columns: [...(byMixture ? [col('mixture', 'left')] : []), col('estimator', 'left'), col('fits'), ...order.map((s) => col(s)), col('missing')],
    rows: tableRows,
    note:
      '"ok": converged normally; "not-converged": stopped at the iteration limit; "degenerate": a variance hit its floor or a component lost its mass; ' +
      '"empty-cluster": an empty cluster could not be repaired; "not-mixed": an MCMC fit whose split-R̂ or bulk ESS missed its bound; "error": the estimator rejected the sample. Only "ok" fits enter the performance measures.',
  };
}

/** Conditions (n × estimator) with any fit that did not end ok; empty when every fit succeeded. */
export function failuresByConditionTable(summary: Summary, rows: readonly ReplicationRow[]): Table | null {
  const cellOf = new Map<string, SummaryCell>();
  for (const c of summary.cells) if (!cellOf.has(c.condition)) cellOf.set(c.condition, c);
  const groups = new Map<string, { condition: string; estimator: string; counts: Map<string, number>; messages: Set<string> }>();
  for (const r of rows) {
    if (r.status === 'ok') continue;
    const key = `${r.condition}\u0000${r.estimator}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { condition: r.condition, estimator: r.estimator, counts: new Map(), messages: new Set() }));
    g.counts.set(r.status, (g.counts.get(r.status) ?? 0) + 1);
    if (r.message !== undefined && g.messages.size < 2) g.messages.add(r.message);
  }
  if (groups.size === 0) return null;
  const byMixture = summary.mixtures.length > 1;
  const estOrder = new Map(summary.estimators.map((e, i) => [e.id, i]));
  const list = [...groups.values()].sort(
    (a, b) =>
      (cellOf.get(a.condition)?.mixture ?? '').localeCompare(cellOf.get(b.condition)?.mixture ?? '') ||
      (cellOf.get(a.condition)?.n ?? 0) - (cellOf.get(b.condition)?.n ?? 0) ||
      (estOrder.get(a.estimator) ?? 0) - (estOrder.get(b.estimator) ?? 0),
  );
  return {
    id: 'table-failures-by-condition',
    caption: 'Fits that did not end with status ok, by sample size and estimator.',
    columns: [...(byMixture ? [col('mixture', 'left')] : []), col('n'), col('estimator', 'left'), col('not ok'), col('by status', 'left'), col('example message', 'left')],
    rows: list.map((g) => {
      const cell = cellOf.get(g.condition);
      const total = [...g.counts.values()].reduce((a, b) => a + b, 0);
      return [
        ...(byMixture ? [cell?.mixture ?? g.condition] : []),
        cell === undefined ? g.condition : formatInt(cell.n),
        g.estimator,
        `${formatInt(total)} of ${formatInt(summary.replications)}`,
        statusOrder(g.counts.keys())
          .map((s) => `${s}: ${g.counts.get(s)}`)
          .join(', '),
        [...g.messages].join(' / ') || NOT_AVAILABLE_TEXT,
      ];
    }),
  };
}

/** "20 µs", "0.84 ms", "12 ms", "1.3 s" (two significant digits). */
function formatFitTime(seconds: number): string {
  if (seconds < 1e-3) return `${formatNumber(seconds * 1e6, 2)} µs`;
  return seconds < 1 ? `${formatNumber(seconds * 1000, 2)} ms` : `${formatNumber(seconds, 2)} s`;
}

/** Median wall time of one fit per n and estimator (machine-dependent: read with the provenance). */
export function timingTable(summary: Summary, timings: readonly TimingRow[]): Table | null {
  if (timings.length === 0) return null;
  const nOf = new Map<string, number>();
  for (const c of summary.cells) nOf.set(c.condition, c.n);
  const groups = new Map<string, number[]>();
  for (const t of timings) {
    const n = nOf.get(t.condition);
    if (n === undefined || !Number.isFinite(t.seconds)) continue;
    const key = `${n}\u0000${t.estimator}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [t.seconds]);
    else list.push(t.seconds);
  }
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const h = (s.length - 1) / 2;
    return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
  };
  const estimators = summary.estimators.map((e) => e.id);
  return {
    id: 'table-fit-times',
    caption: 'Median wall time of one fit, per sample size and estimator (all mixtures pooled).',
    columns: [col('n'), ...estimators.map((e) => col(e))],
    rows: summary.n.map((n) => [
      formatInt(n),
      ...estimators.map((e) => {
        const xs = groups.get(`${n}\u0000${e}`);
        return xs === undefined ? NOT_AVAILABLE_TEXT : formatFitTime(median(xs));
      }),
    ]),
    note: 'Times depend on the machine (see provenance) and exclude sampling and measuring.',
  };
}
