/**
 * Per-replication values of a cell, exactly as its summary used them: entry r is replication r's estimate when
 * that replication entered the measures, else null (failed fit, status not counted for this estimand,
 * non-finite value, missing row). Paired checks (./paired.ts) compare these arrays replication by replication,
 * which is valid because the same config and seed give every replication the same data (common random
 * numbers).
 *
 * Which values are stored, and why (the baseline must stay small enough to commit): every key of the
 * configured estimands — the quantities whose bias users rely on — plus `iterations`, the one diagnostic that
 * reveals an optimiser change (tolerance, acceleration) that leaves the estimates almost where they were. The
 * other diagnostics are functions of the checked estimates (`alignmentMargin`, `objective`, `logLik`) or 0/1
 * flags already covered by the failure counts (`converged`); their cells are still compared, independently.
 *
 * The usage rule mirrors src/runner/summary.ts (`ok` only; diagnostics also count non-converged, degenerate
 * and empty-cluster fits); `assertMatchesSummary` fails loudly if the two ever disagree.
 */
import { DIAGNOSTICS, estimandKeys } from '../estimands/names.js';
import type { ExperimentConfig } from '../config/index.js';
import type { ReplicationRow } from '../results/rows.js';
import type { SummaryCell } from '../results/summary.js';
import { cellKey } from './measures.js';

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);
const OK: ReadonlySet<string> = new Set(['ok']);
const OK_DIAGNOSTIC: ReadonlySet<string> = new Set(['ok', 'not-converged', 'degenerate', 'empty-cluster', 'not-mixed']);

/** The diagnostic that is stored per replication besides the configured estimands. */
export const PAIRED_DIAGNOSTIC = 'iterations';

/** Keys stored per replication for a mixture with K components in d dimensions. */
export function pairedKeys(config: ExperimentConfig, K: number, d: number): string[] {
  return [...estimandKeys(config.estimands, K, d).filter((k) => !DIAGNOSTIC_KEYS.has(k)), PAIRED_DIAGNOSTIC];
}

export interface CellValues {
  readonly condition: string;
  readonly estimator: string;
  readonly estimand: string;
  /** Length R; null where the replication did not enter the cell's measures. */
  readonly values: (number | null)[];
}

/**
 * The stored per-replication arrays of every cell in `cells` whose estimand is a paired key of its mixture.
 * `cells` decides which cells exist (a quantity a method lacks, like k-means' σ, has no cell).
 */
export function replicationValues(config: ExperimentConfig, rows: readonly ReplicationRow[], cells: readonly SummaryCell[]): CellValues[] {
  const byTask = new Map<string, ReplicationRow>();
  for (const row of rows) byTask.set(`${row.condition}\u0000${row.estimator}\u0000${row.rep}`, row);
  const keysOf = new Map(config.mixtures.map((m) => [m.id, new Set(pairedKeys(config, m.K, m.d))]));
  const out: CellValues[] = [];
  for (const cell of cells) {
    if (!(keysOf.get(cell.mixture)?.has(cell.estimand) ?? false)) continue;
    const ok = DIAGNOSTIC_KEYS.has(cell.estimand) ? OK_DIAGNOSTIC : OK;
    const values = Array.from({ length: config.replications }, (_, r): number | null => {
      const row = byTask.get(`${cell.condition}\u0000${cell.estimator}\u0000${r}`);
      if (row === undefined || !ok.has(row.status)) return null;
      const v = row.values[cell.estimand];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    out.push({ condition: cell.condition, estimator: cell.estimator, estimand: cell.estimand, values });
  }
  assertMatchesSummary(out, cells);
  return out;
}

/** Each array must hold exactly the summary's nUsed values, or the usage rule above has drifted from the runner's. */
export function assertMatchesSummary(values: readonly CellValues[], cells: readonly SummaryCell[]): void {
  const nUsed = new Map(cells.map((c) => [cellKey(c), c.nUsed]));
  for (const v of values) {
    const used = v.values.filter((x) => x !== null).length;
    const expected = nUsed.get(cellKey(v));
    if (expected !== used) {
      throw new Error(
        `per-replication values of ${v.condition} ${v.estimator} ${v.estimand}: ${used} used, summary says ${String(expected)}; ` +
          'src/check/replicationValues.ts no longer mirrors the usage rule of src/runner/summary.ts',
      );
    }
  }
}
