/**
 * `mixstudy figures`, programmatically: run (or resume, or reuse) every experiment of the chosen scale,
 * compute the Monte Carlo k-means limits of figure 7 (cached), build the ten figures and the paper document,
 * and write `<out>/index.html`, `<out>/report.md` and `<out>/figures/<id>.vl.json|.svg|.png`. When the results
 * are reused, the output depends only on them and the pinned packages: regenerating gives the same bytes.
 * `<out>` must be a folder mixstudy owns; only files it wrote there are ever removed (src/report/outputDir.ts).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../results/ndjson.js';
import type { Progress } from '../runner/progress.js';
import { assertUniqueIds } from '../report/figure.js';
import { toHtml } from '../report/html.js';
import { loadResults, type Results } from '../report/loadResults.js';
import { toMarkdown } from '../report/markdown.js';
import { beginOutput, claimOutputDir, finishOutput } from '../report/outputDir.js';
import { figureFiles, renderFigure } from '../report/render.js';
import { vegaBundles } from '../report/vegaBundles.js';
import { loadPaperExperiments, ROLES, runPaperExperiments, type PaperExperiment, type Role, type RunRecord } from './experiments.js';
import { paperFigures, type BuildOptions } from './figures/index.js';
import { paperDocument } from './paperDocument.js';
import { scaleSettings, type Scale, type ScaleSettings } from './scale.js';
import { pairwiseLimits } from './pairwiseLimits.js';
import type { CostLoad, PaperInputs } from './types.js';

/** Sidecar files the paper writes into result directories. */
export const LOAD_FILE = 'paper-load.json';
export const LIMITS_FILE = 'paper-kmeans-limits.json';

export interface WritePaperOptions {
  readonly scale: Scale;
  readonly resultsRoot: string;
  readonly outDir: string;
  readonly workers: number;
  readonly fresh?: boolean;
  /** Override the scale's settings (tests: a tiny Monte Carlo limit, another config folder). */
  readonly settings?: ScaleSettings;
  readonly build?: BuildOptions;
  readonly progress?: (label: string) => Progress;
  readonly log?: (line: string) => void;
  readonly shouldStop?: () => boolean;
  /** PNG pixels per SVG unit (default 2). */
  readonly pngScale?: number;
}

export interface WritePaperResult {
  readonly files: string[];
  readonly warnings: Record<string, string[]>;
  readonly runs: RunRecord[];
  readonly inputs: PaperInputs;
}

function readLoad(dir: string): CostLoad | null {
  const path = join(dir, LOAD_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CostLoad;
  } catch {
    return null;
  }
}

/** Runs the experiments (recording the machine load around the cost experiment when it actually runs). */
async function runAll(experiments: readonly PaperExperiment[], opts: WritePaperOptions): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  for (const e of experiments) {
    const before = loadavg();
    const [record] = await runPaperExperiments([e], { resultsRoot: opts.resultsRoot, workers: opts.workers, fresh: opts.fresh ?? false, progress: opts.progress, shouldStop: opts.shouldStop });
    runs.push(record);
    opts.log?.(`${record.name}: ${record.tasksRun > 0 ? `${record.tasksRun} replications run in ${record.wallSeconds.toFixed(1)} s` : 'reused'}${record.tasksResumed > 0 && record.tasksRun > 0 ? ` (${record.tasksResumed} resumed)` : ''}`);
    const dir = join(opts.resultsRoot, e.config.name);
    if (e.role === 'cost' && record.tasksRun > 0) {
      const load: CostLoad = { before, after: loadavg(), cores: cpus().length, workers: opts.workers };
      writeFileAtomic(join(dir, LOAD_FILE), JSON.stringify(load, null, 2) + '\n');
    } else if (e.role === 'cost' && (opts.fresh ?? false)) {
      rmSync(join(dir, LOAD_FILE), { force: true });
    }
  }
  return runs;
}

export async function writePaper(opts: WritePaperOptions): Promise<WritePaperResult> {
  const settings = opts.settings ?? scaleSettings(opts.scale);
  const experiments = loadPaperExperiments(settings.configDir);
  // Refuse a folder mixstudy does not own before the experiments run, not after (src/report/outputDir.ts).
  const claim = claimOutputDir(opts.outDir);
  const runs = await runAll(experiments, opts);
  const results = Object.fromEntries(experiments.map((e) => [e.role, loadResults(join(opts.resultsRoot, e.config.name))])) as Record<Role, Results>;
  for (const role of ROLES) if (results[role] === undefined) throw new Error(`no results for ${role}`);
  const multivariate = experiments.find((e) => e.role === 'multivariate');
  if (multivariate === undefined) throw new Error('no multivariate experiment');
  opts.log?.('Monte Carlo k-means limits for figure 7 (cached after the first time)…');
  const limits = pairwiseLimits(multivariate.config.mixtures, settings.limit, join(opts.resultsRoot, multivariate.config.name, LIMITS_FILE));
  const cost = experiments.find((e) => e.role === 'cost');
  const inputs: PaperInputs = { settings, experiments, results, limits, costLoad: cost === undefined ? null : readLoad(join(opts.resultsRoot, cost.config.name)) };

  opts.log?.('building and rendering the figures…');
  const figs = paperFigures(inputs, opts.build);
  assertUniqueIds(figs.map((f) => f.figure));
  // Figures of an earlier paper that are not drawn again are removed by finishOutput — only files it wrote.
  const planned = ['index.html', 'report.md', ...figs.flatMap((f) => figureFiles(f.figure.id))];
  beginOutput(claim, planned);
  const figureDir = join(opts.outDir, 'figures');
  mkdirSync(figureDir, { recursive: true });
  const files: string[] = [];
  const warnings: Record<string, string[]> = {};
  for (const f of figs) {
    const r = await renderFigure(f.figure, figureDir, { scale: opts.pngScale });
    files.push(r.files.spec, r.files.svg, r.files.png);
    if (r.warnings.length > 0) warnings[f.figure.id] = r.warnings;
  }
  const bundles = vegaBundles();
  const version = (name: string) => bundles.find((b) => b.name === name)?.version ?? 'unknown';
  const doc = paperDocument(inputs, figs, { vega: version('vega'), vegaLite: version('vega-lite'), vegaEmbed: version('vega-embed') });
  const html = join(opts.outDir, 'index.html');
  const md = join(opts.outDir, 'report.md');
  writeFileSync(html, toHtml(doc, { bundles }));
  writeFileSync(md, toMarkdown(doc));
  finishOutput(claim, planned);
  return { files: [html, md, ...files], warnings, runs, inputs };
}
