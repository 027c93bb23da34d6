/**
 * `results/<name>/baseline.json`: the committed reference a regression check compares with (docs/ARCHITECTURE.md §4, §7).
 * Written only by `mixstudy baseline`; nothing updates it implicitly.
 *
 * Contents, and why each is there:
 * - `cells`: every summary cell with its Monte Carlo SEs — the independent comparison
 *   z = (new − base)/√(MCSE_new² + MCSE_base²) needs both the value and its MCSE;
 * - `config`, `configHash`, `seed`, `replications`: what produced the numbers; the same results-affecting
 *   config means the same data per replication (common random numbers), which enables the paired mode;
 * - `replicationsSha256`: sha256 of the run's `replications.ndjson`; equal in a re-run ⇔ bit-identical;
 * - `paired.cells`: per-replication values of the configured estimands and `iterations` (see
 *   ./replicationValues.ts for the choice), for the paired comparison z = d̄/(s_d/√R);
 * - `provenance`: when the baseline was written and the environment of the run (package version, git commit
 *   with `+dirty` for uncommitted changes, Node, platform).
 * Layout: one cell or one per-replication array per line, so a regenerated baseline diffs cell by cell.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { configHash, type ExperimentConfig } from '../config/index.js';
import { cellSchema } from '../performance/schema.js';
import { RecordedConfigSchema, type Environment } from '../results/manifest.js';
import { writeFileAtomic } from '../results/ndjson.js';
import { SUMMARY_CELL_IDENTITY, type SummaryCell } from '../results/summary.js';
import { UserError } from '../errors/userError.js';
import { assertConsistentBaseline } from './consistency.js';
import { cellKey } from './measures.js';
import { assertMatchesSummary, PAIRED_DIAGNOSTIC, replicationValues, type CellValues } from './replicationValues.js';
import type { RunResults } from './results.js';

export const BASELINE_FORMAT = 'mixstudy-baseline/1';

export interface BaselineProvenance {
  /** When `mixstudy baseline` wrote the file. */
  readonly createdAt: string;
  /** When the run it was made from completed (null if the manifest does not say). */
  readonly runCompletedAt: string | null;
  /** Environment of that run: package version, git commit, Node, platform, CPU. */
  readonly run: Environment;
}

export interface Baseline {
  readonly format: typeof BASELINE_FORMAT;
  readonly name: string;
  readonly provenance: BaselineProvenance;
  readonly configHash: string;
  readonly seed: number | string;
  readonly replications: number;
  readonly config: ExperimentConfig;
  readonly replicationsSha256: string;
  readonly cells: SummaryCell[];
  readonly paired: {
    readonly note: string;
    readonly cells: CellValues[];
  };
}

const PAIRED_NOTE =
  `values[r]: replication r's estimate when it entered the cell's measures, else null; stored for the configured estimands and ${PAIRED_DIAGNOSTIC}`;

/** The baseline of a completed run. */
export function buildBaseline(results: RunResults, createdAt: Date = new Date()): Baseline {
  const { manifest, summary } = results;
  const config = manifest.config;
  const last = manifest.sessions.at(-1);
  return {
    format: BASELINE_FORMAT,
    name: config.name,
    provenance: { createdAt: createdAt.toISOString(), runCompletedAt: last?.endedAt ?? null, run: manifest.environment },
    configHash: manifest.configHash,
    seed: config.seed,
    replications: config.replications,
    config,
    replicationsSha256: results.replicationsSha256,
    cells: summary.cells,
    paired: { note: PAIRED_NOTE, cells: replicationValues(config, results.rows, summary.cells) },
  };
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}

/** JSON with one cell / one per-replication array per line (valid JSON; parses back to the same value). */
export function formatBaseline(b: Baseline): string {
  const lines = (items: readonly unknown[], pad: string): string =>
    items.length === 0 ? '[]' : `[\n${items.map((x) => pad + JSON.stringify(x)).join(',\n')}\n${pad.slice(2)}]`;
  const top: [string, string][] = [
    ['format', JSON.stringify(b.format)],
    ['name', JSON.stringify(b.name)],
    ['provenance', indent(JSON.stringify(b.provenance, null, 2), '  ')],
    ['configHash', JSON.stringify(b.configHash)],
    ['seed', JSON.stringify(b.seed)],
    ['replications', JSON.stringify(b.replications)],
    ['replicationsSha256', JSON.stringify(b.replicationsSha256)],
    ['config', indent(JSON.stringify(b.config, null, 2), '  ')],
    ['cells', lines(b.cells, '    ')],
    ['paired', `{\n    "note": ${JSON.stringify(b.paired.note)},\n    "cells": ${lines(b.paired.cells, '      ')}\n  }`],
  ];
  return `{\n${top.map(([k, v]) => `  ${JSON.stringify(k)}: ${v}`).join(',\n')}\n}\n`;
}

