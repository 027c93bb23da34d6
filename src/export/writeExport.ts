/**
 * `mixstudy export`: writes the two tidy tables of a completed run — `replications.csv` (./tidyReplications.ts)
 * and `summary.csv` (./tidySummary.ts) — into an output folder mixstudy owns (src/report/outputDir.ts: only
 * files it wrote there are ever replaced). The run is read through `loadCompletedRun`, so an unfinished,
 * sharded or damaged run is refused with the message every reader gives.
 */
import { join } from 'node:path';
import { beginOutput, claimOutputDir, finishOutput } from '../report/outputDir.js';
import { loadCompletedRun } from '../results/load.js';
import { writeFileAtomic } from '../results/ndjson.js';
import { tidyReplicationLines } from './tidyReplications.js';
import { tidySummaryLines } from './tidySummary.js';

export const EXPORT_FILES = { replications: 'replications.csv', summary: 'summary.csv' } as const;

export interface ExportResult {
  /** Paths written, replications first. */
  readonly files: string[];
  readonly rows: number;
  readonly cells: number;
}

export function writeExport(resultsDir: string, outDir: string): ExportResult {
  const run = loadCompletedRun(resultsDir);
  const claim = claimOutputDir(outDir);
  const planned = [EXPORT_FILES.replications, EXPORT_FILES.summary];
  beginOutput(claim, planned);
  writeFileAtomic(join(outDir, EXPORT_FILES.replications), tidyReplicationLines(run));
  writeFileAtomic(join(outDir, EXPORT_FILES.summary), tidySummaryLines(run));
  finishOutput(claim, planned);
  return { files: planned.map((f) => join(outDir, f)), rows: run.rows.length, cells: run.summary.cells.length };
}
