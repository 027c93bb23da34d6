/**
 * Shared Vega-Lite building blocks of the "measure vs n" figures: the estimator layers (error bars, line,
 * points with tooltips, styled per estimator), one layer of theory references (truth, limits, asymptotic
 * curves) in neutral grey told apart by dash pattern in their own legend so nothing overlaps the data, and
 * the frame (log-n x axis with a fixed padded domain, sizes, fonts). One place, so every figure looks alike.
 */
import type { TopLevelSpec } from 'vega-lite';
import { estimatorScales, REFERENCE_COLOUR, type EstimatorStyle } from '../palette.js';

/** A layered Vega-Lite spec and one of its layers. */
export type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
export type Layer = LayeredSpec['layer'][number];

export const WIDTH = 460;
export const HEIGHT = 290;
export const X_TITLE = 'sample size n (log scale)';

/** The x range shared by every layer of a figure: the sample sizes padded by a factor on either side. */
export interface Frame {
  readonly xDomain: readonly [number, number];
}

export function frameOf(ns: readonly number[], pad = 1.5): Frame {
  if (ns.length === 0) throw new RangeError('frameOf: no sample sizes');
  return { xDomain: [Math.min(...ns) / pad, Math.max(...ns) * pad] };
}

/** `count` x values evenly spaced on the log scale across the frame (for curved references). */
export function logSpaced(frame: Frame, count = 40): number[] {
  const [a, b] = frame.xDomain.map(Math.log10);
  return Array.from({ length: count }, (_, i) => 10 ** (a + ((b - a) * i) / (count - 1)));
}

export function xEncoding(frame: Frame) {
  const domain: number[] = [...frame.xDomain];
  return { field: 'x', type: 'quantitative', scale: { type: 'log', domain, nice: false }, axis: { title: X_TITLE, format: ',' } } as const;
}

export interface AxisOptions {
  readonly title: string;
  readonly log?: boolean;
}

export function yEncoding(field: string, y: AxisOptions) {
  return { field, type: 'quantitative', scale: y.log === true ? ({ type: 'log' } as const) : ({ zero: false } as const), axis: { title: y.title } } as const;
}

/** The plotted data of one estimator at one n: `value` with the interval [lo, hi]. */
export interface EstimatorPoint {
  readonly estimator: string;
  readonly x: number;
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
}

export interface TooltipField {
  readonly field: string;
  readonly title: string;
  readonly type: 'quantitative' | 'nominal';
  readonly format?: string;
}

/** Error bars (lo–hi), a line per estimator and its points with `tooltip`. Legend: colour + shape. */
export function estimatorLayers(
  points: readonly EstimatorPoint[],
  styles: readonly EstimatorStyle[],
  frame: Frame,
  y: AxisOptions,
  tooltip: readonly TooltipField[],
  options: { readonly line?: boolean } = {},
): Layer[] {
  const scales = estimatorScales(styles);
  const colour = { field: 'estimator', type: 'nominal', title: 'estimator', scale: scales.colour } as const;
  const data = { values: points.map((p) => ({ ...p })) };
  const x = xEncoding(frame);
  const layers: Layer[] = [
    { data, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: yEncoding('lo', y), y2: { field: 'hi' }, color: colour } },
  ];
  if (options.line !== false) {
    layers.push({
      data,
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: { x, y: yEncoding('value', y), color: colour, strokeDash: { field: 'estimator', type: 'nominal', scale: scales.dash, legend: null } },
    });
  }
  layers.push({
    data,
    mark: { type: 'point', filled: true, size: 55, opacity: 1 },
    encoding: {
      x,
      y: yEncoding('value', y),
      color: colour,
      shape: { field: 'estimator', type: 'nominal', title: 'estimator', scale: scales.shape },
      tooltip: tooltip.map((t) => ({ ...t })),
    },
  });
  return layers;
}

/** A theory reference drawn as a grey line through `points` (two points for a horizontal line). */
export interface Reference {
  readonly label: string;
  readonly dash: readonly number[];
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** A horizontal reference at `value` across the whole frame. */
export function horizontal(label: string, value: number, dash: readonly number[], frame: Frame): Reference {
  return { label, dash, points: frame.xDomain.map((x) => ({ x, y: value })) };
}

/** All references of a figure in one line layer, distinguished by dash in a "reference" legend. */
export function referenceLayer(refs: readonly Reference[], frame: Frame, y: AxisOptions): Layer {
  const values = refs.flatMap((r) => r.points.map((p) => ({ x: p.x, value: p.y, reference: r.label })));
  return {
    data: { values },
    mark: { type: 'line', color: REFERENCE_COLOUR, strokeWidth: 1.2, clip: true },
    encoding: {
      x: xEncoding(frame),
      y: yEncoding('value', y),
      strokeDash: {
        field: 'reference',
        type: 'nominal',
        title: 'reference',
        sort: null,
        scale: { domain: refs.map((r) => r.label), range: refs.map((r) => [...r.dash]) },
        legend: { symbolType: 'stroke', symbolStrokeColor: REFERENCE_COLOUR, symbolSize: 700, labelLimit: 400 },
      },
    },
  };
}

/** The whole spec: title, fixed size, legends, the references under the estimator layers. */
export function layeredSpec(title: string, description: string, refs: readonly Reference[], frame: Frame, y: AxisOptions, layers: readonly Layer[]): TopLevelSpec {
  const all: Layer[] = refs.length > 0 ? [referenceLayer(refs, frame, y), ...layers] : [...layers];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    title: { text: title, anchor: 'start', fontSize: 14 },
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    padding: 8,
    config: {
      view: { stroke: '#bbbbbb' },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'bottom', direction: 'vertical', labelLimit: 400 },
    },
    resolve: { scale: { strokeDash: 'independent' } },
    layer: all,
  };
}
