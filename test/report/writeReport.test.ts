/**
 * `writeReport` and `mixstudy report` end to end: the files, a self-contained HTML page (nothing external,
 * a CSP forbidding the network, one container per chart), report.md with working relative figure links,
 * byte-identical output when regenerated (also from another process), and refusals with exit code 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/userError.js';
import { parseConfig } from '../../src/config/index.js';
import { formatEstimate } from '../../src/report/format.js';
import { CONTENT_SECURITY_POLICY } from '../../src/report/html.js';
import { loadResults } from '../../src/report/loadResults.js';
import { writeReport } from '../../src/report/writeReport.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { tempDir } from '../runner/helpers.js';
import { pngSize, syntheticConfig, writeSyntheticResults } from './fixtures.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');
const mixstudy = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });

/** The page with the bodies of inline <script> elements removed (the libraries mention URLs in strings). */
function markupOnly(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '<script></script>');
}

describe('writeReport', () => {
  const fixture = writeSyntheticResults();
  const out = join(tempDir('mixstudy-report-out-'), 'synth');
  const run = writeReport(fixture.dir, out);

  it('writes index.html, report.md and spec/SVG/PNG per figure', async () => {
    const { files, warnings } = await run;
    expect(files[0]).toBe(join(out, 'index.html'));
    expect(files[1]).toBe(join(out, 'report.md'));
    expect(files).toHaveLength(2 + 7 * 3);
    for (const f of files) expect(existsSync(f), f).toBe(true);
    expect(warnings).toEqual({});
    for (const f of files.filter((x) => x.endsWith('.png'))) expect(pngSize(readFileSync(f)).width).toBeGreaterThan(500);
  });

  it('writes one self-contained HTML file: inline libraries, no external reference, a CSP against the network', async () => {
    await run;
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const markup = markupOnly(html);
    expect(markup).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(markup).not.toMatch(/<link\b/i);
    expect(markup).not.toMatch(/@import|url\(\s*["']?https?:/i);
    const scriptTags = html.match(/<script\b[^>]*>/gi) ?? [];
    expect(scriptTags).toHaveLength(5); // vega, vega-lite, vega-embed, the specs (JSON), the runner
    for (const tag of scriptTags) expect(tag).not.toMatch(/\bsrc\s*=/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}">`);
    expect(html).toMatch(/<!-- vega 6\.4\.0 -->/);
    expect(html).toMatch(/<!-- vega-lite 6\.4\.3 -->/);
    expect(html).toMatch(/<!-- vega-embed 7\.3\.0 -->/);
    expect(html.length).toBeGreaterThan(800_000); // the three bundles are really inlined
    const charts = [...html.matchAll(/<div class="chart" id="([^"]+)"/g)].map((m) => m[1]);
    expect(charts).toEqual(
      ['estimate-separation', 'rmse-separation', 'bias-separation', 'distribution-separation', 'bias-estimands', 'rootnempse-estimands', 'rmse-estimands'].map((k) => `chart-${k}-canonical`),
    );
    const specs = JSON.parse(/<script type="application\/json" id="mixstudy-specs">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(specs)).toEqual(charts);
  });

  it('writes report.md with the same tables and relative links to files that exist', async () => {
    await run;
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const links = [...md.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links.filter((l) => l.endsWith('.png'))).toHaveLength(7);
    for (const l of links) {
      expect(l).not.toMatch(/^(https?:|\/)/);
      expect(existsSync(join(out, l)), l).toBe(true);
    }
    // Every number of the results tables is in both documents.
    const cell = fixture.summary.cells.find((c) => c.n === 200 && c.estimator === 'mle' && c.estimand === 'separation');
    const text = formatEstimate(cell?.mean.value, cell?.mean.mcse);
    expect(md).toContain(`| 200 | 2 | 2.3338 | `);
    expect(md).toContain(text);
    expect(html).toContain(`<td class="num">${text}</td>`);
    for (const heading of ['The question', 'Data-generating mechanism and design', 'Results', 'Comparison with theory', 'Figures', 'Failures and non-convergence', 'Provenance'])
      expect(md).toContain(`## ${heading}`);
    expect(md).toContain('| config hash | ' + fixture.summary.configHash + ' (matches the config below) |');
    expect(md).toContain('| git commit | abc123 |');
    expect(md).toContain('| wall time (all sessions) | 1 min 05 s |');
    expect(md).toContain('"covariance": "equal"');
  });

  it('regenerates byte-identical files, in-process and from the CLI', async () => {
    await run;
    const again = join(tempDir('mixstudy-report-again-'), 'synth');
    const t0 = performance.now();
    const second = await writeReport(fixture.dir, again);
    const ms = performance.now() - t0;
    const viaCli = join(tempDir('mixstudy-report-cli-'), 'synth');
    const r = mixstudy(['report', 'synth', '--results', fixture.root, '--out', viaCli], fixture.root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(join(viaCli, 'index.html'));
    for (const f of second.files) {
      const rel = f.slice(again.length + 1);
      const original = readFileSync(join(out, rel));
      expect(readFileSync(f).equals(original), rel).toBe(true);
      expect(readFileSync(join(viaCli, rel)).equals(original), `${rel} (CLI)`).toBe(true);
    }
    console.log(`writeReport: ${second.files.length} files in ${ms.toFixed(0)} ms`);
  }, 120_000);
});

describe('several mechanisms', () => {
  it('reports each mechanism, including one with K = 3 (figures too), with mixture columns where needed', async () => {
    const config = syntheticConfig({
      mixtures: [
        { id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 },
        { id: 'three', weights: [0.3, 0.3, 0.4], means: [[-3], [0], [3]], sigma: 1 },
      ],
    });
    const fixture = writeSyntheticResults({ config, status: (m, n, rep, e) => (m === 'three' && n === 20 && rep === 0 && e === 'mle' ? 'degenerate' : 'ok') });
    const out = join(fixture.root, 'report');
    const { files, warnings } = await writeReport(fixture.dir, out);
    expect(warnings).toEqual({});
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(2 * 7);
    expect(files).toContain(join(out, 'figures', 'rmse-separation-three.png'));
    expect(files).toContain(join(out, 'figures', 'rootnempse-estimands-three.png'));
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('### Mechanism canonical');
    expect(md).toContain('### Mechanism three');
    // one table across the two mechanisms (no nested-loop plot: that is for grids of 4 or more)
    expect(md).toContain('### Across all conditions');
    expect(md).not.toContain('nested-loop plot');
    expect(md).toContain('Estimated mean pairwise separation mean \\|μ̂ⱼ − μ̂ᵢ\\| (three)');
    expect(md).toContain('| mixture | estimator | fits | ok | degenerate | missing |');
    expect(md).toContain('| three | mle | 12 | 11 | 1 | 0 |');
    expect(md).toContain('| three | 20 | mle | 1 of 4 | degenerate: 1 | synthetic degenerate |');
  }, 120_000);
});

describe('refusals', () => {
  it('refuses missing, incomplete and sharded results with a UserError', () => {
    const missing = join(tempDir('mixstudy-report-none-'), 'nothing');
    expect(() => loadResults(missing)).toThrow(UserError);
    expect(() => loadResults(missing)).toThrow(/no results at/);
    const incomplete = writeSyntheticResults({ manifestStatus: 'interrupted' });
    expect(() => loadResults(incomplete.dir)).toThrow(/incomplete \(interrupted, \d+\/\d+ tasks done\)/);
  });

  it('mixstudy report exits 2 with a message, and documents itself', () => {
    const dir = tempDir('mixstudy-report-cli-');
    const r = mixstudy(['report', 'nothing', '--results', dir], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no results at');
    const incomplete = writeSyntheticResults({ manifestStatus: 'running' });
    const r2 = mixstudy(['report', 'synth', '--results', incomplete.root, '--out', join(dir, 'x')], dir);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain('incomplete');
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const help = mixstudy(['report', '--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('mixstudy report bw1978');
    expect(help.stdout).toContain('--out');
  }, 120_000);
});

describe('on real runner output', () => {
  it('reports a small run of the actual estimators', async () => {
    const root = tempDir('mixstudy-report-run-');
    const config = parseConfig({
      name: 'tiny',
      title: 'Tiny real run',
      seed: 5,
      replications: 3,
      n: [40, 200],
      mixtures: [{ id: 'canonical', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
      estimators: [
        { id: 'kmeans', method: 'kmeans-exact' },
        { id: 'mle', method: 'em', options: { covariance: 'equal' } },
      ],
    });
    const outcome = await runExperiment({ config, resultsRoot: root, workers: 1, shard: null, fresh: false });
    expect(outcome.complete).toBe(true);
    const out = join(root, 'report');
    const { files, warnings } = await writeReport(outcome.dir, out);
    expect(warnings).toEqual({});
    expect(dirname(files[0])).toBe(out);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const { summary } = loadResults(outcome.dir);
    for (const c of summary.cells.filter((x) => x.estimand === 'separation')) expect(md).toContain(formatEstimate(c.mean.value, c.mean.mcse));
    expect(md).toContain('Tiny real run');
  }, 120_000);
});
