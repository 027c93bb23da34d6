/**
 * Precision targets: how many replications each condition runs when the config asks for a Monte Carlo SE
 * rather than a fixed R (`precision` in the config, README "Precision targets").
 *
 * The batch schedule: a condition's replications come in batches of B (`precision.batch`): 0..B−1, B..2B−1, …,
 * the last one cut at the cap (`precision.maxReplications`). Only a *complete* batch is judged: once replications
 * 0..kB−1 of every estimator of the condition are on disk, the MCSE of each target's measure over exactly those
 * kB replications is computed with the measure table (src/performance/measures.ts, through summariseCell and
 * readMeasure, the same computation as summary.json); if every target is met the condition stops at R = kB,
 * if kB is the cap it stops there unmet, else batch k+1 is run. The decision at k depends only on the rows of
 * replications < kB, which depend only on their seeds (docs/ARCHITECTURE.md §3 Seeding), so where a condition
 * stops does not depend on worker count, order or resume history, and its rows are exactly those of a
 * fixed-R run with R = kB.
 *
 * Stopping on an estimated MCSE is a sequential rule: R is a random stopping time, so the estimate at R is not
 * exactly that of a fixed R (Siegmund 1985, Sequential Analysis, ch. 1). The rule looks only at the B, 2B, …
 * points, so it has at most ⌈cap/B⌉ looks; with B in the hundreds the estimated MCSE at the look is itself
 * accurate to about 1/√(2kB) relatively, and the bias this adds to the measures is a small fraction of their
 * MCSE (README "Precision targets").
 */
import { conditionKey, expandConditions, type Condition, type ExperimentConfig, type PrecisionTarget } from '../config/index.js';
import { UserError } from '../errors/userError.js';
import { trueValues } from '../estimands/measureFit.js';
import { DIAGNOSTICS, estimandKeys } from '../estimands/names.js';
import { MEASURES, measureByKey, readMeasure, summariseCell, type MeasureKey, type MeasureSpec } from '../performance/index.js';
import type { ReplicationRow } from '../results/rows.js';
import type { ConditionPrecision } from '../results/summary.js';
import type { TaskRef } from './executeTask.js';
import { mixtureTheory, theoryTargets } from './theoryTargets.js';

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);
const ALL_OK = ['ok', 'not-converged', 'degenerate', 'empty-cluster'];

/** One target as it applies to one estimator in one condition. */
interface Check {
  readonly estimatorIndex: number;
  readonly estimator: string;
  readonly target: PrecisionTarget;
  readonly measure: MeasureSpec;
  readonly truth: number | null;
  readonly limit: number | null;
}

/** Where a condition stands: stopped at `replications`, or running up to the end of its current batch. */
export interface ConditionState {
  readonly condition: string;
  readonly decided: boolean;
  /** Decided: the R it stopped at. Not decided: the end of the batch it needs next (its replications < this). */
  readonly replications: number;
  readonly met: boolean;
  /** The target furthest from being met at the last judged batch (largest MCSE / target), or null before any. */
  readonly worst: ConditionPrecision['worst'];
}

/** Per condition and estimator, the status and the targeted values of each replication seen so far. */
interface Store {
  readonly statuses: (string | undefined)[];
  readonly values: Map<string, (number | null)[]>;
}

/**
 * Follows the rows of a precision run and says, per condition, where it stops. Feed it every row (`add`) and
 * ask `states()` after each round of tasks.
 */
export class PrecisionTracker {
  private readonly conditions: Condition[];
  private readonly checks = new Map<string, Check[]>();
  private readonly stores = new Map<string, Store>();
  private readonly present = new Map<string, Uint16Array>();
  private readonly estimatorIndex: Map<string, number>;
  /** Per condition, the last batch end judged and not met. */
  private readonly unmet = new Map<string, { end: number; worst: ConditionPrecision['worst'] }>();
  readonly batch: number;
  readonly cap: number;

