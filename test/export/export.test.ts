/**
 * `mixstudy export` (src/export/): the two tidy CSV files of a completed run are read back by Python's csv
 * module (and by R's read.csv where Rscript is installed) and checked against summary.json and the rows: every
 * summary measure with its MCSE, bit for bit; the replication table's values, truths and limits; a bias and a
 * Wald coverage recomputed from the replication table (the README's R snippets) equal to the summary's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { writeExport } from '../../src/export/writeExport.js';
import { loadCompletedRun, type CompletedRun } from '../../src/results/load.js';
import { MEASURE_SLOTS, measureByKey, readMeasure } from '../../src/performance/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { copyRun, editJson } from '../results/fixture.js';
import { smallConfig, tempDir } from '../runner/helpers.js';

const PYTHON = '/usr/bin/python3';
const hasPython = existsSync(PYTHON);
const hasR = (() => {
  try {
    execFileSync('Rscript', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPython) console.warn('SKIP: /usr/bin/python3 not found; the export is not read back with Python here');
if (!hasR) console.warn('SKIP: Rscript not found; the export is not read back with R here');

type Table = Record<string, string>[];

/** The CSV file read by Python's csv module, as a list of {column: text}. */
function readWithPython(path: string): Table {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="") as f: print(json.dumps(list(csv.DictReader(f))))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Table;
}

const num = (s: string | undefined): number | null => (s === undefined || s === 'NA' ? null : Number(s));

let run: CompletedRun;
let dir: string;
let out: string;

beforeAll(async () => {
  // 1-D and a d = 2, K = 3 mixture; an EM allowed one pass, so some fits are 'not-converged' and left out of the measures.
  const config = parseConfig(
    smallConfig({
      name: 'tiny',
      replications: 4,
      n: [30, 90],
      inference: { wald: true },
      mixtures: [
        { id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 },
        { id: 'd2-K3', weights: [0.3, 0.3, 0.4], means: [[0, 0], [3, 0], [0, 3]], sigma: 1 },
      ],
      estimators: [
        { id: 'km', method: 'kmeans', options: { restarts: 2 } },
        { id: 'mle', method: 'em', options: { covariance: 'equal' } },
        { id: 'short', method: 'em', options: { maxIter: 1 } },
      ],
    }),
  );
  const result = await runExperiment({ config, resultsRoot: tempDir('mixstudy-export-results-'), workers: 1, shard: null, fresh: false });
  dir = result.dir;
  run = loadCompletedRun(dir);
  out = join(tempDir('mixstudy-export-'), 'out');
  writeExport(dir, out);
}, 60_000);

