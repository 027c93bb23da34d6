/**
 * Vega-Lite building blocks shared by the paper's figures: the top-level frame (fonts, sizes, legends — the
 * same look as the per-experiment reports), encodings for log and linear axes, a layer of grey theory
 * references told apart by dash pattern, and a band + line + points layer set for an estimator's series.
 * Figures own their data and captions; this module owns only appearance.
 *
 * Two rules learnt from the headless renderer: vega measures text without a canvas by estimating ~0.8 × font
 * size per character, so axis titles must stay short (a rotated y title longer than the plot pushes the
 * whole layout down) and legend label limits must be generous; and a colour encoding with `legend: null` in
 * any layer removes the merged colour legend of all layers, so layers share the colour encoding instead.
 */
import type { TopLevelSpec } from 'vega-lite';
import { HEIGHT, WIDTH, type Layer } from '../report/figures/layers.js';
import { REFERENCE_COLOUR } from './style.js';

export { HEIGHT, WIDTH, type Layer };

export const CONFIG = {
  view: { stroke: '#bbbbbb' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'bottom', direction: 'vertical', labelLimit: 1000, titleLimit: 1000, symbolOpacity: 1 },
  title: { fontSize: 13, fontWeight: 'normal', anchor: 'start' },
} as const;

/** One panel of a multi-panel figure (or the whole figure). */
export interface Panel {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  readonly layer: Layer[];
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function panelSpec(p: Panel) {
  return { ...(p.title === undefined ? {} : { title: p.title }), width: p.width ?? WIDTH, height: p.height ?? HEIGHT, layer: p.layer };
}

function header(title: string, description: string) {
  return { $schema: SCHEMA, description, title: { text: title, anchor: 'start', fontSize: 14 }, background: 'white', padding: 8, config: CONFIG } as const;
}

/** A single layered chart. */
export function singleSpec(title: string, description: string, panel: Panel): TopLevelSpec {
  return { ...header(title, description), ...panelSpec(panel), resolve: { scale: { strokeDash: 'independent' } } };
}

/** Panels side by side (or stacked), each with its own axes; legends shared when their scales agree. */
export function concatSpec(title: string, description: string, panels: readonly Panel[], direction: 'h' | 'v' = 'h'): TopLevelSpec {
  const inner = panels.map((p) => ({ ...panelSpec(p), resolve: { scale: { strokeDash: 'independent' as const } } }));
  const resolve = { scale: { x: 'independent', y: 'independent', strokeDash: 'independent' } } as const;
  return direction === 'h' ? { ...header(title, description), hconcat: inner, resolve } : { ...header(title, description), vconcat: inner, resolve };
}

export interface AxisSpec {
  readonly field: string;
  readonly title: string;
  readonly log?: boolean;
  readonly domain?: readonly [number, number];
  readonly reverse?: boolean;
  readonly format?: string;
  readonly zero?: boolean;
  /** Explicit tick values. */
  readonly values?: readonly number[];
}

export function axis(a: AxisSpec) {
  const scale = {
    ...(a.log === true ? { type: 'log' as const } : { zero: a.zero ?? false }),
    ...(a.domain === undefined ? {} : { domain: [...a.domain], nice: false }),
    ...(a.reverse === true ? { reverse: true } : {}),
  };
  const extra = { ...(a.format === undefined ? {} : { format: a.format }), ...(a.values === undefined ? {} : { values: [...a.values] }) };
  return { field: a.field, type: 'quantitative' as const, scale, axis: { title: a.title, ...extra } };
}

/** A grey theory reference drawn through `points` (x, y in data units). */
export interface Reference {
  readonly label: string;
  readonly dash: readonly number[];
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** All references of a panel in one line layer with a "reference" legend keyed by dash (`showLegend` false: the same references are explained in another panel's legend). */
export function referenceLayer(refs: readonly Reference[], x: AxisSpec, y: AxisSpec, legendTitle = 'theory', showLegend = true): Layer {
  const values = refs.flatMap((r) => r.points.map((p) => ({ [x.field]: p.x, [y.field]: p.y, reference: r.label })));
  return {
    data: { values },
    mark: { type: 'line', color: REFERENCE_COLOUR, strokeWidth: 1.3, clip: true },
    encoding: {
      x: axis(x),
      y: axis(y),
      strokeDash: {
        field: 'reference',
        type: 'nominal',
        title: legendTitle,
        sort: null,
        scale: { domain: refs.map((r) => r.label), range: refs.map((r) => [...r.dash]) },
        legend: showLegend ? { symbolType: 'stroke', symbolStrokeColor: REFERENCE_COLOUR, symbolSize: 700, labelLimit: 1000 } : null,
      },
    },
  };
}

/** The tooltip fields of a plotted estimate. */
export interface Tip {
  readonly field: string;
  readonly title: string;
  readonly type?: 'quantitative' | 'nominal';
  readonly format?: string;
}

export function tooltip(tips: readonly Tip[]) {
  return tips.map((t) => ({ field: t.field, title: t.title, type: t.type ?? 'nominal', ...(t.format === undefined ? {} : { format: t.format }) }));
}

export interface ColourScale {
  readonly domain: string[];
  readonly range: string[];
}

/**
 * An estimator series: interval (`lo`–`hi`, a band or error bars), line through `value`, filled points with
 * tooltips. `series` is the legend field; its colour and shape scales come from the caller so every panel of
 * the paper styles a series the same way.
 */
export function seriesLayers(
  values: readonly Record<string, unknown>[],
  x: AxisSpec,
  y: AxisSpec,
  scales: { readonly colour: ColourScale; readonly shape: ColourScale; readonly dash?: { domain: string[]; range: number[][] } },
  tips: readonly Tip[],
  opts: { readonly interval?: 'band' | 'bars' | 'none'; readonly line?: boolean; readonly legendTitle?: string } = {},
): Layer[] {
  const data = { values: values.map((v) => ({ ...v })) };
  const title = opts.legendTitle ?? 'estimator';
  const colour = { field: 'series', type: 'nominal' as const, title, scale: scales.colour };
  const layers: Layer[] = [];
  const interval = opts.interval ?? 'bars';
  if (interval === 'band') {
    layers.push({ data, mark: { type: 'area', opacity: 0.22 }, encoding: { x: axis(x), y: axis({ ...y, field: 'lo' }), y2: { field: 'hi' }, color: colour } });
  } else if (interval === 'bars') {
    layers.push({ data, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: axis(x), y: axis({ ...y, field: 'lo' }), y2: { field: 'hi' }, color: colour } });
  }
  if (opts.line !== false) {
    const dash = scales.dash === undefined ? {} : { strokeDash: { field: 'series', type: 'nominal' as const, scale: scales.dash, legend: null } };
    layers.push({ data, mark: { type: 'line', strokeWidth: 1.6 }, encoding: { x: axis(x), y: axis(y), color: colour, ...dash } });
  }
  layers.push({
    data,
    mark: { type: 'point', filled: true, size: 50, opacity: 1 },
    encoding: {
      x: axis(x),
      y: axis(y),
      color: { ...colour, legend: { symbolOpacity: 1 } },
      shape: { field: 'series', type: 'nominal', title, scale: scales.shape },
      tooltip: tooltip(tips),
    },
  });
  return layers;
}

/** x positions of series i of m, shifted by a small factor on a log axis so error bars do not overlap. */
export function dodge(x: number, i: number, m: number, spread = 0.03): number {
  return m > 1 ? x * 10 ** (spread * (i / (m - 1) - 0.5)) : x;
}

/** The x range of sample sizes padded by a factor on each side (log axes). */
export function nDomain(ns: readonly number[], pad = 1.5): [number, number] {
  return [Math.min(...ns) / pad, Math.max(...ns) * pad];
}
