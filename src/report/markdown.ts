/**
 * ReportDocument → GitHub-flavoured Markdown (`report.md`): the same text and tables as the HTML page, with
 * each figure as its PNG linked relatively (plus links to the SVG and the Vega-Lite spec), so the report
 * reads on GitHub and in any Markdown viewer without JavaScript.
 */
import type { Block, Inline, ReportDocument, Table } from './document.js';
import type { Figure } from './figure.js';

/** Escape Markdown syntax in plain text (and `|` so text can sit in a table cell). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1').replace(/\n/g, ' ');
}

function inline(parts: readonly Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeMarkdown(p);
      if ('code' in p) return p.code.includes('`') ? `\`\` ${p.code} \`\`` : `\`${p.code}\``;
      if ('em' in p) return `*${escapeMarkdown(p.em)}*`;
      if ('strong' in p) return `**${escapeMarkdown(p.strong)}**`;
      return `[${escapeMarkdown(p.text)}](${p.link})`;
    })
    .join('');
}

/** A Markdown pipe table with alignment row. */
export function markdownTable(t: Table): string {
  const cells = (row: readonly string[]) => `| ${row.map(escapeMarkdown).join(' | ')} |`;
  const align = `|${t.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' :--- ')).join('|')}|`;
  return [cells(t.columns.map((c) => c.header)), align, ...t.rows.map(cells)].join('\n');
}

export interface MarkdownOptions {
  /** Where report.md finds a figure's files, relative to itself (default `figures/<id>`). */
  readonly figureBase?: (fig: Figure) => string;
}

export function toMarkdown(doc: ReportDocument, opts: MarkdownOptions = {}): string {
  const base = opts.figureBase ?? ((f: Figure) => `figures/${f.id}`);
  let figureNo = 0;
  let tableNo = 0;
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`];
  const block = (b: Block): string => {
    switch (b.kind) {
      case 'heading':
        return `${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`;
      case 'paragraph':
        return inline(b.content);
      case 'list':
        return b.items.map((item) => `- ${inline(item)}`).join('\n');
      case 'table': {
        tableNo++;
        const note = b.table.note === undefined ? '' : `\n\n*${escapeMarkdown(b.table.note)}*`;
        return `**Table ${tableNo}.** ${escapeMarkdown(b.table.caption)}\n\n${markdownTable(b.table)}${note}`;
      }
      case 'figure': {
        figureNo++;
        const f = b.figure;
        const path = base(f);
        return (
          `![${escapeMarkdown(f.title)}](${path}.png)\n\n` +
          `**Figure ${figureNo}.** ${escapeMarkdown(f.caption)} ([SVG](${path}.svg), [Vega-Lite spec](${path}.vl.json))`
        );
      }
      case 'code': {
        const fence = b.text.includes('```') ? '~~~~' : '```';
        const body = `${fence}${b.language}\n${b.text.replace(/\n$/, '')}\n${fence}`;
        return b.summary === undefined ? body : `<details>\n<summary>${escapeMarkdown(b.summary)}</summary>\n\n${body}\n\n</details>`;
      }
    }
  };
  for (const b of doc.blocks) out.push(block(b));
  return out.join('\n\n') + '\n';
}
