/**
 * Are the Monte Carlo SEs in summary.json honest? One condition is run as S independent studies (seeds
 * first-seed … first-seed + S − 1), each through runExperiment into a temporary directory, exactly as
 * `mixstudy run` would; every study's summary is built by the same code (src/runner/summary.ts). For each
 * estimator, estimand and measure the spread of the measure across the S studies is the quantity its MCSE
 * claims to estimate, so
 *
 *   ratio = SD across studies of the measure ÷ mean over studies of its reported MCSE
 *
 * should be ≈ 1 (README "Monte Carlo SEs"; target 0.8–1.25). The ratio to the root-mean-square MCSE is printed
 * too: √mean(MCSE²) is the scale on which MCSE(bias) and MCSE(MSE) are exactly unbiased (and the jackknife
 * nearly so); where the MCSE varies much from study to study the mean MCSE falls below it (Jensen), and the
 * two ratios differ. A 95 % interval for the first ratio comes from a bootstrap over the S studies. The last
 * column is the first ratio with the normal-theory MCSEs summary.json held before (Morris et al.'s
 * EmpSE/√(2(R−1)), the delta-method RMSE), on the same studies.
 *
 * The condition: the canonical mixture 0.5·N(−1, 1) + 0.5·N(1, 1) (experiments/bw1978.json) at n = 200 and
 * 10 000 (nested), R = 100, exact 1-D k-means and EM with a shared σ and estimated weights.
 *
 * With `--rows FILE` the replication rows of every study are kept in an NDJSON file (one line per seed), so an
 * interrupted run resumes where it stopped and `--from-rows` re-summarises them with the current summary code
 * without re-fitting (the rows are not re-checked against the code: delete the file after changing an
 * estimator). Not part of the test suite: about 40 s on one core for the default 100 studies.
 *
 *   npx tsx bench/mcseCalibration.ts [--seeds 100] [--first-seed 1001] [--replications 100] [--n 200,10000]
 *                                    [--rows FILE] [--from-rows] [--all] [--markdown]
 *
 * --all adds the diagnostics (iterations, log-likelihood, …) to the estimands; --markdown also prints the
 * separation rows as a Markdown table (README "Monte Carlo SEs").
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configHash, parseConfig, type ExperimentConfig } from '../src/config/index.js';
import { DIAGNOSTICS } from '../src/estimands/names.js';
import { createStream } from '../src/rng/stream.js';
import { readReplicationRows, REPLICATIONS_FILE, type ReplicationRow } from '../src/results/rows.js';
import { readSummary, type SummaryCell } from '../src/results/summary.js';
import { runExperiment } from '../src/runner/runExperiment.js';
import { buildSummary } from '../src/runner/summary.js';
import { MCSE_DESCRIPTION, summariseCell, type CellSummary, type ValueWithMcse } from '../src/performance/index.js';
import { markdownTable, table } from './lib.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const S = Number(flag('--seeds', '100'));
const firstSeed = Number(flag('--first-seed', '1001'));
const R = Number(flag('--replications', '100'));
const ns = flag('--n', '200,10000').split(',').map(Number);
const rowsPath = flag('--rows', '');
const fromRows = process.argv.includes('--from-rows');
if (fromRows && rowsPath === '') throw new Error('--from-rows needs --rows FILE');
const all = process.argv.includes('--all');
const markdown = process.argv.includes('--markdown');

function configFor(seed: number): ExperimentConfig {
  return parseConfig({
    name: 'mcse-calibration',
    title: 'MCSE calibration',
    description: 'One condition repeated over seeds (bench/mcseCalibration.ts).',
    seed,
    replications: R,
    n: ns,
    nested: true,
    mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
    estimators: [
      { id: 'kmeans', method: 'kmeans-exact' },
      { id: 'mle', method: 'em', options: { covariance: 'equal', weights: 'estimated' } },
    ],
    estimands: ['separation', 'means', 'weights', 'sigma', 'misclassification'],
  });
}

interface SeedRows {
  readonly seed: number;
  readonly rows: ReplicationRow[];
}

function loadSaved(): Map<number, ReplicationRow[]> {
  const saved = new Map<number, ReplicationRow[]>();
  if (rowsPath === '' || !existsSync(rowsPath)) return saved;
  for (const line of readFileSync(rowsPath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const s = JSON.parse(line) as SeedRows;
      saved.set(s.seed, s.rows);
    } catch {
      // a torn last line from an interrupted run: that seed is simply run again
    }
  }
  return saved;
}

const saved = loadSaved();
const started = performance.now();
const seeds = Array.from({ length: S }, (_, i) => firstSeed + i);
for (const seed of seeds) {
  if (saved.has(seed)) continue;
  if (fromRows) throw new Error(`--from-rows: seed ${seed} is not in ${rowsPath}`);
  const config = configFor(seed);
  const root = mkdtempSync(join(tmpdir(), 'mixstudy-mcse-'));
  try {
    await runExperiment({ config, resultsRoot: root, workers: 1, shard: null, fresh: true });
    const rows = readReplicationRows(join(root, config.name, REPLICATIONS_FILE)).records;
    // The table below re-summarises the rows; it must be exactly what the run wrote to summary.json.
    const written = readSummary(join(root, config.name)).cells;
    if (JSON.stringify(written) !== JSON.stringify(buildSummary(config, configHash(config), rows).cells)) {
      throw new Error(`seed ${seed}: summary.json differs from buildSummary on its own rows`);
    }
    if (rowsPath !== '') appendFileSync(rowsPath, JSON.stringify({ seed, rows }) + '\n');
    saved.set(seed, rows);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const done = seeds.filter((s) => saved.has(s)).length;
  const el = (performance.now() - started) / 1000;
  console.error(`seed ${seed} done (${done}/${S}, ${el.toFixed(0)} s)`);
}

// One summary per study, by the code that writes summary.json.
const perSeed = seeds.map((seed) => {
  const config = configFor(seed);
  return buildSummary(config, configHash(config), saved.get(seed) as ReplicationRow[]).cells;
});

const diagnostics: ReadonlySet<string> = new Set(DIAGNOSTICS);

/**
 * The same cell with the normal-theory MCSEs summary.json held before (Morris et al.'s EmpSE/√(2(R−1)), the
 * delta-method RMSE), for the "before" column: the values and statuses are picked as src/runner/summary.ts
 * picks them.
 */
