/**
 * The paper end to end on a very small run: the quick configs shrunk to a few replications and small n are run
 * for real (one in-process worker), the paper is written, every figure spec compiles and renders without
 * warnings, and the numbers each caption quotes are recomputed here from the summaries and replication rows
 * (independently of the figure modules) and found in the caption. Also the three theory helpers the paper
 * adds, against known values.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionKey } from '../../src/config/index.js';
import { ROLES, scaleSettings, writePaper, type PaperInputs, type Role, type WritePaperResult } from '../../src/paper/index.js';
import { UserError } from '../../src/errors/userError.js';
import { paperFigures } from '../../src/paper/figures/index.js';
import { fixedSigmaEmLimit } from '../../src/theory/emFixedSigma.js';
import { meanPairwiseDistance } from '../../src/theory/pairwiseLimit.js';
import { unimodalUpTo } from '../../src/theory/unimodal.js';
import type { PaperFigure } from '../../src/paper/types.js';
import { formatEstimate, formatNumber, formatPercent } from '../../src/report/format.js';
import type { Summary, SummaryCell } from '../../src/results/summary.js';
import { tempDir } from '../runner/helpers.js';

const QUICK = join(import.meta.dirname, '..', '..', 'experiments', 'paper', 'quick');

/** Tiny versions of the quick configs: same mixtures and estimators, few replications, small n. */
const SHRINK: Record<Role, { replications: number; n: number[]; separation?: number[] }> = {
  canonical: { replications: 4, n: [50, 200, 500] },
  'bias-separation': { replications: 3, n: [2000], separation: [0, 2, 4.5] },
  epsilon: { replications: 3, n: [400] },
  cost: { replications: 3, n: [100, 300] },
  multivariate: { replications: 3, n: [150, 400] },
  bayes: { replications: 3, n: [50, 100] },
  coverage: { replications: 3, n: [50, 100] },
};

function cellOf(summary: Summary, mixture: string, n: number, estimator: string, estimand = 'separation'): SummaryCell {
  const c = summary.cells.find((x) => x.mixture === mixture && x.n === n && x.estimator === estimator && x.estimand === estimand);
  if (c === undefined) throw new Error(`test: no cell ${mixture} ${n} ${estimator} ${estimand}`);
  return c;
}

const pm = (v: { value: number | null; mcse: number | null }) => formatEstimate(v.value, v.mcse);

let result: WritePaperResult;
let inputs: PaperInputs;
let figs: PaperFigure[];
let out: string;

beforeAll(async () => {
  const root = tempDir('mixstudy-paper-');
  const configDir = join(root, 'configs');
  mkdirSync(configDir);
  for (const role of ROLES) {
    const c = JSON.parse(readFileSync(join(QUICK, `${role}.json`), 'utf8')) as Record<string, unknown> & { grid?: Record<string, unknown> };
    const s = SHRINK[role];
    c.name = `paper-test-${role}`;
    c.replications = s.replications;
    c.n = s.n;
    if (s.separation !== undefined && c.grid !== undefined) c.grid = { ...c.grid, separation: s.separation };
    // Short chains keep the Gibbs fits of the tiny run cheap (the figure only needs cells, mixed or not).
    if (Array.isArray(c.estimators)) {
      for (const e of c.estimators as { method?: string; options?: Record<string, unknown> }[]) {
        if (e.method === 'gibbs') e.options = { ...e.options, burnIn: 100, draws: 100 };
      }
    }
    writeFileSync(join(configDir, `${role}.json`), JSON.stringify(c, null, 2));
  }
  const base = scaleSettings('quick');
  out = join(root, 'paper');
  result = await writePaper({
    scale: 'quick',
    resultsRoot: join(root, 'results'),
    outDir: out,
    workers: 1,
    settings: { ...base, configDir, limit: { n: 3000, batches: 2, repeatsPerBatch: 2, restarts: 2, seed: 'test' }, theoryStep: 0.25 },
    pngScale: 1,
  });
  inputs = result.inputs;
  figs = paperFigures(inputs);
}, 60_000);

