/**
 * Test-only numerics, written independently of src/theory so the tests compare two different computations:
 * composite Simpson integration of the mixture density (no truncated-normal formulas, no Mills ratios), and
 * the Monte Carlo standard error of a sample standard deviation.
 */

/** Composite Simpson's rule with n (even) panels on [a, b]. Spectrally accurate for smooth Gaussian-decaying integrands. */
export function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const m = n % 2 === 0 ? n : n + 1;
  const h = (b - a) / m;
  let s = f(a) + f(b);
  for (let i = 1; i < m; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Normal density written out directly (no shared code with src/theory/normal.ts). */
export function normalPdf(x: number, mu: number, sigma: number): number {
  const z = (x - mu) / sigma;
  return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
}

export interface Mix {
  weights: number[];
  means: number[];
  sigmas: number[];
}

export function mixPdf(m: Mix, x: number): number {
  let f = 0;
  for (let k = 0; k < m.weights.length; k++) f += m.weights[k] * normalPdf(x, m.means[k], m.sigmas[k]);
  return f;
}

/** Integration window covering the mixture to far below double precision. */
export function window(m: Mix): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < m.weights.length; k++) {
    lo = Math.min(lo, m.means[k] - 14 * m.sigmas[k]);
    hi = Math.max(hi, m.means[k] + 14 * m.sigmas[k]);
  }
  return [lo, hi];
}

/**
 * Mass, mean and E[(X − c)²; cell] of the mixture on [a, b] by Simpson, in one pass: the three moments are
 * accumulated about the cell's left end (or right end for an infinite-left window) to keep cancellation small.
 */
export function cellBySimpson(m: Mix, a: number, b: number, n = 20000): { mass: number; mean: number; second: (c: number) => number } {
  const M = n % 2 === 0 ? n : n + 1;
  const h = (b - a) / M;
  const o = 0.5 * (a + b);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i <= M; i++) {
    const x = a + i * h;
    const wgt = i === 0 || i === M ? 1 : i % 2 === 1 ? 4 : 2;
    const f = wgt * mixPdf(m, x);
    const y = x - o;
    s0 += f;
    s1 += f * y;
    s2 += f * y * y;
  }
  const mass = (s0 * h) / 3;
  const m1 = (s1 * h) / 3; // ∫ (x − o) f
  const m2 = (s2 * h) / 3; // ∫ (x − o)² f
  return {
    mass,
    mean: o + m1 / mass,
    // ∫ (x − c)² f = m2 − 2(c − o) m1 + (c − o)² mass
    second: (c) => m2 - 2 * (c - o) * m1 + (c - o) ** 2 * mass,
  };
}

/** Sample mean, sd and the Monte Carlo SE of the sd (delta method on s², using the sample 4th central moment). */
export function sdWithSe(xs: readonly number[]): { mean: number; sd: number; seSd: number; seMean: number } {
  const R = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / R;
  const s2 = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1);
  const m4 = xs.reduce((a, b) => a + (b - mean) ** 4, 0) / R;
  // Var(s²) ≈ (μ4 − σ⁴(R − 3)/(R − 1))/R; se(s) = se(s²)/(2s).
  const varS2 = (m4 - (s2 * s2 * (R - 3)) / (R - 1)) / R;
  const sd = Math.sqrt(s2);
  return { mean, sd, seSd: Math.sqrt(Math.max(varS2, 0)) / (2 * sd), seMean: sd / Math.sqrt(R) };
}
