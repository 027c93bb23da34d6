import { describe, expect, it } from 'vitest';
import { measureFit, trueValues } from '../../src/estimands/measureFit.js';
import { ESTIMANDS, estimandKeys, type EstimandName } from '../../src/estimands/names.js';
import { createStream } from '../../src/rng/stream.js';
import { makeFit, permutations, relabel, sample, type Params } from './helpers.js';

const ALL: EstimandName[] = [...ESTIMANDS];
const truth3 = { weights: [0.2, 0.3, 0.5], means: [[0, 0], [3, 0], [0, 4]], sigmas: [1, 0.8, 1.2] };
// a fit near the truth, listed in a scrambled order (fitted 0 ↔ true 2, 1 ↔ 0, 2 ↔ 1)
const fit3: Params = { weights: [0.48, 0.22, 0.3], means: [[0.1, 3.9], [-0.2, 0.1], [3.1, -0.1]], sigmas: [1.1, 0.9, 0.85] };

function expectSameRecord(a: Record<string, number | null>, b: Record<string, number | null>): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const key of Object.keys(a)) {
    const va = a[key];
    const vb = b[key];
    if (va === null || vb === null) expect(va).toBe(vb);
    // the margin is a difference of sums taken in another order, so allow rounding; everything else is exact
    else if (key === 'alignmentMargin') expect(Math.abs(va - vb)).toBeLessThan(1e-12 * Math.max(1, Math.abs(va)));
    else expect(va).toBe(vb);
  }
}

