/**
 * Synthetic results for report tests: a real config (parseConfig), hand-made replication rows with known
 * values and statuses, the real `buildSummary`, and a manifest — written to a temp directory in the layout
 * `mixstudy run` produces. Theory values are injected into the summary the way src/theory will provide them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conditionKey, configHash, parseConfig, type ExperimentConfig } from '../../src/config/index.js';
import { estimandKeys } from '../../src/estimands/names.js';
import { distanceToTarget } from '../../src/performance/index.js';
import type { Manifest } from '../../src/results/manifest.js';
import { RESULTS_FORMAT_VERSION } from '../../src/results/version.js';
import type { ReplicationRow, RowStatus, TimingRow } from '../../src/results/rows.js';
import { buildSummary } from '../../src/runner/summary.js';
import type { Summary } from '../../src/results/summary.js';
import { tempDir } from '../runner/helpers.js';

export const TRUTH = 2;
export const LIMIT = 2.3338;
export const FISHER = { sdMeansOnly: 2.05, sdAllParameters: 3.35 };
export const KMEANS_SD = 1.9;

export function syntheticConfig(overrides: Record<string, unknown> = {}): ExperimentConfig {
  return parseConfig({
    name: 'synth',
    title: 'Synthetic study',
    description: 'Report test fixture.',
    seed: 11,
    replications: 4,
    n: [20, 200, 2000],
    mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
    estimators: [
      { id: 'km', method: 'kmeans-exact' },
      { id: 'mle', method: 'em', options: { covariance: 'equal', weights: 'estimated' } },
    ],
    estimands: ['separation', 'means', 'weights', 'sigma'],
    ...overrides,
  });
}

/** Deterministic noise in [-1, 1] (no RNG needed for a fixture). */
function wobble(...xs: number[]): number {
  const s = Math.sin(xs.reduce((a, x, i) => a + x * (12.9898 + 7.233 * i), 0)) * 43758.5453;
  return 2 * (s - Math.floor(s)) - 1;
}

export type ValueFn = (mixture: string, n: number, rep: number, estimator: string, key: string) => number | null;
export type StatusFn = (mixture: string, n: number, rep: number, estimator: string) => RowStatus;

/** k-means near its limit, the MLE near the truth, both with noise shrinking like 1/√n. */
export const defaultValues: ValueFn = (_m, n, rep, est, key) => {
  const centre = est === 'km' ? LIMIT : TRUTH;
  const noise = (0.8 * wobble(n, rep, est.length, key.length)) / Math.sqrt(n);
  if (key === 'separation') return centre + noise;
  if (key === 'means.0.0') return -centre / 2 + noise;
  if (key === 'means.1.0') return centre / 2 + noise;
  if (key.startsWith('weights.')) return 0.5 + noise / 4;
  if (key.startsWith('sigma.')) return est === 'km' ? null : 1 + noise / 2;
  if (key === 'iterations') return est === 'km' ? 1 : 12;
  if (key === 'converged') return 1;
  return 0.1;
};

export const allOk: StatusFn = () => 'ok';

export function syntheticRows(config: ExperimentConfig, values: ValueFn = defaultValues, status: StatusFn = allOk): ReplicationRow[] {
  const rows: ReplicationRow[] = [];
  for (const m of config.mixtures) {
    const keys = estimandKeys(config.estimands, m.K, m.d);
    for (const n of config.n)
      for (let rep = 0; rep < config.replications; rep++)
        for (const e of config.estimators) {
          const s = status(m.id, n, rep, e.id);
          const vals: Record<string, number | null> = {};
          for (const k of keys) vals[k] = s === 'error' ? null : values(m.id, n, rep, e.id, k);
          rows.push({ condition: conditionKey(m.id, n), rep, estimator: e.id, status: s, ...(s === 'ok' ? {} : { message: `synthetic ${s}` }), values: vals });
        }
  }
  return rows;
}

/**
 * Replaces the theory buildSummary attached (src/theory) with fixed test values, so assertions do not depend
 * on the theory code: the k-means limit of the separation (on the mixture, and as the k-means cells' `limit`
 * with their measures against it recomputed from the rows), its CLT sd, and the Fisher sd∞.
 */
