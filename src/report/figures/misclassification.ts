/**
 * The misclassification rate against n with the Bayes error of the true mixture as its reference
 * (src/theory/bayesError.ts, carried in summary.json as `theory.bayesError`): no classifier does better on
 * average, a consistent plug-in rule approaches it, and k-means' partition stays above it where its boundary
 * is not the Bayes boundary. One figure per mechanism, or small multiples by condition for a grid.
 */
import type { Summary } from '../../results/summary.js';
import { figureId, type Figure } from '../figure.js';
import { formatEstimate, formatInt, formatNumber } from '../format.js';
import { estimatorStyles } from '../palette.js';
import { bayesErrorOf, findMixture, noBayesErrorReason } from '../theory.js';
import { estimatorLayers, frameOf, horizontal, layeredSpec, type Frame, type Reference } from './layers.js';
import { REFERENCE_DASH } from './measureFigures.js';
import { PANEL_PNG_SCALE, panelSpec, type Panel } from './panels.js';
import { seriesOf } from './series.js';

export const MISCLASSIFICATION = 'misclassification';

function bayesText(summary: Summary, mixtureId: string): string | null {
  const b = bayesErrorOf(summary, mixtureId);
  if (b === null) return null;
  return b.method === 'exact' ? `${formatNumber(b.value, 5)} (exact)` : `${formatEstimate(b.value, b.mcse)} (Monte Carlo)`;
}

function bayesRefs(summary: Summary, mixtureId: string, frame: Frame): Reference[] {
  const b = bayesErrorOf(summary, mixtureId);
  return b === null ? [] : [horizontal('Bayes error of the true mixture', b.value, REFERENCE_DASH.truth, frame)];
}

const MEANING =
  'The rate is the share of the sample each fit assigns to a component other than the one that drew the point (components matched to the true ones). ' +
  'The Bayes error is the rate of the rule that assigns each point to its most probable component under the true mixture: no classifier does better on average.';

/** Mean misclassification rate ± 2 MCSE per n and estimator, with the Bayes error (null when not recorded). */
export function misclassificationFigure(summary: Summary, mixtureId: string): Figure | null {
  const mixture = findMixture(summary, mixtureId);
  const points = seriesOf(summary, { mixture: mixture.id, estimand: MISCLASSIFICATION, measure: 'mean', mcseMultiple: 2 });
  if (points.length === 0) return null;
  const frame = frameOf(summary.n);
  const y = { title: 'misclassification rate' };
  const bayes = bayesText(summary, mixture.id);
  const where = summary.mixtures.length > 1 ? ` — ${mixture.id}` : '';
  const title = `Misclassification rate vs sample size${where}`;
  const caption =
    `Mean misclassification rate over the successful fits at each n (R = ${formatInt(summary.replications)} replications per sample size); error bars span ±2 Monte Carlo SEs. ${MEANING}` +
    (bayes === null ? ` Bayes error ${noBayesErrorReason(summary, mixture.id)}.` : ` Grey dotted line: the Bayes error ${bayes}.`);
  const layers = estimatorLayers(points, estimatorStyles(summary.estimators.map((e) => e.id)), frame, y, [
    { field: 'estimator', type: 'nominal', title: 'estimator' },
    { field: 'n', type: 'quantitative', title: 'n', format: ',' },
    { field: 'text', type: 'nominal', title: 'mean rate ± MCSE' },
    { field: 'nUsed', type: 'quantitative', title: 'replications used' },
  ]);
  return { id: figureId('misclassification', mixture.id), title, caption, spec: layeredSpec(title, caption, bayesRefs(summary, mixture.id, frame), frame, y, layers) };
}

/** The misclassification rate in every condition of a grid, a panel per mechanism, each with its Bayes error. */
export function misclassificationByCondition(summary: Summary, mixtureIds: readonly string[]): Figure | null {
  const frame = frameOf(summary.n);
  const panels: Panel[] = [];
  const notes: string[] = [];
  for (const id of mixtureIds) {
    const points = seriesOf(summary, { mixture: id, estimand: MISCLASSIFICATION, measure: 'mean', mcseMultiple: 2 });
    if (points.length === 0) continue;
    panels.push({ title: id, points, refs: bayesRefs(summary, id, frame) });
    const b = bayesText(summary, id);
    if (b !== null) notes.push(`${id}: ${b}`);
  }
  if (panels.length === 0) return null;
  const title = 'Misclassification rate in every condition';
  const caption =
    `Mean misclassification rate against n, one panel per data-generating mechanism (R = ${formatInt(summary.replications)} replications per sample size; each panel has its own y scale); ` +
    `error bars span ±2 Monte Carlo SEs. ${MEANING}` +
    (notes.length > 0 ? ` Grey dotted lines: the Bayes error of each mechanism — ${notes.join('; ')}.` : '') +
    (notes.length < panels.length ? ` Bayes error of ${mixtureIds.filter((id) => panels.some((p) => p.title === id) && bayesErrorOf(summary, id) === null).map((id) => `${id} ${noBayesErrorReason(summary, id)}`).join('; ')}.` : '');
  const spec = panelSpec(panels, estimatorStyles(summary.estimators.map((e) => e.id)), frame, 'mean rate', { title, description: caption, yTitle: 'misclassification rate', columns: 3 });
  return { id: figureId('misclassification', 'by-condition'), title, caption, spec, pngScale: PANEL_PNG_SCALE };
}
