/**
 * The figures every experiment's report gets, for any K and d:
 * - a grid (at least GRID_MIN_MECHANISMS mechanisms, src/report/gridDesign.ts): the nested-loop plot of the
 *   headline estimand's bias over all conditions, its bias, √n·EmpSE and RMSE as small multiples by
 *   condition, the misclassification rate by condition against each Bayes error, and bias, √n·EmpSE and
 *   RMSE of every other estimand as one matrix per measure (a row per mechanism, a column per estimand);
 * - otherwise, for each mechanism whose separation was measured (for K > 2 the mean pairwise distance), the
 *   estimate, RMSE, bias and distribution figures of the separation (distribution only when replication rows
 *   are given), and its misclassification rate against the Bayes error;
 *   and, per mechanism, bias, √n·EmpSE and RMSE against n for every estimand, a panel each.
 */
import type { ReplicationRow } from '../../results/rows.js';
import type { Summary } from '../../results/summary.js';
import type { Figure } from '../figure.js';
import { GRID_MIN_MECHANISMS, headlineEstimand, orderedMixtures } from '../gridDesign.js';
import { distributionFigure } from './distribution.js';
import { biasFigure, estimateFigure, rmseFigure } from './measureFigures.js';
import { conditionPanelFigure, estimandPanelFigure, estimandsOf, gridEstimandFigure, PANEL_MEASURES } from './measurePanels.js';
import { misclassificationByCondition, misclassificationFigure } from './misclassification.js';
import { inferenceFigures } from './inferenceFigures.js';
import { nestedLoopFigure } from './nestedLoop.js';

const present = (f: Figure | null): f is Figure => f !== null;

/** Whether the report treats the mechanisms as a grid (cross-condition figures instead of per-mechanism ones). */
export function isGrid(summary: Summary): boolean {
  return summary.mixtures.length >= GRID_MIN_MECHANISMS;
}

/** Figures across the conditions of a grid (empty for fewer mechanisms). */
export function gridFigures(summary: Summary): Figure[] {
  if (!isGrid(summary)) return [];
  const ids = orderedMixtures(summary).map((m) => m.id);
  const headline = headlineEstimand(summary, estimandsOf(summary, summary.mixtures[0].id));
  const figures: (Figure | null)[] = [];
  if (headline !== null) {
    figures.push(nestedLoopFigure(summary, headline, 'bias'));
    for (const m of PANEL_MEASURES) figures.push(conditionPanelFigure(summary, ids, headline, m));
  }
  figures.push(misclassificationByCondition(summary, ids));
  for (const m of PANEL_MEASURES) figures.push(gridEstimandFigure(summary, ids, m, headline));
  return figures.filter(present);
}

export function defaultFigures(summary: Summary, rows: readonly ReplicationRow[] = []): Figure[] {
  const figures: Figure[] = gridFigures(summary);
  const grid = isGrid(summary);
  for (const mixture of summary.mixtures) {
    if (!grid && summary.cells.some((c) => c.mixture === mixture.id && c.estimand === 'separation')) {
      const opts = { mixture: mixture.id, estimand: 'separation' };
      figures.push(estimateFigure(summary, opts), rmseFigure(summary, opts), biasFigure(summary, opts));
      if (rows.length > 0) figures.push(distributionFigure(summary, rows, opts));
    }
    if (!grid) {
      const mis = misclassificationFigure(summary, mixture.id);
      if (mis !== null) figures.push(mis);
    }
    // A mechanism with the separation alone has its bias and RMSE figures above; only the √n·EmpSE one is new.
    const onlySeparation = !grid && estimandsOf(summary, mixture.id).every((k) => k === 'separation');
    for (const m of PANEL_MEASURES) {
      if (grid || (onlySeparation && m !== 'rootNEmpSE')) continue; // a grid has them as one matrix per measure
      const f = estimandPanelFigure(summary, mixture.id, m);
      if (f !== null) figures.push(f);
    }
  }
  // Runs that recorded confidence intervals: coverage against n and a zip plot (./inferenceFigures.ts).
  figures.push(...inferenceFigures(summary, rows));
  return figures;
}
