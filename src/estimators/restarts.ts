/**
 * Which of several independent starts of a local search a fit returns — one rule for every estimator with
 * `restarts` (Lloyd and Hartigan–Wong k-means, EM, classification EM), so "best of R starts" means the same
 * thing whichever algorithm ran: the best objective (the lowest sum of squares, the highest likelihood); a start
 * whose objective is not a number never beats one whose is; on an exact tie the start that ended better (ok, then
 * not converged, then degenerate, then an empty cluster); otherwise the earlier start stays, so the choice is a
 * function of the rng stream alone.
 */
import type { FitStatus } from '../types.js';

const STATUS_RANK: Readonly<Record<FitStatus, number>> = { ok: 0, 'not-converged': 1, degenerate: 2, 'empty-cluster': 3, 'not-mixed': 4 };

export interface StartOutcome {
  readonly objective: number;
  readonly status: FitStatus;
}

/** Whether `candidate` replaces `incumbent` (null: the first start) for an objective to `sense`. */
export function isBetterStart(candidate: StartOutcome, incumbent: StartOutcome | null, sense: 'minimise' | 'maximise'): boolean {
  if (incumbent === null) return true;
  const a = candidate.objective;
  const b = incumbent.objective;
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  if (a !== b) return sense === 'minimise' ? a < b : a > b;
  return STATUS_RANK[candidate.status] < STATUS_RANK[incumbent.status];
}
