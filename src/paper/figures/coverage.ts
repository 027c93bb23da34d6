/**
 * Figure 10, confidence intervals on 0.5·N(−1, 1) + 0.5·N(1, 1): the share of 95 % intervals for the separation
 * that cover their target, against n — (a) the MLE's Wald interval (inverse observed information, delta method)
 * for the truth; (b) k-means' Wald interval from Pollard's sandwich read as one for the truth, the naive interval
 * a user would report; (c) the same interval for the k-means population limit, which it is consistent for;
 * (d) the bootstrap percentile and basic intervals of both estimators for the truth. The theory of (b): with
 * bias b = limit − truth and Pollard sd s, the naive interval covers with probability
 * Φ(z − b√n/s) − Φ(−z − b√n/s) (drawn as a grey curve), which falls below 50 % and 5 % where b√n/s = z and
 * z + 1.645; the caption gives those n from the simulation (interpolated in log n between the sample sizes
 * that bracket the crossing, with a delta-method MCSE) beside the theory.
 */
import { Phi } from '../../theory/normal.js';
import { formatInt } from '../../report/format.js';
import type { ValueWithMcse } from '../../performance/types.js';
import type { Summary, SummaryCell } from '../../results/summary.js';
import { normalCritical } from '../../estimands/normalCritical.js';
import { cell, failureSentence, nMax, requireEstimator } from '../cells.js';
import { difference, num, pm, th, zOf } from '../numbers.js';
import { dodge, nDomain, referenceLayer, seriesLayers, singleSpec, type AxisSpec, type Reference } from '../spec.js';
import { KMEANS, MLE, REF_DASH, seriesScales, type SeriesStyle } from '../style.js';
import type { PaperFigure, PaperInputs } from '../types.js';
import { OKABE_ITO } from '../../report/palette.js';


type Method = 'wald' | 'percentile' | 'basic';
type Target = 'truth' | 'limit';

interface Series {
  readonly id: string;
  readonly method: Method;
  readonly target: Target;
  readonly style: SeriesStyle;
}

const SERIES: readonly Series[] = [
  { id: 'mle', method: 'wald', target: 'truth', style: { ...MLE, label: '(a) MLE, Wald → truth' } },
  { id: 'kmeans', method: 'wald', target: 'truth', style: { ...KMEANS, label: '(b) k-means, naive Wald → truth' } },
  { id: 'kmeans', method: 'wald', target: 'limit', style: { label: '(c) k-means, Pollard Wald → its limit', colour: OKABE_ITO[2], shape: 'triangle-up', dash: [2, 2] } },
  { id: 'mle', method: 'percentile', target: 'truth', style: { label: '(d) MLE, bootstrap percentile → truth', colour: OKABE_ITO[3], shape: 'diamond', dash: [1, 0] } },
  { id: 'mle', method: 'basic', target: 'truth', style: { label: '(d) MLE, bootstrap basic → truth', colour: OKABE_ITO[4], shape: 'triangle-down', dash: [6, 2] } },
  { id: 'kmeans', method: 'percentile', target: 'truth', style: { label: '(d) k-means, bootstrap percentile → truth', colour: OKABE_ITO[5], shape: 'cross', dash: [3, 3] } },
];

/** The coverage of `target` by `method` in a cell, or null when the run has none. */
export function coverageIn(c: SummaryCell, method: Method, target: Target): ValueWithMcse | null {
  const block = c.inference?.[method];
  const v = target === 'truth' ? block?.vsTruth?.coverage : block?.vsLimit?.coverage;
  return v === undefined || v.value === null ? null : v;
}

/**
 * Where a coverage curve first falls below `p`: n interpolated linearly in log n between the bracketing sample
 * sizes, with the delta-method MCSE from the two coverages' MCSEs treated as independent (nested samples make
 * them positively correlated, and both enter with the same sign, so this may understate it). Null when the curve
 * never crosses p on the grid.
 */
export function crossing(points: readonly { n: number; v: ValueWithMcse }[], p: number): { n: number; mcse: number | null; between: [number, number] } | null {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const ca = a.v.value as number;
    const cb = b.v.value as number;
    if (!(ca >= p && cb < p)) continue;
    const la = Math.log(a.n);
    const lb = Math.log(b.n);
    const t = (ca - p) / (ca - cb);
    const logN = la + t * (lb - la);
    // ∂logN/∂ca = (lb − la)(p − cb)/(ca − cb)², ∂logN/∂cb = (lb − la)(ca − p)/(ca − cb)².
    const den = (ca - cb) ** 2;
    const sa = a.v.mcse;
    const sb = b.v.mcse;
    const se = sa === null || sb === null ? null : Math.hypot(((lb - la) * (p - cb) * sa) / den, ((lb - la) * (ca - p) * sb) / den);
    const n = Math.exp(logN);
    return { n, mcse: se === null ? null : n * se, between: [a.n, b.n] };
  }
  return null;
}

