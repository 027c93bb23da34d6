/**
 * log Γ and ψ of src/estimators/bayes/specialFunctions.ts against closed forms: Γ(n) = (n − 1)!, Γ(½) = √π,
 * ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, the recurrences at non-integer points, and the derivative relation ψ = (log Γ)'.
 */
import { describe, expect, it } from 'vitest';
import { digamma, logGamma } from '../../../src/estimators/bayes/specialFunctions.js';

const EULER = 0.5772156649015329;

describe('logGamma', () => {
  it('equals log (n − 1)! for n = 1…30 and log √π at ½ to 5e-14 relative', () => {
    let fact = 1;
    for (let n = 1; n <= 30; n++) {
      if (n > 1) fact *= n - 1;
      const want = Math.log(fact);
      expect(Math.abs(logGamma(n) - want)).toBeLessThanOrEqual(5e-14 * Math.max(1, Math.abs(want)));
    }
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(5e-14);
  });
  it('satisfies log Γ(x + 1) = log Γ(x) + log x across scales, and is NaN outside x > 0', () => {
    for (const x of [1e-8, 0.013, 0.77, 3.3, 9.99, 12.5, 1e3, 1e7]) {
      const lhs = logGamma(x + 1);
      const rhs = logGamma(x) + Math.log(x);
      expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(2e-14 * Math.max(1, Math.abs(lhs)));
    }
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
  });
});

describe('digamma', () => {
  it('ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(x + 1) = ψ(x) + 1/x', () => {
    expect(Math.abs(digamma(1) + EULER)).toBeLessThan(5e-14);
    expect(Math.abs(digamma(0.5) + EULER + 2 * Math.LN2)).toBeLessThan(5e-14);
    for (const x of [1e-6, 0.3, 2.7, 11, 500]) expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThanOrEqual(1e-13 * Math.max(1, 1 / x));
  });
  it('is the derivative of log Γ (central differences, 1e-7 relative)', () => {
    for (const x of [0.4, 1.7, 6, 42]) {
      const h = 1e-5 * x;
      const numeric = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
      expect(Math.abs(numeric - digamma(x))).toBeLessThan(1e-7 * Math.max(1, Math.abs(digamma(x))));
    }
  });
});
