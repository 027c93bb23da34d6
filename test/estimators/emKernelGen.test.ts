/**
 * The compiled general E-step (emKernelGen.ts) against the loop kernel it unrolls (emKernel.ts eStepGeneral):
 * bit for bit the same log-likelihood and statistics, so switching kernels changes no fit.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEMWork, emPass, paramLength, type EMCovariance } from '../../src/estimators/mixture/emKernel.js';
import { GEN_MAX_TERMS, generatedEStep } from '../../src/estimators/mixture/emKernelGen.js';
import { createStream } from '../../src/rng/stream.js';
import type { Dataset } from '../../src/types.js';

function sample(seed: string, n: number, d: number, K: number): Dataset {
  const rng = createStream(seed, 'data');
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rng.uniform() * K);
    for (let j = 0; j < d; j++) x[i * d + j] = (j === k % d ? 2.5 : 0) + (0.5 + (k % 3) * 0.5) * rng.normal();
  }
  return { x, n, d };
}

function theta(d: number, K: number, zeroWeight: boolean): Float64Array {
  const t = new Float64Array(paramLength(K, d));
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < d; j++) t[k * d + j] = (j === k % d ? 2.2 : -0.1) + 0.05 * k;
    t[K * d + k] = 0.7 + 0.2 * k;
    t[K * d + K + k] = 1 / K;
  }
  if (zeroWeight) {
    t[K * d + K] = 0;
    t[K * d + K + 1] += 1 / K;
  }
  return t;
}

describe('compiled general E-step', () => {
  const shapes: [number, number][] = [
    [1, 2],
    [1, 3],
    [2, 3],
    [3, 2],
    [5, 4],
    [8, 8],
  ];
  for (const [d, K] of shapes) {
    for (const covariance of ['equal', 'unequal', 'fixed'] as EMCovariance[]) {
      it(`equals the loop kernel bit for bit: d = ${d}, K = ${K}, ${covariance} σ`, () => {
        const data = sample(`gen-${d}-${K}`, 1537, d, K); // not a multiple of the block of points
        for (const zeroWeight of [false, true]) {
          const th = theta(d, K, zeroWeight);
          const settings = { covariance, weights: 'estimated' as const, fixedSigma: 0.9, floorVar: 1e-10 };
          const gen = createEMWork(data, K, settings);
          const loops = createEMWork(data, K, settings);
          // d = 1, K = 2 has its own kernel: compare the general ones.
          gen.generalOnly = true;
          loops.generalOnly = true;
          loops.loopsOnly = true;
          expect(gen.gen).not.toBeNull();
          const outGen = new Float64Array(th.length);
          const outLoops = new Float64Array(th.length);
          const Lg = emPass(gen, th, outGen);
          const Ll = emPass(loops, th, outLoops);
          expect(Number.isFinite(Lg)).toBe(true);
          expect(Lg).toBe(Ll);
          expect(Array.from(gen.N)).toEqual(Array.from(loops.N));
          expect(Array.from(gen.T)).toEqual(Array.from(loops.T));
          expect(Array.from(gen.Q)).toEqual(Array.from(loops.Q));
          expect(Array.from(outGen)).toEqual(Array.from(outLoops));
        }
      });
    }
  }

  it('is compiled once per (d, K) and not beyond GEN_MAX_TERMS terms', () => {
    expect(generatedEStep(2, 3)).toBe(generatedEStep(2, 3));
    expect(generatedEStep(GEN_MAX_TERMS, 1)).not.toBeNull();
    expect(generatedEStep(GEN_MAX_TERMS + 1, 1)).toBeNull();
    expect(generatedEStep(0, 2)).toBeNull();
    const wide = createEMWork(sample('wide', 10, 40, 2), 2, { covariance: 'equal', weights: 'estimated', fixedSigma: NaN, floorVar: 1e-10 });
    expect(wide.gen).toBeNull();
  });
});

describe('without code generation (node --disallow-code-generation-from-strings)', () => {
  it('falls back to the loop kernels, with the same fits', () => {
    const root = join(import.meta.dirname, '..', '..');
    const script = `
      import { generatedEStep } from '${join(root, 'src/estimators/mixture/emKernelGen.ts')}';
      import { generatedAccumulate, generatedSeeding } from '${join(root, 'src/estimators/kmeans/lloydGen.ts')}';
      import { kmeans } from '${join(root, 'src/estimators/kmeans/kmeans.ts')}';
      import { fitEM } from '${join(root, 'src/estimators/mixture/em.ts')}';
      import { createStream } from '${join(root, 'src/rng/stream.ts')}';
      const rng = createStream('nogen', 'data');
      const n = 400, d = 2;
      const x = new Float64Array(n * d).map((_, i) => rng.normal() + (i % 3));
      const km = kmeans.fit({ x, n, d }, 3, {}, createStream('nogen', 'km'));
      const em = fitEM({ x, n, d }, 3, { covariance: 'unequal' }, createStream('nogen', 'em'));
      console.log(JSON.stringify({ compiled: [generatedEStep(2, 3), generatedAccumulate(2, 3), generatedSeeding(2)].map((g) => g !== null), km: km.objective, em: em.logLik }));
    `;
    const run = (flags: string[]): { compiled: boolean[]; km: number; em: number } => {
      const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as { compiled: boolean[]; km: number; em: number };
    };
    const forbidden = run(['--disallow-code-generation-from-strings']);
    const allowed = run([]);
    expect(forbidden.compiled).toEqual([false, false, false]);
    expect(allowed.compiled).toEqual([true, true, true]);
    expect(forbidden.km).toBe(allowed.km);
    expect(forbidden.em).toBe(allowed.em);
  }, 60_000);
});
