/**
 * Bias, empirical SE and RMSE against n as small multiples (./panels.ts), for any K and d: one figure per
 * measure with a panel per estimand of a mechanism (the mean pairwise separation, each pairwise separation,
 * every aligned mean coordinate, weight and σ, the misclassification rate), or a panel per condition of a grid
 * for one estimand. The empirical SE is drawn as √n·EmpSE, which levels off at the asymptotic sd, so its
 * theory value is a horizontal line: the Fisher sd∞ of a maximum-likelihood estimator's model, Pollard's sd for
 * k-means (src/report/theory.ts `spreadTheoryOf`). Bias and RMSE need the truth, so estimands without one
 * (the misclassification rate, src/estimands/measureFit.ts) are left out of those two.
 */
import { DIAGNOSTICS } from '../../estimands/names.js';
import type { Summary } from '../../results/summary.js';
import { estimandLabel, estimandPhrase } from '../estimandLabels.js';
import { figureId, type Figure } from '../figure.js';
import { formatEstimate, formatInt, formatNumber } from '../format.js';
import { estimatorStyles } from '../palette.js';
import { estimatorsWithLimit, findMixture, kmeansLimitOf, kmeansSdOf, spreadTheoryOf, truthOf } from '../theory.js';
import { frameOf, horizontal, logSpaced, type Frame, type Reference } from './layers.js';
import { FISHER_DASHES, REFERENCE_DASH } from './measureFigures.js';
import { PANEL_PNG_SCALE, panelSpec, type Panel } from './panels.js';
import { seriesOf, type SeriesPoint } from './series.js';

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);

export type PanelMeasure = 'bias' | 'rootNEmpSE' | 'rmse';

export const PANEL_MEASURES: readonly PanelMeasure[] = ['bias', 'rootNEmpSE', 'rmse'];

const WORDS: Record<PanelMeasure, { readonly name: string; readonly axis: string; readonly tooltip: string; readonly interval: string }> = {
  bias: { name: 'Bias', axis: 'bias (mean − truth)', tooltip: 'bias', interval: '±2 Monte Carlo SEs' },
  rootNEmpSE: { name: '√n × empirical SE', axis: '√n × empirical SE', tooltip: '√n·EmpSE', interval: '±2 Monte Carlo SEs' },
  rmse: { name: 'RMSE', axis: 'RMSE (log scale)', tooltip: 'RMSE', interval: '±1 Monte Carlo SE' },
};

/** The estimand keys of a mechanism (no diagnostics), in the summary's order. */
export function estimandsOf(summary: Summary, mixtureId: string): string[] {
  const keys: string[] = [];
  for (const c of summary.cells) if (c.mixture === mixtureId && !DIAGNOSTIC_KEYS.has(c.estimand) && !keys.includes(c.estimand)) keys.push(c.estimand);
  return keys;
}

/** √n·EmpSE points: the EmpSE series scaled by √n (its MCSE too). */
function rootNEmpSE(summary: Summary, mixture: string, estimand: string): SeriesPoint[] {
  return seriesOf(summary, { mixture, estimand, measure: 'empSE', mcseMultiple: 2 }).map((p) => {
    const r = Math.sqrt(p.n);
    const mcse = p.mcse === null ? null : p.mcse * r;
    return { ...p, value: p.value * r, mcse, lo: p.lo * r, hi: p.hi * r, text: formatEstimate(p.value * r, mcse) };
  });
}

/** The points of a measure for one mechanism and estimand. */
export function panelPoints(summary: Summary, mixture: string, estimand: string, measure: PanelMeasure): SeriesPoint[] {
  if (measure === 'rootNEmpSE') return rootNEmpSE(summary, mixture, estimand);
  if (measure === 'bias') return seriesOf(summary, { mixture, estimand, measure: 'bias', mcseMultiple: 2 });
  return seriesOf(summary, { mixture, estimand, measure: 'rmse', mcseMultiple: 1, positive: true });
}

