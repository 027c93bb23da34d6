/**
 * Figure builders: every default figure is valid Vega-Lite (compiles with vega-lite, parses and runs in vega,
 * no warnings), carries its theory overlays exactly when the summary has them, and styles each estimator the
 * same way in every figure.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../src/runner/summary.js';
import { configHash } from '../../src/config/index.js';
import { defaultFigures } from '../../src/report/figures/defaultFigures.js';
import { distributionOf, quantile } from '../../src/report/figures/distribution.js';
import { seriesOf } from '../../src/report/figures/series.js';
import type { Figure } from '../../src/report/figure.js';
import { renderSvg } from '../../src/report/render.js';
import { FISHER, KMEANS_SD, LIMIT, syntheticConfig, syntheticRows, TRUTH, withoutTheory, withTheory } from './fixtures.js';

const config = syntheticConfig();
const rows = syntheticRows(config);
const built = buildSummary(config, configHash(config), rows);
const summary = withTheory(built, rows);
const bare = withoutTheory(built);

/** Every inline data value of every layer of a figure. */
function layerData(fig: Figure): Record<string, unknown>[] {
  const spec = fig.spec as { layer?: { data?: { values?: Record<string, unknown>[] } }[] };
  return (spec.layer ?? []).flatMap((l) => l.data?.values ?? []);
}

function references(fig: Figure): string[] {
  return [...new Set(layerData(fig).flatMap((d) => (typeof d.reference === 'string' ? [d.reference] : [])))];
}

describe('default figures', () => {
  const figures = defaultFigures(summary, rows);

  it('are the estimate, RMSE, bias and distribution figures of the separation, with captions', () => {
    expect(figures.map((f) => f.id)).toEqual([
      'estimate-separation-canonical',
      'rmse-separation-canonical',
      'bias-separation-canonical',
      'distribution-separation-canonical',
      // bias, √n·EmpSE and RMSE of every estimand, a panel each (src/report/figures/measurePanels.ts)
      'bias-estimands-canonical',
      'rootnempse-estimands-canonical',
      'rmse-estimands-canonical',
    ]);
    for (const f of figures) {
      expect(f.title.length).toBeGreaterThan(10);
      expect(f.caption).toMatch(/Monte Carlo|quantiles/);
    }
    expect(defaultFigures(summary, []).map((f) => f.id)).not.toContain('distribution-separation-canonical');
  });

  it('compile with vega-lite and parse and render with vega without errors or warnings', async () => {
    for (const f of figures) {
      const messages: string[] = [];
      const logger = {
        level: () => logger,
        error: (...a: unknown[]) => (messages.push(`error ${a.join(' ')}`), logger),
        warn: (...a: unknown[]) => (messages.push(`warn ${a.join(' ')}`), logger),
        info: () => logger,
        debug: () => logger,
      };
      const vg = compile(f.spec, { logger }).spec;
      const view = new vega.View(vega.parse(vg), { renderer: 'none' });
      await view.runAsync();
      view.finalize();
      expect(messages, f.id).toEqual([]);
      const { svg, warnings } = await renderSvg(f.spec);
      expect(warnings, f.id).toEqual([]);
      expect(svg.startsWith('<svg')).toBe(true);
    }
  });

  it('have axis titles with units and the log-n x axis', () => {
    for (const f of figures) {
      const json = JSON.stringify(f.spec);
      expect(json).toContain('sample size n (log scale)');
      expect(json).toContain('"type":"log"');
    }
    expect(JSON.stringify(figures[0].spec)).toContain('estimated separation |μ̂₂ − μ̂₁|');
    expect(JSON.stringify(figures[1].spec)).toContain('RMSE of |μ̂₂ − μ̂₁| (log scale)');
  });

  it('draw truth, k-means limit and Fisher sd∞/√n overlays with the summary’s values', () => {
    const [estimate, rmse, bias] = figures;
    expect(references(estimate)).toEqual(['truth |μ₂ − μ₁| = 2', 'k-means population limit = 2.334']);
    const refValues = (f: Figure, label: string) => layerData(f).filter((d) => d.reference === label).map((d) => d.value);
    expect(refValues(estimate, 'truth |μ₂ − μ₁| = 2')).toEqual([TRUTH, TRUTH]);
    expect(refValues(estimate, 'k-means population limit = 2.334')).toEqual([LIMIT, LIMIT]);
    // sd∞/√n evaluated at the ends of the x range
    const fisher = layerData(rmse).filter((d) => d.reference === 'sd∞/√n for mle (σ shared)');
    expect(fisher).toHaveLength(2);
    for (const d of fisher) expect(d.value as number).toBeCloseTo(FISHER.sdAllParameters / Math.sqrt(d.x as number), 12);
    expect(references(rmse)).toContain('sd∞/√n, only μ estimated (w, σ known)');
    const clt = layerData(rmse).filter((d) => d.reference === 'k-means: √(bias∞² + sd²/n), Pollard CLT');
    expect(clt).toHaveLength(40);
    for (const d of clt) expect(d.value as number).toBeCloseTo(Math.sqrt((LIMIT - TRUTH) ** 2 + KMEANS_SD ** 2 / (d.x as number)), 12);
    expect(references(bias)).toEqual(['zero bias', 'k-means limit − truth = 0.3338']);
    expect(rmse.caption).toContain('sd∞ = 3.35');
  });

  it('fall back to the flat k-means bias line without the CLT sd', () => {
    const noSd = {
      ...summary,
      mixtures: summary.mixtures.map((m) => ({ ...m, theory: { ...m.theory, kmeansLimit: m.theory.kmeansLimit && { ...m.theory.kmeansLimit, kmeansSd: null } } })),
    };
    expect(references(defaultFigures(noSd, rows)[1])).toContain('|k-means limit − truth| = 0.3338');
  });

  it('omit overlays a summary from before src/theory lacks, instead of failing', async () => {
    const figs = defaultFigures(bare, rows);
    expect(references(figs[0])).toEqual(['truth |μ₂ − μ₁| = 2']);
    expect(references(figs[1])).toEqual([]);
    expect(figs[1].caption).toContain('No theoretical reference');
    for (const f of figs) expect((await renderSvg(f.spec)).warnings).toEqual([]);
  });

  it('give each estimator the same colour, shape and dash in every figure', () => {
    const scales = figures.map((f) => {
      const found: Record<string, unknown> = {};
      // A layered figure has its layers on top; small multiples have them in the facet's spec.
      const spec = f.spec as { layer?: { encoding?: Record<string, { field?: string; scale?: unknown }> }[]; spec?: { layer: { encoding?: Record<string, { field?: string; scale?: unknown }> }[] } };
      for (const l of spec.layer ?? spec.spec?.layer ?? [])
        for (const [channel, enc] of Object.entries(l.encoding ?? {})) if (enc.field === 'estimator' && enc.scale !== undefined) found[channel] = enc.scale;
      return found;
    });
    for (const s of scales) {
      expect(s.color).toEqual({ domain: ['km', 'mle'], range: ['#0072B2', '#D55E00'] });
      expect(s.shape).toEqual({ domain: ['km', 'mle'], range: ['circle', 'square'] });
    }
    expect(scales[0].strokeDash).toEqual({ domain: ['km', 'mle'], range: [[1, 0], [6, 3]] });
  });
});

