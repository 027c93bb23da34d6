/**
 * `writeReport(resultsDir, outDir)`: the whole report of one experiment — load and check the results, build
 * the figures (default set plus any extra), render each to `figures/<id>.vl.json|.svg|.png`, and write
 * `report.md` and the self-contained `index.html`. Output depends only on the results files and the pinned
 * packages (no timestamps), so regenerating a report from the same results gives the same bytes. The output
 * folder must be one mixstudy owns, and only files it wrote there are ever removed (src/report/outputDir.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplicationRow } from '../results/rows.js';
import type { Summary } from '../results/summary.js';
import { assertUniqueIds, type Figure } from './figure.js';
import { defaultFigures } from './figures/defaultFigures.js';
import { toHtml } from './html.js';
import { loadResults } from './loadResults.js';
import { toMarkdown } from './markdown.js';
import { beginOutput, claimOutputDir, finishOutput } from './outputDir.js';
import { figureFiles, renderFigure, type RenderedFigure } from './render.js';
import { reportDocument } from './reportDocument.js';
import { vegaBundles } from './vegaBundles.js';

export interface WriteReportOptions {
  /** Replace the default figure set (default: `defaultFigures`). */
  readonly figures?: (summary: Summary, rows: readonly ReplicationRow[]) => Figure[];
  /** Figures appended after the default (or given) set. */
  readonly extraFigures?: readonly Figure[];
  /** PNG pixels per SVG unit for every figure (default: the figure's own `pngScale`, else 2). */
  readonly pngScale?: number;
}

export interface WriteReportResult {
  /** Every file written, index.html first. */
  readonly files: string[];
  /** Vega/Vega-Lite warnings per figure id (none for the built-in figures unless a figure has no data to plot). */
  readonly warnings: Record<string, string[]>;
}

export async function writeReport(resultsDir: string, outDir: string, opts: WriteReportOptions = {}): Promise<WriteReportResult> {
  const results = loadResults(resultsDir);
  const build = opts.figures ?? defaultFigures;
  const figures = [...build(results.summary, results.rows), ...(opts.extraFigures ?? [])];
  assertUniqueIds(figures);

  // Only into a folder mixstudy owns, and only ever removing files it wrote there (src/report/outputDir.ts).
  const claim = claimOutputDir(outDir);
  const planned = ['index.html', 'report.md', ...figures.flatMap((f) => figureFiles(f.id))];
  beginOutput(claim, planned);
  const figureDir = join(outDir, 'figures');
  mkdirSync(figureDir, { recursive: true });
  const rendered: RenderedFigure[] = [];
  for (const f of figures) rendered.push(await renderFigure(f, figureDir, { scale: opts.pngScale ?? f.pngScale }));

  const bundles = vegaBundles();
  const version = (name: string) => bundles.find((b) => b.name === name)?.version ?? 'unknown';
  const doc = reportDocument(results, figures, { vega: version('vega'), vegaLite: version('vega-lite'), vegaEmbed: version('vega-embed') });

  const html = join(outDir, 'index.html');
  const md = join(outDir, 'report.md');
  writeFileSync(html, toHtml(doc, { bundles }));
  writeFileSync(md, toMarkdown(doc));

  finishOutput(claim, planned);

  const warnings: Record<string, string[]> = {};
  for (const r of rendered) if (r.warnings.length > 0) warnings[r.figure.id] = r.warnings;
  return { files: [html, md, ...rendered.flatMap((r) => [r.files.spec, r.files.svg, r.files.png])], warnings };
}