describe('mixstudy export', () => {
  it.runIf(hasPython)('summary.csv holds every measure of summary.json with its MCSE, exactly, one row per condition × estimator × estimand × measure', () => {
    const table = readWithPython(join(out, 'summary.csv'));
    const byKey = new Map(table.map((r) => [`${r.condition}|${r.estimator}|${r.estimand}|${r.measure}|${r.target}|${r.interval}`, r]));
    expect(byKey.size).toBe(table.length);
    let expected = 0;
    for (const cell of run.summary.cells) {
      const mixture = run.summary.mixtures.find((m) => m.id === cell.mixture);
      for (const slot of MEASURE_SLOTS) {
        const m = slot.target === null || (slot.target === 'truth' ? cell.truth : cell.limit) !== null ? readMeasure(cell, slot.measure, slot.target, slot.interval) : null;
        if (m === null) continue;
        expected++;
        const row = byKey.get(`${cell.condition}|${cell.estimator}|${cell.estimand}|${slot.measure.key}|${slot.target ?? 'NA'}|${slot.interval ?? 'NA'}`);
        expect(row, `${cell.condition} ${cell.estimator} ${cell.estimand} ${slot.name}`).toBeDefined();
        if (row === undefined) continue;
        expect([num(row.value), num(row.mcse)]).toEqual([m.value, m.mcse]);
        expect([num(row.truth), num(row.limit), num(row.n), num(row.K), num(row.d)]).toEqual([cell.truth, cell.limit, cell.n, mixture?.K, mixture?.d]);
        expect([num(row.nTotal), num(row.nUsed), num(row.nFailed), row.method, row.mixture]).toEqual([cell.nTotal, cell.nUsed, cell.nFailed, cell.method, cell.mixture]);
      }
    }
    expect(table.length).toBe(expected);
    expect(table.some((r) => r.target === 'limit')).toBe(true);
    expect(table.some((r) => r.K === '3' && r.d === '2')).toBe(true);
    expect(table.some((r) => r.measure === 'coverage' && r.interval === 'wald' && r.target === 'truth' && r.value !== 'NA')).toBe(true);
  });

  it.runIf(hasPython)('replications.csv has one row per condition × replication × estimator with every value, its truth and limit; the bias recomputed from it is the summary\'s', () => {
    const table = readWithPython(join(out, 'replications.csv'));
    expect(table.length).toBe(run.rows.length);
    run.rows.forEach((r, i) => {
      const t = table[i];
      expect([t.condition, num(t.rep), t.estimator, t.status]).toEqual([r.condition, r.rep, r.estimator, r.status]);
      for (const [k, v] of Object.entries(r.values)) expect(num(t[k]), k).toBe(v);
    });
    expect(table.some((r) => r.status === 'not-converged')).toBe(true);
    let checked = 0;
    for (const cell of run.summary.cells) {
      if (cell.truth === null || cell.vsTruth.bias.value === null) continue;
      const used = table.filter((r) => r.condition === cell.condition && r.estimator === cell.estimator && r.status === 'ok' && r[cell.estimand] !== 'NA');
      expect(used.length).toBe(cell.nUsed);
      for (const r of used) expect([num(r[`${cell.estimand}.truth`]), num(r[`${cell.estimand}.limit`] ?? 'NA')]).toEqual([cell.truth, cell.limit]);
      const bias = used.reduce((s, r) => s + (Number(r[cell.estimand]) - Number(r[`${cell.estimand}.truth`])), 0) / used.length;
      expect(Math.abs(bias - cell.vsTruth.bias.value)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(cell.truth)));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it.runIf(hasR)('reads in one line in R (read.csv) with numeric columns, and the README\'s bias snippet gives the summary\'s bias', () => {
    const script = [
      `r <- read.csv("${join(out, 'replications.csv')}"); s <- read.csv("${join(out, 'summary.csv')}")`,
      'ok <- subset(r, status == "ok")',
      'b <- aggregate(cbind(bias = separation - separation.truth) ~ estimator + n + mixture, data = ok, FUN = mean)',
      'm <- merge(b, subset(s, estimand == "separation" & measure == "bias" & target %in% "truth"))',
      'ok$covered <- with(ok, inference.wald.values.separation.lower <= separation.truth & separation.truth <= inference.wald.values.separation.upper)',
      'cv <- merge(aggregate(covered ~ estimator + n + mixture, data = ok, FUN = mean), subset(s, estimand == "separation" & measure == "coverage" & interval %in% "wald" & target %in% "truth"))',
      'cat(nrow(r), nrow(s), is.numeric(r$separation), is.numeric(s$mcse), nrow(m), max(abs(m$bias - m$value)), nrow(cv), max(abs(cv$covered - cv$value)), "\\n")',
    ].join('; ');
    const [rows, cells, numeric1, numeric2, merged, maxDiff, coverageCells, coverageDiff] = execFileSync('Rscript', ['-e', script], { encoding: 'utf8' }).trim().split(/\s+/);
    expect([Number(rows), numeric1, numeric2]).toEqual([run.rows.length, 'TRUE', 'TRUE']);
    expect(Number(cells)).toBeGreaterThan(run.summary.cells.length);
    expect(Number(merged)).toBe(run.summary.cells.filter((c) => c.estimand === 'separation' && c.vsTruth.bias.value !== null).length);
    expect(Number(maxDiff)).toBeLessThan(1e-12);
    // The README's coverage snippet: the Wald coverage recomputed from the rows is the summary's.
    expect(Number(coverageCells)).toBe(run.summary.cells.filter((c) => c.estimand === 'separation' && readMeasure(c, measureByKey('coverage'), 'truth', 'wald')?.value != null).length);
    expect(Number(coverageCells)).toBeGreaterThan(0);
    expect(Number(coverageDiff)).toBeLessThan(1e-12);
  });

  it.runIf(hasR)('the R snippets of the README\'s "Data out", run as written on the export, give the summary\'s bias and Wald coverage per mixture', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf('### Data out');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    const blocks = [...section.matchAll(/```r\n([\s\S]*?)```/g)].map((m) => m[1].replaceAll('exports/bw1978/', `${out}/`));
    expect(blocks).toHaveLength(3); // read, bias, coverage
    const scripts = tempDir('mixstudy-export-readme-');
    const files = blocks.map((b, i) => {
      const f = join(scripts, `block${i}.R`);
      writeFileSync(f, b);
      return f;
    });
    // Each block's last value is what the README shows: the recomputed measure merged with the summary's.
    const script = [
      `source("${files[0]}"); m <- source("${files[1]}")$value; cv <- source("${files[2]}")$value`,
      'cat(nrow(m), max(abs(m$bias - m$value)), nrow(cv), is.null(cv$covered), max(abs(cv$covered - cv$value)), "\\n")',
    ].join('; ');
    const [biasCells, biasDiff, coverageCells, noCovered, coverageDiff] = execFileSync('Rscript', ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split(/\s+/);
    expect(Number(biasCells)).toBe(run.summary.cells.filter((c) => c.estimand === 'separation' && c.vsTruth.bias.value !== null).length);
    expect(Number(biasDiff)).toBeLessThan(1e-12);
    expect(noCovered).toBe('FALSE');
    expect(Number(coverageCells)).toBe(run.summary.cells.filter((c) => c.estimand === 'separation' && readMeasure(c, measureByKey('coverage'), 'truth', 'wald')?.value != null).length);
    expect(Number(coverageDiff)).toBeLessThan(1e-12);
  });

  it.runIf(hasPython)('exports any further field a row carries (e.g. standard errors and intervals), flattened to dotted columns', () => {
    const copy = copyRun(dir);
    const path = join(copy, 'replications.ndjson');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const edited = lines.map((l, i) => {
      const row = JSON.parse(l) as Record<string, unknown>;
      const values = { separation: { se: i / 8, lower: -i - 1, upper: i === 0 ? null : i } };
      return JSON.stringify({ ...row, inference: { wald: { status: 'ok', kind: 'observed-information', values } } });
    });
    writeFileSync(path, edited.join('\n') + '\n');
    const out2 = join(tempDir('mixstudy-export-extra-'), 'out');
    writeExport(copy, out2);
    const table = readWithPython(join(out2, 'replications.csv'));
    expect(table.map((r) => [num(r['inference.wald.values.separation.se']), num(r['inference.wald.values.separation.lower']), num(r['inference.wald.values.separation.upper'])])).toEqual(
      lines.map((_, i) => [i / 8, -i - 1, i === 0 ? null : i]),
    );
  });

  it('writes only into a folder mixstudy owns and refuses an unfinished run', () => {
    const foreign = tempDir('mixstudy-export-foreign-');
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    expect(() => writeExport(dir, foreign)).toThrow(/did not write/);
    writeExport(dir, out); // rewriting its own output is fine
    expect(() => writeExport(join(tempDir('mixstudy-export-none-'), 'tiny'), join(tempDir(), 'o'))).toThrow(/no results/);
    // A run stopped part-way (or still running) is refused, and nothing is written.
    const unfinished = copyRun(dir);
    editJson(unfinished, 'manifest.json', (m) => ({ ...m, status: 'interrupted' }));
    const target = join(tempDir('mixstudy-export-unfinished-'), 'o');
    expect(() => writeExport(unfinished, target)).toThrow(/incomplete/);
    expect(existsSync(target)).toBe(false);
  });
});
