/**
 * How often does `mixstudy check` raise a false alarm on unchanged code? Each design is run as 2P independent
 * studies (seeds first, first + 1, …, first + 2P − 1); pair i makes a baseline from seed first + 2i and checks
 * seed first + 2i + 1 against it — exactly the independent mode of `mixstudy check` (src/check/runCheck.ts,
 * default thresholds), in-process. The code is the same on both sides, so every FAIL is a false alarm; the
 * family-wise correction (src/check/familywise.ts, Holm 1979 at α = 0.01) promises at most a fraction α of them
 * when its p-values are valid. Printed per design: pairs that pass, and for comparison how many would pass
 * under the rule before the correction (every measure and invariant alone at |z| > 4, diagnostics included).
 *
 * Designs (small, to finish in minutes): the two regression experiments (experiments/regression/) and the
 * Bryant–Williamson study (experiments/bw1978.json), each at R = 20 replications and with `misclassification`
 * added to its estimands, so every kind of estimand is in the family.
 *
 *   npx tsx bench/checkFalseAlarms.ts [--pairs 100] [--first-seed 1000] [--replications 20]
 *                                     [--designs regression-canonical,regression-unequal,bw1978] [--workers 1]
 *
 * Not part of the test suite: ~10 min on one core for the default 100 pairs of three designs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBaseline } from '../src/check/baseline.js';
import { DEFAULT_THRESHOLDS, isFailure } from '../src/check/measures.js';
import { loadRunResults, type RunResults } from '../src/check/results.js';
import { runCheck, type CheckReport } from '../src/check/runCheck.js';
import { parseConfig, type ExperimentConfig } from '../src/config/index.js';
import { runExperiment } from '../src/runner/runExperiment.js';

const ROOT = join(import.meta.dirname, '..');

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const PAIRS = Number(flag('--pairs', '100'));
const FIRST = Number(flag('--first-seed', '1000'));
const R = Number(flag('--replications', '20'));
const WORKERS = Number(flag('--workers', '1'));
const DESIGNS: Record<string, string> = {
  'regression-canonical': 'experiments/regression/regression-canonical.json',
  'regression-unequal': 'experiments/regression/regression-unequal.json',
  bw1978: 'experiments/bw1978.json',
};
const chosen = flag('--designs', Object.keys(DESIGNS).join(',')).split(',');

function designConfig(name: string, seed: number): ExperimentConfig {
  const path = DESIGNS[name];
  if (path === undefined) throw new Error(`unknown design ${name} (known: ${Object.keys(DESIGNS).join(', ')})`);
  const raw = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown> & { estimands: string[] };
  const estimands = raw.estimands.includes('misclassification') ? raw.estimands : [...raw.estimands, 'misclassification'];
  return parseConfig({ ...raw, seed, replications: R, estimands });
}

async function run(config: ExperimentConfig, scratch: string): Promise<RunResults> {
  const out = await runExperiment({ config, resultsRoot: join(scratch, String(config.seed)), workers: WORKERS, shard: null, fresh: true });
  if (!out.complete) throw new Error(`${config.name} seed ${String(config.seed)}: run did not complete`);
  return loadRunResults(out.dir, 'bench');
}

/** Would the rule before the family-wise correction (each test alone at |z| > 4, diagnostics too) have failed? */
function failsAlone(r: CheckReport, z: number): boolean {
  const big = (x: number | null): boolean => x !== null && Math.abs(x) > z;
  return (
    r.comparisons.some((c) => (c.mode !== 'exact' && big(c.z)) || (c.mode === 'exact' && isFailure(c.verdict)) || c.verdict === 'missing') ||
    r.invariants.some((i) => big(i.z) || (i.verdict === 'fail' && i.z === null))
  );
}

function describeFailure(r: CheckReport): string {
  const rows = r.comparisons.filter((c) => isFailure(c.verdict)).map((c) => `${c.condition} ${c.estimator} ${c.estimand} ${c.measure} z=${c.z?.toFixed(2)} p=${c.p?.toExponential(1)}`);
  const inv = r.invariants.filter((i) => i.verdict === 'fail').map((i) => `invariant ${i.estimator} ${i.estimand} n=${i.n} z=${i.z?.toFixed(2)} p=${i.p?.toExponential(1)}`);
  return [...rows, ...inv].join('; ');
}

/** Smallest p-value in the family times the family size: Holm/Bonferroni reject when this is ≤ α. */
function minAdjustedP(r: CheckReport): number {
  const ps = [
    ...r.comparisons.filter((c) => c.p !== null && c.mode !== 'exact' && c.verdict !== 'diagnostic').map((c) => c.p as number),
    ...r.invariants.filter((i) => i.p !== null && i.verdict !== 'skipped').map((i) => i.p as number),
  ];
  return Math.min(...ps) * r.family.tests;
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`check false alarms: ${PAIRS} seed pairs per design, R = ${R}, first seed ${FIRST}, α = ${DEFAULT_THRESHOLDS.alpha}, z = ${DEFAULT_THRESHOLDS.z}`);
  const summary: string[] = [];
  for (const name of chosen) {
    const scratch = mkdtempSync(join(tmpdir(), `mixstudy-false-alarms-${name}-`));
    let pass = 0;
    let passAlone = 0;
    let tests = 0;
    const adjusted: number[] = [];
    try {
      for (let i = 0; i < PAIRS; i++) {
        const a = designConfig(name, FIRST + 2 * i);
        const b = designConfig(name, FIRST + 2 * i + 1);
        const base = await run(a, scratch);
        const next = await run(b, scratch);
        const report = runCheck({ baseline: buildBaseline(base), baselinePath: `seed ${FIRST + 2 * i}`, config: b, results: next, reused: true, thresholds: DEFAULT_THRESHOLDS });
        tests = report.family.tests;
        adjusted.push(minAdjustedP(report));
        if (report.passed) pass++;
        else console.log(`  ${name} pair ${i} (seeds ${FIRST + 2 * i}/${FIRST + 2 * i + 1}): FAIL — ${describeFailure(report)}`);
        if (!failsAlone(report, DEFAULT_THRESHOLDS.z)) passAlone++;
        rmSync(join(scratch, String(a.seed)), { recursive: true, force: true });
        rmSync(join(scratch, String(b.seed)), { recursive: true, force: true });
        if ((i + 1) % 10 === 0) console.log(`  ${name}: ${i + 1}/${PAIRS} pairs, ${pass} pass (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    adjusted.sort((x, y) => x - y);
    const q = (f: number): string => adjusted[Math.min(adjusted.length - 1, Math.floor(f * adjusted.length))].toExponential(1);
    summary.push(
      `${name.padEnd(22)} ${String(pass).padStart(3)}/${PAIRS} pass (Holm α = ${DEFAULT_THRESHOLDS.alpha}, ${tests} tests)   ` +
        `${String(passAlone).padStart(3)}/${PAIRS} with each test alone at |z| > ${DEFAULT_THRESHOLDS.z}   ` +
        `m·min p: min ${adjusted[0].toExponential(1)}, 5% ${q(0.05)}, median ${q(0.5)}`,
    );
  }
  console.log('');
  console.log(summary.join('\n'));
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

await main();
