/**
 * Reports for every config, not only the canonical one: figures for every estimand of a K = 3, d = 2 mechanism,
 * the grid's nested-loop plot and table across conditions in nested-loop order, √n·EmpSE beside its theory
 * value, the misclassification rate beside the Bayes error, the question written from the config, and cells
 * beyond 3 MCSEs of their theory value flagged with the number chance explains.
 */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import { DIAGNOSTICS, estimandKeys } from '../../src/estimands/names.js';
import { markdownTable } from '../../src/report/markdown.js';
import { defaultFigures } from '../../src/report/figures/defaultFigures.js';
import { estimandPanelFigure } from '../../src/report/figures/measurePanels.js';
import { misclassificationFigure } from '../../src/report/figures/misclassification.js';
import { nestedLoopFigure } from '../../src/report/figures/nestedLoop.js';
import { formatEstimate, formatNumber } from '../../src/report/format.js';
import { acrossConditionsTable, empSETable, estimandsByNTable, misclassificationTable } from '../../src/report/performanceTables.js';
import { headlineItems } from '../../src/report/narrative.js';
import { studyQuestion } from '../../src/report/question.js';
import { renderSvg } from '../../src/report/render.js';
import { estimandsTable } from '../../src/report/tables.js';
import { comparisonSentence, FLAG_MARK, FLAG_P, FlagIndex, theoryComparisons } from '../../src/report/theoryFlags.js';
import { buildSummary } from '../../src/runner/summary.js';
import { Phi } from '../../src/theory/normal.js';
import type { Inline } from '../../src/report/document.js';
import { defaultValues, FISHER, KMEANS_SD, syntheticConfig, syntheticRows, TRUTH, withTheory, type ValueFn } from './fixtures.js';

const text = (ps: Inline[][]): string => ps.flat().map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : 'em' in p ? p.em : 'code' in p ? p.code : p.text)).join('');

function summaryOf(overrides: Record<string, unknown>, values: ValueFn = defaultValues, theory = false) {
  const config = syntheticConfig(overrides);
  const rows = syntheticRows(config, values);
  const built = buildSummary(config, configHash(config), rows);
  return { config, rows, summary: theory ? withTheory(built, rows) : built };
}

interface FacetSpec {
  data: { values: Record<string, unknown>[] };
  facet?: { sort: string[] };
}

/** A value per estimand key that differs between keys (the fixture's default depends on the key's length only). */
const perKey: ValueFn = (m, n, rep, est, key) => {
  const base = defaultValues(m, n, rep, est, key);
  if (base === null || DIAGNOSTICS.includes(key as (typeof DIAGNOSTICS)[number])) return base;
  const code = [...key].reduce((a, ch, i) => a + ch.charCodeAt(0) * (i + 1), 0);
  return base + (code % 17) / 100 + (((rep * 7 + code + est.length * 3) % 11) - 5) / (10 * Math.sqrt(n));
};

