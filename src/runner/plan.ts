/**
 * The plan of a run: which tasks (mixture × replication) exist, which belong to a shard, and the canonical
 * order of result rows. Shards take every N-th task (index mod N), so each shard gets a balanced mix of
 * mechanisms and the union of all shards is exactly the unsharded plan.
 *
 * Plans are enumerated on demand, never stored: a plan costs the same memory for 10 replications as for 1e12,
 * and a run starts (and stops on Ctrl-C) at once whatever its size. Task `i` of the unsharded plan is
 * (mixture ⌊i / R⌋, replication i mod R); shard membership is computed modulo N without forming i, so it stays
 * exact up to R = Number.MAX_SAFE_INTEGER.
 */
import { expandConditions, type ExperimentConfig } from '../config/index.js';
import { UserError } from '../errors/userError.js';
import type { TaskRef } from './executeTask.js';
import type { ReplicationRow, TimingRow } from '../results/rows.js';

export { parseShard, type Shard } from './shard.js';
import type { Shard } from './shard.js';

export function shardLabel(shard: Shard): string {
  return `${shard.index}-of-${shard.count}`;
}

/** The tasks of a plan (or of one shard of it), in plan order, produced lazily. */
export interface TaskSequence extends Iterable<TaskRef> {
  /** How many tasks the sequence holds. */
  readonly length: number;
  /** Whether `task` is one of them. */
  has(task: TaskRef): boolean;
}

/** The first replication of `mixtureIndex` that falls in `shard` (may be ≥ R: none does). */
function firstRep(mixtureIndex: number, replications: number, shard: Shard): number {
  // Task index i = mixtureIndex·R + rep is in the shard when i ≡ shard.index (mod N).
  const offset = ((mixtureIndex % shard.count) * (replications % shard.count)) % shard.count;
  return (((shard.index - offset) % shard.count) + shard.count) % shard.count;
}

export function shardTasks(config: ExperimentConfig, shard: Shard | null): TaskSequence {
  const mixtures = config.mixtures.length;
  const R = config.replications;
  if (!Number.isSafeInteger(mixtures * R)) {
    throw new UserError(`replications: ${R} replications × ${mixtures} mechanisms is more tasks than can be counted exactly (at most ${Number.MAX_SAFE_INTEGER})`);
  }
  // Keeps the modular arithmetic in firstRep exact ((N − 1)² < 2^53); more shards than that is never meant.
  if (shard !== null && shard.count > 2 ** 26) throw new UserError(`--shard: N must be at most ${2 ** 26} (got ${shard.count})`);
  const step = shard?.count ?? 1;
  const start = (m: number): number => (shard === null ? 0 : firstRep(m, R, shard));
  let length = 0;
  for (let m = 0; m < mixtures; m++) {
    const first = start(m);
    if (first < R) length += Math.floor((R - 1 - first) / step) + 1;
  }
  return {
    length,
    has: (task) =>
      Number.isInteger(task.mixtureIndex) && task.mixtureIndex >= 0 && task.mixtureIndex < mixtures &&
      Number.isInteger(task.rep) && task.rep >= 0 && task.rep < R &&
      (shard === null || (task.rep - start(task.mixtureIndex)) % step === 0),
    *[Symbol.iterator]() {
      for (let mixtureIndex = 0; mixtureIndex < mixtures; mixtureIndex++) {
        for (let rep = start(mixtureIndex); rep < R; rep += step) yield { mixtureIndex, rep };
      }
    },
  };
}

export function allTasks(config: ExperimentConfig): TaskSequence {
  return shardTasks(config, null);
}

export function taskId(task: TaskRef): string {
  return `${task.mixtureIndex}:${task.rep}`;
}

/** Maps row fields back to the plan: condition key → (mixture index, position), estimator id → position. */
export class PlanIndex {
  private readonly conditions = new Map<string, { mixtureIndex: number; order: number; nIndex: number }>();
  private readonly estimators = new Map<string, number>();
  readonly rowsPerTask: number;

  constructor(config: ExperimentConfig) {
    const ids = new Map(config.mixtures.map((m, i) => [m.id, i]));
    expandConditions(config).forEach((c, order) => {
      const mixtureIndex = ids.get(c.mixture.id);
      if (mixtureIndex === undefined) throw new Error(`condition ${c.key} has no mixture`);
      this.conditions.set(c.key, { mixtureIndex, order, nIndex: config.n.indexOf(c.n) });
    });
    config.estimators.forEach((e, i) => this.estimators.set(e.id, i));
    this.rowsPerTask = config.n.length * config.estimators.length;
  }

  /** The task a row belongs to, or null if the row does not fit this plan (mismatched results). */
  taskOf(row: Pick<ReplicationRow, 'condition' | 'rep' | 'estimator'>): TaskRef | null {
    const c = this.conditions.get(row.condition);
    if (c === undefined || !this.estimators.has(row.estimator) || !Number.isInteger(row.rep) || row.rep < 0) return null;
    return { mixtureIndex: c.mixtureIndex, rep: row.rep };
  }

  /**
   * The task of a row and its cell within the task (nIndex · estimators + estimatorIndex, the numbering of
   * TaskRef.cells in src/runner/executeTask.ts), or null if the row does not fit this plan.
   */
  cellOf(row: Pick<ReplicationRow, 'condition' | 'rep' | 'estimator'>): { task: TaskRef; cell: number } | null {
    const c = this.conditions.get(row.condition);
    const e = this.estimators.get(row.estimator);
    if (c === undefined || e === undefined || !Number.isInteger(row.rep) || row.rep < 0) return null;
    return { task: { mixtureIndex: c.mixtureIndex, rep: row.rep }, cell: c.nIndex * this.estimators.size + e };
  }

  compare = (a: ReplicationRow | TimingRow, b: ReplicationRow | TimingRow): number => {
    const ca = this.conditions.get(a.condition)?.order ?? -1;
    const cb = this.conditions.get(b.condition)?.order ?? -1;
    if (ca !== cb) return ca - cb;
    if (a.rep !== b.rep) return a.rep - b.rep;
    return (this.estimators.get(a.estimator) ?? -1) - (this.estimators.get(b.estimator) ?? -1);
  };
}
