/**
 * Growing a finished study (src/runner/growth.ts, src/runner/runExperiment.ts): a config that only adds
 * replications, sample sizes, mixtures or estimators computes only the new cells, and the folder ends
 * byte-identical (replications.ndjson, summary.json, and the manifest's config and hash) to a fresh run of the
 * new config — also combined, resumed after a stop, and as shards merged onto the grown run. Changes that would
 * alter an existing cell, and shrinking, are refused with the key and the remedy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ExperimentConfig } from '../../src/config/index.js';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import { createStream } from '../../src/rng/stream.js';
import { checkGrowth } from '../../src/runner/growth.js';
import { mergeShards } from '../../src/runner/merge.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import type { Rng } from '../../src/types.js';
import { smallConfig, tempDir } from './helpers.js';

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

function base(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return smallConfig({
    name: 'grow',
    replications: 4,
    n: [20, 60],
    mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
    estimators: [
      { id: 'km', method: 'kmeans-exact' },
      { id: 'mle', method: 'em', options: { covariance: 'equal' } },
    ],
    ...overrides,
  });
}

const skewed = { id: 'skewed', weights: [0.8, 0.2], means: [[0], [3]], sigmas: [1, 0.5] };
const lloyd = { id: 'lloyd', method: 'kmeans', options: { restarts: 2 } };

function grownBy(kind: 'replications' | 'n' | 'mixtures' | 'estimators' | 'all', raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...raw };
  if (kind === 'replications' || kind === 'all') out.replications = 7;
  if (kind === 'n' || kind === 'all') out.n = [10, 20, 60, 150];
  if (kind === 'mixtures' || kind === 'all') out.mixtures = [skewed, ...(raw.mixtures as unknown[])];
  if (kind === 'estimators' || kind === 'all') out.estimators = [lloyd, ...(raw.estimators as unknown[])];
  return out;
}

const cellsOf = (c: ExperimentConfig): number => c.replications * c.n.length * c.mixtures.length * c.estimators.length;

async function run(root: string, raw: Record<string, unknown>, opts: { workers?: number; shard?: { index: number; count: number } | null; stopAfter?: number } = {}) {
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

function expectSameAsFresh(grownDir: string, freshDir: string): void {
  for (const file of ['replications.ndjson', 'summary.json']) expect(read(grownDir, file), file).toBe(read(freshDir, file));
  const m = (dir: string) => JSON.parse(read(dir, 'manifest.json')) as { config: unknown; configHash: string; status: string };
  expect(m(grownDir).status).toBe('complete');
  expect(m(grownDir).configHash).toBe(m(freshDir).configHash);
  expect(JSON.stringify(m(grownDir).config)).toBe(JSON.stringify(m(freshDir).config));
}

describe('the nested-prefix property growth relies on', () => {
  it('a shorter draw from a stream is the prefix of a longer one (fused sampler and a plain Rng)', () => {
    const mixture = { weights: [0.2, 0.5, 0.3], means: [[0, 0], [3, 1], [-2, 4]], sigmas: [1, 0.5, 2] };
    for (const wrap of [(r: Rng) => r, (r: Rng): Rng => ({ uniform: () => r.uniform(), normal: () => r.normal() })]) {
      const long = sampleMixture(mixture, 1000, wrap(createStream(3, 'data', 'm', 0)));
      for (const m of [1, 7, 100, 999]) {
        const short = sampleMixture(mixture, m, wrap(createStream(3, 'data', 'm', 0)));
        expect(Array.from(short.data.x)).toEqual(Array.from(long.data.x.subarray(0, m * 2)));
        expect(Array.from(short.labels)).toEqual(Array.from(long.labels.subarray(0, m)));
      }
    }
  });
});

describe('checkGrowth', () => {
  const prev = parseConfig(base());
  const grow = (raw: Record<string, unknown>) => checkGrowth(prev, parseConfig(raw), '/r/grow');

  it('names what each kind of growth adds, and accepts a new title', () => {
    expect(grow(base()).changes).toEqual([]);
    expect(grow(base({ title: 'renamed', description: 'more words' })).changes).toEqual([]);
    expect(grow(grownBy('replications', base())).changes).toEqual(['replications 4 → 7']);
    expect(grow(grownBy('n', base())).changes).toEqual(['n + 10, 150']);
    expect(grow(grownBy('mixtures', base())).changes).toEqual(['mixture + skewed']);
    expect(grow(grownBy('estimators', base())).changes).toEqual(['estimator + lloyd']);
    expect(grow(grownBy('all', base())).changes).toHaveLength(4);
  });

  it('refuses a change that would alter an existing cell, naming the key and why', () => {
    expect(() => grow(base({ seed: 8 }))).toThrow(/different config: seed differs \(7 → 8\): the seed keys every data and fit stream.*--fresh/);
    expect(() => grow(base({ nested: false }))).toThrow(/nested differs.*every sample would change/);
    expect(() => grow(base({ estimands: ['separation'] }))).toThrow(/estimands differs.*every existing row/);
    const moved = base({ mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1.5]], sigma: 1 }] });
    expect(() => grow(moved)).toThrow(/mixtures\[id=canonical\] means differs: its samples would change/);
    const retuned = base({ estimators: [{ id: 'km', method: 'kmeans-exact' }, { id: 'mle', method: 'em', options: { covariance: 'unequal' } }] });
    expect(() => grow(retuned)).toThrow(/estimators\[id=mle\] options differs: its existing fits would change/);
    // A field recorded beside an estimator (such as a plugin's file hash) counts as a change of the estimator.
    const next = parseConfig(base());
    const withHash = { ...next, estimators: next.estimators.map((e) => (e.id === 'mle' ? { ...e, moduleHash: 'abc' } : e)) };
    expect(() => checkGrowth(prev, withHash, '/r/grow')).toThrow(/estimators\[id=mle\] moduleHash differs/);
    // Any other key (an inference block, say) is held equal.
    const other = { ...next, inference: { level: 0.95 } } as unknown as ExperimentConfig;
    expect(() => checkGrowth(prev, other, '/r/grow')).toThrow(/inference differs/);
  });

  it('refuses shrinking, saying how to get the smaller study', () => {
    const remedy = /another name, or rerun with --fresh/;
    expect(() => grow(base({ replications: 3 }))).toThrow(/replications 4 → 3 would drop replications.*another name/);
    expect(() => grow(base({ n: [60] }))).toThrow(/n 20 would be dropped/);
    expect(() => grow(base({ n: [60] }))).toThrow(remedy);
    expect(() => grow(base({ estimators: [{ id: 'km', method: 'kmeans-exact' }] }))).toThrow(/estimators mle would be dropped/);
  });
});

describe('growing a finished run', () => {
  for (const kind of ['replications', 'n', 'mixtures', 'estimators', 'all'] as const) {
    it(`computes only the new cells when it adds ${kind}, ending byte-identical to a fresh run`, async () => {
      const root = tempDir();
      const old = await run(root, base());
      expect(old.complete).toBe(true);
      const grownRaw = grownBy(kind, base());
      const grown = await run(root, grownRaw);
      const fresh = await run(tempDir(), grownRaw);
      expect(grown.fits).toBe(cellsOf(parseConfig(grownRaw)) - cellsOf(parseConfig(base())));
      expectSameAsFresh(grown.dir, fresh.dir);
    });
  }

  it('grows unnested samples too', async () => {
    const root = tempDir();
    await run(root, base({ nested: false }));
    const grownRaw = grownBy('all', base({ nested: false }));
    const grown = await run(root, grownRaw, { workers: 2 });
    expect(grown.fits).toBe(cellsOf(parseConfig(grownRaw)) - cellsOf(parseConfig(base())));
    expectSameAsFresh(grown.dir, (await run(tempDir(), grownRaw)).dir);
  });

  it('grows an interrupted run, and a grown run stopped part-way resumes to the same bytes', async () => {
    const grownRaw = grownBy('all', base());
    const fresh = await run(tempDir(), grownRaw);
    const root = tempDir();
    const first = await run(root, base(), { stopAfter: 2 });
    expect(first.complete).toBe(false);
    const stopped = await run(root, grownRaw, { stopAfter: 5 });
    expect(stopped.complete).toBe(false);
    const resumed = await run(root, grownRaw, { workers: 2 });
    expect(resumed.complete).toBe(true);
    expectSameAsFresh(resumed.dir, fresh.dir);
  });

  it('grows a merged run by shards (in the old shard folders): each shard computes only new cells, and the merge is byte-identical', async () => {
    const grownRaw = grownBy('all', base());
    const fresh = await run(tempDir(), grownRaw);
    const root = tempDir();
    for (let i = 0; i < 2; i++) await run(root, base(), { shard: { index: i, count: 2 } });
    mergeShards(root, 'grow');
    let fits = 0;
    // Shard membership moves with R, so a shard folder holds old cells that are now another shard's.
    for (let i = 0; i < 2; i++) fits += (await run(root, grownRaw, { shard: { index: i, count: 2 } })).fits;
    expect(fits).toBe(cellsOf(parseConfig(grownRaw)) - cellsOf(parseConfig(base())));
    const merged = mergeShards(root, 'grow');
    expectSameAsFresh(merged.dir, fresh.dir);
  });

  it('shows the growth in the progress: the kept fits start done, the new ones are what is left', async () => {
    const root = tempDir();
    await run(root, base());
    const grownRaw = grownBy('all', base());
    const seen = { total: 0, done: 0, ticked: 0, notes: [] as string[] };
    await runExperiment({
      config: parseConfig(grownRaw),
      resultsRoot: root,
      workers: 1,
      shard: null,
      fresh: false,
      progress: {
        start: (total, done) => Object.assign(seen, { total, done }),
        tick: (fits) => void (seen.ticked += fits),
        stop() {},
        note: (text) => void seen.notes.push(text),
      },
    });
    expect(seen.total).toBe(cellsOf(parseConfig(grownRaw)));
    expect(seen.done).toBe(cellsOf(parseConfig(base())));
    expect(seen.ticked).toBe(seen.total - seen.done);
    expect(seen.notes.join('\n')).toMatch(/growing .*replications 4 → 7; n \+ 10, 150; mixture \+ skewed; estimator \+ lloyd; 16 fits kept/);
  });

  it('refuses a shrink on disk and a changed seed, leaving the run as it was', async () => {
    const root = tempDir();
    const old = await run(root, base());
    const before = read(old.dir, 'replications.ndjson');
    await expect(run(root, base({ replications: 2 }))).rejects.toThrow(/would drop replications.*another name, or rerun with --fresh/);
    await expect(run(root, base({ seed: 9 }))).rejects.toThrow(/seed differs/);
    expect(read(old.dir, 'replications.ndjson')).toBe(before);
  });
});
