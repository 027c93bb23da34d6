/**
 * Scientific invariants of the new run (docs/ARCHITECTURE.md §7), at the largest n of each mixture:
 * - k-means (every method whose descriptor targets the k-means limit) is inconsistent but converges to its population limit
 *   (Bryant & Williamson 1978; Pollard 1981): the separation — and every other estimand whose cell carries a
 *   `limit` (centres, cluster proportions) — must satisfy |θ̄ − θ_limit| ≤ z·MCSE, i.e.
 *   |z| = |bias_limit / MCSE(bias_limit)| ≤ z_crit;
 * - the mixture MLE (a descriptor targeting the truth under a mixture model that contains it) is consistent: every estimand with a true value (separation,
 *   means, weights, σ) must satisfy |θ̄ − θ| ≤ z·MCSE.
 * Only the run's own MCSE enters; the targets are exact. The finite-n bias at the largest n must be small next
 * to the MCSE for this to hold, which is what "largest n" buys (it is O(1/n) for both estimators).
 * z = bias/MCSE is a one-sample t statistic, so its p-value is Student's t with R − 1 degrees of freedom
 * (./pValue.ts); a check puts the invariants into its family-wise correction (./familywise.ts).
 *
 * Rows are skipped, visibly and without failing, where the invariant does not apply: no population limit in
 * the summary (src/runner/theoryTargets.ts supplies none for that cell), an EM model that is misspecified for
 * the mixture (equal σ or equal weights imposed where the truth has unequal ones: the MLE then targets a
 * pseudo-true value), or the estimand not measured.
 */
import type { ExperimentConfig, EstimatorSpec, MixtureSpec } from '../config/index.js';
import type { ValueWithMcse } from '../performance/types.js';
import type { SummaryCell } from '../results/summary.js';
import { DIAGNOSTICS } from '../estimands/names.js';
import { targetOf } from '../estimators/registry.js';
import { fisherModelOf } from '../runner/theoryTargets.js';
import { twoSidedP } from './pValue.js';

export type InvariantKind = 'kmeans-limit' | 'mle-truth';

export interface InvariantRow {
  readonly kind: InvariantKind;
  readonly mixture: string;
  readonly n: number;
  readonly estimator: string;
  readonly method: string;
  readonly estimand: string;
  /** The limit or the truth; null when skipped for lack of one. */
  readonly target: number | null;
  /** Mean estimate with its MCSE (null when skipped before reading it). */
  readonly estimate: ValueWithMcse | null;
  /** θ̄ − target with its MCSE. */
  readonly bias: ValueWithMcse | null;
  readonly z: number | null;
  /** Two-sided p-value of z (Student t, R − 1 degrees of freedom); null when skipped or not computable. */
  readonly p: number | null;
  readonly verdict: 'ok' | 'fail' | 'skipped';
  readonly note?: string;
}

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);

/** Why the MLE's model cannot be consistent for this mixture's truth (the rule of the theory beside it), or null. */
function misspecified(est: EstimatorSpec, mixture: MixtureSpec): string | null {
  return fisherModelOf(est, mixture)?.reason ?? null;
}

function judgeBias(bias: ValueWithMcse, zCrit: number, nUsed: number): { z: number | null; p: number | null; verdict: 'ok' | 'fail'; note?: string } {
  if (bias.value === null) return { z: null, p: null, verdict: 'fail', note: 'no estimate (every replication failed?)' };
  if (bias.mcse === null) return { z: null, p: null, verdict: 'fail', note: 'no MCSE (fewer than 2 replications used)' };
  if (bias.mcse === 0) return bias.value === 0 ? { z: 0, p: 1, verdict: 'ok' } : { z: bias.value > 0 ? Infinity : -Infinity, p: 0, verdict: 'fail' };
  const z = bias.value / bias.mcse;
  return { z, p: twoSidedP(z, nUsed - 1), verdict: Math.abs(z) <= zCrit ? 'ok' : 'fail' };
}

export function checkInvariants(config: ExperimentConfig, cells: readonly SummaryCell[], zCrit: number): InvariantRow[] {
  const rows: InvariantRow[] = [];
  const nMax = Math.max(...config.n);
  const at = (mixture: string, estimator: string) => cells.filter((c) => c.mixture === mixture && c.n === nMax && c.estimator === estimator);
  for (const mixture of config.mixtures) {
    for (const est of config.estimators) {
      const base = { mixture: mixture.id, n: nMax, estimator: est.id, method: est.method };
      const target = targetOf(est).kind;
      if (target === 'kmeans-limit') {
        const here = at(mixture.id, est.id).filter((c) => !DIAGNOSTIC_KEYS.has(c.estimand));
        const skip = (note: string, estimate: ValueWithMcse | null = null): InvariantRow => ({
          ...base, kind: 'kmeans-limit', estimand: 'separation', target: null, estimate, bias: null, z: null, p: null, verdict: 'skipped', note,
        });
        const separation = here.find((c) => c.estimand === 'separation');
        if (separation === undefined) rows.push(skip('separation is not among the estimands (or was not computed)'));
        else if (separation.limit === null) {
          rows.push(skip('no population limit in the summary: src/runner/theoryTargets.ts supplies none for this cell', separation.mean));
        }
        // Every estimand with a limit (separation first, then centres and proportions).
        const withLimit = here.filter((c) => c.limit !== null && c.vsLimit !== null);
        withLimit.sort((a, b) => (a.estimand === 'separation' ? -1 : b.estimand === 'separation' ? 1 : 0));
        for (const cell of withLimit) {
          const bias = (cell.vsLimit as NonNullable<SummaryCell['vsLimit']>).bias;
          rows.push({ ...base, kind: 'kmeans-limit', estimand: cell.estimand, target: cell.limit, estimate: cell.mean, bias, ...judgeBias(bias, zCrit, cell.nUsed) });
        }
      } else if (target === 'mixture-mle') {
        const why = misspecified(est, mixture);
        const targetCells = at(mixture.id, est.id).filter((c) => c.truth !== null && !DIAGNOSTIC_KEYS.has(c.estimand));
        if (why !== null) {
          rows.push({ ...base, kind: 'mle-truth', estimand: '*', target: null, estimate: null, bias: null, z: null, p: null, verdict: 'skipped', note: why });
          continue;
        }
        if (targetCells.length === 0) {
          rows.push({ ...base, kind: 'mle-truth', estimand: '*', target: null, estimate: null, bias: null, z: null, p: null, verdict: 'skipped', note: 'no estimand with a true value' });
        }
        for (const cell of targetCells) {
          rows.push({ ...base, kind: 'mle-truth', estimand: cell.estimand, target: cell.truth, estimate: cell.mean, bias: cell.vsTruth.bias, ...judgeBias(cell.vsTruth.bias, zCrit, cell.nUsed) });
        }
      }
    }
  }
  return rows;
}
