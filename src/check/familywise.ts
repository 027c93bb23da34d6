/**
 * Family-wise control of false alarms over every test a regression check makes: Holm's step-down procedure
 * (S. Holm 1979, "A simple sequentially rejective multiple test procedure", Scand. J. Statist. 6:65–70).
 *
 * A check compares hundreds of measures (616 in a two-mixture design); judging each alone at |z| > 4 gives
 * unchanged code a false alarm in a sizeable fraction of independent re-runs, because one of the hundreds
 * lands in its tail. Holm: sort the m p-values p₍₁₎ ≤ … ≤ p₍ₘ₎, reject H₍₁₎ … H₍ₖ₎ for the largest k with
 * p₍ᵢ₎ ≤ α/(m − i + 1) for every i ≤ k, and stop at the first p₍ᵢ₎ above its bound. The probability that any
 * true null is rejected is ≤ α for any dependence between the tests (the measures of one cell are strongly
 * correlated, so that matters), and every hypothesis Bonferroni would reject Holm rejects too.
 *
 * The family is every statistical test of the check: each compared measure with a p-value (./pValue.ts),
 * identical ones included (p = 1), and each scientific invariant. Not in it: exact targets (truth and limit
 * are compared exactly, ./measures.ts compareTarget), measures that went missing (a failure regardless), and
 * diagnostics (never a failure). A rejection is still only a regression when the per-measure rule of
 * ./measures.ts agrees (|z| above the --z floor, the change above the negligible floor): dropping rejections
 * can only lower the family-wise error.
 */
import type { InvariantRow } from './invariants.js';
import { isDiagnostic, isFailure, type Comparison, type Thresholds } from './measures.js';

/** Holm's decisions for p-values in any order: `reject[i]` for `p[i]`. */
export function holm(p: readonly number[], alpha: number): boolean[] {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`holm: alpha must be in (0, 1) (got ${alpha})`);
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  const reject = new Array<boolean>(m).fill(false);
  for (let i = 0; i < m; i++) {
    const k = order[i];
    if (Number.isNaN(p[k])) throw new RangeError(`holm: p-value ${k} is NaN`);
    if (!(p[k] <= alpha / (m - i))) break;
    reject[k] = true;
  }
  return reject;
}

/** The bound the i-th smallest of m p-values must meet (0-based i): α/(m − i). */
export function holmBound(i: number, m: number, alpha: number): number {
  return alpha / (m - i);
}

/** What the family-wise step did, for the report. */
export interface FamilySummary {
  /** α of Holm's procedure; null when every measure was judged alone. */
  readonly alpha: number | null;
  /** Number of tests in the family (m). */
  readonly tests: number;
  /** Per-measure regressions (|z| > z_crit) that Holm did not confirm, now ok. */
  readonly notConfirmed: number;
  /** Diagnostics that moved beyond z_crit or went missing: shown, not failures. */
  readonly diagnosticsMoved: number;
}

function pText(p: number): string {
  return p === 0 ? '0' : p.toPrecision(2);
}

/**
 * Final verdicts of a check: diagnostics never fail, and with `alpha` set a per-measure regression (or a
 * failed invariant) stands only where Holm's procedure over the whole family rejects it (module comment).
 */
export function applyFamilywise(
  comparisons: readonly Comparison[],
  invariants: readonly InvariantRow[],
  t: Thresholds,
): { comparisons: Comparison[]; invariants: InvariantRow[]; family: FamilySummary } {
  let diagnosticsMoved = 0;
  const rows: Comparison[] = comparisons.map((c) => {
    if (!isDiagnostic(c.estimand) || !isFailure(c.verdict)) return c;
    diagnosticsMoved++;
    const why = c.verdict === 'missing' ? 'went missing' : `beyond |z| = ${t.z}`;
    return { ...c, verdict: 'diagnostic', note: [`${why}; diagnostics never fail`, c.note].filter((x) => x !== undefined).join('; ') };
  });
  const inv: InvariantRow[] = [...invariants];
  // The family: every non-diagnostic statistical comparison with a p-value, and every invariant tested.
  const members: { p: number; kind: 'c' | 'i'; index: number }[] = [];
  rows.forEach((c, index) => {
    if (c.p !== null && c.mode !== 'exact' && !isDiagnostic(c.estimand)) members.push({ p: c.p, kind: 'c', index });
  });
  inv.forEach((r, index) => {
    if (r.p !== null && r.verdict !== 'skipped') members.push({ p: r.p, kind: 'i', index });
  });
  const m = members.length;
  let notConfirmed = 0;
  if (t.alpha !== null && m > 0) {
    const alpha = t.alpha;
    const reject = holm(members.map((x) => x.p), alpha);
    // Rank of each member among the sorted p-values, with holm()'s tie-break (p, then position).
    const rank = new Array<number>(m);
    members
      .map((_, i) => i)
      .sort((a, b) => members[a].p - members[b].p || a - b)
      .forEach((k, r) => (rank[k] = r));
    members.forEach((x, i) => {
      if (reject[i]) return;
      const bound = holmBound(rank[i], m, alpha);
      const why =
        x.p > bound
          ? `not significant family-wise: p = ${pText(x.p)} > Holm's bound ${pText(bound)} (${m} tests, α = ${alpha})`
          : `not significant family-wise: Holm's procedure stopped at a smaller p-value (${m} tests, α = ${alpha})`;
      if (x.kind === 'c') {
        const c = rows[x.index];
        if (c.verdict !== 'regression') return;
        notConfirmed++;
        rows[x.index] = { ...c, verdict: 'ok', note: [c.note, `|z| > ${t.z} but ${why}`].filter((v) => v !== undefined).join('; ') };
      } else {
        const r = inv[x.index];
        if (r.verdict !== 'fail') return;
        notConfirmed++;
        inv[x.index] = { ...r, verdict: 'ok', note: [r.note, `|z| > ${t.z} but ${why}`].filter((v) => v !== undefined).join('; ') };
      }
    });
  }
  return { comparisons: rows, invariants: inv, family: { alpha: t.alpha, tests: m, notConfirmed, diagnosticsMoved } };
}
