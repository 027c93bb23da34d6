/**
 * Every estimator is equivariant under a change of units: fit(a·x + b) = a·fit(x) + b — weights equal, means
 * transformed, σ scaled by |a| (a fixed σ is given scaled too), k-means inertia by a², log-likelihoods shifted
 * by −n·d·log|a| — to 1e−9 relative, for a from 1e−100 to 1e100 and offsets of 1e8 (src/estimators/mixture/emStopping.ts
 * says why the stopping rules make this hold). Default options throughout, the same random stream for both fits.
 *
 * The data have 20 fractional bits (|x| < 64), so that x + 1e8 is exact and, with a power of two for a, so is
 * a·(x + b): both fits then see the same problem and any difference is the estimator's. For a = 1e±100 and
 * 1e±30 (not powers of two) the data are rounded once, by 1e−16 relative, which moves a fit by as little.
 */
import { describe, expect, it } from 'vitest';
import { fitMethod, type MethodSpec } from '../../src/estimators/registry.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';

/** n points from Σ wₖ N(centreₖ, sdₖ² I), rounded to 20 fractional bits. */
function simulate(seed: string, n: number, centres: number[][], sds: number[], weights: number[]): Dataset {
  const rng = createStream(seed, 'equivariance');
  const d = centres[0].length;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let k = 0;
    while (k < weights.length - 1 && u >= weights[k]) {
      u -= weights[k];
      k++;
    }
    for (let j = 0; j < d; j++) x[i * d + j] = Math.round((centres[k][j] + sds[k] * rng.normal()) * 2 ** 20) / 2 ** 20;
  }
  return { x, n, d };
}

interface Transform {
  readonly name: string;
  readonly a: number;
  /** Applied as a·(x + shift): b = a·shift. */
  readonly shift: number;
}

const TRANSFORMS: readonly Transform[] = [
  { name: '×1e-100', a: 1e-100, shift: 0 },
  { name: '×1e-30', a: 1e-30, shift: 0 },
  { name: '×2^-20 (≈1e-6), offset 1e8 sd', a: 2 ** -20, shift: 1e8 },
  { name: '+1e8', a: 1, shift: 1e8 },
  { name: '−1e8', a: 1, shift: -1e8 },
  { name: '×−1', a: -1, shift: 0 },
  { name: '×1e30', a: 1e30, shift: 0 },
  { name: '×1e100', a: 1e100, shift: 0 },
];

function transform(data: Dataset, t: Transform): Dataset {
  return { ...data, x: data.x.map((v) => t.a * (v + t.shift)) };
}

/** Population sd of all coordinates pooled (the unit of the mean comparisons). */
function spread(data: Dataset): number {
  let m = 0;
  for (const v of data.x) m += v / data.x.length;
  let s = 0;
  for (const v of data.x) s += (v - m) ** 2;
  return Math.sqrt(s / data.x.length);
}

/**
 * The component order the fit of the transformed data should have: the identity, except for a < 0 and methods
 * that order components by value (kmeans-exact) — then the permutation matching the transformed means best.
 */
function matchOrder(f: Fit, g: Fit, t: Transform): number[] {
  const { K, d } = f;
  const perms = (m: number): number[][] => (m === 0 ? [[]] : perms(m - 1).flatMap((p) => Array.from({ length: m }, (_, i) => [...p.slice(0, i), m - 1, ...p.slice(i)])));
  let best: number[] = [];
  let bestCost = Infinity;
  for (const p of perms(K)) {
    let cost = 0;
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) cost += Math.abs(g.means[p[k] * d + j] - t.a * (f.means[k * d + j] + t.shift));
    if (cost < bestCost) {
      bestCost = cost;
      best = p;
    }
  }
  return best;
}

function expectEquivariant(data: Dataset, K: number, spec: MethodSpec, scaledSpec: (a: number) => MethodSpec, label: string): void {
  const sd = spread(data);
  const f = fitMethod(spec, data, K, createStream(label, 'fit'));
  expect(f.status, label).toBe('ok');
  for (const t of TRANSFORMS) {
    const what = `${label}, ${t.name}`;
    const y = transform(data, t);
    const g = fitMethod(scaledSpec(Math.abs(t.a)), y, K, createStream(label, 'fit'));
    expect(g.status, what).toBe(f.status);
    const p = matchOrder(f, g, t);
    const { d } = data;
    const unit = Math.abs(t.a) * sd;
    for (let k = 0; k < K; k++) {
      const gk = p[k];
      expect(Math.abs(g.weights[gk] - f.weights[k]), `${what}: weight ${k}`).toBeLessThanOrEqual(1e-9);
      for (let j = 0; j < d; j++) {
        const expected = t.a * (f.means[k * d + j] + t.shift);
        // 1e-9 of the data's sd, plus the rounding of the mean itself (an ulp of 1e8 in the offset cases).
        const allowed = 1e-9 * unit + 4 * Number.EPSILON * Math.abs(expected);
        expect(Math.abs(g.means[gk * d + j] - expected), `${what}: mean ${k}.${j}`).toBeLessThanOrEqual(allowed);
      }
      if (f.sigmas !== null) {
        const expected = Math.abs(t.a) * f.sigmas[k];
        expect(Math.abs((g.sigmas?.[gk] ?? NaN) - expected), `${what}: σ ${k}`).toBeLessThanOrEqual(1e-9 * expected);
      }
    }
    const logA = data.n * d * Math.log(Math.abs(t.a));
    if (f.logLik !== null) {
      expect(Math.abs((g.logLik ?? NaN) - (f.logLik - logA)), `${what}: logLik`).toBeLessThanOrEqual(1e-9 * data.n * d);
    }
    if (f.logLik === null) {
      expect(Math.abs(g.objective - t.a * t.a * f.objective), `${what}: inertia`).toBeLessThanOrEqual(1e-9 * t.a * t.a * f.objective);
    } else {
      // k-means: the inertia, scaled by a²; EM: the log-likelihood; CEM: the classification log-likelihood,
      // shifted alike.
      expect(Math.abs(g.objective - (f.objective - logA)), `${what}: objective`).toBeLessThanOrEqual(1e-9 * data.n * d);
    }
  }
}

