import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalTail, tailArea, ZIGGURAT_LAYERS, zigguratNormal, zigguratTables as T } from '../../src/rng/normal.js';
import { createStream, Stream } from '../../src/rng/stream.js';
import { Xor4096 } from '../../src/rng/xor4096.js';
import { chiSquareCritical, KS_CRIT_1E3, ksDistance, Z_1E3 } from './stats.js';

const Phi = (z: number): number => normalCdf(z, 0, 1);
/** Upper tail Q(z) = P(Z > z), accurate far out (erfc-based). */
const Q = (z: number): number => normalCdf(-z, 0, 1);
const f = (x: number): number => Math.exp(-0.5 * x * x);

describe('ziggurat tables', () => {
  it('take the tail area from a continued fraction accurate to 1e-15 against 40-digit values (test/fixtures/tail-area.py)', () => {
    const reference: [number, number][] = [
      [2, 0.057026123992892048276],
      [2.5, 0.015565322681586183344],
      [3, 0.003383692573952727586],
      [3.25, 0.001446387286426848318],
      [3.5, 0.0005831146270118167723],
      [3.6541528853610088, 0.0003233957646633212585],
      [4, 0.000079388030271574553756],
      [4.5, 8.5167035224022314693e-6],
      [5, 7.185289350398080572e-7],
    ];
    for (const [r, ref] of reference) expect(Math.abs(tailArea(r) - ref)).toBeLessThan(1e-15 * ref);
    // And @stdlib's normal CDF (a different algorithm) agrees to its own few-ulp accuracy on the whole range.
    for (let r = 2; r <= 5; r += 0.0625) {
      const std = Math.sqrt(2 * Math.PI) * normalCdf(-r, 0, 1);
      expect(Math.abs(tailArea(r) - std)).toBeLessThan(4e-15 * std);
    }
    expect(() => tailArea(1.5)).toThrow(RangeError);
  });

  it('are pinned bit for bit (any change to them changes every data set: part of the seeding contract)', () => {
    // Values of the tables as first committed (then built with @stdlib's normal CDF for the tail area).
    expect(T.r).toBe(3.6541528853610092);
    expect(T.v).toBe(0.004928673233974648);
    expect(T.x[2]).toBe(3.4492782985614316);
    expect(T.x[128]).toBe(1.5353425714415152);
    expect(T.x[255]).toBe(0.21524189598491328);
    expect(T.fx[200]).toBe(0.5852861792633696);
  });

  it('reproduce Marsaglia & Tsang (2000) 256-layer constants r and v', () => {
    expect(ZIGGURAT_LAYERS).toBe(256);
    expect(Math.abs(T.r - 3.6541528853610088)).toBeLessThan(1e-14);
    expect(Math.abs(T.v - 0.00492867323399) / T.v).toBeLessThan(1e-11); // published to 12 digits
  });

  it('make every layer the same area v and the stack end at the peak', () => {
    const N = ZIGGURAT_LAYERS;
    expect(T.x[1]).toBe(T.r);
    expect(T.x[N]).toBe(0);
    expect(T.fx[N]).toBe(1);
    // Base strip: the rectangle [0, r]×[0, f(r)] plus the tail ∫_r^∞ f = √(2π) Q(r).
    expect(Math.abs(T.r * f(T.r) + Math.sqrt(2 * Math.PI) * Q(T.r) - T.v) / T.v).toBeLessThan(1e-13);
    for (let i = 0; i < N; i++) {
      expect(T.x[i + 1]).toBeLessThan(T.x[i]);
      expect(Math.abs(T.x[i] * (T.fx[i + 1] - T.fx[i]) - T.v) / T.v).toBeLessThan(1e-9);
    }
    expect(Math.abs(T.residual)).toBeLessThan(1e-12);
  });
});

describe('zigguratNormal (generic) and the xor4096-specialised stream sampler agree', () => {
  it('draw for draw, over enough draws to hit wedges and the tail', () => {
    const gen = new Xor4096('agree');
    const s = new Stream('agree');
    let mismatches = 0;
    for (let k = 0; k < 300_000; k++) if (zigguratNormal(gen) !== s.normal()) mismatches++;
    expect(mismatches).toBe(0);
  });
});

