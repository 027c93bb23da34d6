/**
 * Hartigan–Wong k-means against R's `kmeans(x, centers, algorithm = "Hartigan-Wong")` from the same initial centres
 * (fixture: test/fixtures/hartiganWong.json, made by test/fixtures/make_hartigan_wong.R), and the property that makes
 * it a different algorithm from Lloyd: its end point is transfer-stable, so from a Lloyd fixed point it can only
 * go lower.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hartiganWong } from '../../src/estimators/kmeans/hartiganWong.js';
import { kmeansHartiganWong } from '../../src/estimators/kmeans/kmeansHartiganWong.js';
import { createStream } from '../../src/rng/stream.js';

interface Run {
  start: number[][];
  centers: number[][];
  inertia: number;
  iter: number;
  ifault: number;
  lloydInertia: number;
}
interface Set {
  name: string;
  n: number;
  d: number;
  K: number;
  x: number[];
  runs: Run[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/hartiganWong.json', import.meta.url), 'utf8')) as { sets: Set[] };

describe('Hartigan–Wong k-means reproduces R from the same start', () => {
  for (const set of fixture.sets) {
    it(`${set.name} (n = ${set.n}, d = ${set.d}, K = ${set.K}): every start ends at R's centres, sum of squares and pass count`, () => {
      const data = { x: Float64Array.from(set.x), n: set.n, d: set.d };
      for (const run of set.runs) {
        const r = hartiganWong(data, set.K, Float64Array.from(run.start.flat()), 1000);
        expect(r.status).toBe(run.ifault === 0 ? 'ok' : 'not-converged');
        expect(r.iterations).toBe(run.iter);
        const centres = Array.from(r.centres);
        const expected = run.centers.flat();
        for (let i = 0; i < expected.length; i++) expect(centres[i]).toBeCloseTo(expected[i], 12);
        expect(Math.abs(r.inertia - run.inertia) / run.inertia).toBeLessThan(1e-12);
      }
    });
  }

  it('ends at a lower sum of squares than Lloyd from the same start in some fixture starts, and never higher', () => {
    let lower = 0;
    for (const set of fixture.sets) {
      for (const run of set.runs) {
        expect(run.inertia).toBeLessThanOrEqual(run.lloydInertia * (1 + 1e-12));
        if (run.inertia < run.lloydInertia * (1 - 1e-9)) lower++;
      }
    }
    expect(lower).toBeGreaterThan(0);
  });
});

describe('the kmeans-hw estimator', () => {
  const set = fixture.sets.find((s) => s.d === 2)!;
  const data = { x: Float64Array.from(set.x), n: set.n, d: set.d };

  it('is a function of its stream and keeps the best of its restarts', () => {
    const a = kmeansHartiganWong.fit(data, set.K, { restarts: 5 }, createStream(1, 'hw'));
    const b = kmeansHartiganWong.fit(data, set.K, { restarts: 5 }, createStream(1, 'hw'));
    expect(Array.from(a.means)).toEqual(Array.from(b.means));
    const single = kmeansHartiganWong.fit(data, set.K, { restarts: 1 }, createStream(1, 'hw'));
    expect(a.objective).toBeLessThanOrEqual(single.objective);
    expect(a.status).toBe('ok');
    expect(a.search?.restarts).toBe(5);
    expect(a.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
  });

  it('handles K = 1 and K = n without transfers', () => {
    const one = kmeansHartiganWong.fit(data, 1, {}, createStream(2, 'hw'));
    let mean = 0;
    for (let i = 0; i < set.n; i++) mean += set.x[i * 2];
    expect(one.means[0]).toBeCloseTo(mean / set.n, 12);
    const tiny = { x: Float64Array.from([0.5, 2.5, 7]), n: 3, d: 1 };
    const all = kmeansHartiganWong.fit(tiny, 3, {}, createStream(3, 'hw'));
    expect(all.objective).toBe(0);
  });

  it('reports identical points it cannot split as an empty cluster, not a throw', () => {
    const same = { x: new Float64Array(6).fill(1.5), n: 6, d: 1 };
    const fit = kmeansHartiganWong.fit(same, 2, {}, createStream(4, 'hw'));
    expect(fit.status).toBe('empty-cluster');
  });
});