describe('the paper on a tiny run', () => {
  it('writes index.html, report.md and the spec, SVG and PNG of ten figures, without vega warnings', () => {
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const files = readdirSync(join(out, 'figures')).sort();
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(10);
    expect(files.filter((f) => f.endsWith('.vl.json'))).toHaveLength(10);
    expect(result.warnings).toEqual({});
    expect(figs.map((f) => f.figure.id)).toEqual([
      'fig1-consistency',
      'fig2-rmse',
      'fig3-bias-vs-separation',
      'fig4-epsilon-bridge',
      'fig5-cost',
      'fig6-sampling-distributions',
      'fig7-multivariate',
      'fig8-posterior',
      'fig9-bayes',
      'fig10-coverage',
    ]);
    for (const f of figs) expect(md).toContain(`](figures/${f.figure.id}.png)`);
    expect(md).toContain('Agreement with theory');
  });

  it('every figure spec compiles with vega-lite and runs in vega without errors or warnings', async () => {
    for (const f of figs) {
      const messages: string[] = [];
      const logger = {
        level: () => logger,
        error: (...a: unknown[]) => (messages.push(`error ${a.join(' ')}`), logger),
        warn: (...a: unknown[]) => (messages.push(`warn ${a.join(' ')}`), logger),
        info: () => logger,
        debug: () => logger,
      };
      const vg = compile(f.figure.spec, { logger }).spec;
      const view = new vega.View(vega.parse(vg), { renderer: 'none' });
      await view.runAsync();
      view.finalize();
      expect(messages, f.figure.id).toEqual([]);
      expect(f.figure.caption.length, f.figure.id).toBeGreaterThan(200);
    }
  });

  it('regenerating from the same results gives the same bytes, and keeps the user’s own files in figures/', async () => {
    const before = readFileSync(join(out, 'report.md'), 'utf8');
    writeFileSync(join(out, 'figures', 'my-notes.txt'), 'my notes'); // only files the paper wrote are ever removed
    const png = readFileSync(join(out, 'figures', 'fig1-consistency.png'));
    const again = await writePaper({ scale: 'quick', resultsRoot: join(out, '..', 'results'), outDir: out, workers: 1, settings: inputs.settings, pngScale: 1 });
    expect(again.runs.every((r) => r.tasksRun === 0)).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(before);
    expect(readFileSync(join(out, 'figures', 'fig1-consistency.png')).equals(png)).toBe(true);
    expect(readFileSync(join(out, 'figures', 'my-notes.txt'), 'utf8')).toBe('my notes');
    expect(readdirSync(join(out, 'figures')).filter((f) => f.endsWith('.png'))).toHaveLength(10);
  });

  it('refuses an --out folder holding files it did not write, before running anything', async () => {
    const root = tempDir('mixstudy-paper-theirs-');
    const theirs = join(root, 'mine');
    mkdirSync(join(theirs, 'figures'), { recursive: true });
    writeFileSync(join(theirs, 'figures', 'thesis-plot.png'), 'precious');
    const attempt = writePaper({ scale: 'quick', resultsRoot: join(root, 'results'), outDir: theirs, workers: 1, settings: inputs.settings, pngScale: 1 });
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(/holds files mixstudy did not write/);
    expect(existsSync(join(root, 'results'))).toBe(false); // no experiment was run
    expect(readdirSync(theirs).sort()).toEqual(['figures']);
    expect(readFileSync(join(theirs, 'figures', 'thesis-plot.png'), 'utf8')).toBe('precious');
  });
});