  constructor(private readonly config: ExperimentConfig) {
    const spec = config.precision;
    if (spec === undefined) throw new Error('PrecisionTracker: the config has no precision block');
    this.batch = spec.batch;
    this.cap = spec.maxReplications;
    this.conditions = expandConditions(config);
    this.estimatorIndex = new Map(config.estimators.map((e, i) => [e.id, i]));
    const ids = new Set(config.estimators.map((e) => e.id));
    const measureKeys = MEASURES.filter((m) => m.scope !== 'counts').map((m) => m.key);
    spec.target.forEach((t, i) => {
      const at = `precision.target[${i}]`;
      if (!(measureKeys as readonly string[]).includes(t.measure)) {
        throw new UserError(`${at}.measure: "${t.measure}" is not a measure with an MCSE of the estimates (one of ${measureKeys.join(', ')})`);
      }
      for (const id of t.estimators ?? []) if (!ids.has(id)) throw new UserError(`${at}.estimators: no estimator "${id}" (have ${[...ids].join(', ')})`);
    });
    const theories = new Map<string, ReturnType<typeof mixtureTheory>>();
    for (const c of this.conditions) {
      const keys = estimandKeys(config.estimands, c.mixture.K, c.mixture.d);
      const truth = trueValues(c.mixture, config.estimands);
      const checks: Check[] = [];
      spec.target.forEach((t, i) => {
        if (!keys.includes(t.estimand)) {
          throw new UserError(`precision.target[${i}].estimand: mixture ${c.mixture.id} has no estimand "${t.estimand}" (have ${keys.join(', ')})`);
        }
        config.estimators.forEach((e, estimatorIndex) => {
          if (t.estimators !== undefined && !t.estimators.includes(e.id)) return;
          let limit: number | null = null;
          if (t.against === 'limit') {
            let theory = theories.get(c.mixture.id);
            if (theory === undefined) theories.set(c.mixture.id, (theory = mixtureTheory(c.mixture, config.estimators)));
            limit = theoryTargets(theory, e, c.mixture)[t.estimand] ?? null;
          }
          checks.push({ estimatorIndex, estimator: e.id, target: t, measure: measureByKey(t.measure as MeasureKey), truth: truth[t.estimand] ?? null, limit });
        });
      });
      this.checks.set(c.key, checks);
      this.present.set(c.key, new Uint16Array(this.cap));
    }
  }

  /** Records one row (rows of conditions outside the config are ignored; the runner has refused them). */
  add(row: ReplicationRow): void {
    const present = this.present.get(row.condition);
    const e = this.estimatorIndex.get(row.estimator);
    if (present === undefined || e === undefined || row.rep >= this.cap) return;
    const key = `${row.condition}\u0000${e}`;
    let store = this.stores.get(key);
    if (store === undefined) this.stores.set(key, (store = { statuses: [], values: new Map() }));
    if (store.statuses[row.rep] !== undefined) return;
    store.statuses[row.rep] = row.status;
    for (const check of this.checks.get(row.condition) ?? []) {
      if (check.estimatorIndex !== e) continue;
      let list = store.values.get(check.target.estimand);
      if (list === undefined) store.values.set(check.target.estimand, (list = []));
      list[row.rep] = row.values[check.target.estimand] ?? null;
    }
    present[row.rep]++;
  }

  /** The MCSE / target of a check over replications 0..R−1 (Infinity: no MCSE), or null: not applicable. */
  private ratio(condition: string, check: Check, R: number): { mcse: number | null; ratio: number } | null {
    const store = this.stores.get(`${condition}\u0000${check.estimatorIndex}`);
    const all = store?.values.get(check.target.estimand) ?? [];
    const statuses = Array.from({ length: R }, (_, r) => store?.statuses[r] ?? 'missing');
    const values = Array.from({ length: R }, (_, r) => all[r] ?? null);
    // A quantity the method does not have (σ of k-means) is null in every fit that ran: not applicable.
    if (statuses.some((s) => s !== 'error') && values.every((v, r) => v === null || statuses[r] === 'error')) return null;
    const okStatuses = DIAGNOSTIC_KEYS.has(check.target.estimand) ? ALL_OK : ['ok'];
    const cell = summariseCell(values, statuses, { truth: check.truth, limit: check.limit }, { okStatuses });
    const v = readMeasure(cell, check.measure, check.measure.scope === 'target' ? check.target.against : null);
    const mcse = v?.mcse ?? null;
    return { mcse, ratio: mcse === null || !Number.isFinite(mcse) ? Infinity : mcse / check.target.mcse };
  }

  /** How many replications 0, 1, … of `condition` have rows of every estimator, from the start. */
  private completePrefix(condition: string): number {
    const present = this.present.get(condition) as Uint16Array;
    const E = this.config.estimators.length;
    let r = 0;
    while (r < present.length && present[r] === E) r++;
    return r;
  }

  /** Every condition's state, by the batch schedule above. */
  states(): ConditionState[] {
    return this.conditions.map((c) => this.state(c.key));
  }