function normalTheoryCell(seed: number, cell: SummaryCell): CellSummary {
  const rows = (saved.get(seed) as ReplicationRow[]).filter((r) => r.condition === cell.condition && r.estimator === cell.estimator);
  const byRep = new Map(rows.map((r) => [r.rep, r]));
  const values = Array.from({ length: R }, (_, r) => byRep.get(r)?.values[cell.estimand] ?? null);
  const statuses = Array.from({ length: R }, (_, r) => byRep.get(r)?.status ?? 'missing');
  const okStatuses = diagnostics.has(cell.estimand) ? ['ok', 'not-converged', 'degenerate', 'empty-cluster'] : ['ok'];
  return summariseCell(values, statuses, { truth: cell.truth, limit: cell.limit }, { okStatuses, mcse: 'normal' });
}

const MEASURES = ['empSE', 'vsTruth.bias', 'vsTruth.rmse', 'vsTruth.mse', 'vsLimit.bias', 'vsLimit.rmse'] as const;
type Measure = (typeof MEASURES)[number];

function measureOf(c: CellSummary, m: Measure): ValueWithMcse | null {
  if (m === 'empSE') return c.empSE;
  const [block, name] = m.split('.') as ['vsTruth' | 'vsLimit', 'bias' | 'rmse' | 'mse'];
  const t = block === 'vsTruth' ? c.vsTruth : c.vsLimit;
  return t === null ? null : t[name];
}

