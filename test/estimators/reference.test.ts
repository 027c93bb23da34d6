/**
 * Our estimators against reference fits from established implementations: scikit-learn (KMeans,
 * GaussianMixture) and R (stats::kmeans, mclust::me). The data and the reference fits are committed fixtures,
 * test/fixtures/<name>.json, made by test/fixtures/make_reference.{py,R} (see test/fixtures/README.md).
 *
 * - k-means: our inertia (Lloyd + k-means++, 20 restarts) must not exceed the best reference inertia by more than
 *   a relative 1e-9; the exact 1-D method neither, and for K = 2 it must equal the brute-force optimum.
 * - EM (spherical; equal σ = mclust E/EII, unequal σ = V/VII): our log-likelihood must reach the best reference
 *   log-likelihood − 1e-6, and, fitted to convergence as tight as the references (tol 1e-15), the parameters must
 *   match every tightly converged reference to 1e-4 after matching components. A reference counts as tight
 *   when its library reported convergence and it lies within 1e-5 of the EM fixed point next to it (checked by
 *   `make_reference.py check`, stored as `tight`); a reference that is not tight is reported as skipped here,
 *   never compared with a wider tolerance.
 * - Unequal σ: the likelihood is unbounded, and random starts reach spurious maxima (a component on one or a few
 *   points) with a higher likelihood. The references start from k-means partitions, as our EM does by default;
 *   see the fixture's `starts`/`settings` fields.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { em } from '../../src/estimators/mixture/emDescriptor.js';
import { kmeans } from '../../src/estimators/kmeans/kmeans.js';
import { kmeansExact1d } from '../../src/estimators/kmeans/kmeansExact1d.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset, Fit } from '../../src/types.js';

// ---------- fixture format (test/fixtures/make_reference.py) ----------

interface KMeansRef {
  centers: number[][];
  inertia: number;
  inertia_nearest?: number;
}

interface EMRef {
  loglik: number;
  means: number[][];
  sigmas: number[];
  weights: number[];
  converged: boolean;
  tight: boolean;
  check: { polish_plain_em: { param_distance: number }; tight_rule: string };
}

interface Fixture {
  name: string;
  K: number;
  d: number;
  n: number;
  x: number[];
  versions: Record<string, string>;
  kmeans: {
    sklearn: KMeansRef;
    r: KMeansRef & { runs: Record<string, KMeansRef> };
    bruteforce?: KMeansRef;
  };
  em: Record<'equal' | 'unequal', { mclust: EMRef | null; sklearn: EMRef | null }>;
}

const NAMES = ['canonical1d', 'unequal1d', 'spherical2d', 'spherical5d', 'ties1d'] as const;

function load(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

function datasetOf(fx: Fixture): Dataset {
  return { x: Float64Array.from(fx.x), n: fx.n, d: fx.d };
}

// ---------- independent reference computations ----------

/** Σᵢ min_k ‖xᵢ − cₖ‖² for K×d row-major centres. */
function nearestInertia(data: Dataset, centres: ArrayLike<number>, K: number): number {
  const { x, n, d } = data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += (x[i * d + j] - centres[k * d + j]) ** 2;
      if (q < best) best = q;
    }
    s += best;
  }
  return s;
}

/** Σᵢ log Σₖ πₖ N(xᵢ | μₖ, σₖ² I), log-sum-exp per point. */
function logLik(data: Dataset, means: ArrayLike<number>, sigmas: ArrayLike<number>, weights: ArrayLike<number>): number {
  const { x, n, d } = data;
  const K = weights.length;
  const lj = new Float64Array(K);
  let ll = 0;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += (x[i * d + j] - means[k * d + j]) ** 2;
      const s2 = sigmas[k] ** 2;
      lj[k] = Math.log(weights[k]) - (d / 2) * Math.log(2 * Math.PI * s2) - q / (2 * s2);
      if (lj[k] > m) m = lj[k];
    }
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(lj[k] - m);
    ll += m + Math.log(s);
  }
  return ll;
}

function permutations(K: number): number[][] {
  if (K === 1) return [[0]];
  const out: number[][] = [];
  for (const p of permutations(K - 1)) {
    for (let pos = 0; pos <= p.length; pos++) out.push([...p.slice(0, pos), K - 1, ...p.slice(pos)]);
  }
  return out;
}

interface ParamDiff {
  means: number;
  sigmas: number;
  weights: number;
  perm: number[];
}

