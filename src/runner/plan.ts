/**
 * The plan of a run: which tasks (mixture × replication) exist, which belong to a shard, and the canonical
 * order of result rows. Shards take every N-th task (index mod N), so each shard gets a balanced mix of
 * mechanisms and the union of all shards is exactly the unsharded plan.
 */
import { expandConditions, type ExperimentConfig } from '../config/index.js';
import type { TaskRef } from './executeTask.js';
import type { ReplicationRow, TimingRow } from './rows.js';

export { parseShard, type Shard } from './shard.js';
import type { Shard } from './shard.js';

export function shardLabel(shard: Shard): string {
  return `${shard.index}-of-${shard.count}`;
}

export function allTasks(config: ExperimentConfig): TaskRef[] {
  const tasks: TaskRef[] = [];
  for (let mixtureIndex = 0; mixtureIndex < config.mixtures.length; mixtureIndex++) {
    for (let rep = 0; rep < config.replications; rep++) tasks.push({ mixtureIndex, rep });
  }
  return tasks;
}

export function shardTasks(config: ExperimentConfig, shard: Shard | null): TaskRef[] {
  const tasks = allTasks(config);
  return shard === null ? tasks : tasks.filter((_, i) => i % shard.count === shard.index);
}

export function taskId(task: TaskRef): string {
  return `${task.mixtureIndex}:${task.rep}`;
}

/** Maps row fields back to the plan: condition key → (mixture index, position), estimator id → position. */
export class PlanIndex {
  private readonly conditions = new Map<string, { mixtureIndex: number; order: number }>();
  private readonly estimators = new Map<string, number>();
  readonly rowsPerTask: number;

  constructor(config: ExperimentConfig) {
    const ids = new Map(config.mixtures.map((m, i) => [m.id, i]));
    expandConditions(config).forEach((c, order) => {
      const mixtureIndex = ids.get(c.mixture.id);
      if (mixtureIndex === undefined) throw new Error(`condition ${c.key} has no mixture`);
      this.conditions.set(c.key, { mixtureIndex, order });
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

  compare = (a: ReplicationRow | TimingRow, b: ReplicationRow | TimingRow): number => {
    const ca = this.conditions.get(a.condition)?.order ?? -1;
    const cb = this.conditions.get(b.condition)?.order ?? -1;
    if (ca !== cb) return ca - cb;
    if (a.rep !== b.rep) return a.rep - b.rep;
    return (this.estimators.get(a.estimator) ?? -1) - (this.estimators.get(b.estimator) ?? -1);
  };
}
