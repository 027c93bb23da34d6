/**
 * The replications of a completed run as one tidy table (Wickham 2014, "Tidy data", J. Stat. Softw. 59(10)):
 * one row per condition × replication × estimator, with the condition's mixture id, n, K and d, the estimator's
 * id and method, the fit's status (and message), and for every estimand its value, its truth (`<estimand>.truth`)
 * and — where the estimator has one, k-means — its population limit (`<estimand>.limit`), both from
 * `summary.json`. A truth or limit column appears only when some cell has such a target, so the diagnostics
 * (iterations, objective, …) carry their value alone.
 *
 * Any other field a row carries (say per-estimand standard errors and interval bounds) is exported too,
 * flattened to dotted columns (`field.key.sub`), so what a later version records in a row leaves in the table
 * without a change here. The column names are syntactic in R (letters, digits, dots), so `read.csv` keeps them
 * apart from its check.names rewrites except where an estimand key itself holds another character
 * (`separation.0-1` becomes `separation.0.1` in R).
 */
import { conditionKey } from '../config/conditions.js';
import type { CompletedRun } from '../results/load.js';
import type { ReplicationRow } from '../results/rows.js';
import { csvLine, type CsvValue } from './csv.js';

/** The fields of a row that have their own columns; every other field is flattened after the estimands. */
const ROW_FIELDS: ReadonlySet<string> = new Set(['condition', 'rep', 'estimator', 'status', 'message', 'values']);

/** The identifying columns, in order. */
export const REPLICATION_ID_COLUMNS = ['mixture', 'condition', 'n', 'K', 'd', 'rep', 'estimator', 'method', 'status', 'message'] as const;

interface ConditionInfo {
  readonly mixture: string;
  readonly n: number;
  readonly K: number;
  readonly d: number;
}

/** Leaves of a JSON value as [dotted path, value]; arrays by index. */
function flatten(prefix: string, x: unknown, out: [string, CsvValue][]): void {
  if (x === null || typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') out.push([prefix, x]);
  else if (Array.isArray(x)) x.forEach((v, i) => flatten(`${prefix}.${i}`, v, out));
  else if (typeof x === 'object') for (const [k, v] of Object.entries(x as Record<string, unknown>)) flatten(`${prefix}.${k}`, v, out);
}

function extraFields(row: ReplicationRow): [string, CsvValue][] {
  const out: [string, CsvValue][] = [];
  for (const [k, v] of Object.entries(row as unknown as Record<string, unknown>)) if (!ROW_FIELDS.has(k)) flatten(k, v, out);
  return out;
}

/** The lines of the table (header first), generated one row at a time. */
export function* tidyReplicationLines(run: CompletedRun): Generator<string> {
  const { config } = run.manifest;
  const conditions = new Map<string, ConditionInfo>();
  for (const m of config.mixtures) for (const n of config.n) conditions.set(conditionKey(m.id, n), { mixture: m.id, n, K: m.K, d: m.d });
  const methods = new Map(config.estimators.map((e) => [e.id, e.method]));

  // Targets by (condition, estimator, estimand); the estimand order is the summary's, then any key only rows have.
  const targets = new Map<string, { truth: number | null; limit: number | null }>();
  const estimands: string[] = [];
  const seen = new Set<string>();
  const hasTruth = new Set<string>();
  const hasLimit = new Set<string>();
  for (const c of run.summary.cells) {
    targets.set(`${c.condition}\u0000${c.estimator}\u0000${c.estimand}`, { truth: c.truth, limit: c.limit });
    if (!seen.has(c.estimand)) {
      seen.add(c.estimand);
      estimands.push(c.estimand);
    }
    if (c.truth !== null) hasTruth.add(c.estimand);
    if (c.limit !== null) hasLimit.add(c.estimand);
  }
  const extras: string[] = [];
  const seenExtra = new Set<string>();
  for (const r of run.rows) {
    for (const k of Object.keys(r.values)) {
      if (seen.has(k)) continue;
      seen.add(k);
      estimands.push(k);
    }
    for (const [k] of extraFields(r)) {
      if (seenExtra.has(k)) continue;
      seenExtra.add(k);
      extras.push(k);
    }
  }

  const header: string[] = [...REPLICATION_ID_COLUMNS];
  for (const e of estimands) {
    header.push(e);
    if (hasTruth.has(e)) header.push(`${e}.truth`);
    if (hasLimit.has(e)) header.push(`${e}.limit`);
  }
  header.push(...extras);
  const duplicate = header.find((h, i) => header.indexOf(h) !== i);
  if (duplicate !== undefined) throw new Error(`export: two columns would be named "${duplicate}"`);
  yield csvLine(header);

  for (const r of run.rows) {
    const info = conditions.get(r.condition);
    if (info === undefined) throw new Error(`export: row of unknown condition "${r.condition}"`);
    const line: CsvValue[] = [info.mixture, r.condition, info.n, info.K, info.d, r.rep, r.estimator, methods.get(r.estimator), r.status, r.message];
    for (const e of estimands) {
      line.push(r.values[e]);
      const t = targets.get(`${r.condition}\u0000${r.estimator}\u0000${e}`);
      if (hasTruth.has(e)) line.push(t?.truth);
      if (hasLimit.has(e)) line.push(t?.limit);
    }
    const extra = new Map(extraFields(r));
    for (const k of extras) line.push(extra.get(k));
    yield csvLine(line);
  }
}
