/**
 * `summary.json`: performance measures with Monte Carlo SEs for every condition × estimator × estimand
 * (Morris, White & Crowther 2019), each beside its targets — the truth and, for k-means, its population limit
 * (Bryant & Williamson 1978) — plus the theory values of each mechanism. Built only from the replication rows
 * and the config, so it is deterministic: the same rows give the same bytes. The format (and its version) is
 * src/results/summary.ts.
 */
import { conditionKey, type ExperimentConfig } from '../config/index.js';
import { trueValues } from '../estimands/measureFit.js';
import { DIAGNOSTICS, estimandKeys } from '../estimands/names.js';
import { MCSE_DESCRIPTION, summariseCell } from '../performance/index.js';
import type { ReplicationRow } from '../results/rows.js';
import type { ConditionPrecision, MixtureTheory, Summary, SummaryCell } from '../results/summary.js';
import { RESULTS_FORMAT_VERSION } from '../results/version.js';
import { inferenceOfCell } from './inferenceSummary.js';
import { mixtureTheory, theoryTargets } from './theoryTargets.js';


const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);

function rowsRan(list: readonly (ReplicationRow | undefined)[]): boolean {
  return list.some((row) => row !== undefined && row.status !== 'error');
}

/**
 * The theory values of each mixture of `config`, in its order: they depend on the config alone (not on the rows),
 * so a run computes them while its last replications are still running (src/runner/summaryAhead.ts).
 */
export function summaryTheories(config: ExperimentConfig): MixtureTheory[] {
  return config.mixtures.map((m) => mixtureTheory(m, config.estimators));
}

/**
 * With `precision` (src/runner/precision.ts), each condition's cells use its own R, so they equal the cells of a
 * fixed-R run with that R, and the summary records where each condition stopped. `theories`: summaryTheories of
 * the same config computed earlier (the same values; computed here when absent).
 */
export function buildSummary(
  config: ExperimentConfig,
  hash: string,
  rows: readonly ReplicationRow[],
  precision?: readonly ConditionPrecision[],
  theories: readonly MixtureTheory[] = summaryTheories(config),
): Summary {
  const stoppedAt = new Map((precision ?? []).map((p) => [p.condition, p.replications]));
  // Rows grouped by (condition, estimator), indexed by replication so the order of `rows` does not matter.
  const groups = new Map<string, (ReplicationRow | undefined)[]>();
  for (const row of rows) {
    const key = `${row.condition}\u0000${row.estimator}`;
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = new Array<ReplicationRow | undefined>(config.replications)));
    list[row.rep] = row;
  }
  if (theories.length !== config.mixtures.length) throw new Error(`buildSummary: ${theories.length} theories for ${config.mixtures.length} mixtures`);
  const mixtures = config.mixtures.map((m, i) => ({ ...m, theory: theories[i] }));
  const cells: SummaryCell[] = [];
  for (const mixture of mixtures) {
    const truth = trueValues(mixture, config.estimands);
    // A plugin mechanism without σ (src/dgm/mechanism.ts): its placeholder σ's are no target.
    if (mixture.mechanism?.sigmaDefined === false) for (const key of Object.keys(truth)) if (key.startsWith('sigma.')) truth[key] = null;
    const keys = estimandKeys(config.estimands, mixture.K, mixture.d);
    for (const n of config.n) {
      const condition = conditionKey(mixture.id, n);
      const R = stoppedAt.get(condition) ?? config.replications;
      for (const estimator of config.estimators) {
        const list = (groups.get(`${condition}\u0000${estimator.id}`) ?? []).slice(0, R);
        const statuses = Array.from({ length: R }, (_, r) => list[r]?.status ?? 'missing');
        const limits = theoryTargets(mixture.theory, estimator, mixture);
        const anyRan = rowsRan(list);
        for (const estimand of keys) {
          const values = Array.from({ length: R }, (_, r) => list[r]?.values[estimand] ?? null);
          // A quantity the method does not have (σ or log-likelihood of k-means) is null in every fit that ran:
          // that is "not applicable", not R failures, so the cell is left out.
          if (anyRan && list.every((row) => row === undefined || row.status === 'error' || row.values[estimand] === null)) continue;
          const target = truth[estimand] ?? null;
          const limit = limits[estimand] ?? null;
          // Diagnostics (iterations, converged, …) describe every fit that ran, including non-converged ones.
          const okStatuses = DIAGNOSTIC_KEYS.has(estimand) ? ['ok', 'not-converged', 'degenerate', 'empty-cluster', 'not-mixed'] : ['ok'];
          const summary = summariseCell(values, statuses, { truth: target, limit }, { okStatuses });
          // Interval measures only where rows carry intervals (./inferenceSummary.ts): other summaries are unchanged.
          const inference = config.inference === undefined ? undefined : inferenceOfCell(list, estimand, { truth: target, limit }, config.inference.level);
          cells.push({ condition, mixture: mixture.id, n, estimator: estimator.id, method: estimator.method, estimand, truth: target, limit, ...summary, ...(inference === undefined ? {} : { inference }) });
        }
      }
    }
  }
  return {
    formatVersion: RESULTS_FORMAT_VERSION,
    name: config.name,
    title: config.title,
    description: config.description,
    configHash: hash,
    mcse: MCSE_DESCRIPTION,
    seed: config.seed,
    // A precision run: the most any condition used (each cell's nTotal is its own), never the unused cap.
    replications: precision === undefined || precision.length === 0 ? config.replications : Math.max(...precision.map((p) => p.replications)),
    n: config.n,
    estimators: config.estimators,
    mixtures,
    cells,
    ...(config.precision !== undefined && precision !== undefined
      ? { precision: { batch: config.precision.batch, maxReplications: config.precision.maxReplications, conditions: [...precision] } }
      : {}),
  };
}