describe('caption numbers match the results', () => {
  const caption = (i: number) => figs[i].figure.caption;

  it('figure 1: k-means and the MLE at the largest n, with the limit', () => {
    const s = inputs.results.canonical.summary;
    const N = Math.max(...s.n);
    expect(caption(0)).toContain(pm(cellOf(s, 'canonical', N, 'kmeans').mean));
    expect(caption(0)).toContain(pm(cellOf(s, 'canonical', N, 'mle').mean));
    expect(caption(0)).toContain('2.33326');
  });

  it('figure 2: √n × RMSE of the MLE and of k-means about its limit, and k-means RMSE about the truth', () => {
    const s = inputs.results.canonical.summary;
    const N = Math.max(...s.n);
    const r = Math.sqrt(N);
    const ml = cellOf(s, 'canonical', N, 'mle').vsTruth.rmse;
    const km = cellOf(s, 'canonical', N, 'kmeans');
    if (km.vsLimit === null) throw new Error('no vsLimit');
    expect(caption(1)).toContain(formatEstimate((ml.value ?? NaN) * r, (ml.mcse ?? NaN) * r));
    expect(caption(1)).toContain(formatEstimate((km.vsLimit.rmse.value ?? NaN) * r, (km.vsLimit.rmse.mcse ?? NaN) * r));
    expect(caption(1)).toContain(pm(km.vsTruth.rmse));
  });

  it('figure 3: the simulated bias at Δ = 0 for each w and the sign changes 3.840764258 and 1.810053914', () => {
    const s = inputs.results['bias-separation'].summary;
    const N = Math.max(...s.n);
    for (const m of s.mixtures.filter((x) => x.means[0][0] === x.means[1][0])) expect(caption(2)).toContain(pm(cellOf(s, m.id, N, 'kmeans').vsTruth.bias));
    expect(caption(2)).toContain('3.84076426');
    expect(caption(2)).toContain('1.81005391');
    expect(caption(2)).toContain('1.59577');
  });

  it('figure 4: fixed-ε EM at the largest and smallest ε, k-means, and the paired difference at ε = 0.5', () => {
    const { summary: s, rows } = inputs.results.epsilon;
    const N = Math.max(...s.n);
    expect(caption(3)).toContain(pm(cellOf(s, 'canonical', N, 'em-eps=1').mean));
    expect(caption(3)).toContain(pm(cellOf(s, 'canonical', N, 'em-eps=0.001').mean));
    expect(caption(3)).toContain(pm(cellOf(s, 'canonical', N, 'kmeans').mean));
    const cond = conditionKey('canonical', N);
    const sep = (est: string, rep: number) => rows.find((r) => r.condition === cond && r.rep === rep && r.estimator === est)?.values.separation as number;
    const d = Array.from({ length: s.replications }, (_, rep) => sep('em-eps=0.5', rep) - sep('kmeans', rep));
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
    expect(caption(3)).toContain(formatEstimate(mean, sd / Math.sqrt(d.length)));
  });

  it('figure 5: iterations of Lloyd and EM at the largest n', () => {
    const s = inputs.results.cost.summary;
    const N = Math.max(...s.n);
    expect(caption(4)).toContain(pm(cellOf(s, 'canonical', N, 'lloyd', 'iterations').mean));
    expect(caption(4)).toContain(pm(cellOf(s, 'canonical', N, 'mle', 'iterations').mean));
  });

  it('figure 6: the empirical SDs of both estimators at each sample size shown', () => {
    const s = inputs.results.canonical.summary;
    for (const n of s.n) {
      expect(caption(5)).toContain(`n = ${n.toLocaleString('en-US')}: SD of k-means ${pm(cellOf(s, 'canonical', n, 'kmeans').empSE)}`);
      expect(caption(5)).toContain(`of the MLE ${pm(cellOf(s, 'canonical', n, 'mle').empSE)}`);
    }
  });

  it('figure 7: k-means and MLE at the largest n for both mixtures, and the Monte Carlo limits', () => {
    const s = inputs.results.multivariate.summary;
    const N = Math.max(...s.n);
    for (const m of s.mixtures) {
      expect(caption(6)).toContain(pm(cellOf(s, m.id, N, 'kmeans').mean));
      expect(caption(6)).toContain(pm(cellOf(s, m.id, N, 'mle').mean));
      const l = inputs.limits[m.id];
      expect(caption(6)).toContain(formatEstimate(l.separation, l.se));
      expect(caption(6)).toContain(formatNumber(meanPairwiseDistance(m.means), 6));
    }
  });

  it('figure 8: the misclassification rates recorded for replication 1 at n = 500', () => {
    const { rows } = inputs.results.canonical;
    const cond = conditionKey('canonical', 500);
    for (const est of ['kmeans', 'mle']) {
      const v = rows.find((r) => r.condition === cond && r.rep === 0 && r.estimator === est)?.values.misclassification;
      expect(typeof v).toBe('number');
      expect(caption(7)).toContain(formatPercent(v as number));
    }
  });
});

describe('theory added by the paper', () => {
  const mix = { weights: [0.5, 0.5], means: [-1, 1], sigmas: [1, 1] } as const;
  const start = { weights: [0.5, 0.5], means: [-1.1666309411753726, 1.1666309411753726] } as const;

  it('fixed-σ EM: the truth at ε = σ, the Bryant–Williamson limit as ε → 0', () => {
    expect(fixedSigmaEmLimit(mix, 1, start).separation).toBeCloseTo(2, 9);
    expect(fixedSigmaEmLimit(mix, 0.001, start).separation).toBeCloseTo(2.333261882350745, 9);
    const mid = fixedSigmaEmLimit(mix, 0.5, start).separation;
    expect(mid).toBeGreaterThan(2);
    expect(mid).toBeLessThan(2.333261882350745);
  });

  it('unimodal up to Δ/σ = 2 for equal weights, further for unequal ones', () => {
    expect(unimodalUpTo(0.5)).toBeCloseTo(2, 4);
    expect(unimodalUpTo(0.7)).toBeGreaterThan(2);
  });

  it('mean pairwise distance', () => {
    expect(meanPairwiseDistance([[0, 0], [3, 0], [0, 4]])).toBeCloseTo((3 + 4 + 5) / 3, 12);
  });
});
