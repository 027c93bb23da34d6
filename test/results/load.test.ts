/**
 * loadCompletedRun (src/results/load.ts), the one reader of a finished run behind report, check, baseline and
 * the paper: it returns every file checked, and refuses what it cannot use in one line. From the command line,
 * damaged or older files now exit 2 with a message; before, `mixstudy baseline` on a summary without `cells`
 * and `mixstudy report` on a manifest without `config` died with TypeErrors (exit 70), and files of an older
 * format were read without a word.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/userError.js';
import { loadCompletedRun } from '../../src/results/load.js';
import { MANIFEST_FILE } from '../../src/results/manifest.js';
import { REPLICATIONS_FILE } from '../../src/results/rows.js';
import { SUMMARY_FILE } from '../../src/results/summary.js';
import { tempDir } from '../runner/helpers.js';
import { completedRun, copyRun, editJson, without } from './fixture.js';

let run: string;
beforeAll(async () => {
  run = await completedRun();
});

function message(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message.split('\n')).toHaveLength(1);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('loadCompletedRun', () => {
  it('reads every file of a complete run', () => {
    const r = loadCompletedRun(run);
    expect(r.manifest.status).toBe('complete');
    expect(r.summary.configHash).toBe(r.manifest.configHash);
    expect(r.rows).toHaveLength(36);
    expect(r.timings).toHaveLength(36);
    expect(r.replicationsSha256).toBe(createHash('sha256').update(readFileSync(join(run, REPLICATIONS_FILE))).digest('hex'));
  });

  it('refuses a missing run, a shard, an unfinished run and files that disagree', () => {
    expect(message(() => loadCompletedRun(join(tempDir(), 'none'), { hint: 'run it' }))).toMatch(/^no results at .*none \(no manifest\.json\); run it$/);

    const shards = join(tempDir(), 'split');
    mkdirSync(join(shards, 'shards'), { recursive: true });
    expect(message(() => loadCompletedRun(shards))).toMatch(/split holds shards only; merge them first \(`mixstudy merge split`\)/);

    const shard = copyRun(run);
    editJson(shard, MANIFEST_FILE, (m) => ({ ...m, shard: { index: 0, count: 2 } }));
    expect(message(() => loadCompletedRun(shard))).toMatch(/holds one shard of a sharded run; merge the shards first \(`mixstudy merge tiny`\)/);

    const unfinished = copyRun(run);
    editJson(unfinished, MANIFEST_FILE, (m) => ({ ...m, status: 'interrupted', tasksDone: 2 }));
    expect(message(() => loadCompletedRun(unfinished))).toMatch(/are incomplete \(interrupted, 2\/6 tasks done\); finish the run first/);
    expect(message(() => loadCompletedRun(unfinished, { describeUnfinished: () => 'killed' }))).toMatch(/are incomplete \(killed\)/);

    const other = copyRun(run);
    editJson(other, SUMMARY_FILE, (s) => ({ ...s, configHash: 'f'.repeat(64) }));
    expect(message(() => loadCompletedRun(other))).toMatch(/summary\.json \(config ffffffffffff\) and manifest\.json \(config \w{12}\) disagree/);

    const noRows = copyRun(run);
    rmSync(join(noRows, REPLICATIONS_FILE));
    expect(message(() => loadCompletedRun(noRows))).toMatch(/replications\.ndjson: not found, although manifest\.json says the run is complete/);

    const noSummary = copyRun(run);
    rmSync(join(noSummary, SUMMARY_FILE));
    expect(message(() => loadCompletedRun(noSummary))).toMatch(/has no summary\.json/);
  });
});

interface Outcome {
  readonly status: number;
  readonly stderr: string;
}

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

function mixstudy(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8' }, (err, _stdout, stderr) => {
      resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stderr });
    });
  });
}

describe('the CLI on damaged and older results', () => {
  it('exits 2 with one line where it crashed (exit 70) or misread', { timeout: 30_000 }, async () => {
    const noCells = copyRun(run);
    editJson(noCells, SUMMARY_FILE, (s) => without(s, 'cells'));
    const noConfig = copyRun(run);
    editJson(noConfig, MANIFEST_FILE, (m) => without(m, 'config'));
    const older = copyRun(run);
    editJson(older, MANIFEST_FILE, (m) => without(m, 'formatVersion'));
    editJson(older, SUMMARY_FILE, (s) => without(s, 'formatVersion'));
    const [baseline, report, old] = await Promise.all([
      mixstudy(['baseline', 'tiny', '--results', dirname(noCells), '--out', join(tempDir(), 'b.json')]),
      mixstudy(['report', 'tiny', '--results', dirname(noConfig), '--out', join(tempDir(), 'report')]),
      mixstudy(['report', 'tiny', '--results', dirname(older), '--out', join(tempDir(), 'report')]),
    ]);
    for (const o of [baseline, report, old]) {
      expect(o.stderr, o.stderr).not.toMatch(/\n\s+at |TypeError/);
      expect(o.stderr.trimEnd().split('\n'), o.stderr).toHaveLength(1);
      expect(o.status, o.stderr).toBe(2);
    }
    expect(baseline.stderr).toMatch(/summary\.json: not a valid performance summary \(cells: required, expected an array \(got nothing\)\); regenerate it/);
    expect(report.stderr).toMatch(/manifest\.json: not a valid run manifest \(config: required, expected an object \(got nothing\)\); regenerate it/);
    expect(old.stderr).toMatch(/manifest\.json: written by an older mixstudy \(no "formatVersion"; this one reads results format 1\); regenerate it with `mixstudy run <config> --fresh`/);
  });
});