export function withTheory(summary: Summary, rows: readonly ReplicationRow[]): Summary {
  const okValues = (condition: string, estimator: string) =>
    Float64Array.from(rows.filter((r) => r.condition === condition && r.estimator === estimator && r.status === 'ok').map((r) => r.values.separation as number));
  return {
    ...summary,
    mixtures: summary.mixtures.map((m) => ({
      ...m,
      theory: {
        kmeansLimit: {
          centers: [[-LIMIT / 2], [LIMIT / 2]],
          proportions: [0.5, 0.5],
          separation: LIMIT,
          separationBias: LIMIT - TRUTH,
          unique: true,
          fixedPoints: 1,
          kmeansSd: KMEANS_SD,
        },
        fisher: { meansOnly: { sd: FISHER.sdMeansOnly }, estimators: { mle: { covariance: 'equal', weights: 'estimated', sd: FISHER.sdAllParameters } } },
        notes: [],
      },
    })),
    cells: summary.cells.map((c) => {
      if (c.method !== 'kmeans-exact' && c.method !== 'kmeans') return c;
      if (c.estimand !== 'separation') return { ...c, limit: null, vsLimit: null };
      return { ...c, limit: LIMIT, vsLimit: distanceToTarget(okValues(c.condition, c.estimator), LIMIT) };
    }),
  };
}

/** The summary as it was before src/theory landed: `theory: { kmeansLimit: null }`, no limits on cells. */
export function withoutTheory(summary: Summary): Summary {
  return {
    ...summary,
    mixtures: summary.mixtures.map((m) => ({ ...m, theory: { kmeansLimit: null } as unknown as Summary['mixtures'][number]['theory'] })),
    cells: summary.cells.map((c) => ({ ...c, limit: null, vsLimit: null })),
  };
}

export interface SyntheticResults {
  readonly root: string;
  readonly dir: string;
  readonly config: ExperimentConfig;
  readonly summary: Summary;
  readonly rows: ReplicationRow[];
}

export function writeSyntheticResults(
  opts: { config?: ExperimentConfig; values?: ValueFn; status?: StatusFn; theory?: boolean; manifestStatus?: Manifest['status'] } = {},
): SyntheticResults {
  const config = opts.config ?? syntheticConfig();
  const rows = syntheticRows(config, opts.values, opts.status);
  const hash = configHash(config);
  let summary = buildSummary(config, hash, rows);
  if (opts.theory !== false) summary = withTheory(summary, rows);
  const root = tempDir('mixstudy-report-');
  const dir = join(root, config.name);
  mkdirSync(dir, { recursive: true });
  const manifest: Manifest = {
    formatVersion: RESULTS_FORMAT_VERSION,
    name: config.name,
    configHash: hash,
    config,
    shard: null,
    status: opts.manifestStatus ?? 'complete',
    tasksTotal: 10,
    tasksDone: opts.manifestStatus === undefined || opts.manifestStatus === 'complete' ? 10 : 4,
    environment: { packageVersion: '0.1.0', gitCommit: 'abc123', node: 'v20.0.0', platform: 'linux-x64', cpu: 'Test CPU', cores: 2 },
    sessions: [{ startedAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T00:01:05.000Z', wallSeconds: 65, workers: 2, tasksRun: 10 }],
  };
  const timings: TimingRow[] = rows.map((r, i) => ({ condition: r.condition, rep: r.rep, estimator: r.estimator, seconds: 0.001 * (1 + (i % 3)) }));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  writeFileSync(join(dir, 'replications.ndjson'), rows.map((r) => JSON.stringify(r) + '\n').join(''));
  writeFileSync(join(dir, 'timings.ndjson'), timings.map((r) => JSON.stringify(r) + '\n').join(''));
  return { root, dir, config, summary, rows };
}

/** PNG width and height from the IHDR chunk; throws when the signature is wrong. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature)) throw new Error('not a PNG: bad signature');
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: first chunk is not IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
