/**
 * The report's section on confidence intervals, for runs that recorded them: what the interval methods are,
 * and per mechanism a table of the interval measures of each estimand against n (Morris, White & Crowther 2019,
 * Table 6): coverage of the truth and of the k-means limit, bias-eliminated coverage, the average model SE over
 * the empirical SE (1 when the SEs are right), and the mean width, each ± its MCSE. The figures are in
 * ./figures/inferenceFigures.ts.
 */
import { heading, paragraph, table, type Block, type Table } from './document.js';
import { estimandLabel } from './estimandLabels.js';
import { formatEstimate, formatInt, formatNumber } from './format.js';
import type { Results } from './loadResults.js';
import { coverageOf, coverageSeries, nominalLevel } from './figures/coverage.js';
import { estimandsWithIntervals } from './figures/inferenceFigures.js';
import type { IntervalCell } from '../performance/measureAccess.js';
import type { SummaryCell } from '../results/summary.js';

type V = { readonly value: number | null; readonly mcse: number | null } | undefined;
const est = (v: V): string => (v === undefined || v.value === null ? '—' : formatEstimate(v.value, v.mcse));
const ratio = (set: IntervalCell): string => {
  const r = set.relErrModelSE;
  return r === undefined || r.value === null ? '—' : formatEstimate(1 + r.value / 100, r.mcse === null ? null : r.mcse / 100);
};

function measuresTable(results: Results, mixture: string, estimand: string): Table | null {
  const { summary } = results;
  const series = coverageSeries(summary, mixture, estimand);
  if (series.length === 0) return null;
  const m = summary.mixtures.find((x) => x.id === mixture);
  const label = estimandLabel(estimand, m?.d ?? 1, m?.K ?? 2);
  const rows: string[][] = [];
  const pairs = [...new Map(series.map((s) => [`${s.estimator}\u0000${s.interval}`, s])).values()];
  for (const s of pairs) {
    for (const cell of summary.cells.filter((c: SummaryCell) => c.mixture === mixture && c.estimand === estimand && c.estimator === s.estimator)) {
      const set = cell.inference?.[s.interval];
      if (set === undefined) continue;
      const truth = coverageOf(cell, s.interval, 'truth');
      const limit = coverageOf(cell, s.interval, 'limit');
      rows.push([
        s.estimator,
        s.interval,
        formatInt(cell.n),
        `${formatInt(set.nUsed)}/${formatInt(cell.nUsed)}`,
        truth === null ? '—' : formatEstimate(truth.value, truth.mcse),
        limit === null ? '—' : formatEstimate(limit.value, limit.mcse),
        est(set.beCoverage),
        ratio(set),
        est(set.width),
      ]);
    }
  }
  const level = nominalLevel(summary) ?? 0.95;
  return {
    caption: `Intervals for the ${label.name} ${label.symbol}: coverage of ${formatNumber(100 * level)}% intervals and the accuracy of their SEs`,
    columns: [
      { header: 'estimator', align: 'left' },
      { header: 'interval', align: 'left' },
      { header: 'n', align: 'right' },
      { header: 'with interval', align: 'right' },
      { header: 'coverage (truth)', align: 'right' },
      { header: 'coverage (k-means limit)', align: 'right' },
      { header: 'bias-eliminated coverage', align: 'right' },
      { header: 'model SE / empirical SE', align: 'right' },
      { header: 'mean width', align: 'right' },
    ],
    rows,
    note:
      'Each value ± its Monte Carlo SE (Morris, White & Crowther 2019, Table 6): coverage and bias-eliminated coverage binomial; the SE ratio ' +
      '√(mean SE²)/EmpSE of the same replications with Morris’ MCSE of the relative error; the width an SE of a mean. “with interval” counts ' +
      'the successful fits that had one (a singular information matrix, for instance, gives none).',
  };
}

export function inferenceBlocks(results: Results): Block[] {
  const { summary } = results;
  const level = nominalLevel(summary);
  if (level === null) return [];
  const blocks: Block[] = [
    heading('Confidence intervals'),
    paragraph(
      `Every successful fit carried ${formatNumber(100 * level)}% intervals for its estimands (the config’s inference block). `,
      'wald: estimate ± z·SE with the SE from the estimator’s own large-sample covariance by the delta method — the inverse observed ' +
        'information for the mixture MLE, Pollard’s sandwich for k-means, which is an interval for the k-means population limit (read as one ' +
        'for the truth it is the naive interval); percentile and basic: B bootstrap refits, each relabelled to the original fit; credible: ' +
        'posterior draws. Coverage is judged against the truth and, for k-means, against its limit; bias-eliminated coverage against the ' +
        'mean estimate, which separates a shifted interval from a wrong width.',
    ),
  ];
  for (const m of summary.mixtures) {
    const keys = estimandsWithIntervals(summary, m.id);
    if (keys.length === 0) continue;
    if (summary.mixtures.length > 1) blocks.push(heading(`Mechanism ${m.id}`, 3));
    for (const key of keys) {
      const t = measuresTable(results, m.id, key);
      if (t !== null) blocks.push(table(t));
    }
  }
  return blocks;
}
