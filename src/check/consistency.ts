/**
 * Internal consistency of a baseline: its numbers must agree with each other, or the baseline is unusable
 * input (exit 2) — a check against a summary that was edited by hand, or whose per-replication values were,
 * would judge the new run against numbers no run produced.
 *
 * What is required, cell by cell:
 * - every value and MCSE is null or finite, and every MCSE is ≥ 0 (a negative or infinite MCSE would turn
 *   any difference into "noise" or any noise into a regression);
 * - the counts add up: nUsed + nFailed = nTotal = replications, the failure reasons sum to nFailed;
 * - each target block belongs to its target (vsTruth.target = truth, vsLimit present iff limit is), and the
 *   measures obey the identities of their definitions (`identities` in the measure table,
 *   src/performance/measures.ts; Morris, White & Crowther 2019, Table 6): bias = θ̄ − θ, relBias = bias/θ,
 *   RMSE = √MSE, MSE = bias² + (R − 1)/R·EmpSE², MCSE(bias) = MCSE(θ̄), MCSE(relBias) = MCSE(θ̄)/|θ|;
 * - where the baseline stores the cell's per-replication values (./replicationValues.ts), the measures
 *   recomputed from them with src/performance equal the stored ones: every field, including the MCSEs that are
 *   standard errors of means (the mean, bias, relative bias and MSE: the same formula in every version). The
 *   MCSEs of the EmpSE and the RMSE have had three forms (normal-theory, kurtosis-corrected delta method, and
 *   the jackknife of today: src/performance/mcse.ts); a stored one must equal the recomputation under one of
 *   them, so an honest baseline of any version reads and an inflated or shrunk MCSE — which would excuse any
 *   shift as noise, or call noise a regression — does not.
 * "Equal" means equal to floating-point rounding: |a − b| ≤ 1e-9·max(|a|, |b|, the cell's scale), where the
 * scale is |θ̄| + EmpSE + |θ| in the units of the measure (squared for the MSE, over |θ| for the relative bias);
 * a tampering of 0.05 on a mean of 2 is 2.5e7 times that.
 */
import { DEFAULT_MCSE_METHOD, distanceToTarget, spread, type McseMethod } from '../performance/index.js';
import { MEASURE_SLOTS, readMeasure, slotTarget, TARGET_MEASURES, TARGETS, targetBlock, unitScale, type MeasureRecord, type MeasureSlot } from '../performance/measureAccess.js';
import type { ValueWithMcse } from '../performance/types.js';
import type { SummaryCell } from '../results/summary.js';
import { UserError } from '../errors/userError.js';
import type { Baseline } from './baseline.js';
import { cellKey } from './measures.js';

const RTOL = 1e-9;

/** Every form the MCSE of a jackknife measure has had in a written summary (src/performance/mcse.ts). */
const MCSE_FORMS: readonly McseMethod[] = ['jackknife', 'delta', 'normal'];

function near(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= RTOL * Math.max(Math.abs(a), Math.abs(b), scale);
}

function fmt(x: number | null): string {
  return x === null ? 'null' : Number(x.toPrecision(8)).toString();
}

/** A stored measure of a cell: its slot and its value (a field may be null where undefined). */
type Stored = [slot: MeasureSlot, v: ValueWithMcse];

/** Every measure the cell stores, in table order (counts measures are not stored; an absent block has none). */
function storedMeasures(c: SummaryCell): Stored[] {
  const out: Stored[] = [];
  for (const slot of MEASURE_SLOTS) {
    if (slot.measure.scope === 'counts') continue;
    const v = readMeasure(c, slot.measure, slot.target, slot.interval);
    if (v !== null) out.push([slot, v]);
  }
  return out;
}

/** One numeric field of a measure's value (null where undefined or absent). */
function field(v: ValueWithMcse | undefined, name: string): number | null {
  return v === undefined ? null : ((v as unknown as Readonly<Record<string, number | null>>)[name] ?? null);
}

