/**
 * Paired-mode comparison of one cell (common random numbers: same config and seed, so replication r of both
 * runs fitted the same data). Over the m replications used by both runs, each measure is compared as its entry
 * in the measure table says (src/performance/measures.ts `paired`), with x = new, y = base estimates and each
 * run's own target θ:
 *   a mean of per-replication terms (mean, bias, relative bias, MSE): dᵣ = term(xᵣ, θ_new) − term(yᵣ, θ_base),
 *   diff = d̄ and SE = s_d/√m (s_d the sample SD of d), so z = d̄/(s_d/√m);
 *   a statistic of all values (EmpSE, RMSE): diff = T(x) − T(y) with the jackknife SE
 *   √((m−1)/m · Σ_r (D_(r) − D̄)²), D_(r) the difference with replication r left out (for a mean the jackknife
 *   gives s_d/√m exactly, so the two rules agree where both apply);
 *   the failure rate: McNemar — b (used only in the baseline), c (only in the new run): diff = (b − c)/R,
 *   SE = √(b + c)/R.
 * Because x_r and y_r share the data, s_d is far smaller than the sampling SD of either run, so a shift of a
 * fraction of an MCSE is detected; when every value is equal the cell is identical (z = 0). z is referred to
 * Student's t with m − 1 degrees of freedom (McNemar's to the normal) for the family-wise correction.
 *
 * The stored measures are compared too, not only the per-replication values: when both runs used the same
 * replications, the summary's new − base must equal the paired difference recomputed from the values (to
 * floating-point rounding), or the row is a regression saying the two disagree. A baseline whose summary
 * was edited without its values (or the reverse) can therefore not pass as "diff 0"; ./consistency.ts
 * refuses such a baseline before any comparison, this is the second line.
 */
import { jackknifeSe } from '../performance/mcse.js';
import { MEASURE_SLOTS, pairedInput, readSlot, type MeasureSlot } from '../performance/measureAccess.js';
import { moments } from '../performance/moments.js';
import type { SummaryCell } from '../results/summary.js';
import { compareMeasureIndependent, compareTargets } from './compare.js';
import { judge, type Comparison, type Thresholds } from './measures.js';

/** Fewer common replications than this: the measure falls back to the independent comparison. */
const MIN_PAIRS = 3;

interface Paired {
  readonly diff: number;
  readonly se: number;
  /** Degrees of freedom of diff/se (null: normal). */
  readonly df: number | null;
}

/** Relative tolerance for a stored difference against the one recomputed from the values (rounding only). */
const STORED_RTOL = 1e-9;

/** The paired difference of a measure over the common replications x (new) and y (base); null if undefined. */
function pairedEstimate(slot: MeasureSlot, x: readonly number[], y: readonly number[], base: SummaryCell, next: SummaryCell): Paired | null {
  const input = pairedInput(slot, x, y, next, base);
  if (input === null) return null;
  const m = x.length;
  if (input.kind === 'mean-difference') {
    const { mean, ss } = moments(input.d);
    return { diff: mean, se: Math.sqrt(ss / (m - 1) / m), df: m - 1 };
  }
  const D = new Float64Array(m);
  for (let i = 0; i < m; i++) D[i] = input.next.loo[i] - input.base.loo[i];
  return { diff: input.next.full - input.base.full, se: jackknifeSe(D), df: m - 1 };
}

