/**
 * Figure 6, sampling distributions: histograms of the per-replication separation estimates at three sample
 * sizes for k-means and the MLE, with the asymptotic normal densities (k-means: N(limit, s²/n) from Pollard's
 * CLT; MLE: N(truth, sd∞²/n) from the Fisher information), the truth and the limit. As n grows both
 * distributions narrow — around different centres.
 */
import { formatInt, formatPercent } from '../../report/format.js';
import { fisherSdOf, kmeansSdOf } from '../../report/theory.js';
import { cell } from '../cells.js';
import { difference, formatZ, pm, th, zOf } from '../numbers.js';
import { axis, concatSpec, referenceLayer, tooltip, type AxisSpec, type Layer, type Panel, type Reference } from '../spec.js';
import { KMEANS, MLE, REF_DASH, seriesScales } from '../style.js';
import type { Check, PaperFigure, PaperInputs } from '../types.js';
import { canonicalContext } from './consistency.js';

/** Three sample sizes: 100, 1 000 and 10 000 when the study has them, else the smallest, middle and largest. */
export function threeSizes(ns: readonly number[]): number[] {
  const preferred = [100, 1000, 10000];
  if (preferred.every((n) => ns.includes(n))) return preferred;
  const s = [...ns].sort((a, b) => a - b);
  return [...new Set([s[0], s[Math.floor((s.length - 1) / 2)], s[s.length - 1]])];
}

const normalPdf = (x: number, m: number, sd: number): number => Math.exp(-0.5 * ((x - m) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));

