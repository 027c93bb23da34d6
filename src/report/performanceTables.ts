/**
 * The tables beside the measure tables of ./tables.ts: √n·EmpSE per n beside its theory value (Fisher sd∞
 * for a maximum-likelihood estimator, Pollard sd for k-means), bias / √n·EmpSE / RMSE by n for every estimand,
 * the misclassification rate by n beside the Bayes error of the true mixture, and, for a grid, one table across
 * all conditions at the largest n. Cells more than 3 MCSEs from their theory value carry FLAG_MARK
 * (./theoryFlags.ts). Every number is read from the summary.
 */
import type { Summary, SummaryCell } from '../results/summary.js';
import type { Align, Table } from './document.js';
import { estimandLabel, estimandPhrase } from './estimandLabels.js';
import { formatEstimate, formatInt, formatNumber, NOT_AVAILABLE_TEXT } from './format.js';
import { designFactors, GRID_MIN_MECHANISMS, orderedMixtures } from './gridDesign.js';
import { CellIndex } from './tables.js';
import { bayesErrorOf, findMixture, noBayesErrorReason, spreadTheoryOf } from './theory.js';
import { FLAG_MARK, FlagIndex, type ComparisonKind, type TheoryComparison } from './theoryFlags.js';

const col = (header: string, align: Align = 'right') => ({ header, align });
const THEORY_DIGITS = 5;

/** "value ± MCSE" of √n·EmpSE (null cell or measure: "–"). */
function rootNEmpSEText(c: SummaryCell | undefined): string {
  if (c === undefined || c.empSE.value === null) return NOT_AVAILABLE_TEXT;
  const r = Math.sqrt(c.n);
  return formatEstimate(c.empSE.value * r, c.empSE.mcse === null ? null : c.empSE.mcse * r);
}

function flagged(text: string, flags: FlagIndex, c: SummaryCell | undefined, kind: ComparisonKind | 'mean'): string {
  if (c === undefined || text === NOT_AVAILABLE_TEXT) return text;
  const hit = kind === 'mean' ? flags.meanFlagged(c.mixture, c.n, c.estimator, c.estimand) : flags.has(c.mixture, c.n, c.estimator, c.estimand, kind);
  return hit ? `${text} ${FLAG_MARK}` : text;
}

const FLAG_NOTE = `${FLAG_MARK}: more than 3 Monte Carlo SEs from its theory value (see "Comparison with theory").`;

/** √n × empirical SE per n and estimator, with each estimator's theory value as the last row (n → ∞). */
export function empSETable(summary: Summary, mixtureId: string, flags: FlagIndex, estimand = 'separation'): Table {
  const mixture = findMixture(summary, mixtureId);
  const label = estimandLabel(estimand, mixture.d, mixture.K);
  const index = new CellIndex(summary.cells);
  const estimators = summary.estimators.map((e) => e.id);
  const theories = estimators.map((e) => spreadTheoryOf(summary, mixture.id, e, estimand));
  const rows = summary.n.map((n) => [formatInt(n), ...estimators.map((e) => flagged(rootNEmpSEText(index.get(mixture.id, n, e, estimand)), flags, index.get(mixture.id, n, e, estimand), '√n·EmpSE − sd∞'))]);
  rows.push(['∞ (theory)', ...theories.map((t) => (t === null ? NOT_AVAILABLE_TEXT : `${formatNumber(t.sd, THEORY_DIGITS)} (${t.source === 'Fisher' ? 'Fisher sd∞' : 'Pollard sd'})`))]);
  const where = summary.mixtures.length > 1 ? ` (${mixture.id})` : '';
  return {
    id: `table-empse-${estimand}-${mixture.id}`,
    caption: `√n × empirical SE of ${label.estimate}${where}, ± Monte Carlo SE, per sample size and estimator, beside its asymptotic value.`,
    columns: [col('n'), ...estimators.map((e) => col(e))],
    rows,
    note:
      'The empirical SE is the standard deviation of the estimates over the replications; √n·EmpSE levels off at the asymptotic sd of √n·(estimate − target): ' +
      'the Fisher sd∞ of a maximum-likelihood estimator’s own model, Pollard’s CLT sd for k-means (around its limit). "–": no theory value for that estimator. ' +
      FLAG_NOTE,
  };
}

