/**
 * Every cell the theory makes a prediction for, compared with it in Monte Carlo SEs: the mean of a
 * maximum-likelihood estimator of a correctly specified model against the truth (src/report/theory.ts
 * `misspecificationOf`), the mean of a k-means-type estimator against its population limit (the cell's `limit`), and
 * √n·EmpSE against the Fisher sd∞ or Pollard sd (src/report/theory.ts `spreadTheoryOf`). Cells beyond
 * FLAG_Z = 3 MCSEs are flagged. If every cell equalled its theory value, the z's would be roughly standard
 * normal and about m·P(|Z| > 3) = m·0.0027 of m comparisons would pass 3 by chance; the theory values are
 * asymptotic, so more than that at small n is finite-sample bias, not chance.
 */
import type { Summary, SummaryCell } from '../results/summary.js';
import { Q } from '../theory/normal.js';
import { misspecificationOf, spreadTheoryOf, targetOfEstimator } from './theory.js';

/** Cells more than this many MCSEs from their theory value are flagged. */
export const FLAG_Z = 3;
/** P(|Z| > FLAG_Z) for a standard normal Z: 2·Q(3) ≈ 0.0027. */
export const FLAG_P = 2 * Q(FLAG_Z);
/** Below this many replications the text warns that the MCSE of √n·EmpSE is rough (src/report/heavyTails.ts shows why). */
export const FEW_REPLICATIONS = 100;
/** The marker flagged cells carry in tables. */
export const FLAG_MARK = '†';

export type ComparisonKind = 'mean − truth' | 'mean − limit' | '√n·EmpSE − sd∞';

export interface TheoryComparison {
  readonly mixture: string;
  readonly n: number;
  readonly estimator: string;
  readonly estimand: string;
  readonly kind: ComparisonKind;
  /** The simulated value (the mean, or √n·EmpSE) and its MCSE on the same scale. */
  readonly value: number;
  readonly mcse: number;
  readonly theory: number;
  readonly theoryName: string;
  /** (value − theory) / mcse. */
  readonly z: number;
  readonly flagged: boolean;
  /** Other estimands of the same fits whose comparison is this one (counted once, marked alike in tables). */
  readonly sameAs: readonly string[];
}

function compare(c: SummaryCell, kind: ComparisonKind, value: number | null, mcse: number | null, theory: number, theoryName: string): TheoryComparison[] {
  if (value === null || mcse === null || !Number.isFinite(value) || !(mcse > 0)) return [];
  const z = (value - theory) / mcse;
  return [{ mixture: c.mixture, n: c.n, estimator: c.estimator, estimand: c.estimand, kind, value, mcse, theory, theoryName, z, flagged: Math.abs(z) > FLAG_Z, sameAs: [] }];
}

/**
 * Every comparison with theory the summary allows, in the summary's cell order. A value that repeats another
 * of the same fit exactly (the σ of every component under a shared-σ model) is one comparison, not K; so is the
 * second weight of a two-component fit, 1 − ŵ₁ in every replication, whose distance from 1 − w₁ is ŵ₁'s. The
 * repeats are listed in `sameAs` of the comparison kept, so tables mark them alike.
 */
export function theoryComparisons(summary: Summary): TheoryComparison[] {
  const all: TheoryComparison[] = [];
  const out = { push: (...xs: TheoryComparison[]) => all.push(...xs) };
  const consistent = new Map<string, boolean>();
  for (const c of summary.cells) {
    const e = summary.estimators.find((x) => x.id === c.estimator);
    const kind = e === undefined ? 'none' : targetOfEstimator(e).kind;
    if (kind === 'kmeans-limit' && c.limit !== null && c.vsLimit !== null) {
      out.push(...compare(c, 'mean − limit', c.mean.value, c.mean.mcse, c.limit, 'k-means population limit'));
    } else if (kind === 'mixture-mle' && c.truth !== null) {
      const key = `${c.mixture}\u0000${c.estimator}`;
      let ok = consistent.get(key);
      if (ok === undefined) {
        const m = summary.mixtures.find((x) => x.id === c.mixture);
        ok = e !== undefined && m !== undefined && misspecificationOf(e, m) === null;
        consistent.set(key, ok);
      }
      if (ok) out.push(...compare(c, 'mean − truth', c.mean.value, c.mean.mcse, c.truth, 'truth'));
    }
    const spread = spreadTheoryOf(summary, c.mixture, c.estimator, c.estimand);
    if (spread !== null && c.empSE.value !== null && c.empSE.mcse !== null) {
      const r = Math.sqrt(c.n);
      out.push(...compare(c, '√n·EmpSE − sd∞', c.empSE.value * r, c.empSE.mcse * r, spread.sd, spread.source === 'Fisher' ? 'Fisher sd∞' : 'Pollard sd'));
    }
  }
  const kept = new Map<string, TheoryComparison & { sameAs: string[] }>();
  const result: (TheoryComparison & { sameAs: string[] })[] = [];
  // Equal up to the rounding of 1 − ŵ: z on its own scale (a z near 0 is compared absolutely), MCSEs relatively.
  const near = (a: number, b: number, floor: number) => Math.abs(a - b) <= 1e-9 * Math.max(floor, Math.abs(a), Math.abs(b));
  for (const c of all) {
    const cell = [c.mixture, c.n, c.estimator, c.kind].join('\u0000');
    const key = [cell, c.value, c.mcse, c.theory].join('\u0000');
    let first = kept.get(key);
    if (first === undefined && c.estimand === 'weights.1' && summary.mixtures.find((m) => m.id === c.mixture)?.K === 2) {
      const w1 = kept.get(`${cell}\u0000weights.0`);
      if (w1 !== undefined && near(Math.abs(w1.z), Math.abs(c.z), 1) && near(w1.mcse, c.mcse, 0)) first = w1;
    }
    if (first !== undefined) {
      first.sameAs.push(c.estimand);
      continue;
    }
    const own = { ...c, sameAs: [] as string[] };
    kept.set(key, own);
    if (c.estimand === 'weights.0') kept.set(`${cell}\u0000weights.0`, own);
    result.push(own);
  }
  return result;
}

