/** Shared fixtures for regression-check tests: one small completed run, its baseline, and perturbed copies of it. */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBaseline, type Baseline } from '../../src/check/baseline.js';
import { loadRunResults, type RunResults } from '../../src/check/results.js';
import { configHash, parseConfig, type ExperimentConfig } from '../../src/config/index.js';
import { distanceToTarget, spread } from '../../src/performance/index.js';
import type { ReplicationRow } from '../../src/results/rows.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { buildSummary } from '../../src/runner/summary.js';
import type { SummaryCell } from '../../src/results/summary.js';

export const NAME = 'checktest';

/** Canonical mixture, kmeans-exact + EM (equal σ): about a second of fitting. */
export function rawConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: NAME,
    title: 'check test',
    seed: 11,
    replications: 40,
    n: [100, 2000],
    mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
    estimators: [
      { id: 'kmeans', method: 'kmeans-exact' },
      { id: 'mle', method: 'em', options: { covariance: 'equal' } },
    ],
    estimands: ['separation', 'means'],
    ...overrides,
  };
}

export function tempDir(prefix = 'mixstudy-check-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Fixture {
  readonly root: string;
  readonly resultsRoot: string;
  readonly configPath: string;
  readonly config: ExperimentConfig;
  readonly results: RunResults;
  readonly baseline: Baseline;
}

/** Runs the config into <root>/results and builds its baseline (not written). */
export async function makeFixture(raw: Record<string, unknown> = rawConfig()): Promise<Fixture> {
  const root = tempDir();
  const configPath = join(root, `${String(raw.name)}.json`);
  writeFileSync(configPath, JSON.stringify(raw, null, 2));
  const config = parseConfig(raw);
  const resultsRoot = join(root, 'results');
  const out = await runExperiment({ config, resultsRoot, workers: 1, shard: null, fresh: true });
  const results = loadRunResults(out.dir, 'test');
  return { root, resultsRoot, configPath, config, results, baseline: buildBaseline(results) };
}

/** The same run with its rows rewritten by `f` and the summary rebuilt — what a changed estimator would give. */
export function perturbResults(results: RunResults, f: (row: ReplicationRow) => ReplicationRow): RunResults {
  const config = results.manifest.config;
  const rows = results.rows.map(f);
  const text = rows.map((r) => JSON.stringify(r) + '\n').join('');
  return {
    ...results,
    rows,
    summary: buildSummary(config, configHash(config), rows),
    replicationsSha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** Rewrites the numeric values of the rows of one (condition, estimator) — or every condition when null. */
export function scaleValues(
  condition: string | null,
  estimator: string,
  keys: readonly string[],
  g: (value: number, row: ReplicationRow) => number,
): (row: ReplicationRow) => ReplicationRow {
  return (row) => {
    if (row.estimator !== estimator || (condition !== null && row.condition !== condition)) return row;
    const values: Record<string, number | null> = { ...row.values };
    for (const k of keys) {
      const v = values[k];
      if (typeof v === 'number') values[k] = g(v, row);
    }
    return { ...row, values };
  };
}

export function cellOf(cells: readonly SummaryCell[], condition: string, estimator: string, estimand: string): SummaryCell {
  const c = cells.find((x) => x.condition === condition && x.estimator === estimator && x.estimand === estimand);
  if (c === undefined) throw new Error(`no cell ${condition} ${estimator} ${estimand}`);
  return c;
}

/** A deep copy of a baseline (tests edit copies freely). */
export function copyBaseline(b: Baseline): Baseline {
  return JSON.parse(JSON.stringify(b)) as Baseline;
}

/**
 * A copy of a baseline in which one cell's stored replication values are all moved by `delta` and the cell's
 * measures recomputed from them: what a baseline made by an estimator shifted by `delta` would hold, consistent
 * in every number (src/check/consistency.ts refuses hand edits of single numbers).
 */
export function shiftBaselineCell(b: Baseline, condition: string, estimator: string, estimand: string, delta: number): Baseline {
  const copy = copyBaseline(b);
  const stored = copy.paired.cells.find((c) => c.condition === condition && c.estimator === estimator && c.estimand === estimand);
  if (stored === undefined) throw new Error(`no per-replication values for ${condition} ${estimator} ${estimand}`);
  const values = stored.values.map((v) => (v === null ? null : v + delta));
  (stored as { values: (number | null)[] }).values = values;
  const used = values.filter((v): v is number => v !== null);
  const i = copy.cells.findIndex((c) => c.condition === condition && c.estimator === estimator && c.estimand === estimand);
  const cell = copy.cells[i];
  copy.cells[i] = {
    ...cell,
    ...spread(used),
    vsTruth: distanceToTarget(used, cell.truth),
    vsLimit: cell.limit === null ? null : distanceToTarget(used, cell.limit),
  };
  return copy;
}
