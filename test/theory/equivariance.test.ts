/**
 * Property test: every theory result is location- and scale-equivariant. For x ↦ a·x + b with
 * a = ±10^U(−6, 6) (log-uniform, negative in 30 % of draws: a reflection, which reverses the order of 1-D
 * components) and b uniform in [−1e8, 1e8] per coordinate (0 in some draws):
 *   kmeansLimit(aμ + b, |a|σ).centers = a·centers + b (as a set), separation, bias and the Pollard sd scale with
 *   |a|, W with a², proportions follow the centres; the Fisher sd∞ of every model scales with |a|.
 *
 * The reference is the computation on the preimage of the transformed mixture, μ̃ = (μ' − b)/a, σ̃ = σ'/|a| —
 * the standard-units mixture the transformed inputs actually represent (a·μ + b is rounded to a double: with
 * a = 1e-6 and b = 1e8 the means themselves only carry ~2 significant digits of μ, and no method can recover
 * more). Tolerances, in order:
 * - a point (centre) in the output units: 8ε(|b| + |a|S) + 1e-13·|a|S, S = the mixture's extent in standard
 *   units. The first term is the representation of the answer itself: the output a·c + b is a double of
 *   magnitude |b| + |a|S and passes through a few roundings (standardising, mapping back, the reference's own
 *   a·c + b), each ≤ ε/2 of it. The second is the computation in standard units seeing inputs that differ from
 *   the reference's by a few ulps; the limits are smooth in their inputs with constants of order one here
 *   (measured: at most 4e-16 of |a|S beyond the first term over 180 draws), so 1e-13 is a 250× margin that
 *   still fails anything that is not rounding — e.g. a tolerance or grid tied to the units.
 * - lengths, standard deviations and W: 1e-13 relative (bias: 1e-13·|a|S absolute, as it can be ~0);
 *   measured ≤ 7e-16.
 * - the Fisher sd∞: 1e-12 relative. The quadrature stops when each entry's error estimate is below 1e-13 of
 *   √(I_ii·I_jj); inputs that differ by ulps may take another subdivision path and move a result by up to that,
 *   amplified by the conditioning of the delta method (≤ 10 here). Measured ≤ 5e-15.
 * - kmeansSeparationSd called directly with the output centres: those centres carry the output's rounding,
 *   ε·|b| absolute, which is a relative perturbation ε|b|/(|a|S) of the standard-units problem, and the sd
 *   depends on them to first order; so 1e-13 + 4ε|b|/(|a|S) relative (measured ≤ 0.56 ε|b|/(|a|S)).
 *
 * On the code before standardisation, σ ≳ 17 made the Fisher quadrature throw "did not converge".
 */
import { describe, expect, it } from 'vitest';
import { type FisherModel, fisherSeparationSd, fisherSeparationSdFor } from '../../src/theory/fisher.js';
import { kmeansSeparationSd } from '../../src/theory/kmeansClt.js';
import { type KMeansLimit, kmeansLimit } from '../../src/theory/kmeansLimit.js';

const EPS = Number.EPSILON;
const SLOW = process.env.MIXSTUDY_SLOW_TESTS === '1';

interface Mix {
  weights: number[];
  means: number[][];
  sigmas: number[];
}

/** splitmix32: a seeded uniform generator for the draws (the test must be reproducible). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

interface Draw {
  a: number;
  b: number[];
}

/** The extreme corners first (smallest and largest |a| with the largest |b|, both signs), then random draws. */
function draws(d: number, count: number, seed: number): Draw[] {
  const out: Draw[] = [
    { a: 1e-6, b: new Array<number>(d).fill(1e8) },
    { a: -1e6, b: new Array<number>(d).fill(-1e8) },
    { a: -1e-6, b: new Array<number>(d).fill(0) },
    { a: 20, b: new Array<number>(d).fill(0) },
  ];
  const r = uniform(seed);
  for (let i = 0; i < count; i++) {
    const a = (r() < 0.3 ? -1 : 1) * 10 ** (-6 + 12 * r());
    out.push({ a, b: Array.from({ length: d }, () => (r() < 0.2 ? 0 : (2 * r() - 1) * 1e8)) });
  }
  return out;
}

