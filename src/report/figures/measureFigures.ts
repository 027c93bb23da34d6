/**
 * The three "measure vs n" figures every K = 2 mechanism gets (issue 5, "Figures"): the mean estimate with
 * ±2 MCSE, the RMSE on log–log axes with ±1 MCSE, and the bias with ±2 MCSE — each with its theory overlays
 * (truth, k-means population limit, Fisher sd∞/√n) when the summary has them. Functions of the summary only,
 * parameterised by mixture and estimand, so the paper can reuse them for any estimand.
 */
import type { Summary } from '../../runner/summary.js';
import { estimandLabel } from '../estimandLabels.js';
import { figureId, type Figure } from '../figure.js';
import { formatInt, formatNumber } from '../format.js';
import { estimatorStyles } from '../palette.js';
import { estimatorsWithLimit, findMixture, fisherSdOf, kmeansLimitOf, truthOf } from '../theory.js';
import { estimatorLayers, layeredSpec, referenceCurve, referenceLine, type Layer } from './layers.js';
import { seriesOf } from './series.js';

export interface MeasureFigureOptions {
  readonly mixture: string;
  /** Estimand key (default 'separation'). */
  readonly estimand?: string;
}

function context(summary: Summary, opts: MeasureFigureOptions) {
  const estimand = opts.estimand ?? 'separation';
  const mixture = findMixture(summary, opts.mixture);
  const label = estimandLabel(estimand, mixture.d);
  const truth = truthOf(summary, mixture.id, estimand);
  const limit = kmeansLimitOf(summary, mixture.id, estimand);
  const limitOf = estimatorsWithLimit(summary, mixture.id, estimand);
  const styles = estimatorStyles(summary.estimators.map((e) => e.id));
  const where = summary.mixtures.length > 1 ? ` — ${mixture.id}` : '';
  const replications = `R = ${formatInt(summary.replications)} replications per sample size`;
  const limitWho = limitOf.length > 0 ? limitOf.join(', ') : 'k-means';
  return { estimand, mixture, label, truth, limit, limitWho, styles, where, replications };
}

/** (a) Mean estimate vs n with ±2 MCSE, truth and k-means-limit lines. */
export function estimateFigure(summary: Summary, opts: MeasureFigureOptions): Figure {
  const c = context(summary, opts);
  const points = seriesOf(summary, { mixture: c.mixture.id, estimand: c.estimand, measure: 'mean', mcseMultiple: 2 });
  const layers: Layer[] = [];
  const notes: string[] = [];
  if (c.truth !== null) {
    layers.push(...referenceLine(c.truth, `truth ${formatNumber(c.truth)}`, [2, 3]));
    notes.push(`the true value ${formatNumber(c.truth)} (dotted)`);
  }
  if (c.limit !== null) {
    layers.push(...referenceLine(c.limit, `k-means limit ${formatNumber(c.limit)}`, [7, 4]));
    notes.push(`the k-means population limit ${formatNumber(c.limit)} (dashed), the value ${c.limitWho} converges to as n → ∞ (Bryant & Williamson 1978)`);
  }
  layers.push(...estimatorLayers(points, c.styles, { title: `estimated ${c.label.name} ${c.label.estimate}` }, 'mean', '±2 MCSE'));
  const title = `Estimated ${c.label.name} ${c.label.estimate} vs sample size${c.where}`;
  const caption =
    `Mean of the estimates of the ${c.label.name} ${c.label.symbol} over the successful fits at each sample size n ` +
    `(${c.replications}), per estimator; error bars span ±2 Monte Carlo standard errors. ` +
    (notes.length > 0 ? `Horizontal reference lines: ${notes.join('; ')}.` : 'No theoretical value is available for this estimand.');
  return { id: figureId('estimate', c.estimand, c.mixture.id), title, caption, spec: layeredSpec(title, layers, caption) };
}