export function samplingFigure(inputs: PaperInputs): PaperFigure {
  const { summary, rows } = inputs.results.canonical;
  const { mixture, truth, limit } = canonicalContext(summary);
  // The sd∞ of the model the 'mle' estimator fits (src/runner/theoryTargets.ts).
  const fisher = fisherSdOf(summary, mixture.id, 'mle')?.sd ?? null;
  const s = kmeansSdOf(summary, mixture.id);
  if (fisher === null || s === null) throw new Error(`${summary.name}: needs the Fisher sd∞ and Pollard sd of the canonical mixture`);
  const ids = ['kmeans', 'mle'];
  const styles = [KMEANS, MLE];
  const centre = [limit, truth];
  const sdUnit = [s, fisher];
  const scales = seriesScales(styles);
  const colour = { field: 'series', type: 'nominal' as const, title: 'estimator', scale: scales.colour };
  const sizes = threeSizes(summary.n);
  const checks: Check[] = [];
  const sentences: string[] = [];
  let allAbove = false;
  const panels: Panel[] = sizes.map((n) => {
    const condition = `${mixture.id}|n=${n}`;
    const values = ids.map((id) =>
      rows
        .filter((r) => r.condition === condition && r.estimator === id && r.status === 'ok')
        .map((r) => r.values.separation)
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v)),
    );
    const all = values.flat();
    let lo = Math.min(...all, truth, limit);
    let hi = Math.max(...all, truth, limit);
    const margin = 0.04 * (hi - lo);
    lo -= margin;
    hi += margin;
    const bars = ids.flatMap((id, i) => {
      const v = values[i];
      const R = v.length;
      if (R === 0) return [];
      const B = Math.max(8, Math.min(30, Math.round(2 * Math.cbrt(R))));
      const a = Math.min(...v);
      const b = Math.max(...v);
      const width = (b - a) / B || 1e-9;
      const counts = new Array<number>(B).fill(0);
      for (const x of v) counts[Math.min(B - 1, Math.floor((x - a) / width))]++;
      return counts.map((k, j) => ({ series: styles[i].label, lo: a + j * width, hi: a + (j + 1) * width, y0: 0, density: k / (R * width), count: k }));
    });
    const grid = Array.from({ length: 160 }, (_, j) => lo + ((hi - lo) * j) / 159);
    const curves = ids.flatMap((_, i) => grid.map((x) => ({ series: styles[i].label, x, density: normalPdf(x, centre[i], sdUnit[i] / Math.sqrt(n)) })));
    const top = 1.05 * Math.max(...bars.map((b) => b.density), ...curves.map((c) => c.density));
    const xA: AxisSpec = { field: 'x', title: 'estimated separation', domain: [lo, hi] };
    const yA: AxisSpec = { field: 'density', title: 'density', zero: true, domain: [0, top] };
    const refs: Reference[] = [
      { label: `truth ${th(truth)}`, dash: REF_DASH.truth, points: [{ x: truth, y: 0 }, { x: truth, y: top }] },
      { label: `k-means population limit ${th(limit)}`, dash: REF_DASH.limit, points: [{ x: limit, y: 0 }, { x: limit, y: top }] },
    ];
    const layers: Layer[] = [
      {
        data: { values: bars },
        mark: { type: 'rect', opacity: 0.4, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: axis({ ...xA, field: 'lo' }),
          x2: { field: 'hi' },
          y: axis({ ...yA, field: 'y0' }),
          y2: { field: 'density' },
          color: colour,
          tooltip: tooltip([
            { field: 'series', title: 'estimator' },
            { field: 'lo', title: 'from', type: 'quantitative', format: '.4f' },
            { field: 'hi', title: 'to', type: 'quantitative', format: '.4f' },
            { field: 'count', title: 'replications', type: 'quantitative' },
          ]),
        },
      },
      { data: { values: curves }, mark: { type: 'line', strokeWidth: 1.6, strokeDash: [5, 2], clip: true }, encoding: { x: axis(xA), y: axis(yA), color: colour } },
      referenceLayer(refs, xA, yA, 'theory', n === sizes[0]),
    ];
    // Numbers for the caption.
    const cK = cell(summary, mixture.id, n, 'kmeans', 'separation');
    const cM = cell(summary, mixture.id, n, 'mle', 'separation');
    const above = values[0].filter((v) => v > truth).length;
    const sdK = s / Math.sqrt(n);
    const sdM = fisher / Math.sqrt(n);
    sentences.push(
      `n = ${formatInt(n)}: SD of k-means ${pm(cK.empSE)} (Pollard s/√n = ${th(sdK, 4)}), of the MLE ${pm(cM.empSE)} (Fisher sd∞/√n = ${th(sdM, 4)}); ` +
        `${formatPercent(above / values[0].length)} of the k-means estimates exceed the truth`,
    );
    if (n === sizes[sizes.length - 1]) {
      allAbove = values[0].length > 0 && above === values[0].length;
      checks.push(
        { what: `Fig. 6: SD of k-means at n = ${formatInt(n)} vs Pollard s/√n`, simulation: pm(cK.empSE), theory: th(sdK, 4), z: zOf(difference(cK.empSE, sdK)) },
        { what: `Fig. 6: SD of the MLE at n = ${formatInt(n)} vs Fisher sd∞/√n`, simulation: pm(cM.empSE), theory: th(sdM, 4), z: zOf(difference(cM.empSE, sdM)) },
      );
    }
    return { title: `n = ${formatInt(n)}`, width: 250, height: 230, layer: layers };
  });
  const title = 'Sampling distributions of the separation at three sample sizes';
  const last = checks.map((c) => `${formatZ(c.z)}`).join(' and ');
  const caption =
    `Histograms (density scale) of the per-replication separation estimates among fits with status ok, R = ${formatInt(summary.replications)} replications, ` +
    `for k-means and the MLE on 0.5·N(−1, 1) + 0.5·N(1, 1); each panel has its own axes. Dashed curves: the asymptotic normal distributions, ` +
    `N(${th(limit)}, s²/n) with s = ${th(s)} for k-means (Pollard 1982) and N(${th(truth)}, sd∞²/n) with sd∞ = ${th(fisher)} for the MLE (Fisher information). ` +
    `Grey verticals: the truth (dotted) and the k-means population limit (dashed). ${sentences.join('; ')}. ` +
    `Empirical SDs are ± their MCSE (Morris et al. 2019); at the largest n the comparisons with theory give ${last}. ` +
    `Both distributions narrow like 1/√n, the k-means one around its limit${allAbove ? `: at n = ${formatInt(sizes[sizes.length - 1])} every k-means estimate exceeds the truth` : ''}.`;
  return {
    figure: { id: 'fig6-sampling-distributions', title, caption, spec: concatSpec(title, caption, panels) },
    lead: ['Not just the mean: the whole sampling distribution of k-means concentrates on its limit, while the MLE’s concentrates on the truth.'],
    checks,
    key: {},
  };
}
