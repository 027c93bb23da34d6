/**
 * Figure rendering: Vega-Lite spec → Vega → SVG (vega's headless View) → PNG (resvg). Fonts come from the
 * npm package dejavu-fonts-ttf with system fonts disabled, and vega measures text without a canvas, so the
 * same spec yields byte-identical SVG and PNG files on every machine (docs/ARCHITECTURE.md §9). Vega and Vega-Lite
 * warnings are collected and returned instead of printed, so tests can insist on none.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Figure } from './figure.js';

const require = createRequire(import.meta.url);

/** The TrueType files resvg may use: DejaVu Sans regular, bold and oblique (what vega's "sans-serif" maps to). */
export function fontFiles(): string[] {
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
}

/** The logger interface vega and vega-lite call (vega-util's `LoggerInterface`), with what it collected. */
export interface CollectingLogger {
  readonly messages: string[];
  level(level?: number): number | CollectingLogger;
  error(...args: readonly unknown[]): CollectingLogger;
  warn(...args: readonly unknown[]): CollectingLogger;
  info(...args: readonly unknown[]): CollectingLogger;
  debug(...args: readonly unknown[]): CollectingLogger;
}

/**
 * A vega/vega-lite logger that keeps warnings and errors instead of printing them. Vega's View does not call
 * it as `logger.warn(…)`: it forwards `this._log[method].apply(this, arguments)` with `this` bound to the View
 * (node_modules/vega-dataflow/build/vega-dataflow.js, `logMethod`). So the methods are closures over their
 * state and never read `this`; each returns the logger itself for chaining.
 */
export function collectingLogger(): CollectingLogger {
  const messages: string[] = [];
  let threshold: number = vega.Warn;
  const text = (args: readonly unknown[]): string => args.map(String).join(' ');
  const logger: CollectingLogger = {
    messages,
    level: (level?: number) => {
      if (level === undefined) return threshold;
      threshold = level;
      return logger;
    },
    error: (...args) => {
      messages.push(`error: ${text(args)}`); // whatever the level: an error is never dropped
      return logger;
    },
    warn: (...args) => {
      if (threshold >= vega.Warn) messages.push(`warning: ${text(args)}`);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/**
 * Vega numbers clip paths (and gradients) from a process-wide counter, so the same spec would get different
 * ids depending on what was rendered before it. Renumber them per SVG, in order of first appearance.
 */
export function normaliseSvgIds(svg: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="((?:clip|gradient|pattern)_?)(\d+)"/g)) {
    if (!ids.has(m[1] + m[2])) ids.set(m[1] + m[2], `${m[1]}${ids.size + 1}`);
  }
  if (ids.size === 0) return svg;
  return svg.replace(/\b(id="|url\(#)((?:clip|gradient|pattern)_?\d+)(?=[")])/g, (all, prefix: string, id: string) => {
    const renamed = ids.get(id);
    return renamed === undefined ? all : `${prefix}${renamed}`;
  });
}

export interface SvgResult {
  readonly svg: string;
  /** Vega-Lite compile and Vega runtime warnings (empty for a clean spec). */
  readonly warnings: string[];
}

/** Compile and render a Vega-Lite spec to an SVG string. Throws when the spec is invalid. */
export async function renderSvg(spec: TopLevelSpec): Promise<SvgResult> {
  const logger = collectingLogger();
  const vgSpec = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logger });
  try {
    const svg = normaliseSvgIds(await view.toSVG());
    return { svg, warnings: logger.messages };
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit (default 2: sharp on high-density screens and in print at ~column width). */
  readonly scale?: number;
}

/** Rasterise an SVG with resvg using only the bundled DejaVu fonts, on a white background. */
export function svgToPng(svg: string, opts: PngOptions = {}): Buffer {
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: fontFiles(),
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
    background: 'white',
  });
  return resvg.render().asPng();
}

export interface RenderedFigure {
  readonly figure: Figure;
  /** Absolute or dir-relative paths as given: `<dir>/<id>.vl.json`, `.svg`, `.png`. */
  readonly files: { readonly spec: string; readonly svg: string; readonly png: string };
  readonly warnings: string[];
}

/** The files `renderFigure` writes for a figure into `<out>/figures/`, relative to `<out>`. */
export function figureFiles(id: string): string[] {
  return [`figures/${id}.vl.json`, `figures/${id}.svg`, `figures/${id}.png`];
}

/** Write `<dir>/<id>.vl.json`, `<id>.svg` and `<id>.png` for one figure. */
export async function renderFigure(fig: Figure, dir: string, opts: PngOptions = {}): Promise<RenderedFigure> {
  mkdirSync(dir, { recursive: true });
  const { svg, warnings } = await renderSvg(fig.spec);
  const files = { spec: join(dir, `${fig.id}.vl.json`), svg: join(dir, `${fig.id}.svg`), png: join(dir, `${fig.id}.png`) };
  writeFileSync(files.spec, JSON.stringify(fig.spec, null, 2) + '\n');
  writeFileSync(files.svg, svg);
  writeFileSync(files.png, svgToPng(svg, opts));
  return { figure: fig, files, warnings };
}