  state(condition: string): ConditionState {
    const have = this.completePrefix(condition);
    // A judged batch's verdict never changes (its rows are fixed), so judging resumes after the last unmet one.
    const last = this.unmet.get(condition);
    let worst: ConditionPrecision['worst'] = last?.worst ?? null;
    for (let end = last === undefined ? Math.min(this.batch, this.cap) : Math.min(last.end + this.batch, this.cap); ; end = Math.min(end + this.batch, this.cap)) {
      if (have < end) return { condition, decided: false, replications: end, met: false, worst };
      let met = true;
      let worstRatio = -1;
      for (const check of this.checks.get(condition) ?? []) {
        const r = this.ratio(condition, check, end);
        if (r === null) continue;
        if (r.ratio > 1) met = false;
        if (r.ratio > worstRatio) {
          worstRatio = r.ratio;
          worst = { estimator: check.estimator, estimand: check.target.estimand, measure: check.target.measure, mcse: r.mcse, target: check.target.mcse };
        }
      }
      if (met || end >= this.cap) return { condition, decided: true, replications: end, met, worst };
      this.unmet.set(condition, { end, worst });
    }
  }
}

/**
 * Why a precision config cannot run as shards (`run --shard`, `mixstudy slurm`): a shard sees only some of a
 * condition's replications, and its stopping rule needs them all.
 */
export function precisionShardsRefusal(name: string): UserError {
  return new UserError(
    `${name}: a precision target stops each condition on all of its replications, which one shard does not see; ` +
      'run it without --shard (-j N uses the cores of one machine), or give a fixed "replications" (e.g. the R a precision run stopped at) to shard it',
  );
}

/** What summary.json records of a condition's state (src/results/summary.ts). */
export function conditionPrecision(state: ConditionState): ConditionPrecision {
  return { condition: state.condition, replications: state.replications, met: state.met, worst: state.worst };
}

/**
 * The tasks of the next round: for every undecided condition the cells of its current batch that have no row
 * yet (replications below the previous batch end are complete, by the schedule). `have(taskId)` gives a
 * task's cells on disk. Mixture-major, replications ascending.
 */
export function precisionRound(
  config: ExperimentConfig,
  plan: { readonly rowsPerTask: number },
  states: readonly ConditionState[],
  batch: number,
  have: (taskId: string) => ReadonlySet<number> | undefined,
): TaskRef[] {
  const E = config.estimators.length;
  const byCondition = new Map(states.map((s) => [s.condition, s]));
  const tasks: TaskRef[] = [];
  config.mixtures.forEach((mixture, mixtureIndex) => {
    const active = config.n
      .map((n, nIndex) => ({ nIndex, state: byCondition.get(conditionKey(mixture.id, n)) }))
      .filter((a): a is { nIndex: number; state: ConditionState } => a.state !== undefined && !a.state.decided);
    if (active.length === 0) return;
    const from = Math.min(...active.map((a) => Math.max(0, a.state.replications - batch)));
    const to = Math.max(...active.map((a) => a.state.replications));
    for (let rep = from; rep < to; rep++) {
      const on = have(`${mixtureIndex}:${rep}`);
      const cells: number[] = [];
      for (const a of active) {
        if (rep >= a.state.replications) continue;
        for (let e = 0; e < E; e++) if (on?.has(a.nIndex * E + e) !== true) cells.push(a.nIndex * E + e);
      }
      if (cells.length === 0) continue;
      cells.sort((x, y) => x - y);
      tasks.push(cells.length === plan.rowsPerTask ? { mixtureIndex, rep } : { mixtureIndex, rep, cells });
    }
  });
  return tasks;
}

/** One line for the progress bar: conditions stopped, and the worst MCSE against its target among the rest. */
export function precisionStatus(states: readonly ConditionState[]): string {
  const open = states.filter((s) => !s.decided);
  const stopped = `${states.length - open.length}/${states.length} conditions stopped`;
  let worst: ConditionState | null = null;
  let worstRatio = -1;
  for (const s of open) {
    const w = s.worst;
    if (w === null) continue;
    const ratio = w.mcse === null ? Infinity : w.mcse / w.target;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = s;
    }
  }
  if (worst?.worst == null) return stopped;
  const w = worst.worst;
  const mcse = w.mcse === null ? 'n/a' : w.mcse.toPrecision(3);
  return `${stopped}; worst: ${worst.condition} ${w.estimator} ${w.estimand} ${w.measure} MCSE ${mcse} vs target ${w.target} (running to R = ${worst.replications})`;
}
