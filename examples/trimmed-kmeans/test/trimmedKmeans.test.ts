/**
 * The trimmed k-means example: the plugin finds the global trimmed optimum (checked against a brute-force search
 * over every trimmed set and partition of small data sets; R's tclust is not packaged for Debian), the
 * contaminated mechanism draws point by point, and the study shows what it is meant to show.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigAndPlugins, withReplications } from '../../../src/config/index.js';
import { createStream } from '../../../src/rng/stream.js';
import { runExperiment } from '../../../src/runner/runExperiment.js';
import { readSummary } from '../../../src/results/summary.js';
import contaminated from '../dgm/contaminated.js';
import trimmed, { trimmedKmeans } from '../estimators/trimmedKmeans.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const here = fileURLToPath(new URL('..', import.meta.url));

/** The trimmed within-cluster sum of squares minimised over every choice of trimmed points and 2-partition. */
function bruteForce(x: Float64Array, n: number, d: number, trimmedCount: number): { objective: number; centres: number[][] } {
  let best = { objective: Infinity, centres: [] as number[][] };
  // Each point: −1 trimmed, 0 or 1 its cluster; point 0 is in cluster 0 or trimmed (label symmetry).
  const label = new Int32Array(n);
  const visit = (i: number, trimmedSoFar: number): void => {
    if (i === n) {
      if (trimmedSoFar !== trimmedCount) return;
      const sum = [new Float64Array(d), new Float64Array(d)];
      const count = [0, 0];
      for (let p = 0; p < n; p++) if (label[p] >= 0) {
        count[label[p]]++;
        for (let j = 0; j < d; j++) sum[label[p]][j] += x[p * d + j];
      }
      if (count[0] === 0 || count[1] === 0) return;
      const centres = sum.map((s, k) => Array.from(s, (v) => v / count[k]));
      let objective = 0;
      for (let p = 0; p < n; p++) if (label[p] >= 0) for (let j = 0; j < d; j++) objective += (x[p * d + j] - centres[label[p]][j]) ** 2;
      if (objective < best.objective) best = { objective, centres };
      return;
    }
    for (const l of [-1, 0, 1]) {
      if (l === -1 && trimmedSoFar === trimmedCount) continue;
      if (l === 1 && !label.subarray(0, i).some((v) => v === 0)) continue; // cluster 1 only after cluster 0 has a point
      label[i] = l;
      visit(i + 1, trimmedSoFar + (l === -1 ? 1 : 0));
    }
  };
  visit(0, 0);
  return best;
}

describe('trimmed k-means (plugin)', () => {
  it('reaches the brute-force global optimum on small contaminated samples', () => {
    const n = 12;
    for (let seed = 1; seed <= 5; seed++) {
      const { x } = contaminated.sample(n, { separation: 3, epsilon: 0.2, shift: 10 }, createStream(seed, 'brute-force data'));
      const fit = trimmedKmeans({ x, n, d: 2 }, 2, { trim: 2 / 12, restarts: 50, maxIter: 100 }, createStream(seed, 'brute-force fit'));
      const exact = bruteForce(x, n, 2, 2);
      expect(fit.objective).toBeCloseTo(exact.objective, 9);
      const fitted = [Array.from(fit.means.subarray(0, 2)), Array.from(fit.means.subarray(2, 4))].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const truth = [...exact.centres].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) expect(fitted[k][j]).toBeCloseTo(truth[k][j], 9);
    }
  });

  it('declares its options and target as mixstudy expects', () => {
    expect(trimmed.method).toBe('trimmed-kmeans');
    expect(trimmed.optionProblems({ trim: 0.6, restarts: 1, maxIter: 1 })).toHaveLength(1);
    expect(trimmed.target({ trim: 0.1, restarts: 1, maxIter: 1 })).toEqual({ kind: 'none' });
  });
});

describe('contaminated mechanism (plugin)', () => {
  it('draws point by point: a shorter sample is a prefix of a longer one from the same stream', () => {
    const p = { separation: 4, epsilon: 0.1, shift: 25 };
    const long = contaminated.sample(300, p, createStream(3, 'prefix'));
    const short = contaminated.sample(120, p, createStream(3, 'prefix'));
    expect(Array.from(long.x.subarray(0, 240))).toEqual(Array.from(short.x));
    expect(Array.from(long.labels.subarray(0, 120))).toEqual(Array.from(short.labels));
  });
});

describe('the example study (R = 4)', () => {
  it('k-means and the MLE are pulled by the outliers, trimmed k-means is not', async () => {
    const { config } = await loadConfigAndPlugins(join(here, 'study.json'));
    const root = mkdtempSync(join(tmpdir(), 'mixstudy-example-tkm-'));
    const outcome = await runExperiment({ config: withReplications(config, 4), resultsRoot: root, workers: 2, shard: null, fresh: false });
    expect(outcome.complete).toBe(true);
    const cells = readSummary(outcome.dir).cells.filter((c) => c.estimand === 'separation' && c.n === 1000);
    const sep = (mixture: string, estimator: string): number => cells.find((c) => c.mixture === mixture && c.estimator === estimator)?.mean.value ?? NaN;
    for (const e of ['kmeans', 'mle', 'tkm']) expect(Math.abs(sep('clean', e) - 4)).toBeLessThan(0.3);
    expect(sep('eps=0.05', 'kmeans')).toBeGreaterThan(15);
    expect(sep('eps=0.05', 'mle')).toBeGreaterThan(15);
    expect(Math.abs(sep('eps=0.05', 'tkm') - 4)).toBeLessThan(0.3);
  });
});