describe('normal sampler: bulk distribution (n = 1e6)', () => {
  const n = 1_000_000;
  const z = new Float64Array(n);
  beforeAll(() => {
    createStream(2024, 'normal-ks').fillNormal(z);
  });

  it('has mean 0, variance 1 and fourth moment 3 (5 SE each)', () => {
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    for (let k = 0; k < n; k++) {
      const v = z[k];
      s1 += v;
      s2 += v * v;
      s4 += v * v * v * v;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n)); // Var(Z²) = 2
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n)); // Var(Z⁴) = 105 − 9
  });

  it('has no lag-1/lag-2 serial correlation in Z or Z² (5 SE = 5/√n)', () => {
    for (const lag of [1, 2]) {
      let c1 = 0;
      let c2 = 0;
      for (let k = lag; k < n; k++) {
        c1 += z[k] * z[k - lag];
        c2 += (z[k] * z[k] - 1) * (z[k - lag] * z[k - lag] - 1);
      }
      expect(Math.abs(c1 / (n - lag))).toBeLessThan(5 / Math.sqrt(n - lag)); // E = 0, Var(Z·Z') = 1
      expect(Math.abs(c2 / (n - lag) / 2)).toBeLessThan(5 / Math.sqrt(n - lag)); // Var(Z²−1) = 2
    }
  });

  it('passes Kolmogorov–Smirnov against the exact Φ at α = 1e-3', () => {
    const sorted = Float64Array.from(z).sort();
    expect(ksDistance(sorted, Phi) * Math.sqrt(n)).toBeLessThan(KS_CRIT_1E3);
  });

  it('the KS check has power: N(0, 1.02²) built from the same draws is rejected', () => {
    const sorted = new Float64Array(n);
    for (let k = 0; k < n; k++) sorted[k] = 1.02 * z[k];
    sorted.sort();
    expect(ksDistance(sorted, Phi) * Math.sqrt(n)).toBeGreaterThan(KS_CRIT_1E3);
  });
});

describe('normal sampler: fine-grained histogram (n = 1e7, 1000 equiprobable bins)', () => {
  it('passes a chi-square test at α = 1e-3', () => {
    const n = 10_000_000;
    const B = 1000;
    // Interior bin edges Φ⁻¹(j/B); a bin is found by binary search (exact, no CDF rounding at the edges).
    const edges = Float64Array.from({ length: B - 1 }, (_, j) => normalQuantile((j + 1) / B, 0, 1));
    const counts = new Float64Array(B);
    const s = createStream(2024, 'normal-chisq');
    const buf = new Float64Array(1_000_000);
    for (let done = 0; done < n; done += buf.length) {
      s.fillNormal(buf);
      for (let k = 0; k < buf.length; k++) {
        const v = buf[k];
        let lo = 0;
        let hi = B - 1; // bin index in [lo, hi]
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (v < edges[mid]) hi = mid;
          else lo = mid + 1;
        }
        counts[lo]++;
      }
    }
    const e = n / B;
    let chi2 = 0;
    for (let j = 0; j < B; j++) chi2 += (counts[j] - e) ** 2 / e;
    expect(chi2).toBeLessThan(chiSquareCritical(B - 1, Z_1E3));
  });
});

describe('normal sampler: tails (n = 1e8)', () => {
  const n = 100_000_000;
  const cut = 3.5;
  let absGt2 = 0;
  let gt3 = 0;
  let gt4 = 0;
  let posTail = 0;
  let negTail = 0;
  const tail = new Float64Array(60_000); // E|{|Z| > 3.5}| = 46,530; 5 SE above is ~47,600
  let m = 0;
  beforeAll(() => {
    const s = createStream(2024, 'normal-tails');
    const buf = new Float64Array(1_000_000);
    for (let done = 0; done < n; done += buf.length) {
      s.fillNormal(buf);
      for (let k = 0; k < buf.length; k++) {
        const v = buf[k];
        const a = Math.abs(v);
        if (a > 2) {
          absGt2++;
          if (v > 3) gt3++;
          if (v > 4) gt4++;
          if (a > cut) {
            if (v > 0) posTail++;
            else negTail++;
            if (m < tail.length) tail[m] = a;
            m++;
          }
        }
      }
    }
  });

  const binomialCheck = (count: number, p: number): void => {
    const se = Math.sqrt(p * (1 - p) / n);
    expect(Math.abs(count / n - p)).toBeLessThan(5 * se);
  };

  it('P(|Z| > 2), P(Z > 3), P(Z > 4) match Φ within 5 binomial SE', () => {
    binomialCheck(absGt2, 2 * Q(2));
    binomialCheck(gt3, Q(3));
    binomialCheck(gt4, Q(4)); // expected 3167 counts: ±5 SE is ±9 %
  });

  it('the two tails beyond 3.5 are equally likely (5 SE)', () => {
    const total = posTail + negTail;
    expect(Math.abs(posTail / total - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / total));
  });

  it('|Z| given |Z| > 3.5 (wedges of the bottom layers and the tail beyond r) passes KS at α = 1e-3', () => {
    expect(m).toBeLessThanOrEqual(tail.length);
    const sorted = tail.slice(0, m).sort();
    const qc = Q(cut);
    const conditionalCdf = (x: number): number => 1 - Q(x) / qc;
    expect(ksDistance(sorted, conditionalCdf) * Math.sqrt(m)).toBeLessThan(KS_CRIT_1E3);
  });
});

describe('normalTail (Marsaglia 1964) directly', () => {
  it.each([T.r, 5])('Z given Z > %s passes KS at α = 1e-3 (n = 2e5)', (r) => {
    const gen = new Xor4096(`tail-${r}`);
    const m = 200_000;
    const x = new Float64Array(m);
    for (let k = 0; k < m; k++) x[k] = normalTail(gen, r);
    x.sort();
    expect(x[0]).toBeGreaterThan(r);
    const qr = Q(r);
    expect(ksDistance(x, (t) => 1 - Q(t) / qr) * Math.sqrt(m)).toBeLessThan(KS_CRIT_1E3);
  });
});
