/**
 * The three "measure vs n" figures every K = 2 mechanism gets: the mean estimate with
 * ±2 MCSE, the RMSE on log–log axes with ±1 MCSE, and the bias with ±2 MCSE — each with its theory overlays
 * (truth, k-means population limit, Fisher sd∞/√n, k-means CLT RMSE) when the summary has them. Functions of the summary only,
 * parameterised by mixture and estimand, so the paper can reuse them for any estimand.
 */
import type { Summary } from '../../results/summary.js';
import { estimandLabel } from '../estimandLabels.js';
import { figureId, type Figure } from '../figure.js';
import { formatInt, formatNumber } from '../format.js';
import { estimatorStyles } from '../palette.js';
import { estimatorsWithLimit, findMixture, fisherLinesOf, fisherMeansOnlyOf, fisherModelText, fisherSdsOf, kmeansLimitOf, kmeansSdOf, truthOf } from '../theory.js';
import { estimatorLayers, frameOf, horizontal, layeredSpec, logSpaced, type AxisOptions, type Reference, type TooltipField } from './layers.js';
import { seriesOf } from './series.js';

export interface MeasureFigureOptions {
  readonly mixture: string;
  /** Estimand key (default 'separation'). */
  readonly estimand?: string;
}

/** Dash patterns of the theory references, the same meaning in every figure. */
export const REFERENCE_DASH = {
  truth: [2, 3],
  limit: [8, 4],
  zero: [1, 0],
  fisherAll: [8, 4, 2, 4],
  fisherMeans: [3, 3],
} as const;

/** Dashes of the per-estimator Fisher lines, in order (the first is REFERENCE_DASH.fisherAll), with their names for captions. */
export const FISHER_DASHES: readonly { readonly dash: readonly number[]; readonly name: string }[] = [
  { dash: REFERENCE_DASH.fisherAll, name: 'dash-dot' },
  { dash: [8, 3, 2, 3, 2, 3], name: 'dash-dot-dot' },
  { dash: [14, 4], name: 'long dashes' },
  { dash: [4, 2, 1, 2], name: 'short dash-dot' },
];

function context(summary: Summary, opts: MeasureFigureOptions) {
  const estimand = opts.estimand ?? 'separation';
  const mixture = findMixture(summary, opts.mixture);
  const label = estimandLabel(estimand, mixture.d, mixture.K);
  const limitOf = estimatorsWithLimit(summary, mixture.id, estimand);
  return {
    estimand,
    mixture,
    label,
    truth: truthOf(summary, mixture.id, estimand),
    limit: kmeansLimitOf(summary, mixture.id, estimand),
    limitWho: limitOf.length > 0 ? limitOf.join(', ') : 'k-means',
    styles: estimatorStyles(summary.estimators.map((e) => e.id)),
    frame: frameOf(summary.n),
    where: summary.mixtures.length > 1 ? ` — ${mixture.id}` : '',
    replications: `R = ${formatInt(summary.replications)} replications per sample size`,
  };
}

function tooltip(measure: string, interval: string): TooltipField[] {
  return [
    { field: 'estimator', type: 'nominal', title: 'estimator' },
    { field: 'method', type: 'nominal', title: 'method' },
    { field: 'n', type: 'quantitative', title: 'n', format: ',' },
    { field: 'text', type: 'nominal', title: `${measure} ± MCSE` },
    { field: 'lo', type: 'quantitative', title: `${interval}, lower`, format: '.4~g' },
    { field: 'hi', type: 'quantitative', title: `${interval}, upper`, format: '.4~g' },
    { field: 'nUsed', type: 'quantitative', title: 'replications used' },
    { field: 'nTotal', type: 'quantitative', title: 'replications run' },
  ];
}

/** (a) Mean estimate vs n with ±2 MCSE, truth and k-means-limit lines. */
export function estimateFigure(summary: Summary, opts: MeasureFigureOptions): Figure {
  const c = context(summary, opts);
  const y: AxisOptions = { title: `estimated ${c.label.name} ${c.label.estimate}` };
  const points = seriesOf(summary, { mixture: c.mixture.id, estimand: c.estimand, measure: 'mean', mcseMultiple: 2 });
  const refs: Reference[] = [];
  const notes: string[] = [];
  if (c.truth !== null) {
    refs.push(horizontal(`truth ${c.label.symbol} = ${formatNumber(c.truth)}`, c.truth, REFERENCE_DASH.truth, c.frame));
    notes.push(`the true value ${formatNumber(c.truth)} (dotted)`);
  }
  if (c.limit !== null) {
    refs.push(horizontal(`k-means population limit = ${formatNumber(c.limit)}`, c.limit, REFERENCE_DASH.limit, c.frame));
    notes.push(`the k-means population limit ${formatNumber(c.limit)} (dashed), the value ${c.limitWho} converges to as n → ∞ (Bryant & Williamson 1978)`);
  }
  const title = `Estimated ${c.label.name} ${c.label.estimate} vs sample size${c.where}`;
  const caption =
    `Mean of the estimates of the ${c.label.name} ${c.label.symbol} over the successful fits at each sample size n ` +
    `(${c.replications}), per estimator; error bars span ±2 Monte Carlo standard errors. ` +
    (notes.length > 0 ? `Grey reference lines: ${notes.join('; ')}.` : 'No theoretical value is available for this estimand.');
  const layers = estimatorLayers(points, c.styles, c.frame, y, tooltip('mean', '±2 MCSE'));
  return { id: figureId('estimate', c.estimand, c.mixture.id), title, caption, spec: layeredSpec(title, caption, refs, c.frame, y, layers) };
}