/** The naive interval's coverage of the truth in theory: Φ(z − b√n/s) − Φ(−z − b√n/s). */
export function naiveCoverage(n: number, bias: number, sd: number, z: number): number {
  const shift = (Math.abs(bias) * Math.sqrt(n)) / sd;
  return Phi(z - shift) - Phi(-z - shift);
}

export function coverageFigure(inputs: PaperInputs): PaperFigure {
  const summary: Summary = inputs.results.coverage.summary;
  const mixture = summary.mixtures[0];
  requireEstimator(summary, 'kmeans', ['kmeans-exact']);
  requireEstimator(summary, 'mle', ['em']);
  const top = cell(summary, mixture.id, nMax(summary), 'kmeans', 'separation');
  const level = top.inference?.wald?.level ?? null;
  if (top.truth === null || top.limit === null || level === null) throw new Error(`${summary.name}: the k-means separation cells need a truth, a limit and Wald intervals (an inference block)`);
  const z = normalCritical(level);
  const bias = top.limit - top.truth;
  const sd = mixture.theory.kmeansLimit?.kmeansSd ?? null;

  const domain = nDomain(summary.n);
  const x: AxisSpec = { field: 'x', title: 'sample size n (log scale)', log: true, domain, format: ',' };
  const y: AxisSpec = { field: 'value', title: 'coverage', domain: [0, 1] };
  const present = SERIES.filter((s) => summary.n.some((n) => coverageIn(cell(summary, mixture.id, n, s.id, 'separation'), s.method, s.target) !== null));
  const values = present.flatMap((s, i) =>
    summary.n.flatMap((n) => {
      const v = coverageIn(cell(summary, mixture.id, n, s.id, 'separation'), s.method, s.target);
      if (v === null) return [];
      const value = v.value as number;
      const half = 2 * (v.mcse ?? 0);
      return [{ series: s.style.label, n, x: dodge(n, i, present.length, 0.04), value, lo: Math.max(0, value - half), hi: Math.min(1, value + half), text: pm(v) }];
    }),
  );
  const R = summary.replications;
  const band = 2 * Math.sqrt((level * (1 - level)) / R);
  const refs: Reference[] = [
    { label: `nominal ${level}`, dash: REF_DASH.zero, points: domain.map((p) => ({ x: p, y: level })) },
    { label: `nominal ± 2 MCSE (R = ${formatInt(R)}), upper`, dash: [5, 3], points: domain.map((p) => ({ x: p, y: Math.min(1, level + band) })) },
    { label: `nominal ± 2 MCSE (R = ${formatInt(R)}), lower`, dash: [2, 2], points: domain.map((p) => ({ x: p, y: level - band })) },
  ];
  if (sd !== null) {
    const pts = Array.from({ length: 60 }, (_, i) => domain[0] * (domain[1] / domain[0]) ** (i / 59)).map((n) => ({ x: n, y: naiveCoverage(n, bias, sd, z) }));
    refs.push({ label: 'naive k-means interval, theory', dash: REF_DASH.limit, points: pts });
  }
  const tips = [
    { field: 'series', title: 'interval' },
    { field: 'n', title: 'n', type: 'quantitative' as const, format: ',' },
    { field: 'text', title: 'coverage ± MCSE' },
  ];
  const panel = {
    layer: [referenceLayer(refs, x, y), ...seriesLayers(values, x, y, seriesScales(present.map((s) => s.style)), tips, { interval: 'bars', legendTitle: 'interval' })],
  };

  // The naive interval's crossings of 50 % and 5 %, simulated and in theory.
  const naive = summary.n
    .map((n) => ({ n, v: coverageIn(cell(summary, mixture.id, n, 'kmeans', 'separation'), 'wald', 'truth') }))
    .filter((p): p is { n: number; v: ValueWithMcse } => p.v !== null);
  const theoryN = (p: number): number | null => {
    if (sd === null) return null;
    // Φ(z − x) − Φ(−z − x) = p, solved for x = b√n/s by bisection (the left side falls in x ≥ 0).
    let lo = 0;
    let hi = 50;
    for (let k = 0; k < 200; k++) {
      const mid = (lo + hi) / 2;
      if (Phi(z - mid) - Phi(-z - mid) > p) lo = mid;
      else hi = mid;
    }
    return (((lo + hi) / 2) * sd / Math.abs(bias)) ** 2;
  };
  const crossText = (p: number): { text: string; check: { simulation: string; theory: string; z: number | null } | null } => {
    const c = crossing(naive, p);
    const t = theoryN(p);
    const theory = t === null ? '' : ` (theory ${num(t, 3)})`;
    if (c === null) return { text: `does not fall below ${p * 100} % on the grid${theory}`, check: null };
    const sim = c.mcse === null ? num(c.n, 3) : `${num(c.n, 3)} ± ${num(c.mcse, 2)}`;
    return {
      text: `falls below ${p * 100} % at n ≈ ${sim}${theory}, between n = ${formatInt(c.between[0])} and ${formatInt(c.between[1])}`,
      check: t === null ? null : { simulation: sim, theory: num(t, 4), z: c.mcse === null || c.mcse === 0 ? null : (c.n - t) / c.mcse },
    };
  };
  const half = crossText(0.5);
  const five = crossText(0.05);

  const N = nMax(summary);
  const mleTop = coverageIn(cell(summary, mixture.id, N, 'mle', 'separation'), 'wald', 'truth');
  const kmLimitTop = coverageIn(top, 'wald', 'limit');
  const kmTruthTop = coverageIn(top, 'wald', 'truth');
  const boot = present.some((s) => s.method !== 'wald');
  const title = 'Confidence intervals: the MLE’s cover the truth, k-means’ cover only its limit';
  const caption =
    `Share of R = ${formatInt(R)} replications per n whose ${level * 100} % interval for the separation of 0.5·N(−1, 1) + 0.5·N(1, 1) contains ` +
    `the target, against n (log scale); bars ±2 MCSE (binomial). (a) The MLE's Wald interval (EM, one σ; SE from the inverse observed ` +
    `information by the delta method) for the truth 2; (b) k-means' Wald interval from Pollard's sandwich (the centres' CLT covariance ` +
    `estimated from the sample, the density at the cell boundary included) read as an interval for the truth — what a user who takes ` +
    `k-means' SEs at face value reports; (c) the same interval for the k-means population limit ${th(top.limit)}, which it is consistent for` +
    (boot ? '; (d) nonparametric bootstrap percentile and basic intervals (refits relabelled to the original fit) for the truth' : '') +
    `. Grey: the nominal ${level} (solid), nominal ± 2·√(L(1 − L)/R) (dashed, dotted)` +
    (sd === null ? '. ' : `, and the naive interval's coverage in theory with b = ${num(bias, 4)} and Pollard sd s = ${num(sd, 4)} (long dashes). `) +
    `The naive k-means interval ${half.text}, and ${five.text} (interpolated in log n; MCSE by the delta method with the two bracketing coverages treated as independent, which may understate it). ` +
    `At n = ${formatInt(N)}: (a) ${mleTop === null ? 'not computed' : pm(mleTop)}, (b) ${kmTruthTop === null ? 'not computed' : pm(kmTruthTop)}, ` +
    `(c) ${kmLimitTop === null ? 'not computed' : pm(kmLimitTop)}.` +
    failureSentence(summary, 'mle', 'The MLE') +
    failureSentence(summary, 'kmeans', 'k-means');
  const checks = [
    ...(mleTop === null ? [] : [{ what: `Fig. 10: MLE Wald coverage of the truth at n = ${formatInt(N)} vs ${level}`, simulation: pm(mleTop), theory: th(level), z: zOf(difference(mleTop, level)) }]),
    ...(kmLimitTop === null ? [] : [{ what: `Fig. 10: k-means Pollard Wald coverage of its limit at n = ${formatInt(N)} vs ${level}`, simulation: pm(kmLimitTop), theory: th(level), z: zOf(difference(kmLimitTop, level)) }]),
    ...(half.check === null ? [] : [{ what: 'Fig. 10: n where the naive k-means coverage falls below 50 %', ...half.check }]),
    ...(five.check === null ? [] : [{ what: 'Fig. 10: n where the naive k-means coverage falls below 5 %', ...five.check }]),
  ];
  return {
    figure: { id: 'fig10-coverage', title, caption, spec: singleSpec(title, caption, panel) },
    lead: [
      'Intervals make the bias a user’s problem: the MLE’s Wald interval holds its nominal coverage, while the same interval around k-means, correct for what k-means estimates, misses the truth almost always once n is in the hundreds.',
    ],
    checks,
    key: { naive50: half.text, naive5: five.text, mleCoverage: mleTop === null ? 'n/a' : pm(mleTop)},
  };
}