function sd(v: readonly number[]): number {
  const mu = avg(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1));
}
function avg(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

interface Ratio {
  readonly sd: number;
  readonly meanMcse: number;
  /** SD across studies ÷ mean MCSE. */
  readonly ratio: number;
  /** SD across studies ÷ √mean(MCSE²). */
  readonly ratioRms: number;
  /** 95 % percentile-bootstrap interval of `ratio` over studies. */
  readonly lo: number;
  readonly hi: number;
}

function ratioOf(values: readonly number[], mcses: readonly number[], label: string): Ratio {
  const rng = createStream('mcse-calibration', label);
  const boots: number[] = [];
  const k = values.length;
  const bv = new Array<number>(k);
  const bm = new Array<number>(k);
  for (let b = 0; b < 2000; b++) {
    for (let i = 0; i < k; i++) {
      const j = Math.floor(rng.uniform() * k);
      bv[i] = values[j];
      bm[i] = mcses[j];
    }
    boots.push(sd(bv) / avg(bm));
  }
  boots.sort((a, b) => a - b);
  const s = sd(values);
  return {
    sd: s,
    meanMcse: avg(mcses),
    ratio: s / avg(mcses),
    ratioRms: s / Math.sqrt(avg(mcses.map((x) => x * x))),
    lo: boots[Math.floor(0.025 * boots.length)],
    hi: boots[Math.floor(0.975 * boots.length)],
  };
}

const header = ['n', 'estimator', 'estimand', 'measure', 'SD across seeds', 'mean MCSE', 'SD ÷ mean MCSE (95 % CI)', 'SD ÷ RMS MCSE', 'before: SD ÷ mean MCSE'];
const rows: string[][] = [];
const outside: string[] = [];
const f3 = (x: number): string => (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(4) : x.toExponential(2));
for (const cell of perSeed[0]) {
  if (!all && diagnostics.has(cell.estimand)) continue;
  // The mean's MCSE is the bias's, and so is its SD across studies (the same truth in every study).
  for (const m of MEASURES) {
    const values: number[] = [];
    const mcses: number[] = [];
    const before: number[] = [];
    perSeed.forEach((cells, i) => {
      const c = cells.find((x) => x.condition === cell.condition && x.estimator === cell.estimator && x.estimand === cell.estimand);
      const v = c === undefined ? null : measureOf(c, m);
      if (c === undefined || v === null || v.value === null || v.mcse === null) return;
      values.push(v.value);
      mcses.push(v.mcse);
      before.push(measureOf(normalTheoryCell(seeds[i], c), m)?.mcse ?? NaN);
    });
    if (values.length < S) continue;
    const r = ratioOf(values, mcses, `${cell.condition}|${cell.estimator}|${cell.estimand}|${m}`);
    if (!(r.meanMcse > 0)) continue;
    const old = r.sd / avg(before);
    rows.push([String(cell.n), cell.estimator, cell.estimand, m, f3(r.sd), f3(r.meanMcse), `${r.ratio.toFixed(2)} (${r.lo.toFixed(2)}–${r.hi.toFixed(2)})`, r.ratioRms.toFixed(2), old.toFixed(2)]);
    if (r.ratio < 0.8 || r.ratio > 1.25) outside.push(`${cell.condition} ${cell.estimator} ${cell.estimand} ${m}: ${r.ratio.toFixed(2)} (RMS ${r.ratioRms.toFixed(2)})`);
  }
}

console.log(`MCSE calibration: ${S} studies (seeds ${firstSeed}–${firstSeed + S - 1}), R = ${R}, n = ${ns.join(', ')}`);
console.log(`MCSE form: ${MCSE_DESCRIPTION}\n`);
console.log(table(header, rows));
console.log(outside.length === 0 ? '\nevery SD ÷ mean MCSE within 0.8–1.25' : `\nSD ÷ mean MCSE outside 0.8–1.25:\n  ${outside.join('\n  ')}`);
if (markdown) console.log('\n' + markdownTable(header, rows.filter((r) => r[2] === 'separation')));