/** The theory references of a measure for one mechanism and estimand, with a caption note for each. */
export function panelReferences(summary: Summary, mixture: string, estimand: string, measure: PanelMeasure, frame: Frame): { refs: Reference[]; notes: string[] } {
  const refs: Reference[] = [];
  const notes: string[] = [];
  const truth = truthOf(summary, mixture, estimand);
  const limit = kmeansLimitOf(summary, mixture, estimand);
  const limitWho = estimatorsWithLimit(summary, mixture, estimand).join(', ') || 'k-means';
  if (measure === 'bias') {
    refs.push(horizontal('zero bias', 0, REFERENCE_DASH.zero, frame));
    if (truth !== null && limit !== null) {
      refs.push(horizontal('k-means limit − truth', limit - truth, REFERENCE_DASH.limit, frame));
      notes.push(`limit − truth = ${formatNumber(limit - truth)} for ${limitWho}`);
    }
    return { refs, notes };
  }
  const theories = summary.estimators.flatMap((e) => {
    const t = spreadTheoryOf(summary, mixture, e.id, estimand);
    return t === null ? [] : [{ estimator: e.id, ...t }];
  });
  theories.forEach((t, i) => {
    const dash = t.source === 'Pollard' ? REFERENCE_DASH.limit : FISHER_DASHES[i % FISHER_DASHES.length].dash;
    const what = t.source === 'Pollard' ? `Pollard sd for ${t.estimator}` : `Fisher sd∞ for ${t.estimator}`;
    if (measure === 'rootNEmpSE') {
      refs.push(horizontal(what, t.sd, dash, frame));
      notes.push(`${what} = ${formatNumber(t.sd)}`);
    } else if (t.source === 'Fisher') {
      refs.push({ label: `${what} / √n`, dash, points: frame.xDomain.map((x) => ({ x, y: t.sd / Math.sqrt(x) })) });
      notes.push(`${what} / √n with sd∞ = ${formatNumber(t.sd)}`);
    }
  });
  if (measure === 'rmse' && truth !== null && limit !== null && limit !== truth) {
    const b = limit - truth;
    const sd = estimand === 'separation' ? kmeansSdOf(summary, mixture) : null;
    const label = sd === null ? '|k-means limit − truth|' : 'k-means √(bias∞² + sd²/n)';
    refs.push({ label, dash: REFERENCE_DASH.limit, points: logSpaced(frame).map((x) => ({ x, y: Math.sqrt(b * b + (sd === null ? 0 : (sd * sd) / x)) })) });
    notes.push(`${label} for ${limitWho} with bias∞ = ${formatNumber(b)}${sd === null ? '' : ` and Pollard sd = ${formatNumber(sd)}`}`);
  }
  return { refs, notes };
}

function figureOf(summary: Summary, id: string, title: string, panels: Panel[], measure: PanelMeasure, what: string, notes: string[], columns: number, matrix = false): Figure {
  const words = WORDS[measure];
  const caption =
    `${words.name} against the sample size n, ${what} (R = ${formatInt(summary.replications)} replications per sample size; each panel has its own y scale); ` +
    `error bars span ${words.interval}.` +
    (measure === 'rootNEmpSE' ? ' √n·EmpSE levels off at the asymptotic standard deviation of √n·(estimate − target).' : '') +
    (measure === 'rmse' ? ' A consistent estimator’s RMSE falls like 1/√n; an inconsistent one levels off at its asymptotic bias.' : '') +
    (notes.length > 0 ? ` Grey reference lines: ${[...new Set(notes)].join('; ')}.` : ' No theory value is available for these panels.');
  const styles = estimatorStyles(summary.estimators.map((e) => e.id));
  const size = matrix ? { panelWidth: 160, panelHeight: 100 } : {};
  const spec = panelSpec(panels, styles, frameOf(summary.n), words.tooltip, { title, description: caption, yTitle: words.axis, log: measure === 'rmse', columns, matrix, ...size });
  return { id, title, caption, spec, pngScale: PANEL_PNG_SCALE };
}

/** Short panel title of an estimand: its symbol, or its name when the symbol is the name. */
export function panelTitle(key: string, d: number, K: number): string {
  const label = estimandLabel(key, d, K);
  if (key === 'separation') return K > 2 ? label.symbol : estimandPhrase(label);
  return label.symbol === key ? key : `${label.symbol} (${key})`;
}

