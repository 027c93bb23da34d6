/**
 * Independent-mode comparison of one summary cell with its baseline (docs/ARCHITECTURE.md §7): for every performance
 * measure θ̂ with Monte Carlo SE,
 *   z = (θ̂_new − θ̂_base) / √(MCSE_new² + MCSE_base²),
 * valid when the two runs are independent (different seeds). The failure rate p = nFailed/N uses the pooled
 * two-proportion SE √(p̄(1−p̄)(1/N_base + 1/N_new)), p̄ the pooled rate. Targets (truth, k-means limit) are
 * exact numbers and compared exactly (./measures.ts, compareTarget).
 *
 * EmpSE: summaries written before the jackknife MCSE (src/performance/mcse.ts) hold Morris et al.'s
 * EmpSE/√(2(R−1)), which assumes normal estimates and understates the MCSE by √((κ−1)/2) at kurtosis κ — badly
 * for heavy-tailed quantities such as EM's iteration counts, which would then raise false alarms against an
 * old baseline. Where per-replication values exist on both sides (configured estimands and iterations) the
 * check therefore recomputes the EmpSE's MCSE from them with the summary's own (jackknife) formula.
 *
 * z is referred to Student's t with the Welch–Satterthwaite degrees of freedom
 *   ν = (MCSE_new² + MCSE_base²)² / (MCSE_new⁴/(R_new − 1) + MCSE_base⁴/(R_base − 1))
 * (Welch 1947, Biometrika 34:28–35; R the replications each side used), the failure rate to the normal. When
 * both MCSEs are 0 the measure was constant on both sides: equal values are identical, different ones are a
 * change no noise explains (|z| = ∞), said so in the row's note.
 *
 * With common random numbers the two runs are positively correlated and this SE is conservative (too large);
 * ./paired.ts is then the sensitive test. Cells with no per-replication values in the baseline (diagnostics
 * other than iterations) are compared here even in paired mode.
 */
import { spread } from '../performance/index.js';
import type { ValueWithMcse } from '../performance/types.js';
import type { SummaryCell } from '../runner/summary.js';
import { compareTarget, judge, MEASURES, measureOf, type Comparison, type MeasureName, type TargetName, type Thresholds } from './measures.js';

type Identity = Pick<Comparison, 'condition' | 'estimator' | 'estimand'>;

/** Per-replication values of a cell on both sides (./replicationValues.ts), when known. */
export interface SideValues {
  readonly base: readonly (number | null)[];
  readonly next: readonly (number | null)[];
}

/** EmpSE with the summary's (kurtosis-robust) MCSE, from the values a cell used; null below 3 values. */
function robustEmpSe(values: readonly (number | null)[]): ValueWithMcse | null {
  const used = values.filter((v): v is number => v !== null);
  const empSE = spread(used).empSE;
  return empSE.mcse === null ? null : empSE;
}

function identity(c: SummaryCell): Identity {
  return { condition: c.condition, estimator: c.estimator, estimand: c.estimand };
}

/** SE of the difference of two independent estimates of `measure`; null when either MCSE is unknown. */
function independentSe(base: SummaryCell, next: SummaryCell, measure: MeasureName): number | null {
  if (measure === 'failRate') {
    const nb = base.nTotal;
    const nn = next.nTotal;
    const p = (base.nFailed + next.nFailed) / (nb + nn);
    return Math.sqrt(p * (1 - p) * (1 / nb + 1 / nn));
  }
  const b = measureOf(base, measure);
  const n = measureOf(next, measure);
  if (b === null || n === null || b.mcse === null || n.mcse === null) return null;
  return Math.hypot(b.mcse, n.mcse);
}

/** Welch–Satterthwaite degrees of freedom of a difference of two independent estimates; null when undefined. */
export function welchDf(mcseBase: number, nBase: number, mcseNext: number, nNext: number): number | null {
  const a = mcseBase * mcseBase;
  const b = mcseNext * mcseNext;
  if (!(a + b > 0) || nBase < 2 || nNext < 2) return null;
  return ((a + b) * (a + b)) / ((a * a) / (nBase - 1) + (b * b) / (nNext - 1));
}