/** Problems of one cell that need no per-replication values. */
function cellProblems(c: SummaryCell, replications: number): string[] {
  const out: string[] = [];
  for (const [slot, v] of storedMeasures(c)) {
    for (const f of slot.measure.fields) {
      const x = field(v, f);
      if (x === null) continue;
      if (f === 'mcse') {
        if (!(Number.isFinite(x) && x >= 0)) out.push(`${slot.name}.mcse = ${x}: an MCSE must be finite and ≥ 0`);
      } else if (!Number.isFinite(x)) out.push(`${slot.name}.${f} = ${x}: not a finite number`);
    }
  }
  if (c.nTotal !== replications) out.push(`nTotal = ${c.nTotal}, but the baseline has ${replications} replications`);
  if (c.nUsed + c.nFailed !== c.nTotal) out.push(`nUsed + nFailed = ${c.nUsed} + ${c.nFailed} ≠ nTotal = ${c.nTotal}`);
  const reasons = Object.values(c.failures).reduce((s, k) => s + k, 0);
  if (reasons !== c.nFailed) out.push(`the failure reasons sum to ${reasons}, not nFailed = ${c.nFailed}`);
  if (out.length > 0) return out;

  // The identities of the measure table, against each target; the scale of the estimates is |θ̄| + EmpSE + |θ|.
  const mean = c.mean.value;
  const empSE = c.empSE.value ?? 0;
  for (const t of TARGETS) {
    const block = targetBlock(c, t.name);
    const target = c[t.name];
    if (block === null) {
      if (target !== null) out.push(`${t.block} is missing although ${t.name} = ${fmt(target)}`);
      continue;
    }
    if (block.target !== target) {
      out.push(`${t.block}.target = ${fmt(block.target)} ≠ ${t.name} = ${fmt(target)}`);
      continue;
    }
    if (target === null || mean === null) continue;
    const scale = Math.abs(mean) + empSE + Math.abs(target);
    const at = { estimates: c as unknown as MeasureRecord, block: block as unknown as MeasureRecord, target, R: c.nUsed };
    for (const m of TARGET_MEASURES) {
      for (const identity of m.identities ?? []) {
        const stored = field(at.block[m.key], identity.field);
        const implied = identity.implied(at);
        if (stored === null || implied === null || near(stored, implied, unitScale(m.unit, scale, target))) continue;
        out.push(`${t.block}.${m.key}.${identity.field} = ${fmt(stored)}, but ${identity.says} = ${fmt(implied)}`);
      }
    }
  }
  return out;
}

/**
 * Stored measures against those recomputed from the cell's own per-replication values: every field; the MCSE of
 * a jackknife measure may match any form a summary has used (see the module comment), which is recomputed only
 * when today's form does not match.
 */
function valueProblems(c: SummaryCell, values: readonly (number | null)[]): string[] {
  const used = values.filter((v): v is number => v !== null);
  if (used.length !== c.nUsed) return [`${used.length} stored replication values are used, but nUsed = ${c.nUsed}`];
  const measuresBy = (mcse: McseMethod) => {
    const re = {
      ...spread(used, { mcse }),
      vsTruth: distanceToTarget(used, c.truth, { mcse }),
      vsLimit: c.limit === null ? null : distanceToTarget(used, c.limit, { mcse }),
    };
    return new Map(storedMeasures({ ...c, ...re }).map(([slot, v]) => [slot.name, v]));
  };
  const recomputed = measuresBy(DEFAULT_MCSE_METHOD);
  let earlier: Map<string, ValueWithMcse>[] | null = null;
  const earlierForms = (): Map<string, ValueWithMcse>[] => (earlier ??= MCSE_FORMS.filter((m) => m !== DEFAULT_MCSE_METHOD).map(measuresBy));
  const mean = field(recomputed.get('mean'), 'value') ?? 0;
  const empSE = field(recomputed.get('empSE'), 'value') ?? 0;
  const scale = Math.abs(mean) + empSE + Math.abs(c.truth ?? 0) + Math.abs(c.limit ?? 0);
  const out: string[] = [];
  for (const [slot, stored] of storedMeasures(c)) {
    const again = recomputed.get(slot.name);
    if (again === undefined) continue;
    const s = unitScale(slot.measure.unit, scale, slotTarget(c, slot));
    for (const f of slot.measure.fields) {
      const a = field(stored, f);
      const b = field(again, f);
      const equal = (x: number | null): boolean => (a === null || x === null ? a === x : near(a, x, s));
      const same = equal(b) || (f === 'mcse' && slot.measure.mcse === 'jackknife' && earlierForms().some((m) => equal(field(m.get(slot.name), f))));
      if (!same) {
        out.push(`${slot.name}.${f} = ${fmt(a)}, but its ${used.length} stored replication values give ${fmt(b)}`);
        break;
      }
    }
  }
  return out;
}

/** Every inconsistency of a baseline's numbers, each naming the cell and measure; empty when consistent. */
export function baselineInconsistencies(b: Baseline): string[] {
  const values = new Map(b.paired.cells.map((c) => [cellKey(c), c.values]));
  const out: string[] = [];
  b.cells.forEach((c, i) => {
    const where = `cells[${i}] (${c.condition} ${c.estimator} ${c.estimand})`;
    const problems = cellProblems(c, b.replications);
    const v = values.get(cellKey(c));
    if (problems.length === 0 && v !== undefined) problems.push(...valueProblems(c, v));
    for (const p of problems) out.push(`${where}: ${p}`);
  });
  return out;
}

/** Throws the exit-2 error for an inconsistent baseline (one line, naming the first few problems). */
export function assertConsistentBaseline(b: Baseline, path: string): void {
  const problems = baselineInconsistencies(b);
  if (problems.length === 0) return;
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  throw new UserError(
    `${path}: inconsistent baseline, its numbers disagree with each other (edited by hand?): ${shown}${more}; ` +
      'regenerate it with `mixstudy run <config>` then `mixstudy baseline <name>`',
  );
}