/** One measure for every estimand of one mechanism, a panel each; null when no estimand has a point. */
export function estimandPanelFigure(summary: Summary, mixtureId: string, measure: PanelMeasure): Figure | null {
  const mixture = findMixture(summary, mixtureId);
  const frame = frameOf(summary.n);
  const panels: Panel[] = [];
  const notes: string[] = [];
  const seen = new Map<string, number>(); // series → its panel: σ₁ = σ₂ = … of a shared-σ model is drawn once
  for (const key of estimandsOf(summary, mixtureId)) {
    const points = panelPoints(summary, mixtureId, key, measure);
    if (points.length === 0) continue;
    const series = JSON.stringify(points.map((p) => [p.estimator, p.n, p.value, p.mcse]));
    const same = seen.get(series);
    if (same !== undefined) {
      panels[same] = { ...panels[same], title: `${panels[same].title} = ${estimandLabel(key, mixture.d, mixture.K).symbol}` };
      continue;
    }
    seen.set(series, panels.length);
    const r = panelReferences(summary, mixtureId, key, measure, frame);
    panels.push({ title: panelTitle(key, mixture.d, mixture.K), points, refs: r.refs });
    notes.push(...r.notes.map((n) => (key === 'separation' ? n : `${panelTitle(key, mixture.d, mixture.K)}: ${n}`)));
  }
  if (panels.length === 0) return null;
  const where = summary.mixtures.length > 1 ? ` — ${mixture.id}` : '';
  const title = `${WORDS[measure].name} of every estimand vs sample size${where}`;
  const what = `one panel per estimand${where === '' ? '' : ` of ${mixture.id}`} (components matched to the true ones; estimands with identical values, such as the σ's of a shared-σ model, share a panel)`;
  return figureOf(summary, figureId(measure, 'estimands', mixture.id), title, panels, measure, what, notes, panels.length <= 4 ? panels.length : panels.length <= 9 ? 3 : 4);
}

/** One measure of one estimand across the conditions of a grid, a panel per mechanism; null when there is no point. */
export function conditionPanelFigure(summary: Summary, mixtureIds: readonly string[], estimand: string, measure: PanelMeasure): Figure | null {
  const frame = frameOf(summary.n);
  const panels: Panel[] = [];
  const notes: string[] = [];
  for (const id of mixtureIds) {
    const points = panelPoints(summary, id, estimand, measure);
    if (points.length === 0) continue;
    const r = panelReferences(summary, id, estimand, measure, frame);
    panels.push({ title: id, points, refs: r.refs });
    notes.push(...r.notes.map((n) => `${id}: ${n}`));
  }
  if (panels.length === 0) return null;
  const m = findMixture(summary, mixtureIds[0]);
  const label = estimandLabel(estimand, m.d, m.K);
  const title = `${WORDS[measure].name} of the ${label.name} in every condition`;
  const what = `of the ${label.name} ${label.symbol}, one panel per data-generating mechanism`;
  return figureOf(summary, figureId(measure, estimand, 'by-condition'), title, panels, measure, what, notes, 3);
}

/**
 * One measure of every estimand except `skip` (the headline one, drawn by condition already) for every
 * mechanism of a grid: a matrix of panels, a row per mechanism and a column per estimand. Null when no panel
 * has a point.
 */
export function gridEstimandFigure(summary: Summary, mixtureIds: readonly string[], measure: PanelMeasure, skip: string | null): Figure | null {
  const frame = frameOf(summary.n);
  const panels: Panel[] = [];
  const notes: string[] = [];
  for (const id of mixtureIds) {
    const m = findMixture(summary, id);
    for (const key of estimandsOf(summary, id)) {
      if (key === skip) continue;
      const points = panelPoints(summary, id, key, measure);
      if (points.length === 0) continue;
      const r = panelReferences(summary, id, key, measure, frame);
      panels.push({ title: panelTitle(key, m.d, m.K), row: id, points, refs: r.refs });
      notes.push(...r.notes.map((n) => `${id}, ${panelTitle(key, m.d, m.K)}: ${n}`));
    }
  }
  if (panels.length === 0) return null;
  const title = `${WORDS[measure].name} of every other estimand in every condition`;
  const what = `for every estimand${skip === null ? '' : ' but the one drawn by condition above'}: a row per data-generating mechanism, a column per estimand (components matched to the true ones)`;
  return figureOf(summary, figureId(measure, 'estimands', 'by-condition'), title, panels, measure, what, notes, 0, true);
}