/** (b) RMSE vs n, log–log, ±1 MCSE, with the Fisher sd∞/√n curve(s) and the k-means bias floor. */
export function rmseFigure(summary: Summary, opts: MeasureFigureOptions): Figure {
  const c = context(summary, opts);
  const points = seriesOf(summary, { mixture: c.mixture.id, estimand: c.estimand, measure: 'rmse', mcseMultiple: 1, positive: true });
  const layers: Layer[] = [];
  const notes: string[] = [];
  const fisher = c.estimand === 'separation' ? fisherSdOf(summary, c.mixture.id) : null;
  const ns = [...summary.n].sort((a, b) => a - b);
  if (fisher !== null && fisher.allParameters !== null) {
    const sd = fisher.allParameters;
    layers.push(...referenceCurve(ns.map((n) => ({ x: n, y: sd / Math.sqrt(n) })), 'sd∞/√n (w, μ, σ estimated)', [7, 4]));
    notes.push(`dashed: sd∞/√n with sd∞ = ${formatNumber(sd)} from the Fisher information when weights, means and σ are estimated — the asymptotic RMSE of the MLE`);
  }
  if (fisher !== null && fisher.meansOnly !== null) {
    const sd = fisher.meansOnly;
    layers.push(...referenceCurve(ns.map((n) => ({ x: n, y: sd / Math.sqrt(n) })), 'sd∞/√n (means only)', [2, 3]));
    notes.push(`dotted: sd∞/√n with sd∞ = ${formatNumber(sd)} when only the means are estimated`);
  }
  if (c.truth !== null && c.limit !== null && c.limit !== c.truth) {
    const floor = Math.abs(c.limit - c.truth);
    layers.push(...referenceLine(floor, `|k-means limit − truth| = ${formatNumber(floor)}`, [1, 0]));
    notes.push(`solid grey: |limit − truth| = ${formatNumber(floor)}, the asymptotic bias the RMSE of ${c.limitWho} levels off at`);
  }
  layers.push(...estimatorLayers(points, c.styles, { title: `RMSE of ${c.label.estimate} (log scale)`, log: true }, 'RMSE', '±1 MCSE'));
  const title = `RMSE of the ${c.label.name} vs sample size${c.where}`;
  const caption =
    `Root mean squared error of the ${c.label.name} estimates around the true value on log–log axes (${c.replications}); ` +
    'error bars span ±1 Monte Carlo standard error. A consistent estimator’s RMSE falls like 1/√n (slope −½); an inconsistent ' +
    'one levels off at its asymptotic bias. ' +
    (notes.length > 0 ? `Reference lines: ${notes.join('; ')}.` : 'No theoretical reference is available for this mechanism.');
  return { id: figureId('rmse', c.estimand, c.mixture.id), title, caption, spec: layeredSpec(title, layers, caption) };
}

/** (c) Bias vs n with ±2 MCSE, the zero line and the k-means asymptotic bias. */
export function biasFigure(summary: Summary, opts: MeasureFigureOptions): Figure {
  const c = context(summary, opts);
  const points = seriesOf(summary, { mixture: c.mixture.id, estimand: c.estimand, measure: 'bias', mcseMultiple: 2 });
  const layers: Layer[] = [...referenceLine(0, 'unbiased', [1, 0])];
  const notes = ['solid grey: zero bias'];
  if (c.truth !== null && c.limit !== null) {
    const b = c.limit - c.truth;
    layers.push(...referenceLine(b, `k-means limit − truth = ${formatNumber(b)}`, [7, 4]));
    notes.push(`dashed: limit − truth = ${formatNumber(b)}, the bias ${c.limitWho} keeps as n → ∞`);
  }
  layers.push(...estimatorLayers(points, c.styles, { title: `bias of ${c.label.estimate} (estimate − truth)` }, 'bias', '±2 MCSE'));
  const title = `Bias of the ${c.label.name} vs sample size${c.where}`;
  const caption =
    `Bias (mean estimate minus the true value${c.truth !== null ? ` ${formatNumber(c.truth)}` : ''}) of the ${c.label.name} ` +
    `(${c.replications}); error bars span ±2 Monte Carlo standard errors. Reference lines: ${notes.join('; ')}.`;
  return { id: figureId('bias', c.estimand, c.mixture.id), title, caption, spec: layeredSpec(title, layers, caption) };
}
