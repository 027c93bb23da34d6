/**
 * SEs and intervals in the runner: rows carry `inference` only when the config asks; bootstrap refits are
 * aligned to the original fit and are a function of the replication alone; Wald intervals come from the
 * descriptor's covariance (here a test covariance attached to kmeans-exact), a failing covariance becomes a status.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { descriptorOf } from '../../src/estimators/registry.js';
import { alignedTheta, bootstrapDraws } from '../../src/runner/bootstrap.js';
import { executeTask } from '../../src/runner/executeTask.js';
import { createStream } from '../../src/rng/stream.js';
import { parameterCount, type Dataset, type Fit, type ParameterCovariance } from '../../src/types.js';
import { makeFit } from '../estimands/helpers.js';
import { smallConfig } from './helpers.js';

const base = smallConfig({ n: [60, 300], replications: 3 });
const withInference = (inference: unknown) => parseConfig({ ...base, inference });

type Mutable = { covariance?: (data: Dataset, fit: Fit, options: object) => ParameterCovariance };
const exact = descriptorOf('kmeans-exact') as unknown as Mutable;
const saved = exact.covariance;
afterEach(() => {
  exact.covariance = saved;
});

describe('runner inference', () => {
  it('rows of a config without `inference` have no inference field', () => {
    const rows = executeTask(parseConfig(base), { mixtureIndex: 0, rep: 0 }).rows;
    expect(rows.every((r) => !('inference' in r))).toBe(true);
  });

  it('bootstrap percentile and basic intervals, deterministic and independent of the other estimators', () => {
    const config = withInference({ level: 0.9, wald: false, bootstrap: { B: 40, estimators: ['km'] } });
    const a = executeTask(config, { mixtureIndex: 0, rep: 1 }).rows;
    const b = executeTask(config, { mixtureIndex: 0, rep: 1 }).rows;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const km = a.find((r) => r.estimator === 'km' && r.condition === 'canonical|n=300');
    expect(km?.inference?.percentile?.status).toBe('ok');
    expect(km?.inference?.percentile?.draws).toBe(40);
    const sep = km?.inference?.percentile?.values.separation;
    const est = km?.values.separation as number;
    expect(sep?.lower).toBeLessThan(est);
    expect(sep?.upper).toBeGreaterThan(est);
    const basic = km?.inference?.basic?.values.separation;
    expect(basic?.lower).toBeCloseTo(2 * est - (sep?.upper as number), 12);
    expect(a.find((r) => r.estimator === 'mle')?.inference).toEqual({});
    // The same bootstrap whatever else the config fits: drop the other estimators.
    const alone = parseConfig({ ...base, estimators: [{ id: 'km', method: 'kmeans-exact' }], inference: { level: 0.9, wald: false, bootstrap: { B: 40 } } });
    const rowAlone = executeTask(alone, { mixtureIndex: 0, rep: 1 }).rows.find((r) => r.condition === 'canonical|n=300');
    expect(rowAlone?.inference).toEqual(km?.inference);
  });

  it('aligns each refit to the original fit before taking quantiles', () => {
    const fit = makeFit({ means: [[-1], [1]], weights: [0.3, 0.7], sigmas: [1, 2] });
    const swapped = makeFit({ means: [[1.1], [-0.9]], weights: [0.72, 0.28], sigmas: [2.1, 0.9] });
    expect(Array.from(alignedTheta(swapped, [[-1], [1]]))).toEqual([-0.9, 1.1, 0.28, 0.72, 0.9, 2.1]);
    // Real refits of a well-separated sample: every draw's first mean stays near −3.
    const rng = createStream(5, 'boot-test');
    const n = 400;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = (i % 2 === 0 ? -3 : 3) + rng.normal();
    const data = { x, n, d: 1 };
    const original = descriptorOf('kmeans-exact').fit(data, 2, {}, rng);
    const boot = bootstrapDraws({ method: 'kmeans-exact', options: {} }, data, original, 30, createStream(5, 'b'));
    const P = parameterCount(2, 1, false);
    const first = original.means[0] < 0 ? -1 : 1;
    for (let s = 0; s < boot.used; s++) expect(Math.sign(boot.draws[s * P])).toBe(first);
    expect(boot.used).toBe(30);
  });

  it('Wald intervals from the descriptor covariance; a covariance that fails gives a status, not NaN', () => {
    // A test covariance: var(mean) = σ²/n_k with the pooled within-cluster variance (not Pollard's; plumbing only).
    exact.covariance = (data, fit) => {
      const P = parameterCount(fit.K, fit.d, false);
      const m = new Float64Array(P * P).fill(NaN);
      for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) if (i < 2 && j < 2) m[i * P + j] = 0;
      m[0] = 1 / (fit.weights[0] * data.n);
      m[P + 1] = 1 / (fit.weights[1] * data.n);
      return { status: 'ok', kind: 'test', matrix: m };
    };
    const config = withInference({});
    const row = executeTask(config, { mixtureIndex: 0, rep: 0 }).rows.find((r) => r.estimator === 'km' && r.condition === 'canonical|n=300');
    const w = row?.inference?.wald;
    expect(w?.status).toBe('ok');
    expect(w?.kind).toBe('test');
    const se = w?.values.separation.se as number;
    expect(se).toBeCloseTo(Math.sqrt(1 / (0.5 * 300) + 1 / (0.5 * 300)), 1);
    expect(w?.values['weights.0']).toEqual({ se: null, lower: null, upper: null });
    exact.covariance = () => ({ status: 'not-negative-definite', kind: 'test', reason: 'Hessian has a positive eigenvalue' });
    const bad = executeTask(config, { mixtureIndex: 0, rep: 0 }).rows.find((r) => r.estimator === 'km');
    expect(bad?.inference?.wald).toEqual({ status: 'not-negative-definite', kind: 'test', reason: 'Hessian has a positive eigenvalue', values: {} });
    exact.covariance = () => {
      throw new Error('boom');
    };
    const thrown = executeTask(config, { mixtureIndex: 0, rep: 0 }).rows.find((r) => r.estimator === 'km');
    expect(thrown?.status).toBe('ok');
    expect(thrown?.inference?.wald?.status).toBe('unavailable');
  });
});

describe('runner inference end to end', () => {
  it('the summary gains bootstrap interval measures, and the rows are byte-identical for 1 and 2 workers', async () => {
    const { runExperiment } = await import('../../src/runner/runExperiment.js');
    const { readSummary } = await import('../../src/results/summary.js');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('./helpers.js');
    const raw = { ...smallConfig({ n: [60, 200], replications: 4 }), estimators: [{ id: 'km', method: 'kmeans-exact' }], inference: { wald: false, bootstrap: { B: 20 } } };
    const dirs = [];
    for (const workers of [1, 2]) {
      const out = await runExperiment({ config: parseConfig(raw), resultsRoot: tempDir(), workers, shard: null, fresh: true });
      dirs.push(out.dir);
    }
    const a = readFileSync(join(dirs[0], 'replications.ndjson'), 'utf8');
    expect(readFileSync(join(dirs[1], 'replications.ndjson'), 'utf8')).toBe(a);
    expect(a).toContain('"percentile"');
    const summary = readSummary(dirs[0]);
    const cell = summary.cells.find((c) => c.estimand === 'separation' && c.condition === 'canonical|n=200');
    expect(cell?.inference?.percentile?.vsLimit?.coverage?.value).toBeGreaterThanOrEqual(0);
    expect(cell?.inference?.basic?.modelSE?.value).toBeGreaterThan(0);
    expect(cell?.inference?.wald).toBeUndefined();
  }, 60_000);
});

describe('credible intervals from a fit with posterior draws', () => {
  it('inferenceOf reads Fit.draws into a credible set (and none without draws or when not asked)', async () => {
    const { inferenceOf } = await import('../../src/runner/inferFit.js');
    const fit = makeFit({ means: [[-1], [1]], weights: [0.5, 0.5], sigmas: [1, 1] });
    const S = 50;
    const P = 6;
    const rng = createStream(9, 'draws');
    const draws = new Float64Array(S * P);
    for (let s = 0; s < S; s++) draws.set([-1 + 0.1 * rng.normal(), 1 + 0.1 * rng.normal(), 0.5, 0.5, 1, 1], s * P);
    const data = { x: Float64Array.from([-1, 1, -2, 2]), n: 4, d: 1 };
    const ctx = { trueMeans: [[-1], [1]], estimands: ['separation', 'means'] as const, bootstrap: false, bootstrapStream: () => createStream(1) };
    const spec = { level: 0.9, wald: false, credible: true, bootstrap: null };
    const out = inferenceOf(spec, { method: 'kmeans-exact', options: {} }, data, { ...fit, draws }, { ...ctx, estimands: [...ctx.estimands] });
    expect(out.credible?.status).toBe('ok');
    expect(out.credible?.draws).toBe(S);
    const m0 = out.credible?.values['means.0.0'];
    expect(m0?.lower).toBeLessThan(-1);
    expect(m0?.upper).toBeGreaterThan(-1.2);
    expect(inferenceOf(spec, { method: 'kmeans-exact', options: {} }, data, fit, { ...ctx, estimands: [...ctx.estimands] }).credible).toBeUndefined();
    expect(inferenceOf({ ...spec, credible: false }, { method: 'kmeans-exact', options: {} }, data, { ...fit, draws }, { ...ctx, estimands: [...ctx.estimands] }).credible).toBeUndefined();
  });
});