describe('K = 3 in d = 2', () => {
  const { summary, rows } = summaryOf({
    mixtures: [{ id: 'triangle', weights: [0.3, 0.3, 0.4], means: [[0, 0], [3, 0], [1.5, 2.6]], sigma: 1 }],
    estimators: [
      { id: 'km', method: 'kmeans' },
      { id: 'mle', method: 'em' },
    ],
    estimands: ['separation', 'means', 'weights', 'sigma', 'misclassification'],
  }, perKey);

  it('gets the separation figures and bias, √n·EmpSE and RMSE of every estimand, a panel each', async () => {
    const ids = defaultFigures(summary, rows).map((f) => f.id);
    expect(ids).toEqual([
      'estimate-separation-triangle',
      'rmse-separation-triangle',
      'bias-separation-triangle',
      'distribution-separation-triangle',
      'misclassification-triangle',
      'bias-estimands-triangle',
      'rootnempse-estimands-triangle',
      'rmse-estimands-triangle',
    ]);
    const keys = estimandKeys(['separation', 'means', 'weights', 'sigma', 'misclassification'], 3, 2).filter((k) => !(DIAGNOSTICS as readonly string[]).includes(k));
    const withTruth = keys.filter((k) => k !== 'misclassification');
    const empSE = estimandPanelFigure(summary, 'triangle', 'rootNEmpSE');
    const bias = estimandPanelFigure(summary, 'triangle', 'bias');
    expect(empSE?.spec).toBeDefined();
    const panels = (f: typeof empSE) => (f?.spec as unknown as FacetSpec).facet?.sort ?? [];
    expect(panels(empSE)).toHaveLength(keys.length); // every estimand, the misclassification rate included
    expect(panels(bias)).toHaveLength(withTruth.length); // bias needs a truth
    expect(panels(bias)).toContain('mean ‖μⱼ − μᵢ‖');
    expect(panels(bias)).toContain('μ₃,₂ (means.2.1)');
    // σ₁, σ₂, σ₃ of one fit with the same values (a shared σ) share one panel
    const shared = summaryOf({ mixtures: [{ id: 'triangle', weights: [0.3, 0.3, 0.4], means: [[0, 0], [3, 0], [1.5, 2.6]], sigma: 1 }], estimators: [{ id: 'mle', method: 'em' }], estimands: ['sigma'] });
    expect(panels(estimandPanelFigure(shared.summary, 'triangle', 'bias'))).toEqual(['σ₁ (sigma.0) = σ₂ = σ₃']);
    for (const f of [empSE, bias]) expect((await renderSvg(f!.spec)).warnings).toEqual([]);
  });

  it('states the mean pairwise separation at the largest n in the headline', () => {
    const items = headlineItems(summary).map((i) => text([i]));
    const c = summary.cells.find((x) => x.estimand === 'separation' && x.estimator === 'mle' && x.n === 2000)!;
    expect(items.find((i) => i.startsWith('mle'))).toContain(`mean of the mean pairwise separation ${formatEstimate(c.mean.value, c.mean.mcse)}`);
  });

  it('tabulates bias, √n·EmpSE and RMSE by n for every estimand with a truth', () => {
    const t = estimandsByNTable(summary, 'triangle', new FlagIndex([]), ['separation']);
    expect(t).not.toBeNull();
    const keys = estimandKeys(['means', 'weights', 'sigma', 'separation'], 3, 2).filter((k) => k !== 'separation' && !(DIAGNOSTICS as readonly string[]).includes(k));
    expect(t!.rows).toHaveLength(keys.length * summary.n.length);
    const cell = summary.cells.find((c) => c.estimand === 'means.2.1' && c.estimator === 'mle' && c.n === 200)!;
    const row = t!.rows.find((r) => r[0] === 'mean of component 3, coordinate 2 μ₃,₂' && r[1] === '200')!;
    expect(row[t!.columns.findIndex((c) => c.header === 'mle: √n·EmpSE')]).toBe(formatEstimate(cell.empSE.value! * Math.sqrt(200), cell.empSE.mcse! * Math.sqrt(200)));
  });

  it('measures the misclassification rate against the Bayes error the summary carries', () => {
    const bayes = summary.mixtures[0].theory.bayesError!;
    expect(bayes.method).toBe('monte-carlo');
    const fig = misclassificationFigure(summary, 'triangle')!;
    const refs = (fig.spec as unknown as { layer: { data: { values: { reference?: string; value?: number }[] } }[] }).layer[0].data.values;
    expect(refs.every((r) => r.reference === 'Bayes error of the true mixture' && r.value === bayes.value)).toBe(true);
    const t = misclassificationTable(summary, 'triangle')!;
    expect(t.caption).toContain(formatEstimate(bayes.value, bayes.mcse));
    const est = estimandsTable(summary, 'triangle');
    expect(est.rows.find((r) => r[0] === 'misclassification rate')?.[1]).toBe(`${formatNumber(bayes.value, 5)} (Bayes error)`);
  });
});

describe('the canonical mixture', () => {
  it('has the exact Bayes error Φ(−1) beside its misclassification rate', () => {
    const { summary } = summaryOf({ estimands: ['separation', 'misclassification'] });
    const t = misclassificationTable(summary, 'canonical')!;
    expect(t.caption).toContain(`${formatNumber(Phi(-1), 5)}, exact`);
    const row20 = t.rows[0];
    const km = summary.cells.find((c) => c.estimand === 'misclassification' && c.estimator === 'km' && c.n === 20)!;
    expect(row20[2]).toBe(formatEstimate(km.mean.value! - Phi(-1), km.mean.mcse));
  });

  it('tabulates √n·EmpSE per n with the Fisher sd∞ and the Pollard sd as n → ∞', () => {
    const { summary } = summaryOf({}, defaultValues, true);
    const t = empSETable(summary, 'canonical', new FlagIndex([]));
    expect(t.columns.map((c) => c.header)).toEqual(['n', 'km', 'mle']);
    expect(t.rows.at(-1)).toEqual(['∞ (theory)', `${formatNumber(KMEANS_SD, 5)} (Pollard sd)`, `${formatNumber(FISHER.sdAllParameters, 5)} (Fisher sd∞)`]);
    const c = summary.cells.find((x) => x.estimand === 'separation' && x.estimator === 'mle' && x.n === 2000)!;
    expect(t.rows[2][2]).toBe(formatEstimate(c.empSE.value! * Math.sqrt(2000), c.empSE.mcse! * Math.sqrt(2000)));
  });
});