/** Bias, √n·EmpSE and RMSE by n for every estimand with a truth (except `skip`), one row per estimand and n. */
export function estimandsByNTable(summary: Summary, mixtureId: string, flags: FlagIndex, skip: readonly string[] = []): Table | null {
  const mixture = findMixture(summary, mixtureId);
  const index = new CellIndex(summary.cells);
  const estimators = summary.estimators.map((e) => e.id);
  const keys: string[] = [];
  for (const c of summary.cells)
    if (c.mixture === mixture.id && c.truth !== null && !skip.includes(c.estimand) && !keys.includes(c.estimand)) keys.push(c.estimand);
  if (keys.length === 0) return null;
  const rows = keys.flatMap((k) =>
    summary.n.map((n) => {
      const first = summary.cells.find((c) => c.mixture === mixture.id && c.estimand === k);
      return [
        estimandPhrase(estimandLabel(k, mixture.d, mixture.K)),
        formatInt(n),
        formatNumber(first?.truth, THEORY_DIGITS),
        ...estimators.flatMap((e) => {
          const c = index.get(mixture.id, n, e, k);
          const bias = c === undefined ? NOT_AVAILABLE_TEXT : formatEstimate(c.vsTruth.bias.value, c.vsTruth.bias.mcse);
          const rmse = c === undefined ? NOT_AVAILABLE_TEXT : formatEstimate(c.vsTruth.rmse.value, c.vsTruth.rmse.mcse);
          return [flagged(bias, flags, c, 'mean'), flagged(rootNEmpSEText(c), flags, c, '√n·EmpSE − sd∞'), rmse];
        }),
      ];
    }),
  );
  const where = summary.mixtures.length > 1 ? ` of ${mixture.id}` : '';
  return {
    id: `table-by-n-${mixture.id}`,
    caption: `Every estimand${where} by sample size: bias, √n × empirical SE and RMSE per estimator, each ± Monte Carlo SE.`,
    columns: [col('estimand', 'left'), col('n'), col('truth'), ...estimators.flatMap((e) => [col(`${e}: bias`), col(`${e}: √n·EmpSE`), col(`${e}: RMSE`)])],
    rows,
    note:
      'Components are matched to the true ones before measuring (src/estimands/align.ts). A bias marked ' +
      `${FLAG_MARK} is more than 3 MCSEs from the estimator’s theory value (the truth for a correctly specified MLE, the population limit for k-means). ` +
      FLAG_NOTE,
  };
}

/** The misclassification rate per n and estimator beside the Bayes error; null when it was not measured. */
export function misclassificationTable(summary: Summary, mixtureId: string): Table | null {
  const mixture = findMixture(summary, mixtureId);
  const index = new CellIndex(summary.cells);
  if (!summary.cells.some((c) => c.mixture === mixture.id && c.estimand === 'misclassification')) return null;
  const estimators = summary.estimators.map((e) => e.id);
  const bayes = bayesErrorOf(summary, mixture.id);
  const excess = (c: SummaryCell | undefined): string => {
    if (c === undefined || c.mean.value === null || bayes === null) return NOT_AVAILABLE_TEXT;
    const mcse = c.mean.mcse === null ? null : Math.hypot(c.mean.mcse, bayes.mcse);
    return formatEstimate(c.mean.value - bayes.value, mcse);
  };
  const rows = summary.n.map((n) => [
    formatInt(n),
    ...estimators.flatMap((e) => {
      const c = index.get(mixture.id, n, e, 'misclassification');
      return [c === undefined ? NOT_AVAILABLE_TEXT : formatEstimate(c.mean.value, c.mean.mcse), excess(c)];
    }),
  ]);
  const where = summary.mixtures.length > 1 ? ` (${mixture.id})` : '';
  const bayesText = bayes === null ? noBayesErrorReason(summary, mixture.id) : bayes.method === 'exact' ? `${formatNumber(bayes.value, THEORY_DIGITS)}, exact` : `${formatEstimate(bayes.value, bayes.mcse)}, Monte Carlo`;
  return {
    id: `table-misclassification-${mixture.id}`,
    caption: `Misclassification rate${where} per sample size and estimator, ± Monte Carlo SE, and its excess over the Bayes error of the true mixture (${bayesText}).`,
    columns: [col('n'), ...estimators.flatMap((e) => [col(`${e}: rate`), col(`${e}: − Bayes error`)])],
    rows,
    note: 'The Bayes error is the rate of the rule that assigns each point to its most probable component under the true mixture (src/theory/bayesError.ts); no classifier does better on average. The excess’s SE combines the rate’s MCSE and, when the Bayes error is a Monte Carlo value, its SE.',
  };
}