/** Largest absolute differences of our fit to a reference, under the component permutation closest in means. */
function compareParams(fit: Fit, ref: EMRef, K: number, d: number): ParamDiff {
  let best: ParamDiff | null = null;
  for (const perm of permutations(K)) {
    // component k of ours ↔ component perm[k] of the reference
    let dm = 0;
    let ds = 0;
    let dw = 0;
    for (let k = 0; k < K; k++) {
      const r = perm[k];
      for (let j = 0; j < d; j++) dm = Math.max(dm, Math.abs(fit.means[k * d + j] - ref.means[r][j]));
      ds = Math.max(ds, Math.abs(fit.sigmas![k] - ref.sigmas[r]));
      dw = Math.max(dw, Math.abs(fit.weights[k] - ref.weights[r]));
    }
    if (best === null || dm < best.means) best = { means: dm, sigmas: ds, weights: dw, perm };
  }
  return best!;
}

const flat = (rows: number[][]): number[] => rows.flat();

function bestKMeansReference(fx: Fixture): number {
  const vals: number[] = [fx.kmeans.sklearn.inertia, fx.kmeans.r.inertia];
  if (fx.kmeans.sklearn.inertia_nearest !== undefined) vals.push(fx.kmeans.sklearn.inertia_nearest);
  for (const run of Object.values(fx.kmeans.r.runs)) {
    vals.push(run.inertia);
    if (run.inertia_nearest !== undefined) vals.push(run.inertia_nearest);
  }
  if (fx.kmeans.bruteforce) vals.push(fx.kmeans.bruteforce.inertia);
  return Math.min(...vals);
}

const COVS = ['equal', 'unequal'] as const;
const LIBS = ['mclust', 'sklearn'] as const;

// ---------- the fixtures themselves ----------

describe.each(NAMES)('reference fixture %s', (name) => {
  const fx = load(name);
  const data = datasetOf(fx);

  it('is well formed and records the library versions', () => {
    expect(fx.x).toHaveLength(fx.n * fx.d);
    expect(fx.n).toBeLessThanOrEqual(400);
    for (const v of ['sklearn', 'numpy', 'R', 'mclust']) expect(typeof fx.versions[v]).toBe('string');
    for (const ref of [fx.kmeans.sklearn, fx.kmeans.r]) {
      expect(ref.centers).toHaveLength(fx.K);
      for (const c of ref.centers) expect(c).toHaveLength(fx.d);
    }
  });

  it('reference inertias are the inertias of the reference centres', () => {
    for (const ref of [fx.kmeans.sklearn, ...Object.values(fx.kmeans.r.runs)]) {
      const mine = nearestInertia(data, flat(ref.centers), fx.K);
      expect(Math.abs(mine - ref.inertia)).toBeLessThanOrEqual(1e-10 * ref.inertia);
    }
  });

  for (const cov of COVS) {
    for (const lib of LIBS) {
      const ref = fx.em[cov][lib];
      if (ref === null) continue;
      it(`${cov} σ, ${lib}: the reported log-likelihood is that of the reported parameters`, () => {
        expect(ref.means).toHaveLength(fx.K);
        expect(ref.sigmas).toHaveLength(fx.K);
        expect(ref.weights).toHaveLength(fx.K);
        const mine = logLik(data, flat(ref.means), ref.sigmas, ref.weights);
        expect(Math.abs(mine - ref.loglik)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.loglik));
      });
    }
    const [a, b] = [fx.em[cov].mclust, fx.em[cov].sklearn];
    if (a !== null && b !== null && a.tight && b.tight) {
      it(`${cov} σ: mclust and scikit-learn agree (same maximum)`, () => {
        expect(Math.abs(a.loglik - b.loglik)).toBeLessThanOrEqual(1e-6);
        const asFit = {
          means: Float64Array.from(flat(a.means)),
          sigmas: Float64Array.from(a.sigmas),
          weights: Float64Array.from(a.weights),
        } as Fit;
        const diff = compareParams(asFit, b, fx.K, fx.d);
        expect(Math.max(diff.means, diff.sigmas, diff.weights)).toBeLessThanOrEqual(1e-4);
      });
    }
  }
});

// ---------- our estimators against the references ----------

