/**
 * The performance measures a regression check compares, the row every comparison produces, and the one rule
 * that turns a difference into a verdict (DESIGN.md §7). Shared by the independent (./compare.ts) and the
 * paired (./paired.ts) comparison so both speak the same units.
 *
 * Verdict of a difference D = new − base with standard error SE(D):
 *   identical   D = 0 exactly (every input bit equal);
 *   negligible  |D| ≤ ν·MCSE_base (ν = `negligible`, default 0.01): smaller than 1 % of the baseline's own
 *               Monte Carlo noise, invisible in the study whatever SE(D) is (guards paired mode, whose SE can
 *               be ~0, against flagging last-bit floating-point changes);
 *   ok          |z| ≤ z_crit with z = D/SE(D);
 *   regression  |z| > z_crit (SE(D) = 0 with D ≠ 0 gives |z| = ∞), or D ≠ 0 with no SE at all.
 * Direction does not matter: a check asks whether the code changed the estimator, not whether it improved.
 */
import type { SummaryCell } from '../runner/summary.js';
import type { ValueWithMcse } from '../performance/types.js';

/** Measures of the estimates (spread) and of their distance to each target (truth, k-means limit). */
export const MEASURES = [
  'mean',
  'empSE',
  'vsTruth.bias',
  'vsTruth.relBias',
  'vsTruth.mse',
  'vsTruth.rmse',
  'vsLimit.bias',
  'vsLimit.relBias',
  'vsLimit.mse',
  'vsLimit.rmse',
  'failRate',
] as const;
export type MeasureName = (typeof MEASURES)[number];

/** Rows that are not performance measures but the targets they are computed against (compared exactly). */
export type TargetName = 'truth' | 'limit';

export type Verdict = 'identical' | 'negligible' | 'ok' | 'regression' | 'new' | 'missing';

/** How a row's SE was obtained. */
export type RowMode = 'paired' | 'independent' | 'exact';

export interface Comparison {
  readonly condition: string;
  readonly estimator: string;
  readonly estimand: string;
  readonly measure: MeasureName | TargetName;
  readonly mode: RowMode;
  /** Null when the measure does not exist on that side (no target, not applicable, cell absent). */
  readonly base: ValueWithMcse | null;
  readonly next: ValueWithMcse | null;
  /** new − base (paired: mean over common replications); null when either side is missing. */
  readonly diff: number | null;
  /** SE of `diff`; null when unknown. */
  readonly se: number | null;
  /** diff/se; ±Infinity when se = 0 and diff ≠ 0; null when not computed. */
  readonly z: number | null;
  readonly verdict: Verdict;
  readonly note?: string;
}

export interface Thresholds {
  /** |z| above this is a regression (default 4). */
  readonly z: number;
  /** Differences ≤ negligible·MCSE_base are never a regression (default 0.01). */
  readonly negligible: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { z: 4, negligible: 0.01 };

export function isFailure(verdict: Verdict): boolean {
  return verdict === 'regression' || verdict === 'missing';
}

/** Identity of a summary cell: condition × estimator × estimand. */
export function cellKey(c: { readonly condition: string; readonly estimator: string; readonly estimand: string }): string {
  return `${c.condition}\u0000${c.estimator}\u0000${c.estimand}`;
}

/**
 * A measure of a cell with its MCSE; null when the cell has no such measure (no limit block) or its value is
 * null (no target, too few replications). The failure rate's MCSE is the binomial √(p(1−p)/N).
 */
export function measureOf(cell: SummaryCell, measure: MeasureName): ValueWithMcse | null {
  let v: ValueWithMcse | null;
  switch (measure) {
    case 'mean':
      v = cell.mean;
      break;
    case 'empSE':
      v = cell.empSE;
      break;
    case 'failRate': {
      const N = cell.nTotal;
      if (!(N > 0)) return null;
      const p = cell.nFailed / N;
      return { value: p, mcse: Math.sqrt((p * (1 - p)) / N) };
    }
    default: {
      const [block, name] = measure.split('.') as ['vsTruth' | 'vsLimit', 'bias' | 'relBias' | 'mse' | 'rmse'];
      const target = block === 'vsTruth' ? cell.vsTruth : cell.vsLimit;
      v = target === null ? null : target[name];
    }
  }
  return v === null || v.value === null ? null : v;
}

export function targetOf(cell: SummaryCell, target: TargetName): number | null {
  return target === 'truth' ? cell.truth : cell.limit;
}

/** The verdict of a non-zero difference (see the module comment). */
export function judge(diff: number, se: number | null, baseMcse: number | null, t: Thresholds): { z: number | null; verdict: Verdict; note?: string } {
  if (diff === 0) return { z: 0, verdict: 'identical' };
  if (baseMcse !== null && baseMcse > 0 && Math.abs(diff) <= t.negligible * baseMcse) {
    return { z: se === null ? null : se > 0 ? diff / se : diff > 0 ? Infinity : -Infinity, verdict: 'negligible' };
  }
  if (se === null) return { z: null, verdict: 'regression', note: 'changed, and no MCSE to judge by' };
  const z = se > 0 ? diff / se : diff > 0 ? Infinity : -Infinity;
  return { z, verdict: Math.abs(z) > t.z ? 'regression' : 'ok' };
}

/**
 * Comparison of two targets (truth or limit). They are exact numbers, so there is no z: a change is a
 * regression unless it is negligible on the scale of the cell's estimates (≤ ν·MCSE of their mean).
 */
export function compareTarget(base: number | null, next: number | null, scale: number | null, t: Thresholds): { verdict: Verdict; note?: string } {
  if (base === next) return { verdict: 'identical' };
  if (base === null) return { verdict: 'new', note: 'target added (no baseline)' };
  if (next === null) return { verdict: 'missing', note: 'target removed' };
  if (scale !== null && scale > 0 && Math.abs(next - base) <= t.negligible * scale) return { verdict: 'negligible', note: 'target moved by < ν·MCSE' };
  return { verdict: 'regression', note: 'target changed: the theory or truth code moved' };
}