const DATA: readonly { name: string; data: Dataset; K: number }[] = [
  { name: '1-D, K = 2, canonical', data: simulate('d1k2', 2000, [[-1], [1]], [1, 1], [0.5, 0.5]), K: 2 },
  { name: '1-D, K = 3', data: simulate('d1k3', 1500, [[0], [3], [6]], [1, 0.5, 2], [0.5, 0.3, 0.2]), K: 3 },
  {
    name: '2-D, K = 3',
    data: simulate('d2k3', 1200, [[0, 0], [3, 1], [-1, 4]], [1, 0.7, 1.2], [0.4, 0.35, 0.25]),
    K: 3,
  },
];

const same = (spec: MethodSpec) => (): MethodSpec => spec;

describe('equivariance under a·x + b', () => {
  for (const { name, data, K } of DATA) {
    it(`k-means (Lloyd, k-means++): ${name}`, () => {
      expectEquivariant(data, K, { method: 'kmeans', options: {} }, same({ method: 'kmeans', options: {} }), `kmeans ${name}`);
    });
    it(`k-means (Hartigan–Wong, k-means++): ${name}`, () => {
      expectEquivariant(data, K, { method: 'kmeans-hw', options: {} }, same({ method: 'kmeans-hw', options: {} }), `kmeans-hw ${name}`);
    });
    if (data.d === 1) {
      it(`exact 1-D k-means: ${name}`, () => {
        const spec: MethodSpec = { method: 'kmeans-exact', options: {} };
        expectEquivariant(data, K, spec, same(spec), `kmeans-exact ${name}`);
      });
    }
    for (const covariance of ['equal', 'unequal', 'fixed'] as const) {
      const accelerations = ['auto', 'squarem', 'none'] as const;
      for (const accelerate of accelerations) {
        it(`EM, ${covariance} σ, accelerate ${accelerate}: ${name}`, () => {
          const spec = (a: number): MethodSpec => ({
            method: 'em',
            options: { covariance, accelerate, ...(covariance === 'fixed' ? { sigma: 1.1 * a } : {}) },
          });
          expectEquivariant(data, K, spec(1), spec, `em ${covariance} ${accelerate} ${name}`);
        });
      }
    }
    for (const covariance of ['equal', 'unequal'] as const) {
      it(`CEM, ${covariance} σ: ${name}`, () => {
        const spec: MethodSpec = { method: 'cem', options: { covariance } };
        expectEquivariant(data, K, spec, same(spec), `cem ${covariance} ${name}`);
      });
    }
  }
});

/**
 * The data 1e-6·x + 1e8 hold x only to 1.5e-8/1e-6 = 1.5 % of its spread (the doubles near 1e8 are that far
 * apart): no estimator can recover fit(x) from them. What must hold is that nothing is lost beyond that rounding
 * of the data: the fit of y is the transformed fit of x' = (y − 1e8)/1e-6, the data y actually holds. (EM and
 * CEM, which compute on a centred copy; the k-means algorithms hold their centres near 1e8, rounded to that
 * same 1.5 % grid, and assign points near the boundary by it.)
 */
describe('1e-6·x + 1e8: the fit of the data as held, without a further loss of precision', () => {
  const x = simulate('d1k2', 2000, [[-1], [1]], [1, 1], [0.5, 0.5]);
  const y = { ...x, x: x.x.map((v) => 1e-6 * v + 1e8) };
  const held = { ...x, x: y.x.map((v) => (v - 1e8) / 1e-6) };
  const cases: readonly MethodSpec[] = [
    { method: 'em', options: {} },
    { method: 'em', options: { covariance: 'unequal' } },
    { method: 'em', options: { accelerate: 'squarem' } },
    { method: 'cem', options: {} },
  ];
  for (const spec of cases) {
    it(`${spec.method} ${JSON.stringify(spec.options)}`, () => {
      const f = fitMethod(spec, held, 2, createStream('held', 'fit'));
      const g = fitMethod(spec, y, 2, createStream('held', 'fit'));
      expect(g.status).toBe(f.status);
      const sd = spread(held);
      for (let k = 0; k < 2; k++) {
        expect(Math.abs(g.weights[k] - f.weights[k])).toBeLessThanOrEqual(1e-9);
        const expected = 1e-6 * f.means[k] + 1e8;
        expect(Math.abs(g.means[k] - expected)).toBeLessThanOrEqual(1e-9 * 1e-6 * sd + 2 * Number.EPSILON * expected);
        if (f.sigmas !== null) expect(Math.abs((g.sigmas?.[k] ?? NaN) - 1e-6 * f.sigmas[k])).toBeLessThanOrEqual(1e-9 * 1e-6 * f.sigmas[k]);
      }
    });
  }
});