/** Look-up of the flagged comparisons, for the markers in tables. */
export class FlagIndex {
  readonly #keys = new Set<string>();
  constructor(comparisons: readonly TheoryComparison[]) {
    for (const c of comparisons) if (c.flagged) for (const e of [c.estimand, ...c.sameAs]) this.#keys.add(FlagIndex.key(c.mixture, c.n, c.estimator, e, c.kind));
  }
  static key(mixture: string, n: number, estimator: string, estimand: string, kind: ComparisonKind): string {
    return [mixture, n, estimator, estimand, kind].join('\u0000');
  }
  has(mixture: string, n: number, estimator: string, estimand: string, kind: ComparisonKind): boolean {
    return this.#keys.has(FlagIndex.key(mixture, n, estimator, estimand, kind));
  }
  /** Whether the mean of the cell is flagged against its target (truth or limit). */
  meanFlagged(mixture: string, n: number, estimator: string, estimand: string): boolean {
    return this.has(mixture, n, estimator, estimand, 'mean − truth') || this.has(mixture, n, estimator, estimand, 'mean − limit');
  }
}

/** A z in text: "2.75". */
const zText = (z: number): string => Math.abs(z).toFixed(2);

function where(summary: Summary, c: TheoryComparison): string {
  const m = summary.mixtures.length > 1 ? `${c.mixture}, ` : '';
  return `${m}${c.estimator} at n = ${c.n.toLocaleString('en-US')}, ${c.estimand} (${c.kind})`;
}

/** The paragraph of the "Comparison with theory" section: how many comparisons, how many flagged, how many chance gives. */
export function comparisonSentence(summary: Summary, comparisons: readonly TheoryComparison[]): string {
  const m = comparisons.length;
  if (m === 0)
    return 'No cell has a theory value to compare with: the summary records no population limit, no consistent maximum-likelihood target and no asymptotic sd for these estimators and estimands.';
  const flaggedOnes = comparisons.filter((c) => c.flagged);
  const expected = m * FLAG_P;
  const kinds = [...new Set(comparisons.map((c) => c.kind))].join(', ');
  const unflagged = comparisons.filter((c) => !c.flagged).sort((a, b) => Math.abs(b.z) - Math.abs(a.z))[0];
  const closest = unflagged === undefined ? '' : ` The largest distance not flagged is ${zText(unflagged.z)} MCSE (${where(summary, unflagged)}).`;
  // The jackknife MCSE of a spread measure is itself estimated from the R values: at small R it is rough.
  const fewR =
    summary.replications < FEW_REPLICATIONS && comparisons.some((c) => c.kind === '√n·EmpSE − sd∞')
      ? ` With R = ${summary.replications} replications the MCSE of √n·EmpSE is itself estimated from few values and often too small, so its flags are weak evidence; rerun with more replications to confirm one.`
      : '';
  return (
    `${m} cells have a theory value (${kinds}). ${flaggedOnes.length} of them lie more than ${FLAG_Z} Monte Carlo SEs from it (marked ${FLAG_MARK}); ` +
    `if every cell equalled its theory value, about m·P(|Z| > ${FLAG_Z}) = ${m} × ${FLAG_P.toFixed(4)} = ${expected.toFixed(2)} of the m = ${m} would by chance. ` +
    'The theory values are asymptotic (n → ∞), so cells flagged at small n mostly show finite-sample bias or spread, not chance; a flag at the largest n questions the theory’s assumptions or the estimator’s optimisation.' +
    fewR +
    closest
  );
}

/** The flagged comparisons, largest |z| first (at most `limit`). */
export function flaggedComparisons(comparisons: readonly TheoryComparison[], limit = 40): TheoryComparison[] {
  return comparisons
    .filter((c) => c.flagged)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, limit);
}
