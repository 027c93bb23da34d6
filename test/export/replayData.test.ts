/**
 * `mixstudy replay … --data sample.csv` (src/commands/replay.ts, src/export/sampleCsv.ts): the file holds the
 * exact sample the replication drew — read back by Python's csv module, its coordinates are the doubles of the
 * study's stream and its labels the true components — so a fit of it reproduces the study's row.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitMethod } from '../../src/estimators/registry.js';
import { loadCompletedRun, type CompletedRun } from '../../src/results/load.js';
import { createStream } from '../../src/rng/stream.js';
import { sampleFor } from '../../src/runner/executeTask.js';
import { completedRun } from '../results/fixture.js';
import { tempDir } from '../runner/helpers.js';

const exec = promisify(execFile);
const cli = join(import.meta.dirname, '../../bin/mixstudy.js');
const PYTHON = '/usr/bin/python3';
const hasPython = existsSync(PYTHON);
if (!hasPython) console.warn('SKIP: /usr/bin/python3 not found; the sample file is read back with a plain split instead of Python\'s csv module');

/** The CSV file as rows of fields: Python's csv module where available. */
function readCsv(path: string): string[][] {
  if (!hasPython) return readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="") as f: print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 26 })) as string[][];
}

let dir: string;
let loaded: CompletedRun;
beforeAll(async () => {
  dir = await completedRun();
  loaded = loadCompletedRun(dir);
}, 60_000);

describe('replay --data', () => {
  it('writes the exact sample of the replication with its true components; an exact k-means fit of it is the study\'s row', async () => {
    const { config } = loaded.manifest;
    const mixture = config.mixtures[1];
    const n = config.n[1];
    const condition = `${mixture.id}|n=${n}`;
    const file = join(tempDir('mixstudy-replay-data-'), 'sample.csv');
    const out = await exec(process.execPath, [cli, 'replay', basename(dir), '--results', dirname(dir), '--condition', condition, '--rep', '2', '--estimator', 'km', '--data', file], { encoding: 'utf8' });
    expect(out.stderr).toMatch(new RegExp(`wrote .*sample\\.csv: ${n} points in 1 dimension`));

    const [header, ...rows] = readCsv(file);
    expect(header).toEqual(['x1', 'component']);
    const expected = sampleFor(config, mixture, 2, n);
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from(expected.data.x));
    expect(rows.map((r) => Number(r[1]))).toEqual(Array.from(expected.labels));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['0', '1']));

    // The file's points, fitted by the deterministic exact k-means, give the separation the study recorded.
    const x = Float64Array.from(rows.map((r) => Number(r[0])));
    const fit = fitMethod({ method: 'kmeans-exact', options: {} }, { x, n, d: 1 }, 2, createStream(1, 'unused'));
    const row = loaded.rows.find((r) => r.condition === condition && r.rep === 2 && r.estimator === 'km');
    expect(Math.abs(fit.means[1] - fit.means[0])).toBe(row?.values.separation);
  });

  it('refuses --data without a file name', async () => {
    const failed = await exec(process.execPath, [cli, 'replay', basename(dir), '--results', dirname(dir), '--condition', `${loaded.manifest.config.mixtures[0].id}|n=20`, '--rep', '0', '--data'], { encoding: 'utf8' }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed ? failed.code : 0).toBe(2);
    expect('stderr' in failed ? failed.stderr : '').toMatch(/data/);
  });
});
