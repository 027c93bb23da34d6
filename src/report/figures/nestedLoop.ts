/**
 * The nested-loop plot of Rücker & Schwarzer (2014, BMC Med Res Methodol 14:129): every condition of a grid
 * (mechanism × n) on one x axis in nested-loop order (src/report/gridDesign.ts), a performance measure as a
 * step line per estimator above, and the design factors as step lines below, one row each, so a reader sees
 * which factor moves the measure. Error bars: ±2 Monte Carlo SEs.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../results/summary.js';
import { estimandLabel } from '../estimandLabels.js';
import { figureId, type Figure } from '../figure.js';
import { formatInt } from '../format.js';
import { designFactors, orderedMixtures } from '../gridDesign.js';
import { estimatorScales, estimatorStyles, REFERENCE_COLOUR } from '../palette.js';
import { panelPoints, type PanelMeasure } from './measurePanels.js';

const NAMES: Record<PanelMeasure, string> = { bias: 'Bias', rootNEmpSE: '√n × empirical SE', rmse: 'RMSE' };

/** The nested-loop plot of `measure` of `estimand`; null when no condition has a value. */
export function nestedLoopFigure(summary: Summary, estimand: string, measure: PanelMeasure = 'bias'): Figure | null {
  const factors = designFactors(summary);
  const mixtures = orderedMixtures(summary, factors);
  const ns = [...summary.n].sort((a, b) => a - b);
  const conditions = mixtures.flatMap((m) => ns.map((n) => ({ mixture: m, n })));
  const N = conditions.length;
  const position = new Map(conditions.map((c, i) => [`${c.mixture.id}\u0000${c.n}`, i]));
  const estimators = summary.estimators.map((e) => e.id);
  const styles = estimatorStyles(estimators);
  const scales = estimatorScales(styles);
  const values: Record<string, unknown>[] = [];
  for (const m of mixtures)
    for (const p of panelPoints(summary, m.id, estimand, measure)) {
      const i = position.get(`${m.id}\u0000${p.n}`);
      if (i === undefined) continue;
      const dodge = estimators.length > 1 ? 0.3 * (estimators.indexOf(p.estimator) / (estimators.length - 1) - 0.5) : 0;
      values.push({ estimator: p.estimator, mixture: m.id, n: p.n, pos: i + 0.5, dodged: i + 0.5 + dodge, value: p.value, lo: p.lo, hi: p.hi, text: p.text });
    }
  if (values.length === 0) return null;
  const levels: Record<string, unknown>[] = [];
  const rows = [...factors.map((f) => ({ name: f.short, value: (i: number) => f.value(conditions[i].mixture) })), { name: 'log₁₀ n', value: (i: number) => Math.log10(conditions[i].n) }];
  for (const r of rows) for (let i = 0; i <= N; i++) levels.push({ factor: r.name, pos: i, level: r.value(Math.min(i, N - 1)) });

  const width = Math.max(460, Math.min(900, 26 * N));
  const x = (field: string, axis: boolean) => ({
    field,
    type: 'quantitative',
    scale: { domain: [0, N], nice: false, zero: false },
    axis: axis ? { title: null, values: [], ticks: false, labels: false, grid: false } : null,
  });
  const m0 = summary.mixtures[0];
  const label = estimandLabel(estimand, m0.d, m0.K);
  const yTitle = `${NAMES[measure].toLowerCase()} of ${label.estimate}`;
  const colour = { field: 'estimator', type: 'nominal', title: 'estimator', scale: scales.colour };
  const separators = mixtures.slice(1).map((_, k) => ({ pos: (k + 1) * ns.length }));
  const top = {
    width,
    height: 240,
    // Without it the estimators' dash legend (suppressed) swallows their colour and shape legend.
    resolve: { scale: { strokeDash: 'independent' } },
    layer: [
      { data: { values: separators }, mark: { type: 'rule', color: '#dddddd' }, encoding: { x: x('pos', false) } },
      ...(measure === 'bias' ? [{ data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: REFERENCE_COLOUR, strokeWidth: 1 }, encoding: { y: { field: 'zero', type: 'quantitative' } } }] : []),
      { data: { values }, mark: { type: 'rule', strokeWidth: 1.3 }, encoding: { x: x('dodged', false), y: { field: 'lo', type: 'quantitative', scale: { zero: false, type: measure === 'rmse' ? 'log' : 'linear' }, axis: { title: yTitle } }, y2: { field: 'hi' }, color: colour } },
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step', strokeWidth: 1.5 },
        encoding: { x: x('pos', false), y: { field: 'value', type: 'quantitative' }, color: colour, strokeDash: { field: 'estimator', type: 'nominal', scale: scales.dash, legend: null } },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 30, opacity: 1 },
        encoding: {
          x: x('dodged', false),
          y: { field: 'value', type: 'quantitative' },
          color: colour,
          shape: { field: 'estimator', type: 'nominal', title: 'estimator', scale: scales.shape },
          tooltip: [
            { field: 'mixture', type: 'nominal', title: 'mechanism' },
            { field: 'n', type: 'quantitative', title: 'n', format: ',' },
            { field: 'estimator', type: 'nominal', title: 'estimator' },
            { field: 'text', type: 'nominal', title: `${NAMES[measure]} ± MCSE` },
          ],
        },
      },
    ],
  };
  const bottom = {
    data: { values: levels },
    facet: { row: { field: 'factor', type: 'nominal', sort: rows.map((r) => r.name), header: { title: null, labelAngle: 0, labelAlign: 'left', labelFontSize: 11 } } },
    spec: {
      width,
      height: 26,
      mark: { type: 'line', interpolate: 'step-after', color: REFERENCE_COLOUR, strokeWidth: 1.3 },
      encoding: { x: x('pos', true), y: { field: 'level', type: 'quantitative', scale: { zero: false }, axis: { title: null, tickCount: 2, labelFontSize: 9 } } },
    },
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
    spacing: 4,
  };
  const title = `Nested-loop plot: ${NAMES[measure].toLowerCase()} of the ${label.name} in every condition`;
  const caption =
    `${NAMES[measure]} of the ${label.name} ${label.symbol} for all ${formatInt(N)} conditions (mechanism × n, R = ${formatInt(summary.replications)} replications each) ` +
    `on one axis, in nested-loop order (Rücker & Schwarzer 2014): mechanisms sorted by ${rows.slice(0, -1).map((r) => r.name).join(', then ')}, and n innermost. ` +
    `Top: one step line per estimator, error bars ±2 Monte Carlo SEs${measure === 'bias' ? ', grey line at zero bias' : ''}; light vertical lines separate the mechanisms. ` +
    'Bottom: the level of each design factor at each condition (step lines), so a jump above can be read against the factor that changes beneath it.';
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: caption,
    title: { text: title, anchor: 'start', fontSize: 14 },
    background: 'white',
    padding: 8,
    vconcat: [top, bottom],
    spacing: 6,
    resolve: { scale: { x: 'shared' } },
    config: {
      view: { stroke: '#bbbbbb' },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'bottom', direction: 'vertical' },
    },
  };
  return { id: figureId('nested-loop', measure, estimand), title, caption, spec: spec as unknown as TopLevelSpec };
}