describe('cells beyond 3 MCSEs of their theory value', () => {
  // The MLE's separation at n = 200 sits 0.5 above the truth with a tiny spread: far beyond 3 MCSEs.
  const shifted: ValueFn = (m, n, rep, est, key) =>
    key === 'separation' && est === 'mle' && n === 200 ? TRUTH + 0.5 + 0.001 * rep : defaultValues(m, n, rep, est, key);
  const { summary } = summaryOf({}, shifted, true);
  const comparisons = theoryComparisons(summary);

  it('compares the MLE with the truth, k-means with its limit and √n·EmpSE with the Fisher / Pollard sd', () => {
    const hit = comparisons.find((c) => c.estimator === 'mle' && c.n === 200 && c.estimand === 'separation' && c.kind === 'mean − truth')!;
    const cell = summary.cells.find((c) => c.estimator === 'mle' && c.n === 200 && c.estimand === 'separation')!;
    expect(hit.z).toBeCloseTo((cell.mean.value! - TRUTH) / cell.mean.mcse!, 12);
    expect(hit.flagged).toBe(true);
    // k-means: only against its limit (the fixture gives the separation one), never against the truth it misses
    expect(comparisons.filter((c) => c.estimator === 'km').map((c) => c.kind).sort()).toEqual([...Array(3).fill('mean − limit'), ...Array(3).fill('√n·EmpSE − sd∞')].sort());
    expect(comparisons.filter((c) => c.kind === '√n·EmpSE − sd∞' && c.estimator === 'mle').every((c) => c.theory === FISHER.sdAllParameters)).toBe(true);
    // σ₁ and σ₂ of the shared-σ model are one number: one comparison per n, not two
    expect(comparisons.filter((c) => c.estimator === 'mle' && c.estimand.startsWith('sigma.') && c.n === 20)).toHaveLength(1);
  });

  it('marks the flagged cell in the tables and says how many chance would give', () => {
    const flags = new FlagIndex(comparisons);
    const t = estimandsByNTable(summary, 'canonical', flags)!;
    const row = t.rows.find((r) => r[0].startsWith('separation') && r[1] === '200')!;
    expect(row[t.columns.findIndex((c) => c.header === 'mle: bias')]).toMatch(new RegExp(`${FLAG_MARK}$`));
    expect(row[t.columns.findIndex((c) => c.header === 'km: bias')]).not.toContain(FLAG_MARK);
    expect(FLAG_P).toBeCloseTo(0.0026997960632601866, 15); // 2·(1 − Φ(3))
    const m = comparisons.length;
    const k = comparisons.filter((c) => c.flagged).length;
    const sentence = comparisonSentence(summary, comparisons);
    expect(sentence).toContain(`${m} cells have a theory value`);
    expect(sentence).toContain(`${k} of them lie more than 3 Monte Carlo SEs from it`);
    expect(sentence).toContain(`${m} × 0.0027 = ${(m * FLAG_P).toFixed(2)}`);
    expect(sentence).toContain('With R = 4 replications the MCSE of √n·EmpSE is itself estimated from few values'); // R < 100
  });
});

