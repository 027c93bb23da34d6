/**
 * What the measure table (./measures.ts) implies, for its readers: the types of a cell's measures, computing
 * them from the estimates, reading one from a summary cell, the slots a regression check compares (each
 * 'target' measure once per target) and what its paired comparison takes, the scale of each unit, and the
 * sentence naming the MCSE forms. Everything here iterates over `MEASURES`; nothing names a measure.
 */
import { DEFAULT_MCSE_METHOD, type McseMethod } from './mcse.js';
import { MEASURES } from './measures.js';
import {
  TARGETS,
  type CountsMeasure,
  type EstimatesMeasure,
  type IntervalMeasure,
  type LeaveOneOut,
  type McseKind,
  type MeasureRecord,
  type MeasureSpec,
  type MeasureUnit,
  type PairedRule,
  type TargetBlock,
  type TargetMeasure,
  type TargetName,
} from './measureSpec.js';
import { moments, type Moments } from './moments.js';
import type { ValueWithMcse } from './types.js';
import { INTERVAL_METHODS, type IntervalMethod } from '../estimands/intervals.js';

// The contract's names the readers need, so that they import one module.
export { TARGETS };
export type { MeasureRecord, MeasureSpec, TargetName };

type Entry = (typeof MEASURES)[number];
type ValueOf<E> = E extends { compute(c: never): infer V } ? V : E extends { fromCounts(a: number, b: number): infer V } ? Exclude<V, null> : never;

export type MeasureKey = Entry['key'];
export type EstimatesKey = Extract<Entry, { scope: 'estimates' }>['key'];
export type TargetKey = Extract<Entry, { scope: 'target' }>['key'];

/** The 'estimates' measures of a cell by key, and R. */
export type SpreadMeasures = { readonly nUsed: number } & { readonly [E in Extract<Entry, { scope: 'estimates' }> as E['key']]: ValueOf<E> };

/** The 'target' measures of a cell against one target θ (null when there is none: then every measure is null). */
export type TargetMeasures = { readonly target: number | null } & { readonly [E in Extract<Entry, { scope: 'target' }> as E['key']]: ValueOf<E> };

export const ESTIMATES_MEASURES: readonly EstimatesMeasure[] = MEASURES.filter((m): m is Extract<Entry, { scope: 'estimates' }> => m.scope === 'estimates');
export const TARGET_MEASURES: readonly TargetMeasure[] = MEASURES.filter((m): m is Extract<Entry, { scope: 'target' }> => m.scope === 'target');
export const COUNTS_MEASURES: readonly CountsMeasure[] = MEASURES.filter((m): m is Extract<Entry, { scope: 'counts' }> => m.scope === 'counts');
export const INTERVAL_MEASURES: readonly IntervalMeasure[] = MEASURES.filter((m): m is Extract<Entry, { scope: 'interval' }> => m.scope === 'interval');

export type IntervalKey = Extract<Entry, { scope: 'interval' }>['key'];
export { INTERVAL_METHODS, type IntervalMethod };

/** The interval measures of one method against one target (those `perTarget`; all null when θ is). */
export type IntervalTargetMeasures = { readonly target: number | null } & { readonly [K in IntervalKey]?: ValueWithMcse };

/**
 * The interval measures of one method in a cell: the intervals' nominal level, how many replications had an interval (`nUsed`) and why the
 * others of the cell's used replications had none (`failures`: the interval status, or `no-interval` when the
 * method gave no SE or interval for this estimand), the measures of the intervals alone, then one block per
 * target (as the cell's own blocks: `vsLimit` null where the cell has no limit).
 */
export type IntervalCell = { readonly level: number; readonly nUsed: number; readonly failures: Readonly<Record<string, number>> } & { readonly [K in IntervalKey]?: ValueWithMcse } & {
  readonly [T in (typeof TARGETS)[number] as T['block']]: T['always'] extends true ? IntervalTargetMeasures : IntervalTargetMeasures | null;
};

/** A cell's interval measures by method; only the methods the run recorded. */
export type InferenceMeasures = Readonly<Partial<Record<IntervalMethod, IntervalCell>>>;