function transform(mix: Mix, { a, b }: Draw): { image: Mix; preimage: Mix } {
  const image: Mix = { weights: mix.weights, means: mix.means.map((m) => m.map((x, j) => a * x + b[j])), sigmas: mix.sigmas.map((s) => Math.abs(a) * s) };
  const preimage: Mix = { weights: mix.weights, means: image.means.map((m) => m.map((x, j) => (x - b[j]) / a)), sigmas: image.sigmas.map((s) => s / Math.abs(a)) };
  return { image, preimage };
}

function extent(mix: Mix): number {
  return Math.max(...mix.means.flat().map(Math.abs)) + Math.max(...mix.sigmas);
}

const lexi = (p: readonly number[], q: readonly number[]): number => {
  for (let j = 0; j < p.length; j++) if (p[j] !== q[j]) return p[j] - q[j];
  return 0;
};

/** Largest violation (in units of the allowed error) of centres and proportions, over the matchings of clusters. */
function centreViolation(got: KMeansLimit, ref: KMeansLimit, { a, b }: Draw, S: number): number {
  const K = got.centers.length;
  const d = got.centers[0].length;
  const expected = ref.centers.map((c, k) => ({ c: c.map((x, j) => a * x + b[j]), p: ref.proportions[k] }));
  const actual = got.centers.map((c, k) => ({ c, p: got.proportions[k] }));
  actual.sort((p, q) => lexi(p.c, q.c));
  expected.sort((p, q) => lexi(p.c, q.c));
  let worst = 0;
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < d; j++) {
      const allowed = 8 * EPS * (Math.abs(b[j]) + Math.abs(a) * S) + 1e-13 * Math.abs(a) * S;
      worst = Math.max(worst, Math.abs(actual[k].c[j] - expected[k].c[j]) / allowed);
    }
    worst = Math.max(worst, Math.abs(actual[k].p - expected[k].p) / 1e-13);
  }
  return worst;
}

function checkLimit(mix: Mix, dr: Draw): void {
  const { image, preimage } = transform(mix, dr);
  const K = mix.weights.length;
  const S = extent(mix);
  const got = kmeansLimit(image, K);
  const ref = kmeansLimit(preimage, K);
  const what = `a = ${dr.a}, b = ${dr.b.join(', ')}`;
  expect(got.method, what).toBe(ref.method);
  expect(got.fixedPoints.length, what).toBe(ref.fixedPoints.length);
  expect(centreViolation(got, ref, dr, S), what).toBeLessThanOrEqual(1);
  const A = Math.abs(dr.a);
  expect(Math.abs(got.withinVariance / (A * A * ref.withinVariance) - 1), what).toBeLessThanOrEqual(1e-13);
  if (ref.separation !== null) expect(Math.abs((got.separation as number) / (A * ref.separation) - 1), what).toBeLessThanOrEqual(1e-13);
  if (ref.separationBias !== null) expect(Math.abs((got.separationBias as number) - A * ref.separationBias), what).toBeLessThanOrEqual(1e-13 * A * S);
  if (ref.kmeansSd !== null) expect(Math.abs((got.kmeansSd as number) / (A * ref.kmeansSd) - 1), what).toBeLessThanOrEqual(1e-13);
  else expect(got.kmeansSd, what).toBeNull();
  if (mix.means[0].length === 1 && K === 2) {
    // Pollard sd called directly, at the output's own (rounded) centres.
    const oneD = (m: Mix) => ({ weights: m.weights, means: m.means.map((x) => x[0]), sigmas: m.sigmas });
    const direct = kmeansSeparationSd(oneD(image), got.centers.map((c) => c[0]));
    const base = kmeansSeparationSd(oneD(preimage), ref.centers.map((c) => c[0]));
    const allowed = 1e-13 + (4 * EPS * Math.abs(dr.b[0])) / (A * S);
    expect(Math.abs(direct / (A * base) - 1), what).toBeLessThanOrEqual(allowed);
  }
}

function checkFisher(mix: Mix, dr: Draw, models: readonly FisherModel[]): void {
  const { image, preimage } = transform(mix, dr);
  for (const model of models) {
    const got = fisherSeparationSdFor(image, model);
    const ref = fisherSeparationSdFor(preimage, model);
    expect(Number.isFinite(got), `${model.covariance}/${model.weights}, a = ${dr.a}`).toBe(true);
    expect(Math.abs(got / (Math.abs(dr.a) * ref) - 1), `${model.covariance}/${model.weights}, a = ${dr.a}, b = ${dr.b.join(', ')}`).toBeLessThanOrEqual(1e-12);
  }
}