describe('the question, from the config', () => {
  it('names the estimators, the n range and the k-means theory only when k-means is there', () => {
    const mleOnly = summaryOf({ estimators: [{ id: 'mle', method: 'em', options: { covariance: 'equal', weights: 'estimated' } }] }).summary;
    const a = text(studyQuestion(mleOnly));
    expect(a).toContain('as the sample size n grows from 20 to 2,000');
    expect(a).toContain('R = 4 independent samples per n');
    expect(a).toContain('mle estimates a mixture model that contains the truth (by maximum likelihood, or as a posterior mean');
    expect(a).not.toContain('Bryant & Williamson');
    const both = summaryOf({
      estimators: [
        { id: 'km', method: 'kmeans-exact' },
        { id: 'em-eps', method: 'em', options: { covariance: 'fixed', sigma: 0.5 } },
      ],
    }).summary;
    const b = text(studyQuestion(both));
    expect(b).toContain('km is k-means');
    expect(b).toContain('Bryant & Williamson 1978');
    expect(b).toMatch(/em-eps fits a model that does not contain the truth \(σ is fixed at 0.5/);
  });
});

describe('a grid of six mechanisms', () => {
  const mixtures = [3, 1, 2].flatMap((delta) => [0.8, 0.5].map((w) => ({ id: `d${delta}-w${w}`, weights: [w, 1 - w], means: [[-delta / 2], [delta / 2]], sigma: 1 })));
  const { summary, rows } = summaryOf({ mixtures, estimands: ['separation', 'means', 'misclassification'] });
  const order = ['d1-w0.5', 'd1-w0.8', 'd2-w0.5', 'd2-w0.8', 'd3-w0.5', 'd3-w0.8'];

  it('gets figures across conditions, not 6 × 7 separate figures', () => {
    const ids = defaultFigures(summary, rows).map((f) => f.id);
    expect(ids.slice(0, 5)).toEqual(['nested-loop-bias-separation', 'bias-separation-by-condition', 'rootnempse-separation-by-condition', 'rmse-separation-by-condition', 'misclassification-by-condition']);
    expect(ids.filter((id) => id.startsWith('estimate-separation'))).toEqual([]);
    // every other estimand as one matrix per measure: a row per mechanism, a column per estimand
    expect(ids.slice(5)).toEqual(['bias-estimands-by-condition', 'rootnempse-estimands-by-condition', 'rmse-estimands-by-condition']);
    const matrix = defaultFigures(summary, rows)[6].spec as unknown as { facet: { row: { sort: string[] }; column: { sort: string[] } } };
    expect(matrix.facet.row.sort).toEqual(order);
    expect(matrix.facet.column.sort).toEqual(['μ₁ (means.0.0)', 'μ₂ (means.1.0)', 'misclassification']);
  });

  it('draws the nested-loop plot in nested-loop order: Δ, then w₁, n innermost', async () => {
    const fig = nestedLoopFigure(summary, 'separation')!;
    const spec = fig.spec as unknown as { vconcat: [{ layer: { data: { values: Record<string, unknown>[] } }[] }, { data: { values: { factor: string; pos: number; level: number }[] } }] };
    const points = spec.vconcat[0].layer.flatMap((l) => l.data.values).filter((v) => v.estimator === 'mle' && typeof v.pos === 'number' && 'text' in v);
    const uniq = [...new Map(points.map((p) => [p.pos, p])).values()].sort((a, b) => (a.pos as number) - (b.pos as number));
    expect(uniq.map((p) => `${p.mixture}/${p.n}`)).toEqual(order.flatMap((m) => summary.n.map((n) => `${m}/${n}`)));
    const levels = spec.vconcat[1].data.values;
    expect([...new Set(levels.map((l) => l.factor))]).toEqual(['Δ', 'w₁', 'log₁₀ n']);
    expect(levels.filter((l) => l.factor === 'Δ' && l.pos < 18).map((l) => l.level)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]);
    expect((await renderSvg(fig.spec)).warnings).toEqual([]);
  });

  it('has one table across all conditions, in the same order', () => {
    const t = acrossConditionsTable(summary, 'separation', new FlagIndex([]));
    expect(t.rows.map((r) => `${r[0]}/${r[3]}`)).toEqual(order.flatMap((m) => [`${m}/km`, `${m}/mle`]));
    expect(t.columns.map((c) => c.header)).toEqual(['mechanism', 'Δ', 'w₁', 'estimator', 'truth', 'bias', '√n·EmpSE', 'sd∞ (theory)', 'RMSE', 'misclassification', 'Bayes error']);
    const md = markdownTable(t);
    const bayes = summary.mixtures.find((m) => m.id === 'd2-w0.5')!.theory.bayesError!.value;
    expect(bayes).toBeCloseTo(Phi(-1), 14);
    expect(md).toContain(`| d2-w0.5 | 2 | 0.5 | km |`);
    expect(md).toContain(`| ${formatNumber(bayes, 4)} |`);
  });
});
