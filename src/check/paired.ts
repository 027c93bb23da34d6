/**
 * Paired-mode comparison of one cell (common random numbers: same config and seed, so replication r of both
 * runs fitted the same data). Over the m replications used by both runs, with x = new, y = base estimates
 * and e = x − θ_new, f = y − θ_base their errors:
 *   mean, bias:  d_r = e_r − f_r (= x_r − y_r when θ is unchanged);  relBias: d_r = e_r/θ_new − f_r/θ_base;
 *   MSE:         d_r = e_r² − f_r²;
 *   each with diff = d̄ and SE = s_d/√m (s_d the sample SD of d), so z = d̄/(s_d/√m);
 *   EmpSE, RMSE (not means of per-replication terms): diff = T(x) − T(y) with the jackknife SE
 *   √((m−1)/m · Σ_r (D_(r) − D̄)²), D_(r) the difference with replication r left out (for the mean the
 *   jackknife gives s_d/√m exactly, so the two rules agree where both apply);
 *   failure rate: McNemar — b (used only in the baseline), c (only in the new run): diff = (b − c)/R,
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
import type { SummaryCell } from '../runner/summary.js';
import { compareMeasureIndependent, compareTargets } from './compare.js';
import { judge, MEASURES, measureOf, type Comparison, type MeasureName, type Thresholds } from './measures.js';

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

function meanSe(d: readonly number[]): Paired {
  const m = d.length;
  let s = 0;
  for (const v of d) s += v;
  const mean = s / m;
  let ss = 0;
  for (const v of d) ss += (v - mean) * (v - mean);
  return { diff: mean, se: Math.sqrt(ss / (m - 1) / m), df: m - 1 };
}

/** Jackknife SE of T(x) − T(y) given the full and leave-one-out statistics of both samples. */
function jackknife(fullX: number, fullY: number, looX: Float64Array, looY: Float64Array): Paired {
  const m = looX.length;
  const D = new Float64Array(m);
  let s = 0;
  for (let i = 0; i < m; i++) {
    D[i] = looX[i] - looY[i];
    s += D[i];
  }
  const mean = s / m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += (D[i] - mean) * (D[i] - mean);
  return { diff: fullX - fullY, se: Math.sqrt(((m - 1) / m) * ss), df: m - 1 };
}

/** Sample SD and its leave-one-out values (SS_(i) = SS − m/(m−1)·(v_i − v̄)²). */
function sdWithLoo(v: readonly number[]): { full: number; loo: Float64Array } {
  const m = v.length;
  let s = 0;
  for (const x of v) s += x;
  const mean = s / m;
  let ss = 0;
  for (const x of v) ss += (x - mean) * (x - mean);
  const loo = new Float64Array(m);
  for (let i = 0; i < m; i++) loo[i] = Math.sqrt(Math.max(0, ss - (m / (m - 1)) * (v[i] - mean) ** 2) / (m - 2));
  return { full: Math.sqrt(ss / (m - 1)), loo };
}

/** √(Σe²/m) and its leave-one-out values. */
function rmseWithLoo(e: readonly number[]): { full: number; loo: Float64Array } {
  const m = e.length;
  let q = 0;
  for (const x of e) q += x * x;
  const loo = new Float64Array(m);
  for (let i = 0; i < m; i++) loo[i] = Math.sqrt(Math.max(0, q - e[i] * e[i]) / (m - 1));
  return { full: Math.sqrt(q / m), loo };
}

function pairedEstimate(measure: MeasureName, x: readonly number[], y: readonly number[], base: SummaryCell, next: SummaryCell): Paired | null {
  const targetOf = (c: SummaryCell): number | null => (measure.startsWith('vsLimit') ? c.limit : c.truth);
  const tx = targetOf(next);
  const ty = targetOf(base);
  const needsTarget = measure.startsWith('vs');
  if (needsTarget && (tx === null || ty === null)) return null;
  const e = needsTarget ? x.map((v) => v - (tx as number)) : x;
  const f = needsTarget ? y.map((v) => v - (ty as number)) : y;
  switch (measure) {
    case 'mean':
    case 'vsTruth.bias':
    case 'vsLimit.bias':
      return meanSe(e.map((v, i) => v - f[i]));
    case 'vsTruth.relBias':
    case 'vsLimit.relBias':
      if (tx === 0 || ty === 0) return null;
      return meanSe(e.map((v, i) => v / (tx as number) - f[i] / (ty as number)));
    case 'vsTruth.mse':
    case 'vsLimit.mse':
      return meanSe(e.map((v, i) => v * v - f[i] * f[i]));
    case 'empSE': {
      const sx = sdWithLoo(x);
      const sy = sdWithLoo(y);
      return jackknife(sx.full, sy.full, sx.loo, sy.loo);
    }
    case 'vsTruth.rmse':
    case 'vsLimit.rmse': {
      const rx = rmseWithLoo(e);
      const ry = rmseWithLoo(f);
      return jackknife(rx.full, ry.full, rx.loo, ry.loo);
    }
    case 'failRate':
      return null;
  }
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
  for (const measure of MEASURES) {
    const b = measureOf(base, measure);
    const n = measureOf(next, measure);
    if (b === null && n === null) continue;
    if (b === null || n === null) {
      const row = compareMeasureIndependent(base, next, measure, t);
      if (row !== null) rows.push(row);
      continue;
    }
    const row = { ...identity, measure, mode: 'paired' as const, base: b, next: n };
    const stored = (n.value as number) - (b.value as number);
    const failRate = measure === 'failRate';
    if (stored === 0 && (failRate ? sameUse : sameValues)) {
      rows.push({ ...row, diff: 0, se: null, z: 0, p: 1, verdict: 'identical' });
      continue;
    }
    let p: Paired | null;
    if (failRate) {
      p = { diff: (onlyBase - onlyNext) / R, se: Math.sqrt(onlyBase + onlyNext) / R, df: null };
    } else {
      p = x.length >= MIN_PAIRS ? pairedEstimate(measure, x, y, base, next) : null;
    }
    if (p === null) {
      const fallback = compareMeasureIndependent(base, next, measure, t, `only ${x.length} common replications: compared independently`);
      if (fallback !== null) rows.push(fallback);
      continue;
    }
    // Where the stored measures are functions of exactly the paired values, they must agree with them.
    if (failRate || sameUse) {
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
      const note = failRate
        ? `${onlyBase} fits failed only in the baseline and as many only in the new run`
        : sameUse
          ? 'the per-replication values give no difference'
          : 'equal on the common replications; differs through failed ones (see failRate)';
      rows.push({ ...row, diff: 0, se: p.se, z: 0, p: 1, verdict: 'ok', note });
      continue;
    }
    const j = judge(p.diff, p.se, b.mcse, t, p.df);
    const over = sameUse || failRate ? undefined : `over the ${x.length} replications both used (${onlyBase} only in the baseline, ${onlyNext} only in the new run)`;
    const note = [j.note, over].filter((v) => v !== undefined).join('; ');
    rows.push({ ...row, diff: p.diff, se: p.se, z: j.z, p: j.p, verdict: j.verdict, ...(note === '' ? {} : { note }) });
  }
  return [...rows, ...compareTargets(base, next, t)];
}