/** One replication's interval for an estimand, as the summary reads it from a row. */
export interface ReplicationInterval {
  readonly se: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The interval measures of one method from the replications a cell used: `estimates[i]` and `intervals[i]`
 * (an interval, or the reason there is none) in the same order. Keys in table order.
 */
export function intervalCell(
  estimates: readonly number[],
  intervals: readonly (ReplicationInterval | string)[],
  targets: Readonly<Partial<Record<TargetName, number | null>>>,
  level: number,
): IntervalCell {
  if (estimates.length !== intervals.length) throw new RangeError(`intervalCell: ${estimates.length} estimates but ${intervals.length} intervals`);
  const est: number[] = [];
  const se: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const counts = new Map<string, number>();
  intervals.forEach((iv, i) => {
    if (typeof iv === 'string') {
      counts.set(iv, (counts.get(iv) ?? 0) + 1);
      return;
    }
    est.push(estimates[i]);
    se.push(iv.se);
    lower.push(iv.lower);
    upper.push(iv.upper);
  });
  const failures: Record<string, number> = {};
  for (const key of [...counts.keys()].sort()) failures[key] = counts.get(key) as number;
  const R = est.length;
  const m = moments(est);
  const at = (target: number | null) => ({ estimates: est, se, lower, upper, moments: m, target });
  const out: Record<string, unknown> = { level, nUsed: R, failures };
  for (const spec of INTERVAL_MEASURES) if (!spec.perTarget) out[spec.key] = R === 0 ? notAvailable(spec) : spec.compute(at(null));
  for (const t of TARGETS) {
    const target = targets[t.name] ?? null;
    if (!t.always && target === null) {
      out[t.block] = null;
      continue;
    }
    const block: Record<string, unknown> = { target };
    for (const spec of INTERVAL_MEASURES) if (spec.perTarget) block[spec.key] = R === 0 || target === null ? notAvailable(spec) : spec.compute(at(target));
    out[t.block] = block;
  }
  return out as IntervalCell; // the fields of the type, built from the same table
}

/** The entry of a key. */
export function measureByKey(key: MeasureKey): MeasureSpec {
  return MEASURES.find((m) => m.key === key) as MeasureSpec;
}

/** A value with every field null: the measure is not defined (no target, too few replications). */
export function notAvailable(m: MeasureSpec): ValueWithMcse {
  return Object.fromEntries(m.fields.map((f) => [f, null])) as unknown as ValueWithMcse;
}

/** Measures of finite estimates (R = 0 gives nulls), with MCSEs of the given form. */
export function spreadMeasures(estimates: ArrayLike<number>, m: Moments = moments(estimates), mcse: McseMethod = DEFAULT_MCSE_METHOD): SpreadMeasures {
  const out: Record<string, unknown> = { nUsed: m.R };
  for (const spec of ESTIMATES_MEASURES) out[spec.key] = m.R === 0 ? notAvailable(spec) : spec.compute({ estimates, moments: m, mcse });
  return out as SpreadMeasures; // every key of the type, built from the same table
}

/** Measures of finite estimates against θ (null: none, every measure null). @throws RangeError on a non-finite θ */
export function targetMeasures(
  estimates: ArrayLike<number>,
  target: number | null,
  m: Moments = moments(estimates),
  mcse: McseMethod = DEFAULT_MCSE_METHOD,
): TargetMeasures {
  if (target !== null && !Number.isFinite(target)) throw new RangeError(`performance: target must be finite or null, got ${target}`);
  const out: Record<string, unknown> = { target };
  let sq = 0;
  if (target !== null) {
    for (let i = 0; i < m.R; i++) {
      const e = estimates[i] - target;
      sq += e * e;
    }
  }
  for (const spec of TARGET_MEASURES) {
    out[spec.key] = target === null || m.R === 0 ? notAvailable(spec) : spec.compute({ estimates, moments: m, mcse, target, sq });
  }
  return out as TargetMeasures; // every key of the type, built from the same table
}

/**
 * The scale of a measure's value for comparisons to rounding, given the scale of the estimates (e.g. |θ̄| +
 * EmpSE + |θ|): the same, its square, divided by |θ| (relative measures; unchanged at θ = 0 or null), or 1.
 */
export function unitScale(unit: MeasureUnit, estimateScale: number, target: number | null): number {
  switch (unit) {
    case 'estimate':
      return estimateScale;
    case 'squared':
      return estimateScale * estimateScale;
    case 'relative':
      return target === null || target === 0 ? estimateScale : estimateScale / Math.abs(target);
    case 'proportion':
      return 1;
  }
}

// ---- reading a measure from a cell ----------------------------------------------------------------------

/**
 * The parts of a summary cell the measures live in (./cell.ts CellSummary): the counts, the 'estimates'
 * measures and one block per target (null for a target the cell may lack).
 */
export type MeasuredCell = SpreadMeasures & { readonly nTotal: number; readonly nFailed: number } & {
  readonly [T in (typeof TARGETS)[number] as T['block']]: T['always'] extends true ? TargetMeasures : TargetMeasures | null;
} & {
  /** The interval measures per interval method; absent unless the run recorded intervals. */
  readonly inference?: InferenceMeasures;
};

const BLOCK = Object.fromEntries(TARGETS.map((t) => [t.name, t.block])) as Record<TargetName, TargetBlock>;

/**
 * One measure of a cell as a check compares it: a 'target' measure against one target. `name` is what check
 * rows show: the key, or `vsTruth.bias` for a target measure.
 */
export interface MeasureSlot {
  readonly name: string;
  readonly measure: MeasureSpec;
  readonly target: TargetName | null;
  /** The interval method of an 'interval' measure (null for the others). */
  readonly interval: IntervalMethod | null;
}

/**
 * Every slot in check order: the estimates measures, each target's measures, the counts measures, then per
 * interval method the interval measures (`inference.wald.modelSE`, `inference.wald.vsTruth.coverage`).
 */
export const MEASURE_SLOTS: readonly MeasureSlot[] = [
  ...ESTIMATES_MEASURES.map((measure) => ({ name: measure.key, measure, target: null, interval: null })),
  ...TARGETS.flatMap((t) => TARGET_MEASURES.map((measure) => ({ name: `${t.block}.${measure.key}`, measure, target: t.name, interval: null }))),
  ...COUNTS_MEASURES.map((measure) => ({ name: measure.key, measure, target: null, interval: null })),
  ...INTERVAL_METHODS.flatMap((method) => [
    ...INTERVAL_MEASURES.filter((m) => !m.perTarget).map((measure) => ({ name: `inference.${method}.${measure.key}`, measure, target: null, interval: method })),
    ...TARGETS.flatMap((t) =>
      INTERVAL_MEASURES.filter((m) => m.perTarget).map((measure) => ({ name: `inference.${method}.${t.block}.${measure.key}`, measure, target: t.name, interval: method })),
    ),
  ]),
];

/** The block of a cell holding the measures against `target` (null: the cell has no such target). */
export function targetBlock(cell: MeasuredCell, target: TargetName): TargetMeasures | null {
  return cell[BLOCK[target]];
}

/**
 * A measure of a cell: the stored value (null when its block is absent), or one computed from the counts. An
 * interval measure is read for `interval` (default wald), against `target` when it is per target.
 */
export function readMeasure(cell: MeasuredCell, measure: MeasureSpec, target: TargetName | null = null, interval: IntervalMethod | null = null): ValueWithMcse | null {
  switch (measure.scope) {
    case 'interval': {
      const set = cell.inference?.[interval ?? 'wald'];
      if (set === undefined) return null;
      const holder = measure.perTarget ? set[BLOCK[target ?? 'truth']] : set;
      return holder === null ? null : ((holder as unknown as MeasureRecord)[measure.key] ?? null);
    }
    case 'estimates':
      return (cell as unknown as MeasureRecord)[measure.key] ?? null;
    case 'target': {
      const block = targetBlock(cell, target ?? 'truth');
      return block === null ? null : ((block as unknown as MeasureRecord)[measure.key] ?? null);
    }
    case 'counts':
      return measure.fromCounts(cell.nFailed, cell.nTotal);
  }
}

/** A slot of a cell, or null where it does not exist or its value is null. */
export function readSlot(cell: MeasuredCell, slot: MeasureSlot): ValueWithMcse | null {
  const v = readMeasure(cell, slot.measure, slot.target, slot.interval);
  return v === null || v.value === null ? null : v;
}

/**
 * A slot computed afresh from finite estimates (a cell's used per-replication values) against `target`; null
 * for a counts measure (it needs the failures, not the values) or an undefined value.
 */
export function computeSlot(slot: MeasureSlot, estimates: readonly number[], target: number | null): ValueWithMcse | null {
  const m = slot.measure;
  if (m.scope === 'counts' || m.scope === 'interval') return null;
  const all = (m.scope === 'estimates' ? spreadMeasures(estimates) : targetMeasures(estimates, target)) as unknown as MeasureRecord;
  const v = all[m.key] ?? null;
  return v === null || v.value === null ? null : v;
}

/** The θ of a slot in a cell (null for measures without a target, or when the cell has none). */
export function slotTarget(cell: MeasuredCell, slot: MeasureSlot): number | null {
  return slot.target === null ? null : (targetBlock(cell, slot.target)?.target ?? null);
}

/**
 * What a paired check compares for a slot, given the values of the replications both runs used (x new, y base,
 * in the same order): the per-replication differences dᵣ, or the statistic of each run for a jackknife. Null
 * when the measure is undefined in either run (no θ, a term not finite) or is compared by counts (McNemar).
 */
export type PairedInput =
  | { readonly kind: 'mean-difference'; readonly d: number[] }
  | { readonly kind: 'jackknife'; readonly next: LeaveOneOut; readonly base: LeaveOneOut };

function pairedOf<P extends unknown[]>(rule: PairedRule<P>, x: readonly number[], y: readonly number[], atNext: P, atBase: P): PairedInput | null {
  if (rule.kind === 'jackknife') return { kind: 'jackknife', next: rule.statistic(x, ...atNext), base: rule.statistic(y, ...atBase) };
  const d = x.map((v, i) => rule.term(v, ...atNext) - rule.term(y[i], ...atBase));
  return d.every(Number.isFinite) ? { kind: 'mean-difference', d } : null;
}

export function pairedInput(slot: MeasureSlot, x: readonly number[], y: readonly number[], next: MeasuredCell, base: MeasuredCell): PairedInput | null {
  const m = slot.measure;
  switch (m.scope) {
    case 'estimates':
      return pairedOf(m.paired, x, y, [], []);
    case 'target': {
      const tn = slotTarget(next, slot);
      const tb = slotTarget(base, slot);
      return tn === null || tb === null ? null : pairedOf(m.paired, x, y, [tn], [tb]);
    }
    case 'counts':
    case 'interval':
      return null;
  }
}

// ---- words ---------------------------------------------------------------------------------------------

function list(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const MCSE_SENTENCE: Record<McseKind, (measures: string) => string> = {
  jackknife: (m) => `jackknife for ${m}, valid whatever the distribution of the estimates (Efron & Stein 1981; Boos & Osborne 2015)`,
  mean: (m) => `the SE of a mean for ${m}`,
  binomial: (m) => `the binomial SE for ${m}`,
};

/** One sentence naming the MCSE forms of the stored measures, recorded in summary.json (`mcse`) and said in the report. */
export const MCSE_DESCRIPTION = (['jackknife', 'mean', 'binomial'] as const)
  .map((kind) => ({ kind, nouns: MEASURES.filter((m) => (m.scope === 'estimates' || m.scope === 'target') && m.mcse === kind).map((m) => m.noun) }))
  .filter((g) => g.nouns.length > 0)
  .map((g) => MCSE_SENTENCE[g.kind](list(g.nouns)))
  .join('; ');