describe('measureFit', () => {
  const { data, labels } = sample(truth3, 4000, createStream('measure', 1));

  it('is invariant to relabelling the fitted components (all 3! labellings)', () => {
    for (const sigmas of [fit3.sigmas, null]) {
      const base = measureFit(data, labels, makeFit({ ...fit3, sigmas }), truth3, ALL);
      for (const order of permutations(3)) {
        expectSameRecord(measureFit(data, labels, makeFit(relabel({ ...fit3, sigmas }, order)), truth3, ALL), base);
      }
    }
  });

  it('reports aligned component values under true-component keys', () => {
    const m = measureFit(data, labels, makeFit(fit3), truth3, ALL);
    const trueOf = [2, 0, 1]; // fitted j is true trueOf[j]
    trueOf.forEach((k, j) => {
      expect(m[`weights.${k}`]).toBe(fit3.weights[j]);
      expect(m[`sigma.${k}`]).toBe(fit3.sigmas?.[j]);
      expect(m[`means.${k}.0`]).toBe(fit3.means[j][0]);
      expect(m[`means.${k}.1`]).toBe(fit3.means[j][1]);
    });
  });

  it('K = 3: pairwise separations per aligned true pair and their mean', () => {
    const m = measureFit(data, labels, makeFit(fit3), truth3, ['separation']);
    const mu = (k: number): number[] => fit3.means[[1, 2, 0][k]]; // fitted index of true k
    const dist = (a: number[], b: number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
    const d01 = dist(mu(0), mu(1));
    const d02 = dist(mu(0), mu(2));
    const d12 = dist(mu(1), mu(2));
    expect(m['separation.0-1']).toBeCloseTo(d01, 14);
    expect(m['separation.0-2']).toBeCloseTo(d02, 14);
    expect(m['separation.1-2']).toBeCloseTo(d12, 14);
    expect(m.separation).toBeCloseTo((d01 + d02 + d12) / 3, 14);
    // near-truth fit: pair 0-1 is ≈ 3 apart, 0-2 ≈ 4, 1-2 ≈ 5 — the right pairs got the right names
    expect(m['separation.0-1']).toBeCloseTo(3, 0);
    expect(m['separation.1-2']).toBeCloseTo(5, 0);
  });

  it('K = 2: separation is the Euclidean distance ‖μ̂2 − μ̂1‖, with no pair keys', () => {
    const truth = { weights: [0.5, 0.5], means: [[-1, 0, 0], [1, 0, 0]], sigmas: [1, 1] };
    const s = sample(truth, 200, createStream('measure', 2));
    const m = measureFit(s.data, s.labels, makeFit({ weights: [0.5, 0.5], means: [[1, 2, 2], [0, 0, 0]], sigmas: null }), truth, ['separation']);
    expect(m.separation).toBe(3);
    expect(Object.keys(m).filter((k) => k.startsWith('separation'))).toEqual(['separation']);
  });

  it('K = 1: separation null, margin 0, misclassification 0', () => {
    const truth = { weights: [1], means: [[2]], sigmas: [1.5] };
    const s = sample(truth, 100, createStream('measure', 3));
    const m = measureFit(s.data, s.labels, makeFit({ weights: [1], means: [[2.1]], sigmas: [1.4] }), truth, ALL);
    expect(m.separation).toBeNull();
    expect(m.alignmentMargin).toBe(0);
    expect(m.misclassification).toBe(0);
    expect(m['means.0.0']).toBe(2.1);
  });

  it('misclassification: 0 for a perfect fit on separated data, also when its labels are swapped', () => {
    const truth = { weights: [0.4, 0.6], means: [[-8], [8]], sigmas: [1, 1] };
    const s = sample(truth, 3000, createStream('measure', 4));
    for (const sigmas of [truth.sigmas, null]) {
      const p = { ...truth, sigmas };
      expect(measureFit(s.data, s.labels, makeFit(p), truth, ALL).misclassification).toBe(0);
      expect(measureFit(s.data, s.labels, makeFit(relabel(p, [1, 0])), truth, ALL).misclassification).toBe(0);
    }
  });

  it('k-means: sigma and logLik null, converged as 0/1, key order as documented', () => {
    const m = measureFit(data, labels, makeFit({ ...fit3, sigmas: null }, { converged: false, iterations: 12, objective: 99.5 }), truth3, ALL);
    expect(Object.keys(m)).toEqual(estimandKeys(ALL, 3, 2));
    for (let k = 0; k < 3; k++) expect(m[`sigma.${k}`]).toBeNull();
    expect(m.logLik).toBeNull();
    expect(m.converged).toBe(0);
    expect(m.iterations).toBe(12);
    expect(m.objective).toBe(99.5);
    expect(m.alignmentMargin).toBeGreaterThan(0);
  });

  it('only the requested estimands, plus diagnostics; NaN becomes null; mismatches throw', () => {
    const m = measureFit(data, labels, makeFit(fit3, { objective: NaN }), truth3, ['weights']);
    expect(Object.keys(m)).toEqual(['weights.0', 'weights.1', 'weights.2', 'alignmentMargin', 'objective', 'logLik', 'iterations', 'converged', 'globalOptimum', 'restartsAtBest']);
    expect(m.objective).toBeNull();
    const two = { weights: [0.5, 0.5], means: [[0, 0], [1, 1]], sigmas: [1, 1] };
    expect(() => measureFit(data, labels, makeFit(fit3), two, ALL)).toThrow(/K = 3/);
    expect(() => measureFit(data, labels, makeFit(fit3), truth3, ['mean' as EstimandName])).toThrow(/unknown estimand "mean"/);
  });
});

describe('measureFit on a failed fit', () => {
  it('NaN parameters give null values (never NaN), so the performance layer counts them as missing', () => {
    const { data, labels } = sample(truth3, 300, createStream('measure', 6));
    const broken = makeFit({ ...fit3, means: [[NaN, 0], [0, 0], [3, 0]] }, { objective: NaN, logLik: NaN });
    const m = measureFit(data, labels, broken, truth3, ALL);
    expect(Object.keys(m)).toEqual(estimandKeys(ALL, 3, 2));
    expect(m.misclassification).toBeNull();
    expect(m.alignmentMargin).toBeNull();
    expect(m.separation).toBeNull();
    expect(m.logLik).toBeNull();
    for (const v of Object.values(m)) if (v !== null) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('trueValues', () => {
  it('has the same keys as measureFit and equals measureFit of a fit that is the truth', () => {
    const { data, labels } = sample(truth3, 500, createStream('measure', 5));
    const target = trueValues(truth3, ALL);
    const m = measureFit(data, labels, makeFit(truth3), truth3, ALL);
    expect(Object.keys(target)).toEqual(Object.keys(m));
    for (const key of Object.keys(target)) {
      if (key.startsWith('separation') || key.startsWith('means') || key.startsWith('weights') || key.startsWith('sigma')) {
        expect(target[key]).toBe(m[key]);
        expect(target[key]).not.toBeNull();
      } else {
        expect(target[key]).toBeNull();
      }
    }
    expect(target['separation.1-2']).toBe(5);
    expect(target.separation).toBeCloseTo((3 + 4 + 5) / 3, 14);
  });

  it('K = 2 in 1-D: separation |μ2 − μ1| = 2 for the canonical mixture', () => {
    const t = trueValues({ weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] }, ['separation', 'sigma']);
    expect(t).toEqual({ separation: 2, 'sigma.0': 1, 'sigma.1': 1, alignmentMargin: null, objective: null, logLik: null, iterations: null, converged: null, globalOptimum: null, restartsAtBest: null });
  });
});
