/**
 * A fit's own diagnostics (Fit.diagnostics, src/types.ts) reach the row's values under `diag.` with component
 * indices renamed to the true components (src/estimands/measureFit.ts): a fit whose component 0 is the truth's
 * component 1 has its `rhat.means.0.0` stored as `diag.rhat.means.1.0`, beside the estimate `means.1.0` it
 * describes. Keys without a component index pass unchanged; a fit without diagnostics adds no `diag.` key.
 */
import { describe, expect, it } from 'vitest';
import { measureFit } from '../../src/estimands/measureFit.js';
import type { Fit } from '../../src/types.js';

const truth = { K: 2, d: 1, weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] };
const data = { x: Float64Array.from([-1, 1]), n: 2, d: 1 };
const labels = Int32Array.from([0, 1]);

function fit(diagnostics?: Record<string, number>): Fit {
  // Component 0 of the fit sits at +1: it is the truth's component 1.
  return {
    K: 2, d: 1, means: Float64Array.from([1.1, -0.9]), weights: Float64Array.from([0.4, 0.6]), sigmas: Float64Array.from([1, 1]),
    logLik: -3, objective: -3, iterations: 10, converged: true, status: 'ok', ...(diagnostics ? { diagnostics } : {}),
  };
}

describe('measureFit: Fit.diagnostics', () => {
  it('are written under diag. with component indices renamed to the aligned true components', () => {
    const v = measureFit(data, labels, fit({ 'rhat.means.0.0': 1.001, 'ess.weights.1': 812, 'rhat.sigma.0': 1.002, 'ess.separation': 950, rhatMax: 1.002 }), truth, ['means', 'weights']);
    expect(v['means.1.0']).toBe(1.1);
    expect(v['diag.rhat.means.1.0']).toBe(1.001);
    expect(v['diag.ess.weights.0']).toBe(812);
    expect(v['diag.rhat.sigma.1']).toBe(1.002);
    expect(v['diag.ess.separation']).toBe(950);
    expect(v['diag.rhatMax']).toBe(1.002);
  });
  it('a fit without diagnostics writes no diag. key', () => {
    const v = measureFit(data, labels, fit(), truth, ['means']);
    expect(Object.keys(v).filter((k) => k.startsWith('diag.'))).toEqual([]);
  });
});
