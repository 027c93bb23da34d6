/**
 * ReportDocument → one self-contained HTML page (`index.html`): vega, vega-lite and vega-embed inlined, every
 * chart's spec embedded as JSON, nothing fetched. A Content-Security-Policy forbids any network request, so
 * an accidental external reference fails visibly (the page counts CSP violations) instead of silently
 * depending on the network. When every chart has been embedded the page sets
 * `document.body.dataset.chartsRendered` to the number rendered (and `chartErrors` on failure): the browser
 * test reads these, and so can a reader's devtools.
 */
import type { Block, Inline, ReportDocument, Table } from './document.js';
import { slug } from './document.js';
import type { VegaBundle } from './vegaBundles.js';

/** No network at all: inline scripts and styles only, vega needs eval for its expression language. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JavaScript source safe inside <script>: a literal "</script" in a bundle would end the element early. */
export function inlineScript(source: string): string {
  return `<script>${source.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--')}</script>`;
}

/** JSON safe inside <script type="application/json">. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function inline(parts: readonly Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeHtml(p);
      if ('code' in p) return `<code>${escapeHtml(p.code)}</code>`;
      if ('em' in p) return `<em>${escapeHtml(p.em)}</em>`;
      if ('strong' in p) return `<strong>${escapeHtml(p.strong)}</strong>`;
      return `<a href="${escapeHtml(p.link)}">${escapeHtml(p.text)}</a>`;
    })
    .join('');
}

export function htmlTable(t: Table, number: number): string {
  const cls = (a: string) => (a === 'right' ? ' class="num"' : '');
  const head = t.columns.map((c) => `<th${cls(c.align)} scope="col">${escapeHtml(c.header)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((cell, i) => `<td${cls(t.columns[i]?.align ?? 'left')}>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  const note = t.note === undefined ? '' : `<p class="note">${escapeHtml(t.note)}</p>`;
  const id = t.id === undefined ? '' : ` id="${escapeHtml(t.id)}"`;
  return (
    `<div class="table"${id}><table>\n<caption><strong>Table ${number}.</strong> ${escapeHtml(t.caption)}</caption>\n` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>${note}</div>`
  );
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; color: #222; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.4rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; } h3 { font-size: 1.1rem; }
code, pre { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 0.88em; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; }
.table { overflow-x: auto; margin: 1.2rem 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
caption { caption-side: top; text-align: left; padding-bottom: 0.4rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; vertical-align: top; }
th { border-bottom: 2px solid #999; text-align: left; } .num { text-align: right; white-space: nowrap; }
.note { font-size: 0.85rem; color: #555; margin: 0.3rem 0 0; }
figure { margin: 1.6rem 0; } figcaption { font-size: 0.9rem; color: #333; max-width: 48rem; }
.chart { min-height: 2rem; }
#render-status { font-size: 0.8rem; color: #666; border-top: 1px solid #ddd; margin-top: 3rem; padding-top: 0.5rem; }
`;

/**
 * Embeds every chart, then records the outcome on <body>: data-charts-expected, data-charts-rendered,
 * data-chart-errors, data-resource-count (performance entries for fetched resources: 0 when nothing was
 * loaded) and data-csp-violations (requests the policy blocked).
 */
const RUNNER = `
(function () {
  var body = document.body;
  var specs = JSON.parse(document.getElementById('mixstudy-specs').textContent);
  var ids = Object.keys(specs);
  var status = document.getElementById('render-status');
  var violations = [];
  document.addEventListener('securitypolicyviolation', function (e) {
    violations.push(e.violatedDirective + ' ' + e.blockedURI);
    body.dataset.cspViolations = String(violations.length);
    body.dataset.cspBlocked = violations.join(' | ');
  });
  body.dataset.chartsExpected = String(ids.length);
  var rendered = 0;
  var errors = [];
  Promise.all(ids.map(function (id) {
    return vegaEmbed(document.getElementById(id), specs[id], { actions: false, renderer: 'svg' })
      .then(function () { rendered += 1; }, function (err) { errors.push(id + ': ' + (err && err.message ? err.message : String(err))); });
  })).then(function () {
    body.dataset.resourceCount = String(performance.getEntriesByType('resource').length);
    if (errors.length > 0) body.dataset.chartErrors = errors.join(' | ');
    body.dataset.chartsRendered = String(rendered);
    status.textContent = 'Rendered ' + rendered + ' of ' + ids.length + ' charts with vega ' + vega.version +
      ', vega-lite ' + vegaLite.version + (errors.length > 0 ? '; errors: ' + errors.join(' | ') : '') + '.';
  });
})();
`;

export interface HtmlOptions {
  readonly bundles: readonly VegaBundle[];
}

/** The chart container id of a figure (figure ids are file-name-safe, so this is a valid HTML id). */
export function chartId(figureId: string): string {
  return `chart-${figureId}`;
}

export function toHtml(doc: ReportDocument, opts: HtmlOptions): string {
  let figureNo = 0;
  let tableNo = 0;
  const specs: Record<string, unknown> = {};
  const block = (b: Block): string => {
    switch (b.kind) {
      case 'heading':
        return `<h${b.level} id="${slug(b.text)}">${escapeHtml(b.text)}</h${b.level}>`;
      case 'paragraph':
        return `<p>${inline(b.content)}</p>`;
      case 'list':
        return `<ul>\n${b.items.map((item) => `<li>${inline(item)}</li>`).join('\n')}\n</ul>`;
      case 'table':
        return htmlTable(b.table, ++tableNo);
      case 'figure': {
        figureNo++;
        const f = b.figure;
        const id = chartId(f.id);
        specs[id] = f.spec;
        return (
          `<figure id="figure-${escapeHtml(f.id)}">\n<div class="chart" id="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(f.title)}"></div>\n` +
          `<figcaption><strong>Figure ${figureNo}.</strong> ${escapeHtml(f.caption)}</figcaption>\n</figure>`
        );
      }
      case 'code': {
        const pre = `<pre><code class="language-${escapeHtml(b.language)}">${escapeHtml(b.text)}</code></pre>`;
        return b.summary === undefined ? pre : `<details><summary>${escapeHtml(b.summary)}</summary>\n${pre}\n</details>`;
      }
    }
  };
  const content = doc.blocks.map(block).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    ...opts.bundles.map((b) => `<!-- ${b.name} ${b.version} -->\n${inlineScript(b.source)}`),
    '</head>',
    '<body>',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    content,
    '<noscript><p>The charts need JavaScript; the same figures are in figures/*.png and report.md.</p></noscript>',
    '<p id="render-status">Rendering charts…</p>',
    `<script type="application/json" id="mixstudy-specs">${jsonForScript(specs)}</script>`,
    inlineScript(RUNNER),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
