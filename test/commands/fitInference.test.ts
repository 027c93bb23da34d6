/**
 * `fit --se/--bootstrap` and `replay --se`: the fit's SEs and intervals printed as the rows hold them; replay
 * reproduces exactly the `inference` of a replication's row; bad flags exit 2 with one line.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { executeTask } from '../../src/runner/executeTask.js';
import { replay } from '../../src/runner/replay.js';
import { replayInference } from '../../src/runner/replayInference.js';
import { createStream } from '../../src/rng/stream.js';
import { smallConfig, tempDir } from '../runner/helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('fit --se / --bootstrap', () => {
  const dir = tempDir('mixstudy-fit-se-');
  const data = join(dir, 'x.csv');
  const rng = createStream(3, 'fit-se');
  writeFileSync(data, 'x\n' + Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? -1 : 1) + rng.normal()).join('\n') + '\n');

  it('prints the inference object with percentile and basic intervals of every estimand, in the fit order', () => {
    const r = run(['fit', data, '--k', '2', '--method', 'kmeans-exact', '--bootstrap', '30', '--level', '0.9', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { means: number[][]; inference: Record<string, { status: string; draws: number; values: Record<string, { se: number; lower: number; upper: number }> }> };
    expect(out.inference.percentile.status).toBe('ok');
    expect(out.inference.percentile.draws).toBe(30);
    const m0 = out.inference.percentile.values['means.0.0'];
    expect(m0.lower).toBeLessThan(out.means[0][0]);
    expect(m0.upper).toBeGreaterThan(out.means[0][0]);
    expect(Object.keys(out.inference.basic.values)).toContain('separation');
    expect(out.inference.wald).toBeUndefined();
  });

  it('refuses a bad --level or --bootstrap with exit 2', () => {
    const r = run(['fit', data, '--k', '2', '--method', 'kmeans-exact', '--se', '--level', '1.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--level: must be in \(0, 1\)/);
    expect(run(['fit', data, '--k', '2', '--method', 'kmeans-exact', '--bootstrap', '5']).stderr).toMatch(/--bootstrap: must be an integer ≥ 20/);
  });
});

describe('replay --se', () => {
  it("reproduces the row's inference exactly (bootstrap included)", () => {
    const config = parseConfig({ ...smallConfig({ n: [60], replications: 3 }), inference: { wald: false, bootstrap: { B: 25, estimators: ['km'] } } });
    const row = executeTask(config, { mixtureIndex: 1, rep: 2 }).rows.find((r) => r.estimator === 'km');
    const results = replay(config, 'skewed|n=60', 2, 'km');
    const [again] = replayInference(config, 'skewed|n=60', 2, results);
    expect(row?.inference?.percentile?.status).toBe('ok');
    expect(JSON.stringify(again)).toBe(JSON.stringify(row?.inference));
  });
});
