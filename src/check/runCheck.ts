/**
 * A regression check of one completed run against its baseline (docs/ARCHITECTURE.md §7): decides the mode
 * (./configMatch.ts), compares every measure of every condition × estimator × estimand cell — paired
 * (./paired.ts) where the baseline holds per-replication values and the runs share their random numbers,
 * independently (./compare.ts) otherwise — and evaluates the scientific invariants (./invariants.ts).
 * Pure: reads nothing, writes nothing; the command does the I/O.
 *
 * The baseline must be internally consistent (./consistency.ts), else the check is refused (exit 2). Final
 * verdicts come from ./familywise.ts: diagnostics never fail, and a per-measure regression or failed invariant
 * stands only where Holm's procedure over all the check's tests confirms it (family-wise false-alarm rate α).
 * The run passes when no comparison is a regression or missing and no invariant fails. "Bit-identical" is
 * claimed only when the new `replications.ndjson` has the baseline's sha256 (so every value of every fit is
 * equal) and every compared measure is identical.
 */
import type { ExperimentConfig } from '../config/index.js';
import type { Baseline } from './baseline.js';
import { absentCell, compareIndependent } from './compare.js';
import { matchConfigs } from './configMatch.js';
import { assertConsistentBaseline } from './consistency.js';
import { applyFamilywise, type FamilySummary } from './familywise.js';
import { checkInvariants, type InvariantRow } from './invariants.js';
import { cellKey, isFailure, type Comparison, type Thresholds } from './measures.js';
import { comparePaired } from './paired.js';
import { replicationValues } from './replicationValues.js';
import type { RunResults } from './results.js';

export const REPORT_FORMAT = 'mixstudy-check/1';

export interface CheckReport {
  readonly format: typeof REPORT_FORMAT;
  readonly name: string;
  readonly mode: 'paired' | 'independent';
  readonly modeReason: string;
  readonly bitIdentical: boolean;
  readonly thresholds: Thresholds;
  /** The family-wise step: α, the number of tests, what it changed. */
  readonly family: FamilySummary;
  readonly baseline: {
    readonly path: string;
    readonly createdAt: string;
    readonly gitCommit: string | null;
    readonly configHash: string;
    readonly seed: number | string;
    readonly replications: number;
    readonly replicationsSha256: string;
  };
  readonly results: {
    readonly dir: string;
    readonly reused: boolean;
    readonly configHash: string;
    readonly seed: number | string;
    readonly replications: number;
    readonly replicationsSha256: string;
  };
  readonly counts: {
    readonly cells: number;
    readonly measures: number;
    readonly paired: number;
    readonly moved: number;
    readonly regressions: number;
    readonly invariants: number;
    readonly invariantsFailed: number;
    readonly invariantsSkipped: number;
  };
  /** Every comparison, identical ones included, in cell order. */
  readonly comparisons: Comparison[];
  readonly invariants: InvariantRow[];
  readonly passed: boolean;
}

export interface CheckInput {
  readonly baseline: Baseline;
  readonly baselinePath: string;
  readonly config: ExperimentConfig;
  readonly results: RunResults;
  readonly reused: boolean;
  readonly thresholds: Thresholds;
}

export function runCheck(input: CheckInput): CheckReport {
  const { baseline, config, results, thresholds } = input;
  const match = matchConfigs(baseline.config, config, input.baselinePath);
  assertConsistentBaseline(baseline, input.baselinePath);
  const paired = match.kind === 'same-seed' && baseline.paired.cells.length > 0;

  const baseValues = new Map(baseline.paired.cells.map((c) => [cellKey(c), c.values]));
  const nextValues = new Map(replicationValues(config, results.rows, results.summary.cells).map((c) => [cellKey(c), c.values]));
  const nextCells = new Map(results.summary.cells.map((c) => [cellKey(c), c]));
  const baseKeys = new Set(baseline.cells.map(cellKey));

  const perMeasure: Comparison[] = [];
  for (const base of baseline.cells) {
    const key = cellKey(base);
    const next = nextCells.get(key);
    if (next === undefined) {
      perMeasure.push(absentCell(base, 'base'));
      continue;
    }
    const bv = baseValues.get(key);
    const nv = nextValues.get(key);
    if (paired && bv !== undefined && nv !== undefined) perMeasure.push(...comparePaired(base, next, bv, nv, thresholds));
    else perMeasure.push(...compareIndependent(base, next, thresholds, bv !== undefined && nv !== undefined ? { base: bv, next: nv } : undefined));
  }
  for (const next of results.summary.cells) if (!baseKeys.has(cellKey(next))) perMeasure.push(absentCell(next, 'next'));

  const { comparisons, invariants, family } = applyFamilywise(perMeasure, checkInvariants(config, results.summary.cells, thresholds.z), thresholds);
  const regressions = comparisons.filter((c) => isFailure(c.verdict)).length;
  const invariantsFailed = invariants.filter((r) => r.verdict === 'fail').length;
  const moved = comparisons.filter((c) => c.verdict !== 'identical').length;
  const bitIdentical = paired && results.replicationsSha256 === baseline.replicationsSha256 && moved === 0;
  const manifest = results.manifest;
  return {
    format: REPORT_FORMAT,
    name: config.name,
    mode: paired ? 'paired' : 'independent',
    modeReason: paired ? match.reason : match.kind === 'same-seed' ? `${match.reason}, but the baseline has no per-replication values` : match.reason,
    bitIdentical,
    thresholds,
    family,
    baseline: {
      path: input.baselinePath,
      createdAt: baseline.provenance.createdAt,
      gitCommit: baseline.provenance.run?.gitCommit ?? null,
      configHash: baseline.configHash,
      seed: baseline.seed,
      replications: baseline.replications,
      replicationsSha256: baseline.replicationsSha256,
    },
    results: {
      dir: results.dir,
      reused: input.reused,
      configHash: manifest.configHash,
      seed: config.seed,
      replications: config.replications,
      replicationsSha256: results.replicationsSha256,
    },
    counts: {
      cells: new Set(comparisons.map(cellKey)).size,
      measures: comparisons.length,
      paired: comparisons.filter((c) => c.mode === 'paired').length,
      moved,
      regressions,
      invariants: invariants.length,
      invariantsFailed,
      invariantsSkipped: invariants.filter((r) => r.verdict === 'skipped').length,
    },
    comparisons,
    invariants,
    passed: regressions === 0 && invariantsFailed === 0,
  };
}