describe.each(NAMES)('estimators vs references: %s', (name) => {
  const fx = load(name);
  const data = datasetOf(fx);
  const K = fx.K;
  const bestInertia = bestKMeansReference(fx);

  it(`kmeans (20 restarts) reaches the best reference inertia`, () => {
    const fit = kmeans.fit(data, K, { restarts: 20 }, createStream('reference-test', name, 'kmeans'));
    expect(fit.status).toBe('ok');
    // the objective is the inertia of the returned centres
    expect(Math.abs(nearestInertia(data, fit.means, K) - fit.objective)).toBeLessThanOrEqual(1e-10 * fit.objective);
    expect(fit.objective, `ours ${fit.objective} vs best reference ${bestInertia}`).toBeLessThanOrEqual(
      bestInertia * (1 + 1e-9),
    );
  });

  if (fx.d === 1) {
    it('kmeansExact1d reaches the best reference inertia (and the brute-force optimum for K = 2)', () => {
      const fit = kmeansExact1d.fit(data, K, {}, createStream('reference-test', name, 'kmeans-exact'));
      expect(fit.status).toBe('ok');
      expect(Math.abs(nearestInertia(data, fit.means, K) - fit.objective)).toBeLessThanOrEqual(1e-10 * fit.objective);
      expect(fit.objective, `ours ${fit.objective} vs best reference ${bestInertia}`).toBeLessThanOrEqual(
        bestInertia * (1 + 1e-9),
      );
      if (fx.kmeans.bruteforce) {
        const brute = fx.kmeans.bruteforce.inertia;
        expect(Math.abs(fit.objective - brute), `ours ${fit.objective} vs brute force ${brute}`).toBeLessThanOrEqual(
          1e-12 * brute,
        );
        const ours = Array.from(fit.means).sort((p, q) => p - q);
        const theirs = flat(fx.kmeans.bruteforce.centers).sort((p, q) => p - q);
        for (let k = 0; k < K; k++) expect(Math.abs(ours[k] - theirs[k])).toBeLessThanOrEqual(1e-12);
      }
    });
  }

  for (const cov of COVS) {
    const refs = LIBS.map((lib) => ({ lib, ref: fx.em[cov][lib] })).filter(
      (r): r is { lib: (typeof LIBS)[number]; ref: EMRef } => r.ref !== null,
    );
    const bestLL = Math.max(...refs.map((r) => r.ref.loglik));

    it(`em ${cov} σ (defaults, 10 restarts) reaches the best reference log-likelihood − 1e-6`, () => {
      const fit = em.fit(data, K, { covariance: cov, restarts: 10 }, createStream('reference-test', name, 'em', cov));
      expect(fit.status, fit.message).toBe('ok');
      expect(fit.logLik!, `ours ${fit.logLik} vs best reference ${bestLL}`).toBeGreaterThanOrEqual(bestLL - 1e-6);
    });

    describe(`em ${cov} σ fitted as tightly as the references (tol 1e-15)`, () => {
      // Shared by the comparisons below; fitted lazily inside the first test that needs it.
      let tightFit: Fit | null = null;
      const getFit = (): Fit => {
        tightFit ??= em.fit(
          data,
          K,
          { covariance: cov, restarts: 10, tol: 1e-15 },
          createStream('reference-test', name, 'em-tight', cov),
        );
        return tightFit;
      };

      it('converges and reaches the best reference log-likelihood − 1e-6', () => {
        const fit = getFit();
        expect(fit.status, fit.message).toBe('ok');
        expect(fit.converged).toBe(true);
        expect(fit.logLik!, `ours ${fit.logLik} vs best reference ${bestLL}`).toBeGreaterThanOrEqual(bestLL - 1e-6);
      });

      for (const { lib, ref } of refs) {
        // A committed reference that is not at the EM fixed point cannot judge our parameters: fail, don't skip.
        it(`the ${lib} reference is converged tightly (within 1e-5 of the EM fixed point)`, () => {
          expect(
            ref.tight,
            `library converged: ${ref.converged}, distance to the EM fixed point ` +
              `${ref.check.polish_plain_em.param_distance.toExponential(2)}; rule: ${ref.check.tight_rule}`,
          ).toBe(true);
        });
        it(`parameters match ${lib} to 1e-4 (components matched by permutation)`, () => {
          const fit = getFit();
          expect(fit.converged).toBe(true);
          const diff = compareParams(fit, ref, K, fx.d);
          const msg =
            `ours logLik ${fit.logLik} vs ${lib} ${ref.loglik}; max |Δ| means ${diff.means.toExponential(3)}, ` +
            `sigmas ${diff.sigmas.toExponential(3)}, weights ${diff.weights.toExponential(3)}`;
          expect(diff.means, msg).toBeLessThanOrEqual(1e-4);
          expect(diff.sigmas, msg).toBeLessThanOrEqual(1e-4);
          expect(diff.weights, msg).toBeLessThanOrEqual(1e-4);
        });
      }
    });
  }
});