export function writeBaseline(path: string, b: Baseline): void {
  writeFileAtomic(path, formatBaseline(b));
}

// ---- reading and validation -------------------------------------------------------------------------------

const num = z.number();
// The cell's identity (as summary.json has it), then its measures as the measure table declares them.
const CellSchema = cellSchema(SUMMARY_CELL_IDENTITY);
const BaselineSchema = z.object({
  format: z.literal(BASELINE_FORMAT),
  name: z.string(),
  provenance: z.looseObject({ createdAt: z.string() }),
  configHash: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z.union([num, z.string()]),
  replications: z.number().int().min(1),
  replicationsSha256: z.string().regex(/^[0-9a-f]{64}$/),
  config: RecordedConfigSchema,
  cells: z.array(CellSchema).min(1),
  paired: z.object({
    note: z.string(),
    cells: z.array(z.object({ condition: z.string(), estimator: z.string(), estimand: z.string(), values: z.array(num.nullable()) })),
  }),
});

const REGENERATE = 'regenerate it with `mixstudy run <config>` then `mixstudy baseline <name>`';

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/**
 * Reads and validates a baseline. Every problem is a UserError (exit 2) saying what is wrong and how to fix
 * it: missing file, malformed JSON, not a baseline, cells without MCSEs, a config that no longer matches its
 * hash (edited by hand), per-replication arrays of the wrong length or disagreeing with the cells, numbers that
 * disagree with each other (./consistency.ts: summary against its own replication values, MCSEs ≥ 0).
 */
export function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no baseline file' : `cannot be read (${(err as Error).message})`;
    throw new UserError(`${path}: ${why}; create one with \`mixstudy run <config>\` then \`mixstudy baseline <name>\``);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path}: malformed baseline, not valid JSON (${(err as Error).message}); ${REGENERATE}`);
  }
  const format = typeof json === 'object' && json !== null && 'format' in json ? (json as { format: unknown }).format : undefined;
  if (format !== BASELINE_FORMAT) {
    throw new UserError(
      `${path}: not a mixstudy baseline (format ${JSON.stringify(format) ?? 'missing'}, expected "${BASELINE_FORMAT}"; ` +
        `a summary.json is not a baseline); ${REGENERATE}`,
    );
  }
  const parsed = BaselineSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    // "Lacks an MCSE" only where the field is absent; a present but invalid one (e.g. 1e999) is an invalid baseline.
    const at = (path: readonly PropertyKey[]): unknown =>
      path.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<PropertyKey, unknown>)[k] : undefined), json);
    const noMcse = issues.filter((i) => i.path.at(-1) === 'mcse' && at(i.path) === undefined);
    const shown = (noMcse.length > 0 ? noMcse : issues).slice(0, 5).map((i) => `  ${issuePath(i.path)}: ${i.message}`);
    const more = issues.length > shown.length ? [`  … and ${issues.length - shown.length} more`] : [];
    const headline =
      noMcse.length > 0
        ? `baseline without Monte Carlo SEs (${noMcse.length} measures lack "mcse"): a change cannot be judged against noise`
        : 'invalid baseline';
    throw new UserError([`${path}: ${headline}; ${REGENERATE}`, ...shown, ...more].join('\n'));
  }
  const b = parsed.data;
  const config = (json as { config: ExperimentConfig }).config;
  const problems: string[] = [];
  if (configHash(config) !== b.configHash) problems.push('config: does not match configHash (edited by hand?)');
  if (b.config.name !== b.name) problems.push(`config.name: "${b.config.name}" differs from name "${b.name}"`);
  if (b.config.seed !== b.seed || b.config.replications !== b.replications) problems.push('seed/replications: differ from the config\'s');
  const cells: SummaryCell[] = b.cells;
  const keys = new Set(cells.map(cellKey));
  b.paired.cells.forEach((c, i) => {
    if (c.values.length !== b.replications) problems.push(`paired.cells[${i}].values: ${c.values.length} entries, expected ${b.replications} (one per replication)`);
    if (!keys.has(cellKey(c))) problems.push(`paired.cells[${i}]: no summary cell ${c.condition} ${c.estimator} ${c.estimand}`);
  });
  if (problems.length === 0) {
    try {
      assertMatchesSummary(b.paired.cells, cells);
    } catch (err) {
      problems.push(`paired.cells: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new UserError([`${path}: inconsistent baseline; ${REGENERATE}`, ...problems.slice(0, 5).map((p) => `  ${p}`)].join('\n'));
  const baseline: Baseline = { ...b, format: BASELINE_FORMAT, provenance: (json as { provenance: BaselineProvenance }).provenance, config, cells, paired: b.paired };
  assertConsistentBaseline(baseline, path);
  return baseline;
}