/** One row per mechanism (in nested-loop order) and estimator at the largest n: the grid at a glance. */
export function acrossConditionsTable(summary: Summary, estimand: string, flags: FlagIndex): Table {
  const factors = designFactors(summary);
  const mixtures = orderedMixtures(summary, factors);
  const index = new CellIndex(summary.cells);
  const n = Math.max(...summary.n);
  const withMis = summary.cells.some((c) => c.estimand === 'misclassification');
  const rows = mixtures.flatMap((m) =>
    summary.estimators.map((e) => {
      const c = index.get(m.id, n, e.id, estimand);
      const theory = spreadTheoryOf(summary, m.id, e.id, estimand);
      const mis = index.get(m.id, n, e.id, 'misclassification');
      const bayes = bayesErrorOf(summary, m.id);
      return [
        m.id,
        ...factors.map((f) => formatNumber(f.value(m), 4)),
        e.id,
        formatNumber(c?.truth, THEORY_DIGITS),
        c === undefined ? NOT_AVAILABLE_TEXT : flagged(formatEstimate(c.vsTruth.bias.value, c.vsTruth.bias.mcse), flags, c, 'mean'),
        flagged(rootNEmpSEText(c), flags, c, '√n·EmpSE − sd∞'),
        theory === null ? NOT_AVAILABLE_TEXT : `${formatNumber(theory.sd, 4)} (${theory.source})`,
        c === undefined ? NOT_AVAILABLE_TEXT : formatEstimate(c.vsTruth.rmse.value, c.vsTruth.rmse.mcse),
        ...(withMis ? [mis === undefined ? NOT_AVAILABLE_TEXT : formatEstimate(mis.mean.value, mis.mean.mcse), bayes === null ? NOT_AVAILABLE_TEXT : formatNumber(bayes.value, 4)] : []),
      ];
    }),
  );
  const m0 = summary.mixtures[0];
  const label = estimandLabel(estimand, m0.d, m0.K);
  return {
    id: `table-across-conditions-${estimand}`,
    caption: `All ${summary.mixtures.length} mechanisms at n = ${formatInt(n)}: bias, √n × empirical SE (beside its theory value) and RMSE of the ${label.name} ${label.estimate}${withMis ? ', and the misclassification rate beside the Bayes error' : ''}, each ± Monte Carlo SE.`,
    columns: [
      col('mechanism', 'left'),
      ...factors.map((f) => col(f.short)),
      col('estimator', 'left'),
      col('truth'),
      col('bias'),
      col('√n·EmpSE'),
      col('sd∞ (theory)'),
      col('RMSE'),
      ...(withMis ? [col('misclassification'), col('Bayes error')] : []),
    ],
    rows,
    note: `Mechanisms in nested-loop order (sorted by ${factors.map((f) => f.short).join(', then ')})${summary.mixtures.length >= GRID_MIN_MECHANISMS ? ', as in the nested-loop plot' : ''}. ${FLAG_NOTE}`,
  };
}

/** The comparisons flagged beyond 3 MCSEs, largest first (`total` of them in all; the table may show fewer). */
export function flaggedTable(summary: Summary, flagged: readonly TheoryComparison[], total: number): Table {
  const many = summary.mixtures.length > 1;
  return {
    id: 'table-flagged',
    caption: `Cells more than 3 Monte Carlo SEs from their theory value, largest distance first${flagged.length < total ? ` (the first ${flagged.length} of ${total})` : ''}.`,
    columns: [...(many ? [col('mechanism', 'left')] : []), col('n'), col('estimator', 'left'), col('estimand', 'left'), col('compared', 'left'), col('simulated'), col('theory'), col('distance (MCSE)')],
    rows: flagged.map((c) => {
      const m = findMixture(summary, c.mixture);
      return [
        ...(many ? [c.mixture] : []),
        formatInt(c.n),
        c.estimator,
        // A comparison standing for repeats of the same fits (./theoryFlags.ts `sameAs`) names them too.
        estimandPhrase(estimandLabel(c.estimand, m.d, m.K)) + (c.sameAs.length > 0 ? ` (also ${c.sameAs.map((k) => estimandLabel(k, m.d, m.K).symbol).join(', ')})` : ''),
        c.kind,
        formatEstimate(c.value, c.mcse),
        `${formatNumber(c.theory, THEORY_DIGITS)} (${c.theoryName})`,
        `${c.z > 0 ? '+' : '\u2212'}${Math.abs(c.z).toFixed(1)}`,
      ];
    }),
  };
}