/** Every measure of a cell, paired over replications; `baseValues`/`nextValues` as in ./replicationValues.ts. */
export function comparePaired(
  base: SummaryCell,
  next: SummaryCell,
  baseValues: readonly (number | null)[],
  nextValues: readonly (number | null)[],
  t: Thresholds,
): Comparison[] {
  if (baseValues.length !== nextValues.length) throw new RangeError(`comparePaired: ${baseValues.length} vs ${nextValues.length} replications`);
  const R = baseValues.length;
  const x: number[] = [];
  const y: number[] = [];
  let onlyBase = 0;
  let onlyNext = 0;
  for (let r = 0; r < R; r++) {
    const b = baseValues[r];
    const n = nextValues[r];
    if (b !== null && n !== null) {
      x.push(n);
      y.push(b);
    } else if (b !== null) onlyBase++;
    else if (n !== null) onlyNext++;
  }
  const identity = { condition: base.condition, estimator: base.estimator, estimand: base.estimand };
  const sameUse = onlyBase + onlyNext === 0;
  const sameValues = sameUse && x.every((v, i) => v === y[i]);
  const rows: Comparison[] = [];
  for (const slot of MEASURE_SLOTS) {
    const b = readSlot(base, slot);
    const n = readSlot(next, slot);
    if (b === null && n === null) continue;
    if (b === null || n === null) {
      const row = compareMeasureIndependent(base, next, slot, t);
      if (row !== null) rows.push(row);
      continue;
    }
    // Interval measures: the baseline keeps no per-replication intervals to pair (the measure table's `paired`).
    if (slot.measure.paired.kind === 'independent') {
      const row = compareMeasureIndependent(base, next, slot, t, 'no per-replication intervals to pair: compared independently (conservative)');
      if (row !== null) rows.push(row);
      continue;
    }
    const row = { ...identity, measure: slot.name, mode: 'paired' as const, base: b, next: n };
    const stored = (n.value as number) - (b.value as number);
    // McNemar compares which replications each run used, not their values.
    const byUse = slot.measure.paired.kind === 'mcnemar';
    if (stored === 0 && (byUse ? sameUse : sameValues)) {
      rows.push({ ...row, diff: 0, se: null, z: 0, p: 1, verdict: 'identical' });
      continue;
    }
    let p: Paired | null;
    if (byUse) {
      p = { diff: (onlyBase - onlyNext) / R, se: Math.sqrt(onlyBase + onlyNext) / R, df: null };
    } else {
      p = x.length >= MIN_PAIRS ? pairedEstimate(slot, x, y, base, next) : null;
    }
    if (p === null) {
      const fallback = compareMeasureIndependent(base, next, slot, t, `only ${x.length} common replications: compared independently`);
      if (fallback !== null) rows.push(fallback);
      continue;
    }
    // Where the stored measures are functions of exactly the paired values, they must agree with them.
    if (byUse || sameUse) {
      const scale = Math.max(Math.abs(b.value as number), Math.abs(n.value as number), b.mcse ?? 0, n.mcse ?? 0);
      if (Math.abs(stored - p.diff) > STORED_RTOL * scale) {
        rows.push({
          ...row,
          diff: stored,
          se: p.se,
          z: null,
          p: null,
          verdict: 'regression',
          note:
            `the stored measures differ by ${stored.toPrecision(4)} but the per-replication values by ${p.diff.toPrecision(4)}: ` +
            'a summary and its values disagree (baseline edited?)',
        });
        continue;
      }
    }
    if (p.diff === 0) {
      const note = byUse
        ? `${onlyBase} fits failed only in the baseline and as many only in the new run`
        : sameUse
          ? 'the per-replication values give no difference'
          : 'equal on the common replications; differs through failed ones (see failRate)';
      rows.push({ ...row, diff: 0, se: p.se, z: 0, p: 1, verdict: 'ok', note });
      continue;
    }
    const j = judge(p.diff, p.se, b.mcse, t, p.df);
    const over = sameUse || byUse ? undefined : `over the ${x.length} replications both used (${onlyBase} only in the baseline, ${onlyNext} only in the new run)`;
    const note = [j.note, over].filter((v) => v !== undefined).join('; ');
    rows.push({ ...row, diff: p.diff, se: p.se, z: j.z, p: j.p, verdict: j.verdict, ...(note === '' ? {} : { note }) });
  }
  return [...rows, ...compareTargets(base, next, t)];
}
