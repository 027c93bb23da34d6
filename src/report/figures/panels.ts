/**
 * Small multiples: one Vega-Lite facet per panel (an estimand of one mechanism, or one condition of a grid),
 * each panel drawn like the single "measure vs n" figures of ./layers.ts — error bars, a solid line and points
 * per estimator in its colour and shape, grey theory references told apart by dash — with its own y scale. All panels
 * share one data table (Vega-Lite facets one data source), rows tagged `kind` 'estimate' or 'reference'.
 */
import type { TopLevelSpec } from 'vega-lite';
import { estimatorScales, REFERENCE_COLOUR, type EstimatorStyle } from '../palette.js';
import type { Frame, Reference } from './layers.js';
import { X_TITLE } from './layers.js';
import type { SeriesPoint } from './series.js';

/** PNG pixels per SVG unit of small multiples (Figure.pngScale): they are several hundred units wide already. */
export const PANEL_PNG_SCALE = 1.25;

export interface Panel {
  /** The facet's title (unique within its row); panels are drawn in the order given. */
  readonly title: string;
  /** The row of a matrix of panels (rows × titles as columns, see PanelSpecOptions.matrix); absent for wrapped panels. */
  readonly row?: string;
  readonly points: readonly SeriesPoint[];
  readonly refs: readonly Reference[];
}

export interface PanelSpecOptions {
  readonly title: string;
  readonly description: string;
  readonly yTitle: string;
  readonly log?: boolean;
  readonly columns?: number;
  readonly panelWidth?: number;
  readonly panelHeight?: number;
  /** Lay the panels out as a matrix, rows by `Panel.row` and columns by `Panel.title`, instead of wrapping them. */
  readonly matrix?: boolean;
}

/** The faceted spec of `panels`; the tooltip shows the measure ± MCSE under `measure`. */
export function panelSpec(panels: readonly Panel[], styles: readonly EstimatorStyle[], frame: Frame, measure: string, opts: PanelSpecOptions): TopLevelSpec {
  const scales = estimatorScales(styles);
  const values: Record<string, unknown>[] = [];
  const refLabels: string[] = [];
  const refDashes: number[][] = [];
  for (const p of panels) {
    const row = p.row ?? '';
    for (const pt of p.points) values.push({ kind: 'estimate', panel: p.title, row, ...pt });
    for (const r of p.refs) {
      if (!refLabels.includes(r.label)) {
        refLabels.push(r.label);
        refDashes.push([...r.dash]);
      }
      for (const q of r.points) values.push({ kind: 'reference', panel: p.title, row, reference: r.label, x: q.x, value: q.y });
    }
  }
  const domain: number[] = [...frame.xDomain];
  const x = { field: 'x', type: 'quantitative', scale: { type: 'log', domain, nice: false }, axis: { title: X_TITLE, format: '~s', tickCount: 4 } } as const;
  const yScale = opts.log === true ? { type: 'log' } : { zero: false };
  const y = (field: string) => ({ field, type: 'quantitative', scale: yScale, axis: { title: opts.yTitle } });
  const colour = { field: 'estimator', type: 'nominal', title: 'estimator', scale: scales.colour };
  const isEstimate = { filter: "datum.kind === 'estimate'" };
  const layer: Record<string, unknown>[] = [];
  if (refLabels.length > 0) {
    // Unfiltered, so a panel without references still gives this layer data (an empty one warns of an
    // infinite extent); the estimate rows form an invisible line of their own.
    layer.push({
      mark: { type: 'line', color: REFERENCE_COLOUR, strokeWidth: 1.2, clip: true },
      encoding: {
        x,
        y: y('value'),
        opacity: { condition: { test: "datum.kind === 'reference'", value: 1 }, value: 0 },
        strokeDash: {
          field: 'reference',
          type: 'nominal',
          title: 'reference',
          sort: null,
          scale: { domain: refLabels, range: refDashes },
          legend: { symbolType: 'stroke', symbolStrokeColor: REFERENCE_COLOUR, symbolSize: 700, labelLimit: 400 },
        },
      },
    });
  }
  layer.push(
    { transform: [isEstimate], mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: y('lo'), y2: { field: 'hi' }, color: colour } },
    {
      transform: [isEstimate],
      mark: { type: 'line', strokeWidth: 1.5 },
      // Solid: one strokeDash scale per facet cell would give every panel its own reference legend, so here the
      // estimators are told apart in grey by their point shapes, and dashes belong to the references alone.
      encoding: { x, y: y('value'), color: colour },
    },
    {
      transform: [isEstimate],
      mark: { type: 'point', filled: true, size: 40, opacity: 1 },
      encoding: {
        x,
        y: y('value'),
        color: colour,
        shape: { field: 'estimator', type: 'nominal', title: 'estimator', scale: scales.shape },
        tooltip: [
          ...(opts.matrix === true ? [{ field: 'row', type: 'nominal', title: 'row' }] : []),
          { field: 'panel', type: 'nominal', title: 'panel' },
          { field: 'estimator', type: 'nominal', title: 'estimator' },
          { field: 'n', type: 'quantitative', title: 'n', format: ',' },
          { field: 'text', type: 'nominal', title: `${measure} ± MCSE` },
          { field: 'nUsed', type: 'quantitative', title: 'replications used' },
        ],
      },
    },
  );
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: opts.description,
    title: { text: opts.title, anchor: 'start', fontSize: 14 },
    background: 'white',
    padding: 8,
    data: { values },
    ...(opts.matrix === true
      ? {
          facet: {
            row: { field: 'row', type: 'nominal', sort: [...new Set(panels.map((p) => p.row ?? ''))], header: { title: null, labelFontSize: 11, labelAngle: 0, labelAlign: 'left' } },
            column: { field: 'panel', type: 'nominal', sort: [...new Set(panels.map((p) => p.title))], header: { title: null, labelFontSize: 11, labelLimit: 260 } },
          },
        }
      : {
          columns: opts.columns ?? Math.min(3, panels.length),
          facet: { field: 'panel', type: 'nominal', sort: panels.map((p) => p.title), header: { title: null, labelFontSize: 11, labelLimit: 260 } },
        }),
    spec: { width: opts.panelWidth ?? 200, height: opts.panelHeight ?? 130, layer },
    resolve: { scale: { y: 'independent' } },
    config: {
      view: { stroke: '#bbbbbb' },
      axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'bottom', direction: 'vertical', labelLimit: 400 },
    },
  };
  return spec as unknown as TopLevelSpec;
}