/** One measure, independent mode; null when the measure exists on neither side. */
export function compareMeasureIndependent(
  base: SummaryCell,
  next: SummaryCell,
  measure: MeasureName,
  t: Thresholds,
  note?: string,
  values?: SideValues,
): Comparison | null {
  let b = measureOf(base, measure);
  let n = measureOf(next, measure);
  if (b === null && n === null) return null;
  let robust = false;
  if (measure === 'empSE' && values !== undefined && b !== null && n !== null) {
    const rb = robustEmpSe(values.base);
    const rn = robustEmpSe(values.next);
    if (rb !== null && rn !== null) {
      b = { value: b.value, mcse: rb.mcse };
      n = { value: n.value, mcse: rn.mcse };
      robust = true;
    }
  }
  const row = { ...identity(base), measure, mode: 'independent' as const, base: b, next: n };
  if (b === null) return { ...row, diff: null, se: null, z: null, p: null, verdict: 'new', note: 'no baseline value' };
  if (n === null) return { ...row, diff: null, se: null, z: null, p: null, verdict: 'missing', note: 'no longer computed' };
  const diff = (n.value as number) - (b.value as number);
  const se = robust ? Math.hypot(b.mcse as number, n.mcse as number) : independentSe(base, next, measure);
  const df = measure === 'failRate' || b.mcse === null || n.mcse === null ? null : welchDf(b.mcse, base.nUsed, n.mcse, next.nUsed);
  const j = judge(diff, se, b.mcse, t, df);
  const constant = se === 0 && diff !== 0 ? 'constant on both sides (MCSE 0) but different: a change no Monte Carlo noise explains' : undefined;
  const joined = [j.note, constant, note, robust ? 'kurtosis-robust MCSE' : undefined].filter((x) => x !== undefined).join('; ');
  return { ...row, diff, se, z: j.z, p: j.p, verdict: j.verdict, ...(joined === '' ? {} : { note: joined }) };
}

/** The truth and limit rows of a cell (only where either side has that target). */
export function compareTargets(base: SummaryCell, next: SummaryCell, t: Thresholds): Comparison[] {
  const out: Comparison[] = [];
  for (const target of ['truth', 'limit'] as const satisfies readonly TargetName[]) {
    const b = target === 'truth' ? base.truth : base.limit;
    const n = target === 'truth' ? next.truth : next.limit;
    if (b === null && n === null) continue;
    const c = compareTarget(b, n, base.mean.mcse, t);
    out.push({
      ...identity(base),
      measure: target,
      mode: 'exact',
      base: b === null ? null : { value: b, mcse: null },
      next: n === null ? null : { value: n, mcse: null },
      diff: b === null || n === null ? null : n - b,
      se: null,
      z: null,
      p: null,
      ...c,
    });
  }
  return out;
}

/** A cell present on one side only: one row saying so. */
export function absentCell(present: SummaryCell, side: 'base' | 'next'): Comparison {
  const v = measureOf(present, 'mean');
  return {
    ...identity(present),
    measure: 'mean',
    mode: 'independent',
    base: side === 'base' ? v : null,
    next: side === 'next' ? v : null,
    diff: null,
    se: null,
    z: null,
    p: null,
    verdict: side === 'base' ? 'missing' : 'new',
    note: side === 'base' ? 'cell missing from the new results' : 'cell not in the baseline',
  };
}

/** Every measure of a cell, independent mode, plus its targets. */
export function compareIndependent(base: SummaryCell, next: SummaryCell, t: Thresholds, values?: SideValues): Comparison[] {
  const rows: Comparison[] = [];
  for (const m of MEASURES) {
    const row = compareMeasureIndependent(base, next, m, t, undefined, values);
    if (row !== null) rows.push(row);
  }
  return [...rows, ...compareTargets(base, next, t)];
}
