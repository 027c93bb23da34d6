/**
 * Performance of one condition × estimator × estimand from raw replication rows, with failures counted
 * rather than dropped. Morris, White & Crowther (2019, Stat Med 38:2074–2102, §5.2 and Table 6) ask that
 * the number of replications actually used be reported, since measures computed on the successful fits
 * alone describe a conditional estimator; this is where a failed or missing value becomes a count.
 */
import { TARGETS, type MeasuredCell, type TargetName } from './measureAccess.js';
import { distanceToTarget, spread } from './summarise.js';
import type { SummariseOptions, TargetMeasures } from './types.js';

/** The references the estimates are compared with (./measureSpec.ts `TARGETS`). */
export interface CellTargets extends Readonly<Partial<Record<TargetName, number | null>>> {
  /** The true value θ (from trueValues), or null when the estimand has no true value. */
  readonly truth: number | null;
  /** Another reference, e.g. k-means' population limit (src/theory); omitted/null when there is none. */
  readonly limit?: number | null;
}

export interface CellOptions extends SummariseOptions {
  /** Statuses whose values count as successful. Default ['ok']: a non-converged fit is a failure. */
  readonly okStatuses?: readonly string[];
}

/** Key under which an ok-status replication with a null/NaN/±∞ value is counted in `failures`. */
export const NON_FINITE = 'non-finite';

/**
 * A cell's counts and its measures (the table in ./measures.ts): `nTotal` replications supplied (nUsed +
 * nFailed), the 'estimates' measures, and one block of 'target' measures per target — `vsTruth` always,
 * `vsLimit` null when no limit was given.
 */
export type CellSummary = MeasuredCell & {
  /** nFailed by reason: the fit status when not ok, otherwise `non-finite`; keys sorted. */
  readonly failures: Readonly<Record<string, number>>;
};

/**
 * Summarise one cell: `values[i]` is replication i's estimate (null/undefined when missing) and
 * `statuses[i]` its fit status. A replication is used only when its status is ok and its value finite;
 * every other one is counted in nFailed with its reason. The measures are then computed on the used ones
 * against the truth and, when given, the limit.
 */
export function summariseCell(
  values: ArrayLike<number | null | undefined>,
  statuses: ArrayLike<string>,
  targets: CellTargets,
  opts: CellOptions = {},
): CellSummary {
  const nTotal = values.length;
  if (statuses.length !== nTotal) throw new RangeError(`summariseCell: ${nTotal} values but ${statuses.length} statuses`);
  const ok = new Set(opts.okStatuses ?? ['ok']);
  const used = new Float64Array(nTotal);
  let nUsed = 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < nTotal; i++) {
    const status = statuses[i];
    const v = values[i];
    if (ok.has(status) && typeof v === 'number' && Number.isFinite(v)) {
      used[nUsed++] = v;
    } else {
      const reason = ok.has(status) ? NON_FINITE : status;
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
  }
  const estimates = used.subarray(0, nUsed);
  const failures: Record<string, number> = {};
  for (const key of [...counts.keys()].sort()) failures[key] = counts.get(key) as number;
  const blocks: Record<string, TargetMeasures | null> = {};
  for (const t of TARGETS) {
    const target = targets[t.name] ?? null;
    blocks[t.block] = t.always || target !== null ? distanceToTarget(estimates, target, opts) : null;
  }
  return { nTotal, nFailed: nTotal - nUsed, failures, ...spread(estimates, opts), ...blocks } as CellSummary; // a block per target, as the type
}
