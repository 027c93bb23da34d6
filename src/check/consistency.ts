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
 *   measures obey their definitions (src/performance/summarise.ts; Morris, White & Crowther 2019, Table 6):
 *   bias = θ̄ − θ, relBias = bias/θ, RMSE = √MSE, MSE = bias² + (R − 1)/R·EmpSE², MCSE(bias) = MCSE(θ̄),
 *   MCSE(relBias) = MCSE(θ̄)/|θ|;
 * - where the baseline stores the cell's per-replication values (./replicationValues.ts), the measures
 *   recomputed from them with src/performance equal the stored ones: every value, and the MCSEs of the mean,
 *   bias, relative bias and MSE (standard errors of means, the same formula in every version). The MCSEs of
 *   EmpSE and RMSE are approximations whose form may change between versions (normal-theory or
 *   kurtosis-robust), so for them only finiteness and sign are required: a version change must not make an
 *   honest baseline unreadable.
 * "Equal" means equal to floating-point rounding: |a − b| ≤ 1e-9·max(|a|, |b|, the cell's scale), where the
 * scale is |θ̄| + EmpSE + |θ| (squared for the MSE); a tampering of 0.05 on a mean of 2 is 2.5e7 times that.
 */
import { distanceToTarget, spread } from '../performance/index.js';
import type { TargetMeasures, ValueWithMcse } from '../performance/types.js';
import type { SummaryCell } from '../runner/summary.js';
import { UserError } from '../errors/userError.js';
import type { Baseline } from './baseline.js';
import { cellKey } from './measures.js';

const RTOL = 1e-9;

function near(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= RTOL * Math.max(Math.abs(a), Math.abs(b), scale);
}

function fmt(x: number | null): string {
  return x === null ? 'null' : Number(x.toPrecision(8)).toString();
}

type Field = [name: string, v: ValueWithMcse];

function fields(c: SummaryCell): Field[] {
  const out: Field[] = [
    ['mean', c.mean],
    ['empSE', c.empSE],
  ];
  const blocks: [string, TargetMeasures | null][] = [
    ['vsTruth', c.vsTruth],
    ['vsLimit', c.vsLimit],
  ];
  for (const [block, m] of blocks) {
    if (m === null) continue;
    out.push([`${block}.bias`, m.bias], [`${block}.relBias`, m.relBias], [`${block}.mse`, m.mse], [`${block}.rmse`, m.rmse]);
  }
  return out;
}

/** Problems of one cell that need no per-replication values. */
function cellProblems(c: SummaryCell, replications: number): string[] {
  const out: string[] = [];
  for (const [name, v] of fields(c)) {
    if (v.value !== null && !Number.isFinite(v.value)) out.push(`${name}.value = ${v.value}: not a finite number`);
    if (v.mcse !== null && !(Number.isFinite(v.mcse) && v.mcse >= 0)) out.push(`${name}.mcse = ${v.mcse}: an MCSE must be finite and ≥ 0`);
  }
  if (c.nTotal !== replications) out.push(`nTotal = ${c.nTotal}, but the baseline has ${replications} replications`);
  if (c.nUsed + c.nFailed !== c.nTotal) out.push(`nUsed + nFailed = ${c.nUsed} + ${c.nFailed} ≠ nTotal = ${c.nTotal}`);
  const reasons = Object.values(c.failures).reduce((s, k) => s + k, 0);
  if (reasons !== c.nFailed) out.push(`the failure reasons sum to ${reasons}, not nFailed = ${c.nFailed}`);
  if (out.length > 0) return out;

  const mean = c.mean.value;
  const empSE = c.empSE.value ?? 0;
  const R = c.nUsed;
  const blocks: [string, TargetMeasures | null, number | null][] = [
    ['vsTruth', c.vsTruth, c.truth],
    ['vsLimit', c.vsLimit, c.limit],
  ];
  for (const [block, m, target] of blocks) {
    if (m === null) {
      if (target !== null) out.push(`${block} is missing although ${block === 'vsTruth' ? 'truth' : 'limit'} = ${fmt(target)}`);
      continue;
    }
    if (m.target !== target) {
      out.push(`${block}.target = ${fmt(m.target)} ≠ ${block === 'vsTruth' ? 'truth' : 'limit'} = ${fmt(target)}`);
      continue;
    }
    if (target === null || mean === null) continue;
    const scale = Math.abs(mean) + empSE + Math.abs(target);
    const { bias, relBias, mse, rmse } = m;
    if (bias.value !== null && !near(bias.value, mean - target, scale)) {
      out.push(`${block}.bias.value = ${fmt(bias.value)}, but mean − target = ${fmt(mean - target)}`);
    }
    if (bias.mcse !== null && c.mean.mcse !== null && !near(bias.mcse, c.mean.mcse, scale)) {
      out.push(`${block}.bias.mcse = ${fmt(bias.mcse)} ≠ mean.mcse = ${fmt(c.mean.mcse)}`);
    }
    if (target !== 0 && bias.value !== null && relBias.value !== null && !near(relBias.value, bias.value / target, scale / Math.abs(target))) {
      out.push(`${block}.relBias.value = ${fmt(relBias.value)}, but bias/target = ${fmt(bias.value / target)}`);
    }
    if (target !== 0 && relBias.mcse !== null && c.mean.mcse !== null && !near(relBias.mcse, c.mean.mcse / Math.abs(target), scale / Math.abs(target))) {
      out.push(`${block}.relBias.mcse = ${fmt(relBias.mcse)} ≠ mean.mcse/|target| = ${fmt(c.mean.mcse / Math.abs(target))}`);
    }
    if (mse.value !== null && rmse.value !== null && !near(rmse.value, Math.sqrt(Math.max(0, mse.value)), scale)) {
      out.push(`${block}.rmse.value = ${fmt(rmse.value)}, but √mse = ${fmt(Math.sqrt(Math.max(0, mse.value)))}`);
    }
    if (R >= 2 && mse.value !== null && bias.value !== null && c.empSE.value !== null) {
      const implied = bias.value * bias.value + ((R - 1) / R) * c.empSE.value * c.empSE.value;
      if (!near(mse.value, implied, scale * scale)) {
        out.push(`${block}.mse.value = ${fmt(mse.value)}, but bias² + (R − 1)/R·empSE² = ${fmt(implied)}`);
      }
    }
  }
  return out;
}

/** Stored measures against those recomputed from the cell's own per-replication values. */
function valueProblems(c: SummaryCell, values: readonly (number | null)[]): string[] {
  const used = values.filter((v): v is number => v !== null);
  if (used.length !== c.nUsed) return [`${used.length} stored replication values are used, but nUsed = ${c.nUsed}`];
  const re = {
    ...spread(used),
    vsTruth: distanceToTarget(used, c.truth),
    vsLimit: c.limit === null ? null : distanceToTarget(used, c.limit),
  };
  const recomputed = new Map(fields({ ...c, ...re }));
  const scale = Math.abs(re.mean.value ?? 0) + (re.empSE.value ?? 0) + Math.abs(c.truth ?? 0) + Math.abs(c.limit ?? 0);
  const out: string[] = [];
  for (const [name, stored] of fields(c)) {
    const again = recomputed.get(name);
    if (again === undefined) continue;
    const target = name.startsWith('vsLimit') ? c.limit : c.truth;
    const s = name.endsWith('.mse') ? scale * scale : name.endsWith('.relBias') && target !== null && target !== 0 ? scale / Math.abs(target) : scale;
    const sameValue = stored.value === null || again.value === null ? stored.value === again.value : near(stored.value, again.value, s);
    if (!sameValue) {
      out.push(`${name}.value = ${fmt(stored.value)}, but its ${used.length} stored replication values give ${fmt(again.value)}`);
      continue;
    }
    if (name === 'empSE' || name.endsWith('.rmse')) continue; // approximate MCSEs: see the module comment
    const sameMcse = stored.mcse === null || again.mcse === null ? stored.mcse === again.mcse : near(stored.mcse, again.mcse, s);
    if (!sameMcse) out.push(`${name}.mcse = ${fmt(stored.mcse)}, but its ${used.length} stored replication values give ${fmt(again.mcse)}`);
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
