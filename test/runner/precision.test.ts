/**
 * Precision targets (src/runner/precision.ts): each condition runs batches until the MCSE of the named measure
 * is at most its target, or the cap. Where it stops is the first batch end at which an independent MCSE
 * (sd/√R of the used estimates) meets the target; its rows and summary cells equal those of a fixed-R run with
 * that R; the result is the same for 1 and 2 workers and after stops and a torn file; growing the target
 * computes only new replications; shards, and a looser target on a finished run, are refused.
 */
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slurmCommand } from '../../src/commands/slurm.js';
import { parseConfig } from '../../src/config/index.js';
import type { ReplicationRow } from '../../src/results/rows.js';
import { precisionStatus } from '../../src/runner/precision.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { tempDir, writeConfig } from './helpers.js';

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

const BATCH = 10;
const CAP = 300;

function config(mcse = 0.04, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'prec',
    title: 'precision test',
    seed: 11,
    n: [50, 400],
    mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
    estimators: [
      { id: 'km', method: 'kmeans-exact' },
      { id: 'mle', method: 'em', options: { covariance: 'equal' } },
    ],
    estimands: ['separation'],
    precision: { target: [{ estimand: 'separation', measure: 'bias', mcse, estimators: ['mle'] }], maxReplications: CAP, batch: BATCH },
    ...overrides,
  };
}

async function run(root: string, raw: Record<string, unknown>, opts: { workers?: number; stopAfter?: number; shard?: { index: number; count: number } } = {}) {
  let results = 0;
  return runExperiment({
    config: parseConfig(raw),
    resultsRoot: root,
    workers: opts.workers ?? 1,
    shard: opts.shard ?? null,
    fresh: false,
    progress: { start() {}, stop() {}, tick: () => void results++ },
    shouldStop: opts.stopAfter === undefined ? undefined : () => results >= (opts.stopAfter as number),
  });
}

interface Stop {
  condition: string;
  replications: number;
  met: boolean;
}
const stops = (dir: string): Stop[] => (JSON.parse(read(dir, 'summary.json')) as { precision: { conditions: Stop[] } }).precision.conditions;
const rows = (dir: string): ReplicationRow[] => read(dir, 'replications.ndjson').trim().split('\n').map((l) => JSON.parse(l) as ReplicationRow);

/** SE of the mean of the first R used MLE separations of a condition: the MCSE of the bias, computed here. */
function seOfMean(all: ReplicationRow[], condition: string, R: number): number {
  const x = all.filter((r) => r.condition === condition && r.estimator === 'mle' && r.rep < R && r.status === 'ok').map((r) => r.values.separation as number);
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);
  return Math.sqrt(variance / x.length);
}

