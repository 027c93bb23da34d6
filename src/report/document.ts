/**
 * A small format-neutral document model — headings, paragraphs, lists, tables, figures, code — that
 * markdown.ts and html.ts both render. The report (and the paper after it) is built once as blocks, so the
 * HTML page and report.md always carry the same text, tables and figures.
 */
import type { Figure } from './figure.js';

/** Inline text: plain (escaped by each writer), code, emphasis, or a link. */
export type Inline = string | { readonly code: string } | { readonly em: string } | { readonly strong: string } | { readonly link: string; readonly text: string };

export type Align = 'left' | 'right';

export interface Table {
  readonly id?: string;
  readonly caption: string;
  readonly columns: readonly { readonly header: string; readonly align: Align }[];
  /** Cell text, already formatted; one array per row with one entry per column. */
  readonly rows: readonly (readonly string[])[];
  /** Sentence(s) under the table, e.g. what ± means. */
  readonly note?: string;
}

export type Block =
  | { readonly kind: 'heading'; readonly level: 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[] }
  | { readonly kind: 'table'; readonly table: Table }
  | { readonly kind: 'figure'; readonly figure: Figure }
  /** Preformatted text; with `summary`, collapsed under that summary in HTML. */
  | { readonly kind: 'code'; readonly language: string; readonly text: string; readonly summary?: string };

export interface ReportDocument {
  readonly title: string;
  readonly blocks: readonly Block[];
}

export const heading = (text: string, level: 2 | 3 = 2): Block => ({ kind: 'heading', level, text });
export const paragraph = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
export const list = (items: Inline[][]): Block => ({ kind: 'list', items });
export const table = (t: Table): Block => ({ kind: 'table', table: t });
export const figure = (f: Figure): Block => ({ kind: 'figure', figure: f });
export const code = (language: string, text: string, summary?: string): Block => ({ kind: 'code', language, text, summary });

/** The figures of a document in order (their number is their index + 1). */
export function figuresOf(doc: ReportDocument): Figure[] {
  return doc.blocks.flatMap((b) => (b.kind === 'figure' ? [b.figure] : []));
}

/** Slug for anchors: "Results: separation" → "results-separation". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
