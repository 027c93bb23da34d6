/**
 * Rendering: a figure becomes its spec, a non-empty SVG and a PNG whose size is the SVG's times the zoom —
 * byte-identical when rendered twice (bundled fonts only, no system fonts), which is what makes figures
 * reproducible across machines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import { defaultFigures } from '../../src/report/figures/defaultFigures.js';
import { fontFiles, normaliseSvgIds, renderFigure, renderSvg, svgToPng } from '../../src/report/render.js';
import { buildSummary } from '../../src/runner/summary.js';
import { tempDir } from '../runner/helpers.js';
import { pngSize, syntheticConfig, syntheticRows, withTheory } from './fixtures.js';

const config = syntheticConfig();
const rows = syntheticRows(config);
const summary = withTheory(buildSummary(config, configHash(config), rows), rows);

describe('renderFigure', () => {
  it('writes the spec, an SVG with text and a PNG of twice the SVG size', async () => {
    const fig = defaultFigures(summary, rows)[1];
    const dir = tempDir('mixstudy-render-');
    const t0 = performance.now();
    const out = await renderFigure(fig, dir);
    const ms = performance.now() - t0;
    expect(out.files).toEqual({ spec: join(dir, `${fig.id}.vl.json`), svg: join(dir, `${fig.id}.svg`), png: join(dir, `${fig.id}.png`) });
    expect(JSON.parse(readFileSync(out.files.spec, 'utf8'))).toEqual(JSON.parse(JSON.stringify(fig.spec)));
    const svg = readFileSync(out.files.svg, 'utf8');
    expect(svg).toMatch(/^<svg [^>]*width="\d+(\.\d+)?" height="\d+(\.\d+)?"/);
    expect(svg).toContain('sample size n (log scale)');
    expect((svg.match(/<text/g) ?? []).length).toBeGreaterThan(20);
    const [, w, h] = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg) ?? [];
    const size = pngSize(readFileSync(out.files.png));
    expect(size.width).toBe(Math.ceil(2 * Number(w)));
    expect(size.height).toBe(Math.ceil(2 * Number(h)));
    expect(size.width).toBeGreaterThan(900);
    console.log(`render: one figure spec → SVG → PNG in ${ms.toFixed(0)} ms (${size.width}×${size.height})`);
  });

  it('is deterministic: the same figure renders to byte-identical SVG and PNG', async () => {
    for (const fig of defaultFigures(summary, rows)) {
      const a = await renderSvg(fig.spec);
      const b = await renderSvg(fig.spec);
      expect(b.svg).toBe(a.svg);
      const pngA = svgToPng(a.svg);
      const pngB = svgToPng(b.svg);
      expect(pngA.equals(pngB), fig.id).toBe(true);
    }
  });

  it('renumbers vega’s process-wide clip ids per SVG', () => {
    const svg = '<svg><g clip-path="url(#clip7)"/><g clip-path="url(#clip9)"/><defs><clipPath id="clip7"/><clipPath id="clip9"/></defs></svg>';
    expect(normaliseSvgIds(svg)).toBe('<svg><g clip-path="url(#clip1)"/><g clip-path="url(#clip2)"/><defs><clipPath id="clip1"/><clipPath id="clip2"/></defs></svg>');
  });

  it('uses only the DejaVu fonts shipped by npm', () => {
    const files = fontFiles();
    expect(files.map((f) => f.split('/').pop())).toEqual(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf']);
    for (const f of files) expect(f).toContain(join('node_modules', 'dejavu-fonts-ttf', 'ttf'));
  });

  it('rejects an invalid spec instead of writing a broken figure', async () => {
    const bad = { title: 'x', mark: 'nonsense-mark', data: { values: [] } } as unknown as Parameters<typeof renderSvg>[0];
    await expect(renderSvg(bad)).rejects.toThrow();
  });
});