describe('precision targets', () => {
  it('stops each condition at the first batch end whose MCSE meets the target, like a fixed-R run of that R', async () => {
    const out = await run(tempDir(), config());
    expect(out.complete).toBe(true);
    const all = rows(out.dir);
    const found = stops(out.dir);
    expect(found.map((s) => s.condition)).toEqual(['canonical|n=50', 'canonical|n=400']);
    for (const s of found) {
      expect(s.met).toBe(true);
      expect(s.replications % BATCH).toBe(0);
      expect(seOfMean(all, s.condition, s.replications)).toBeLessThanOrEqual(0.04);
      if (s.replications > BATCH) expect(seOfMean(all, s.condition, s.replications - BATCH)).toBeGreaterThan(0.04);
      // Exactly R replications of every estimator, no more.
      expect(all.filter((r) => r.condition === s.condition).length).toBe(2 * s.replications);
    }
    // The variance of the MLE falls like 1/n, so the R needed falls by about the ratio of the n's (8).
    const ratio = found[0].replications / found[1].replications;
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(20);

    // Each condition's rows and summary cells equal those of a fixed-R run with its R.
    const cells = (dir: string, condition: string) =>
      (JSON.parse(read(dir, 'summary.json')) as { cells: { condition: string }[] }).cells.filter((c) => c.condition === condition);
    for (const s of found) {
      const fixed = config(0.04, { precision: undefined, replications: s.replications });
      const f = await run(tempDir(), fixed);
      const text = (dir: string) => read(dir, 'replications.ndjson').split('\n').filter((l) => l.includes(`"condition":"${s.condition}"`));
      expect(text(out.dir)).toEqual(text(f.dir));
      expect(JSON.stringify(cells(out.dir, s.condition))).toBe(JSON.stringify(cells(f.dir, s.condition)));
    }
  });

  it('is reproducible across worker counts, stops and a torn file', async () => {
    const reference = await run(tempDir(), config());
    const two = await run(tempDir(), config(), { workers: 2 });
    const root = tempDir();
    let out = await run(root, config(), { stopAfter: 7 });
    expect(out.complete).toBe(false);
    out = await run(root, config(), { workers: 2, stopAfter: 40 });
    expect(out.complete).toBe(false);
    // A crash mid-write: a torn last line, and a manifest still saying running.
    const file = join(out.dir, 'replications.ndjson');
    truncateSync(file, Math.floor(statSync(file).size * 0.8));
    const manifestPath = join(out.dir, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ ...(JSON.parse(read(out.dir, 'manifest.json')) as object), status: 'running' }));
    out = await run(root, config());
    expect(out.complete).toBe(true);
    for (const file of ['replications.ndjson', 'summary.json']) {
      expect(read(two.dir, file), file).toBe(read(reference.dir, file));
      expect(read(out.dir, file), file).toBe(read(reference.dir, file));
    }
  });

  it('grows with a tighter target, computing only the replications it adds; a looser one is refused', async () => {
    const root = tempDir();
    const loose = await run(root, config(0.04));
    const before = stops(loose.dir).reduce((a, s) => a + s.replications, 0);
    const tight = await run(root, config(0.03));
    const fresh = await run(tempDir(), config(0.03));
    for (const file of ['replications.ndjson', 'summary.json']) expect(read(tight.dir, file), file).toBe(read(fresh.dir, file));
    const after = stops(tight.dir).reduce((a, s) => a + s.replications, 0);
    expect(tight.fits).toBe(2 * (after - before));
    await expect(run(root, config(0.04))).rejects.toThrow(/precision rule now stops .* at R = \d+.*another name, or rerun with --fresh/);
    // To a fixed R: every condition's R so far is kept (the largest), more only adds replications.
    const most = Math.max(...stops(tight.dir).map((st) => st.replications));
    await expect(run(root, config(0.04, { precision: undefined, replications: most - 1 }))).rejects.toThrow(/replication \d+ of .* but replications is/);
    const fixed = await run(root, config(0.04, { precision: undefined, replications: most + 5 }));
    const freshFixed = await run(tempDir(), config(0.04, { precision: undefined, replications: most + 5 }));
    for (const file of ['replications.ndjson', 'summary.json']) expect(read(fixed.dir, file), file).toBe(read(freshFixed.dir, file));
  });

  it('refuses shards with what to do instead, and a config with both replications and precision', async () => {
    await expect(run(tempDir(), config(), { shard: { index: 0, count: 2 } })).rejects.toThrow(/without --shard.*fixed "replications"/);
    const dir = tempDir();
    const slurm = { config: writeConfig(dir, config()), array: 2, 'cpus-per-task': 1, cpusPerTask: 1, out: join(dir, 'slurm'), results: join(dir, 'results'), _: [], $0: 'mixstudy' };
    await expect(Promise.resolve().then(() => slurmCommand.handler(slurm))).rejects.toThrow(/without --shard/);
    expect(existsSync(join(dir, 'slurm'))).toBe(false);
    expect(() => parseConfig(config(0.04, { replications: 10 }))).toThrow(/give the cap as precision.maxReplications/);
    await expect(
      run(tempDir(), config(0.04, { precision: { target: [{ estimand: 'separation', measure: 'spread', mcse: 1 }], maxReplications: 10 } })),
    ).rejects.toThrow(/precision.target\[0\].measure: "spread" is not a measure/);
  });

  it('grows the progress total batch by batch and reports the worst MCSE against its target', async () => {
    const totals: number[] = [];
    const statuses: string[] = [];
    let ticked = 0;
    const out = await runExperiment({
      config: parseConfig(config()),
      resultsRoot: tempDir(),
      workers: 1,
      shard: null,
      fresh: false,
      progress: { start() {}, stop() {}, tick: (f) => void (ticked += f), resize: (t) => void totals.push(t), status: (s) => void statuses.push(s) },
    });
    const R = stops(out.dir).reduce((a, s) => a + s.replications, 0);
    expect(totals.at(-1)).toBe(2 * R);
    expect(ticked).toBe(2 * R);
    expect(totals.every((t, i) => i === 0 || t > totals[i - 1])).toBe(true);
    expect(statuses[0]).toBe('0/2 conditions stopped');
    expect(statuses.some((s) => /worst: canonical\|n=50 mle separation bias MCSE [0-9.]+ vs target 0.04/.test(s))).toBe(true);
    expect(statuses.at(-1)).toBe('2/2 conditions stopped');
  });

  it('says in the progress line how far the worst condition is from its target', () => {
    const line = precisionStatus([
      { condition: 'a|n=10', decided: true, replications: 20, met: true, worst: null },
      { condition: 'a|n=20', decided: false, replications: 30, met: false, worst: { estimator: 'mle', estimand: 'separation', measure: 'bias', mcse: 0.05, target: 0.03 } },
    ]);
    expect(line).toBe('1/2 conditions stopped; worst: a|n=20 mle separation bias MCSE 0.0500 vs target 0.03 (running to R = 30)');
  });
});
