import { describe, expect, it } from 'vitest';
import { fitProblem } from '../../src/plugins/shapes.js';

const fitWith = (status: string) => ({
  K: 2,
  d: 1,
  means: new Float64Array([-1, 1]),
  weights: new Float64Array([0.5, 0.5]),
  sigmas: null,
  logLik: null,
  objective: 1,
  iterations: 1,
  converged: true,
  status,
});

describe('fitProblem', () => {
  it('accepts every status a built-in fit may have, not-mixed (a Bayesian plugin) included', () => {
    for (const s of ['ok', 'not-converged', 'degenerate', 'empty-cluster', 'not-mixed']) expect(fitProblem(fitWith(s), 2, 1)).toBeNull();
  });
  it('names an unknown status', () => {
    expect(fitProblem(fitWith('fine'), 2, 1)).toMatch(/status is "fine"/);
  });
});
