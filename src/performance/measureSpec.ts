/**
 * What a performance measure is: the contract every entry of the measure table (./measures.ts) fulfils — where
 * it is stored, what it is computed from, how its MCSE is obtained, what a paired regression check compares,
 * the identities a stored value must satisfy and whether the report shows it. The counterpart of
 * src/estimators/descriptor.ts for the "P" of ADEMP (docs/ARCHITECTURE.md §11).
 */
import type { McseMethod } from './mcse.js';
import type { Moments } from './moments.js';
import type { ValueWithMcse } from './types.js';

/** What a measure is computed from, and so where it is stored in a summary cell. */
export type MeasureScope =
  /** The estimates alone: `cell[key]`. */
  | 'estimates'
  /** The estimates against one target θ, once per target: `cell.vsTruth[key]`, `cell.vsLimit[key]`. */
  | 'target'
  /** How many replications failed: computed from `nFailed` and `nTotal` when read, not stored. */
  | 'counts'
  /**
   * The confidence intervals and model SEs of the estimates, once per interval method (wald, percentile, basic,
   * credible): `cell.inference.wald[key]`, or against each target `cell.inference.wald.vsTruth[key]`; stored only
   * when the run recorded intervals (./intervalMeasures.ts).
   */
  | 'interval';

/** The scale of a measure's value: that of the estimates, its square, relative to θ, or a proportion. */
export type MeasureUnit = 'estimate' | 'squared' | 'relative' | 'proportion';

/**
 * How a measure's MCSE is obtained: the SE of a mean of per-replication terms (exact in form, valid for any
 * distribution); a jackknife over replications (an approximation whose form has changed between versions, so a
 * baseline's is checked for finiteness and sign only); the binomial SE of a proportion.
 */
export type McseKind = 'mean' | 'jackknife' | 'binomial';

/** What an 'estimates' measure is computed from: R ≥ 1 finite estimates and their central moments. */
export interface EstimatesContext {
  readonly estimates: ArrayLike<number>;
  readonly moments: Moments;
  readonly mcse: McseMethod;
}

/** What a 'target' measure is computed from: also the target θ and Q = Σ(θ̂ᵢ − θ)², summed in order. */
export interface TargetContext extends EstimatesContext {
  readonly target: number;
  readonly sq: number;
}

/** A statistic of m values and its m leave-one-out values (for a jackknife). */
export interface LeaveOneOut {
  readonly full: number;
  readonly loo: Float64Array;
}

/**
 * What a paired check compares (common random numbers: replication r of both runs fitted the same data), given
 * each run's values of the replications both used and, for a 'target' measure, that run's θ:
 * - 'mean-difference': the measure is a mean of per-replication terms; the check takes dᵣ = term(new) −
 *   term(base) and compares d̄ with its SE s_d/√m (Student t, m − 1 df);
 * - 'jackknife': the measure is a statistic of all values; the check compares T(new) − T(base) with the jackknife
 *   SE over pairs of the leave-one-out differences (m − 1 df).
 */
export type PairedRule<P extends unknown[]> =
  | { readonly kind: 'mean-difference'; term(x: number, ...at: P): number }
  | { readonly kind: 'jackknife'; statistic(values: readonly number[], ...at: P): LeaveOneOut };

/** Stored measures of one cell, for identities: the estimates measures, or one target block. */
export type MeasureRecord = Readonly<Record<string, ValueWithMcse>>;

/**
 * A definitional identity of a stored 'target' measure, which a baseline must satisfy (src/check/consistency.ts):
 * `field` of the measure equals `implied`, computed from the cell's other measures (null: not defined here).
 */
export interface MeasureIdentity {
  readonly field: 'value' | 'mcse';
  /** The right-hand side in words, for the message: 'mean − target'. */
  readonly says: string;
  implied(at: { readonly estimates: MeasureRecord; readonly block: MeasureRecord; readonly target: number; readonly R: number }): number | null;
}