/** (b) RMSE vs n, log–log, ±1 MCSE, with the Fisher sd∞/√n curve(s) and the k-means bias floor. */
export function rmseFigure(summary: Summary, opts: MeasureFigureOptions): Figure {
  const c = context(summary, opts);
  const y: AxisOptions = { title: `RMSE of ${c.label.estimate} (log scale)`, log: true };
  const points = seriesOf(summary, { mixture: c.mixture.id, estimand: c.estimand, measure: 'rmse', mcseMultiple: 1, positive: true });
  const refs: Reference[] = [];
  const notes: string[] = [];
  const curve = (sd: number) => c.frame.xDomain.map((x) => ({ x, y: sd / Math.sqrt(x) }));
  if (c.estimand === 'separation') {
    // Each maximum-likelihood estimator against the sd∞ of its own model (estimators with equal sd∞ share a line).
    const lines = fisherLinesOf(summary, c.mixture.id);
    lines.forEach((line, i) => {
      const style = FISHER_DASHES[i % FISHER_DASHES.length];
      const who = line.estimators.join(', ');
      refs.push({ label: `sd∞/√n for ${who} (${line.modelShort})`, dash: style.dash, points: curve(line.sd) });
      notes.push(`${style.name}: sd∞/√n with sd∞ = ${formatNumber(line.sd)} from the Fisher information of the model ${who} fits (${line.model}), its asymptotic RMSE`);
    });
    const meansOnly = fisherMeansOnlyOf(summary, c.mixture.id);
    if (meansOnly !== null && !lines.some((l) => l.sd === meansOnly)) {
      refs.push({ label: 'sd∞/√n, only μ estimated (w, σ known)', dash: REFERENCE_DASH.fisherMeans, points: curve(meansOnly) });
      notes.push(`short dashes: sd∞/√n with sd∞ = ${formatNumber(meansOnly)} when only the means are estimated, a lower bound`);
    }
    for (const f of fisherSdsOf(summary, c.mixture.id)) {
      if (f.sd === null) notes.push(`no Fisher line for ${f.estimator} (${fisherModelText(f.covariance, f.weights)}): ${f.reason ?? 'not recorded'}`);
    }
  }
  const kmSd = c.estimand === 'separation' ? kmeansSdOf(summary, c.mixture.id) : null;
  if (c.truth !== null && c.limit !== null && c.limit !== c.truth) {
    const b = c.limit - c.truth;
    if (kmSd !== null) {
      const points = logSpaced(c.frame).map((x) => ({ x, y: Math.sqrt(b * b + (kmSd * kmSd) / x) }));
      refs.push({ label: 'k-means: √(bias∞² + sd²/n), Pollard CLT', dash: REFERENCE_DASH.limit, points });
      notes.push(
        `dashed: the asymptotic RMSE of k-means, √(b² + sd²/n) with bias b = limit − truth = ${formatNumber(b)} and sd = ${formatNumber(kmSd)} ` +
          `from Pollard’s central limit theorem; it levels off at |b|`,
      );
    } else {
      const floor = Math.abs(b);
      refs.push(horizontal(`|k-means limit − truth| = ${formatNumber(floor)}`, floor, REFERENCE_DASH.limit, c.frame));
      notes.push(`dashed: |limit − truth| = ${formatNumber(floor)}, the asymptotic bias at which the RMSE of ${c.limitWho} levels off`);
    }
  }
  const title = `RMSE of the ${c.label.name} vs sample size${c.where}`;
  const caption =
    `Root mean squared error of the ${c.label.name} estimates around the true value on log–log axes (${c.replications}); ` +
    'error bars span ±1 Monte Carlo standard error. A consistent estimator’s RMSE falls like 1/√n (slope −½); an ' +
    'inconsistent one levels off at its asymptotic bias. ' +
    (notes.length > 0 ? `Grey reference lines: ${notes.join('; ')}.` : 'No theoretical reference is available for this mechanism.');
  const layers = estimatorLayers(points, c.styles, c.frame, y, tooltip('RMSE', '±1 MCSE'));
  return { id: figureId('rmse', c.estimand, c.mixture.id), title, caption, spec: layeredSpec(title, caption, refs, c.frame, y, layers) };
}

/** (c) Bias vs n with ±2 MCSE, the zero line and the k-means asymptotic bias. */
export function biasFigure(summary: Summary, opts: MeasureFigureOptions): Figure {
  const c = context(summary, opts);
  const y: AxisOptions = { title: `bias of ${c.label.estimate}` };
  const points = seriesOf(summary, { mixture: c.mixture.id, estimand: c.estimand, measure: 'bias', mcseMultiple: 2 });
  const refs: Reference[] = [horizontal('zero bias', 0, REFERENCE_DASH.zero, c.frame)];
  const notes = ['solid: zero bias'];
  if (c.truth !== null && c.limit !== null) {
    const b = c.limit - c.truth;
    refs.push(horizontal(`k-means limit − truth = ${formatNumber(b)}`, b, REFERENCE_DASH.limit, c.frame));
    notes.push(`dashed: limit − truth = ${formatNumber(b)}, the bias ${c.limitWho} keeps as n → ∞`);
  }
  const title = `Bias of the ${c.label.name} vs sample size${c.where}`;
  const caption =
    `Bias (mean estimate minus the true value${c.truth !== null ? ` ${formatNumber(c.truth)}` : ''}) of the ${c.label.name} ` +
    `(${c.replications}); error bars span ±2 Monte Carlo standard errors. Grey reference lines: ${notes.join('; ')}.`;
  const layers = estimatorLayers(points, c.styles, c.frame, y, tooltip('bias', '±2 MCSE'));
  return { id: figureId('bias', c.estimand, c.mixture.id), title, caption, spec: layeredSpec(title, caption, refs, c.frame, y, layers) };
}