const ALL_MODELS: FisherModel[] = [
  { covariance: 'equal', weights: 'estimated' },
  { covariance: 'unequal', weights: 'estimated' },
  { covariance: 'fixed', weights: 'estimated' },
  { covariance: 'unequal', weights: 'fixed' },
  { covariance: 'fixed', weights: 'fixed' },
];
const modelsFor = (mix: Mix) => (mix.sigmas.every((s) => s === mix.sigmas[0]) ? ALL_MODELS : ALL_MODELS.filter((m) => m.covariance !== 'equal'));

const CASES: { name: string; mix: Mix }[] = [
  { name: 'd = 1, K = 2, canonical', mix: { weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] } },
  { name: 'd = 1, K = 2, weights 0.7/0.3', mix: { weights: [0.7, 0.3], means: [[0], [2.5]], sigmas: [1, 1] } },
  { name: 'd = 1, K = 2, unequal σ', mix: { weights: [0.4, 0.6], means: [[-1], [1.5]], sigmas: [0.8, 1.3] } },
  { name: 'd = 1, K = 3', mix: { weights: [0.3, 0.4, 0.3], means: [[-3], [0], [3.5]], sigmas: [1, 1, 1.2] } },
  { name: 'd = 2, K = 2', mix: { weights: [0.6, 0.4], means: [[0, 0], [2, 1]], sigmas: [1, 1] } },
  { name: 'd = 3, K = 2, unequal σ', mix: { weights: [0.35, 0.65], means: [[0, 0, 1], [2, -1, 0]], sigmas: [0.9, 1.4] } },
];

describe('theory under a change of units x ↦ a·x + b', () => {
  CASES.forEach(({ name, mix }, i) => {
    it(`k-means limit and Pollard sd: ${name}`, () => {
      for (const dr of draws(mix.means[0].length, 4, 100 + i)) checkLimit(mix, dr);
    });
  });

  CASES.forEach(({ name, mix }, i) => {
    // The d = 3 unequal-σ case is a nested quadrature (~0.3 s per sd∞): two corners and one model, unless slow.
    const d = mix.means[0].length;
    const nested = d > 1 && !mix.sigmas.every((s) => s === mix.sigmas[0]);
    it(`Fisher sd∞ of ${nested ? 'the unequal-σ model' : 'every model'}: ${name}`, () => {
      const list = nested ? draws(d, 0, 200 + i).slice(0, 2) : draws(d, 2, 200 + i);
      for (const dr of list) checkFisher(mix, dr, nested ? [{ covariance: 'unequal', weights: 'estimated' }] : modelsFor(mix));
    });
  });

  it.runIf(SLOW)('slow: 60 draws per case for the limits, 20 for every Fisher model', () => {
    CASES.forEach(({ mix }, i) => {
      for (const dr of draws(mix.means[0].length, 60, 300 + i)) checkLimit(mix, dr);
      for (const dr of draws(mix.means[0].length, 20, 400 + i)) checkFisher(mix, dr, modelsFor(mix));
    });
  });

  it('the canonical study at σ = 20 (means ±20): every value is 20 × the σ = 1 one', () => {
    const unit = { weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] };
    const big = { weights: [0.5, 0.5], means: [[-20], [20]], sigmas: [20, 20] };
    // fisherSeparationSd threw "fisher: quadrature did not converge" here before standardisation.
    const f1 = fisherSeparationSd(unit);
    const f20 = fisherSeparationSd(big);
    expect(Math.abs(f20.sdAllParameters / (20 * f1.sdAllParameters) - 1)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(f20.sdMeansOnly / (20 * f1.sdMeansOnly) - 1)).toBeLessThanOrEqual(1e-12);
    for (const model of ALL_MODELS) expect(Math.abs(fisherSeparationSdFor(big, model) / (20 * fisherSeparationSdFor(unit, model)) - 1)).toBeLessThanOrEqual(1e-12);
    const l1 = kmeansLimit(unit);
    const l20 = kmeansLimit(big);
    expect(Math.abs((l20.kmeansSd as number) / (20 * (l1.kmeansSd as number)) - 1)).toBeLessThanOrEqual(1e-13);
    expect(Math.abs((l20.separation as number) / (20 * (l1.separation as number)) - 1)).toBeLessThanOrEqual(1e-13);
  });
});
