/**
 * The default report of one experiment as a ReportDocument: the question, the data-generating mechanism and
 * estimators, the headline numbers, results tables (across conditions for a grid, then per mechanism), the
 * comparison of every cell with its theory value, the figures, fit statuses, fit times and provenance (with
 * the config itself). Pure: from loaded results and figures to blocks, no I/O.
 */
import { code, figure, heading, list, paragraph, table, type Block, type ReportDocument } from './document.js';
import type { Figure } from './figure.js';
import { formatInt } from './format.js';
import { heavyTailText } from './heavyTails.js';
import { inferenceBlocks } from './inferenceSection.js';
import type { Results } from './loadResults.js';
import { estimandItems, estimatorItems, headlineItems, mechanismItems, provenanceTable, questionText, statusSentence, type ToolVersions } from './narrative.js';
import { estimandsOf } from './figures/measurePanels.js';
import { headlineEstimand } from './gridDesign.js';
import { precisionTable } from './precisionTable.js';
import { acrossConditionsTable, empSETable, estimandsByNTable, flaggedTable, misclassificationTable } from './performanceTables.js';
import { comparisonSentence, FlagIndex, flaggedComparisons, theoryComparisons } from './theoryFlags.js';
import { biasRmseTable, estimandsTable, estimateTable, failuresByConditionTable, statusTable, timingTable } from './tables.js';

export function reportDocument(results: Results, figures: readonly Figure[], tools: ToolVersions): ReportDocument {
  const { summary, manifest, rows, timings } = results;
  const blocks: Block[] = [];
  if (summary.description.length > 0) blocks.push(paragraph({ em: 'From the experiment config:' }, ' ', summary.description));

  blocks.push(heading('The question'), ...questionText(summary).map((p) => paragraph(...p)));

  blocks.push(
    heading('Data-generating mechanism and design'),
    list(mechanismItems(summary, manifest.config.nested)),
    paragraph('Estimators fitted to every sample:'),
    list(estimatorItems(summary, rows)),
    paragraph(...estimandItems(summary)),
  );
  const heavy = heavyTailText(rows);
  if (heavy !== null) blocks.push(paragraph(...heavy));

  const headline = headlineItems(summary);
  if (headline.length > 0) {
    blocks.push(heading(`At the largest sample size, n = ${formatInt(Math.max(...summary.n))}`), list(headline));
  }

  const precision = precisionTable(summary);
  if (precision !== null) blocks.push(heading('Replications by precision target'), table(precision));
  blocks.push(heading('Results'));
  const comparisons = theoryComparisons(summary);
  const flags = new FlagIndex(comparisons);
  const hasSeparation = (id: string) => summary.cells.some((c) => c.mixture === id && c.estimand === 'separation');
  // Several mechanisms: one table across them all (a grid also gets the nested-loop plot, src/report/figures/defaultFigures.ts).
  const gridEstimand = summary.mixtures.length > 1 ? headlineEstimand(summary, estimandsOf(summary, summary.mixtures[0].id)) : null;
  if (gridEstimand !== null) blocks.push(heading('Across all conditions', 3), table(acrossConditionsTable(summary, gridEstimand, flags)));
  for (const m of summary.mixtures) {
    if (summary.mixtures.length > 1) blocks.push(heading(`Mechanism ${m.id}`, 3));
    if (hasSeparation(m.id)) blocks.push(table(estimateTable(summary, m.id)), table(biasRmseTable(summary, m.id)), table(empSETable(summary, m.id, flags)));
    const byN = estimandsByNTable(summary, m.id, flags, hasSeparation(m.id) ? ['separation'] : []);
    if (byN !== null) blocks.push(table(byN));
    const mis = misclassificationTable(summary, m.id);
    if (mis !== null) blocks.push(table(mis));
    blocks.push(table(estimandsTable(summary, m.id)));
  }

  // Runs that recorded confidence intervals (./inferenceSection.ts); nothing otherwise.
  blocks.push(...inferenceBlocks(results));

  blocks.push(heading('Comparison with theory'), paragraph(comparisonSentence(summary, comparisons)));
  const flagged = flaggedComparisons(comparisons);
  if (flagged.length > 0) blocks.push(table(flaggedTable(summary, flagged, comparisons.filter((c) => c.flagged).length)));

  if (figures.length > 0) {
    blocks.push(heading('Figures'), paragraph('Hover over a point for its numbers. Colours follow the Okabe–Ito palette and each estimator also has its own point shape (and line dash, in the single-panel figures), so the figures read in grey.'));
    for (const f of figures) blocks.push(figure(f));
  }

  blocks.push(heading('Failures and non-convergence'), paragraph(statusSentence(rows)), table(statusTable(summary, rows)));
  const byCondition = failuresByConditionTable(summary, rows);
  if (byCondition !== null) blocks.push(table(byCondition));

  const times = timingTable(summary, timings);
  if (times !== null) blocks.push(heading('Compute time'), table(times));

  const fitSeconds = timings.length > 0 ? timings.reduce((a, t) => a + t.seconds, 0) : null;
  blocks.push(
    heading('Provenance'),
    table(provenanceTable(summary, manifest, tools, fitSeconds)),
    code('json', JSON.stringify(manifest.config, null, 2), 'Experiment config (normalised; the config hash is the SHA-256 of its canonical JSON)'),
  );
  return { title: summary.title.length > 0 ? summary.title : summary.name, blocks };
}
