/**
 * The row every comparison of a performance measure produces (the measures are the table in
 * src/performance/measures.ts), and the one rule that turns a difference into a verdict (docs/ARCHITECTURE.md
 * §7). Shared by the independent (./compare.ts) and the paired (./paired.ts) comparison so both speak the same
 * units.
 *
 * Verdict of a difference D = new − base with standard error SE(D), measure by measure:
 *   identical   D = 0 exactly (every input bit equal);
 *   negligible  |D| ≤ ν·MCSE_base (ν = `negligible`, default 0.01): smaller than 1 % of the baseline's own
 *               Monte Carlo noise, invisible in the study whatever SE(D) is (guards paired mode, whose SE can
 *               be ~0, against flagging last-bit floating-point changes);
 *   ok          |z| ≤ z_crit with z = D/SE(D);
 *   regression  |z| > z_crit (SE(D) = 0 with D ≠ 0 gives |z| = ∞), or D ≠ 0 with no SE at all.
 * Each z also gets its two-sided p-value (./pValue.ts; Student t with the comparison's degrees of freedom),
 * and ./familywise.ts then keeps a regression only if Holm's procedure over all the check's tests rejects it
 * too, so that unchanged code raises a false alarm in at most a fraction α of re-runs. Diagnostics (iteration
 * counts, convergence flags, objective, log-likelihood, alignment margin) describe how a fit went, not what it
 * estimated: they are compared and shown, with the verdict `diagnostic` where they moved, but never fail.
 * Direction does not matter: a check asks whether the code changed the estimator, not whether it improved.
 */
import { DIAGNOSTICS } from '../estimands/names.js';
import type { SummaryCell } from '../results/summary.js';
import type { MeasureSlot, TargetName } from '../performance/measureAccess.js';
import type { ValueWithMcse } from '../performance/types.js';
import { twoSidedP } from './pValue.js';

/**
 * A compared measure's name in check rows: `mean`, `vsTruth.rmse`, `failRate`. A check compares every slot of
 * the measure table (src/performance/measures.ts `MEASURE_SLOTS`), in its order.
 */
export type MeasureName = MeasureSlot['name'];

/** Rows that are not performance measures but the targets they are computed against (compared exactly). */
export type { TargetName };

/** `diagnostic`: a diagnostic that would otherwise be a regression or missing; shown, never a failure. */
export type Verdict = 'identical' | 'negligible' | 'ok' | 'regression' | 'new' | 'missing' | 'diagnostic';

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
  /** Two-sided p-value of z (./pValue.ts); null when there is no test (no SE, exact targets, absent sides). */
  readonly p: number | null;
  readonly verdict: Verdict;
  readonly note?: string;
}

export interface Thresholds {
  /** |z| above this is a regression (default 4); with `alpha` set, Holm must reject it too. */
  readonly z: number;
  /** Differences ≤ negligible·MCSE_base are never a regression (default 0.01). */
  readonly negligible: number;
  /**
   * Family-wise false-alarm rate over all tests of a check, controlled by Holm's procedure (./familywise.ts;
   * default 0.01); null judges every measure alone by `z`.
   */
  readonly alpha: number | null;
}

export const DEFAULT_THRESHOLDS: Thresholds = { z: 4, negligible: 0.01, alpha: 0.01 };

export function isFailure(verdict: Verdict): boolean {
  return verdict === 'regression' || verdict === 'missing';
}

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);

/** Whether an estimand key is a fit diagnostic (shown by a check, never a failure). */
export function isDiagnostic(estimand: string): boolean {
  return DIAGNOSTIC_KEYS.has(estimand);
}

/** Identity of a summary cell: condition × estimator × estimand. */
export function cellKey(c: { readonly condition: string; readonly estimator: string; readonly estimand: string }): string {
  return `${c.condition}\u0000${c.estimator}\u0000${c.estimand}`;
}

/** The target value of a cell (its truth or its limit). */
export function targetOf(cell: SummaryCell, target: TargetName): number | null {
  return cell[target];
}

/** The outcome of one test: z, its p-value and the per-measure verdict. */
export interface Judgement {
  readonly z: number | null;
  readonly p: number | null;
  readonly verdict: Verdict;
  readonly note?: string;
}

/**
 * The per-measure verdict of a difference (see the module comment); `df` are the degrees of freedom of z
 * (null: normal). ./familywise.ts may later turn a regression into ok.
 */
export function judge(diff: number, se: number | null, baseMcse: number | null, t: Thresholds, df: number | null = null): Judgement {
  if (diff === 0) return { z: 0, p: 1, verdict: 'identical' };
  const z = se === null ? null : se > 0 ? diff / se : diff > 0 ? Infinity : -Infinity;
  const p = z === null ? null : twoSidedP(z, df);
  if (baseMcse !== null && baseMcse > 0 && Math.abs(diff) <= t.negligible * baseMcse) return { z, p, verdict: 'negligible' };
  if (z === null) return { z, p, verdict: 'regression', note: 'changed, and no MCSE to judge by' };
  return { z, p, verdict: Math.abs(z) > t.z ? 'regression' : 'ok' };
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
