/**
 * The figures every experiment's report gets: for each two-component mechanism whose separation was
 * measured, the estimate, RMSE, bias and distribution figures of the separation (the distribution one only
 * when replication rows are given). Mechanisms with K ≠ 2 have no single separation and get tables only.
 */
import type { ReplicationRow } from '../../results/rows.js';
import type { Summary } from '../../results/summary.js';
import type { Figure } from '../figure.js';
import { distributionFigure } from './distribution.js';
import { biasFigure, estimateFigure, rmseFigure } from './measureFigures.js';

export function defaultFigures(summary: Summary, rows: readonly ReplicationRow[] = []): Figure[] {
  const figures: Figure[] = [];
  for (const mixture of summary.mixtures) {
    if (mixture.K !== 2) continue;
    if (!summary.cells.some((c) => c.mixture === mixture.id && c.estimand === 'separation')) continue;
    const opts = { mixture: mixture.id, estimand: 'separation' };
    figures.push(estimateFigure(summary, opts), rmseFigure(summary, opts), biasFigure(summary, opts));
    if (rows.length > 0) figures.push(distributionFigure(summary, rows, opts));
  }
  return figures;
}