/**
 * The two targets a 'target' measure is computed against and the block of a cell that holds its measures: the
 * truth's block is always there (its target null when the estimand has no true value), the limit's only where
 * the estimator has a population limit (null otherwise).
 */
export const TARGETS = [
  { name: 'truth', block: 'vsTruth', always: true },
  { name: 'limit', block: 'vsLimit', always: false },
] as const;
export type TargetName = (typeof TARGETS)[number]['name'];
export type TargetBlock = (typeof TARGETS)[number]['block'];

/** The field names of a value type; any name for the general `ValueWithMcse`, so a richer entry is a MeasureSpec. */
type FieldOf<V extends ValueWithMcse> = ValueWithMcse extends V ? string : keyof V & string;

interface MeasureCommon<K extends string, V extends ValueWithMcse> {
  /** Its name in summary.json and in check rows. */
  readonly key: K;
  /** As it reads in a sentence ('relative bias', 'the RMSE'). */
  readonly noun: string;
  /** The numeric fields of its value, `value` and `mcse` first (each null where undefined). */
  readonly fields: readonly FieldOf<V>[];
  readonly unit: MeasureUnit;
  readonly mcse: McseKind;
  /**
   * An independent check recomputes this MCSE from the per-replication values where both runs store them,
   * because older summaries hold a form that understates it (see the entry).
   */
  readonly recomputeMcseInCheck?: boolean;
}

export interface EstimatesMeasure<K extends string = string, V extends ValueWithMcse = ValueWithMcse> extends MeasureCommon<K, V> {
  readonly scope: 'estimates';
  /** Called with R ≥ 1; R = 0 makes every field null without calling it. */
  compute(c: EstimatesContext): V;
  readonly paired: PairedRule<[]>;
}

export interface TargetMeasure<K extends string = string, V extends ValueWithMcse = ValueWithMcse> extends MeasureCommon<K, V> {
  readonly scope: 'target';
  /** Called with R ≥ 1 and a finite θ; null θ or R = 0 make every field null without calling it. */
  compute(c: TargetContext): V;
  readonly paired: PairedRule<[target: number]>;
  readonly identities?: readonly MeasureIdentity[];
  /** Shown in the report's table of measures against the targets: its caption phrase and column per target. */
  readonly report?: { readonly caption: string; readonly columns: Readonly<Partial<Record<TargetName, string>>> };
}

export interface CountsMeasure<K extends string = string, V extends ValueWithMcse = ValueWithMcse> extends MeasureCommon<K, V> {
  readonly scope: 'counts';
  /** Null when there are no replications. */
  fromCounts(nFailed: number, nTotal: number): V | null;
  /** McNemar on the replications used by one run only; independent runs use the pooled two-proportion SE. */
  readonly paired: { readonly kind: 'mcnemar' };
}

/**
 * What an 'interval' measure is computed from: the R ≥ 1 replications of a cell with a finite estimate, model SE
 * and interval (in the same order), the moments of their estimates, and for a measure against a target its θ.
 */
export interface IntervalContext {
  readonly estimates: ArrayLike<number>;
  readonly se: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly moments: Moments;
  /** The target θ (finite) for a measure `perTarget`, else null. */
  readonly target: number | null;
}

export interface IntervalMeasure<K extends string = string, V extends ValueWithMcse = ValueWithMcse> extends MeasureCommon<K, V> {
  readonly scope: 'interval';
  /** Against each target (coverage: `inference.<method>.vsTruth`) or of the intervals alone (width, model SE). */
  readonly perTarget: boolean;
  /** Called with R ≥ 1 (and a finite θ when `perTarget`); otherwise every field is null without calling it. */
  compute(c: IntervalContext): V;
  /**
   * Compared as two independent estimates even when the runs are paired: the baseline keeps per-replication
   * estimates but not their intervals, so there is nothing to pair; the test is conservative under common
   * random numbers (it ignores their positive correlation).
   */
  readonly paired: { readonly kind: 'independent' };
}

export type MeasureSpec = EstimatesMeasure | TargetMeasure | CountsMeasure | IntervalMeasure;
