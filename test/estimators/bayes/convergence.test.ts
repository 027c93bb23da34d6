/**
 * Split-R̂ and bulk ESS (src/estimators/bayes/convergence.ts, Vehtari et al. 2021) on chains whose answer is
 * known: independent normals (R̂ ≈ 1, ESS ≈ S), AR(1) chains with ρ = 0.9 (integrated autocorrelation time
 * (1 + ρ)/(1 − ρ) = 19, so ESS ≈ S/19), chains stuck at different levels (R̂ far above 1.01), a chain whose
 * spread differs (caught by the folded, tail R̂), and constant draws (no diagnostic); with an odd number of
 * draws per chain the dropped middle draw takes no part (the reference code ranks the split chains:
 * posterior::rhat, z_scale(split_chains(x))), checked against the same chains without it.
 */
import { describe, expect, it } from 'vitest';
import { chainDiagnostics, rankNormalise } from '../../../src/estimators/bayes/convergence.js';
import { createStream } from '../../../src/rng/stream.js';

function ar1(seed: string, chains: number, perChain: number, rho: number, shift: (c: number) => number = () => 0, scale: (c: number) => number = () => 1): Float64Array {
  const rng = createStream(seed);
  const v = new Float64Array(chains * perChain);
  for (let c = 0; c < chains; c++) {
    let x = rng.normal();
    for (let t = 0; t < perChain; t++) {
      x = rho * x + Math.sqrt(1 - rho * rho) * rng.normal();
      v[c * perChain + t] = shift(c) + scale(c) * x;
    }
  }
  return v;
}

describe('chainDiagnostics', () => {
  it('independent draws: R̂ < 1.01 and ESS within 15 % of S = 4000', () => {
    const { rhat, ess } = chainDiagnostics(ar1('iid', 4, 1000, 0), 4, 1000);
    expect(rhat).toBeLessThan(1.01);
    expect(ess / 4000).toBeGreaterThan(0.85);
    expect(ess / 4000).toBeLessThan(1.15);
  });

  it('AR(1) with ρ = 0.9: ESS within 25 % of S/19', () => {
    const S = 4 * 5000;
    const { ess } = chainDiagnostics(ar1('ar', 4, 5000, 0.9), 4, 5000);
    expect(ess / (S / 19)).toBeGreaterThan(0.75);
    expect(ess / (S / 19)).toBeLessThan(1.25);
  });

  it('one chain at another level: R̂ > 1.1', () => {
    expect(chainDiagnostics(ar1('shift', 4, 500, 0.5, (c) => (c === 3 ? 1.5 : 0)), 4, 500).rhat).toBeGreaterThan(1.1);
  });

  it('one chain with three times the spread and the same centre: the tail R̂ flags it', () => {
    expect(chainDiagnostics(ar1('scale', 4, 1000, 0, () => 0, (c) => (c === 0 ? 3 : 1)), 4, 1000).rhat).toBeGreaterThan(1.01);
  });

  it('constant draws have no R̂ or ESS; too-short chains are refused', () => {
    const d = chainDiagnostics(new Float64Array(40).fill(2), 4, 10);
    expect(d.rhat).toBeNaN();
    expect(d.ess).toBeNaN();
    expect(() => chainDiagnostics(new Float64Array(8), 2, 4)).toThrow(RangeError);
  });
});

describe('chainDiagnostics with an odd number of draws per chain', () => {
  it('equals the diagnostics of the chains without their dropped middle draws, whatever those are', () => {
    const chains = 4;
    const even = ar1('odd', chains, 200, 0.6);
    const odd = new Float64Array(chains * 201);
    for (let c = 0; c < chains; c++) {
      odd.set(even.subarray(c * 200, c * 200 + 100), c * 201);
      odd[c * 201 + 100] = 50 + c; // far above every kept draw: it would shift their ranks and the median
      odd.set(even.subarray(c * 200 + 100, (c + 1) * 200), c * 201 + 101);
    }
    const a = chainDiagnostics(even, chains, 200);
    const b = chainDiagnostics(odd, chains, 201);
    expect(b.rhat).toBe(a.rhat);
    expect(b.ess).toBe(a.ess);
  });
});

describe('rankNormalise', () => {
  it('maps ranks to normal scores, ties to one score, order preserved', () => {
    const z = rankNormalise(Float64Array.from([3, 1, 2, 2]));
    expect(z[1]).toBeLessThan(z[2]);
    expect(z[2]).toBe(z[3]);
    expect(z[3]).toBeLessThan(z[0]);
    expect(Math.abs(z[1] + z[0])).toBeLessThan(1e-12);
  });
});
