/**
 * The HTML report in a real browser: headless Chromium opens index.html from disk with the network made
 * unusable (every host name fails to resolve) and dumps the DOM after the page settles. Every chart must
 * have rendered (the page's own status flag, and one vega SVG per chart), with no resource fetched and no
 * request blocked by the page's CSP. A control page that does try to load an image shows the detector
 * works. Skipped, loudly, where Chromium is not installed (`apt-get install -y chromium`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { writeReport } from '../../src/report/writeReport.js';
import { runExperiment } from '../../src/runner/runExperiment.js';
import { tempDir } from '../runner/helpers.js';
import { writeSyntheticResults } from './fixtures.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (CHROMIUM === undefined) {
  console.warn(
    '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
      '!! SKIPPED: the HTML report browser test needs Chromium (/usr/bin/chromium).\n' +
      '!! Install it with `apt-get install -y chromium` and rerun.\n' +
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n',
  );
}

interface PageState {
  readonly body: Record<string, string>;
  readonly svgCharts: number;
  readonly stderr: string;
  readonly seconds: number;
}

/** Open a local HTML file in headless Chromium and return <body>'s data attributes after it settled. */
function openInChromium(file: string): PageState {
  const profile = mkdtempSync(join(tmpdir(), 'mixstudy-chromium-'));
  const t0 = performance.now();
  const r = spawnSync(
    CHROMIUM as string,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--host-resolver-rules=MAP * ~NOTFOUND',
      `--user-data-dir=${profile}`,
      '--enable-logging=stderr',
      '--log-level=0', // page console messages go to stderr as INFO:CONSOLE lines
      '--virtual-time-budget=10000',
      '--dump-dom',
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (performance.now() - t0) / 1000;
  rmSync(profile, { recursive: true, force: true });
  if (r.error !== undefined) throw r.error;
  // The inlined libraries contain "<body>" and "</head><body>" in strings: drop script contents first.
  const markup = r.stdout.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '<script></script>');
  const tag = /<body\b([^>]*)>/.exec(markup)?.[1];
  if (tag === undefined) throw new Error(`no <body> in Chromium's DOM dump (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const body: Record<string, string> = {};
  for (const m of tag.matchAll(/data-([a-z-]+)="([^"]*)"/g)) body[m[1]] = m[2];
  const svgCharts = (markup.match(/<svg[^>]*class="marks"/g) ?? []).length;
  return { body, svgCharts, stderr: r.stderr, seconds };
}

describe.skipIf(CHROMIUM === undefined)('index.html in headless Chromium', () => {
  const fixture = writeSyntheticResults();
  const out = join(tempDir('mixstudy-browser-'), 'synth');
  const written = writeReport(fixture.dir, out);

  it('renders every chart without touching the network', async () => {
    await written;
    const page = openInChromium(join(out, 'index.html'));
    console.log(`chromium: report page settled in ${page.seconds.toFixed(1)} s; body data: ${JSON.stringify(page.body)}`);
    expect(page.body['charts-expected']).toBe('7');
    expect(page.body['charts-rendered']).toBe('7');
    expect(page.body['chart-errors']).toBeUndefined();
    expect(page.svgCharts).toBe(7);
    expect(page.body['resource-count']).toBe('0');
    expect(page.body['csp-violations']).toBeUndefined();
    expect(page.stderr).not.toMatch(/:CONSOLE[:(]/); // no console output at all: no errors, warnings or CSP reports
  }, 180_000);

  it('would notice a request: the same page with an external image reports the blocked fetch', async () => {
    await written;
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const control = join(out, 'control.html');
    const end = html.lastIndexOf('</body>'); // the libraries also contain "</body>" in strings
    writeFileSync(control, `${html.slice(0, end)}<img src="https://example.com/pixel.png" alt="">\n${html.slice(end)}`);
    const page = openInChromium(control);
    console.log(`chromium: control page settled in ${page.seconds.toFixed(1)} s; body data: ${JSON.stringify(page.body)}`);
    expect(page.body['charts-rendered']).toBe('7');
    expect(Number(page.body['csp-violations'])).toBeGreaterThanOrEqual(1);
    expect(page.body['csp-blocked']).toContain('https://example.com/pixel.png');
    // …and the console shows it, so the console check of the real page is not vacuous
    expect(page.stderr).toMatch(/:CONSOLE[:(].*violates the following Content Security Policy directive/);
  }, 180_000);
});

/**
 * The two shapes of study beyond the canonical one (experiments/examples/): three components in the plane and a
 * grid of six mechanisms, each run for real at a small size. Every chart of their reports renders in Chromium
 * — the figures for every estimand, the small multiples, the nested-loop plot — with nothing on the console.
 */
describe.skipIf(CHROMIUM === undefined)('reports beyond the canonical study in headless Chromium', () => {
  const examples = join(import.meta.dirname, '../../experiments/examples');
  const small = (file: string, n: number[]) => parseConfig({ ...JSON.parse(readFileSync(join(examples, file), 'utf8')), replications: 4, n });

  // d2k3: the separation's 4 figures, the misclassification rate and 3 figures of every estimand; grid6: the
  // nested-loop plot, 3 + 1 by condition and 3 matrices of the other estimands.
  for (const [file, n, charts] of [
    ['d2k3.json', [60, 200], 8],
    ['grid6.json', [60, 300], 8],
  ] as const) {
    it(`${file}: every chart renders, no console output`, async () => {
      const root = tempDir('mixstudy-browser-examples-');
      const config = small(file, [...n]);
      const run = await runExperiment({ config, resultsRoot: root, workers: 1, shard: null, fresh: false });
      const out = join(root, 'report');
      const { warnings } = await writeReport(run.dir, out, { pngScale: 0.25 }); // the PNGs are not what is checked here
      expect(warnings).toEqual({});
      const page = openInChromium(join(out, 'index.html'));
      console.log(`chromium: ${file} report settled in ${page.seconds.toFixed(1)} s; body data: ${JSON.stringify(page.body)}`);
      const expected = Number(page.body['charts-expected']);
      expect(expected).toBe(charts);
      expect(page.body['charts-rendered']).toBe(String(expected));
      expect(page.body['chart-errors']).toBeUndefined();
      expect(page.svgCharts).toBe(expected);
      expect(page.body['resource-count']).toBe('0');
      expect(page.stderr).not.toMatch(/:CONSOLE[:(]/);
    }, 180_000);
  }
});