describe('figure data', () => {
  it('series carry the summary’s values with ±k·MCSE intervals and the true n', () => {
    const pts = seriesOf(summary, { mixture: 'canonical', estimand: 'separation', measure: 'mean', mcseMultiple: 2 });
    expect(pts).toHaveLength(6);
    const cell = summary.cells.find((c) => c.n === 200 && c.estimator === 'mle' && c.estimand === 'separation');
    const p = pts.find((q) => q.n === 200 && q.estimator === 'mle');
    expect(p?.value).toBe(cell?.mean.value);
    expect(p?.hi).toBeCloseTo((cell?.mean.value ?? 0) + 2 * (cell?.mean.mcse ?? 0), 14);
    // dodged for plotting by ±0.015 decades: km left of n, mle right of it
    expect(p?.x).toBeCloseTo(200 * 10 ** 0.015, 9);
    expect(pts.find((q) => q.n === 200 && q.estimator === 'km')?.x).toBeCloseTo(200 / 10 ** 0.015, 9);
  });

  it('quantiles interpolate linearly (type 7) and the distribution uses ok fits only', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 14);
    expect(quantile([5], 0.975)).toBe(5);
    const failing = syntheticRows(config, undefined, (_m, n, rep, e) => (n === 20 && e === 'mle' && rep === 0 ? 'not-converged' : 'ok'));
    const d = distributionOf(summary, failing, 'canonical', 'separation');
    expect(d.find((p) => p.n === 20 && p.estimator === 'mle')?.count).toBe(3);
    expect(d.find((p) => p.n === 20 && p.estimator === 'km')?.count).toBe(4);
  });
});

describe('several mechanisms', () => {
  it('give every mechanism, K = 3 and d = 2 too, its own figures with file-safe unique ids', async () => {
    const cfg = syntheticConfig({
      mixtures: [
        { id: 'sep=2_w=0.5', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 },
        { id: 'plane', weights: [0.7, 0.3], means: [[0, 0], [3, 0]], sigmas: [1, 0.5] },
        { id: 'three', weights: [0.3, 0.3, 0.4], means: [[-3], [0], [3]], sigma: 1 },
      ],
      estimators: [
        { id: 'km', method: 'kmeans' },
        { id: 'mle', method: 'em' },
      ],
    });
    const r = syntheticRows(cfg);
    const s = buildSummary(cfg, configHash(cfg), r);
    const figs = defaultFigures(s, r);
    const kinds = ['estimate-separation', 'rmse-separation', 'bias-separation', 'distribution-separation', 'bias-estimands', 'rootnempse-estimands', 'rmse-estimands'];
    expect(figs.map((f) => f.id)).toEqual(['sep-2-w-0.5', 'plane', 'three'].flatMap((m) => kinds.map((k) => `${k}-${m}`)));
    expect(figs[14].title).toBe('Estimated mean pairwise separation mean |μ̂ⱼ − μ̂ᵢ| vs sample size — three');
    expect(figs[7].title).toBe('Estimated separation ‖μ̂₂ − μ̂₁‖ vs sample size — plane');
    for (const f of figs) expect((await renderSvg(f.spec)).warnings, f.id).toEqual([]);
  });

  it('keep the title, not empty space, above the plot (axis titles fit the plot height)', async () => {
    for (const f of defaultFigures(summary, rows)) {
      if (!('layer' in f.spec)) continue; // small multiples: the facet headers sit between title and plots
      const { svg } = await renderSvg(f.spec);
      const [, y] = /<g fill="none" stroke-miterlimit="4" transform="translate\(([\d.]+),([\d.]+)\)"/.exec(svg)?.slice(1) ?? [];
      expect(Number(y), f.id).toBeLessThan(45);
    }
  });
});
