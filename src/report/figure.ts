/**
 * The unit every report and the paper are built from: a Vega-Lite spec with an id (its file name under
 * `figures/`), a title and a caption. Builders produce `Figure`s; `renderFigure` (render.ts) writes them; the
 * markdown and HTML writers place them. Adding a figure therefore never touches the rendering machinery.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface Figure {
  /** File-name-safe id, unique within a report: `figures/<id>.vl.json|.svg|.png`. */
  readonly id: string;
  /** Short title, also drawn on the chart itself. */
  readonly title: string;
  /** One or more sentences saying what is plotted, what the bars and lines are, and where the numbers come from. */
  readonly caption: string;
  readonly spec: TopLevelSpec;
  /**
   * PNG pixels per SVG unit for this figure when the report is not given one (writeReport's `pngScale`):
   * small multiples are wide already, so they are rasterised at a lower scale than the default 2.
   */
  readonly pngScale?: number;
}

/** Lower-case id made of [a-z0-9._-] only: `sep=1.5_w=0.7-0.3` → `sep-1.5-w-0.7-0.3`. */
export function figureId(...parts: readonly string[]): string {
  return parts
    .map((p) =>
      p
        .toLowerCase()
        .replace(/[^a-z0-9.]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((p) => p.length > 0)
    .join('-');
}

/** Throws when two figures share an id (they would overwrite each other's files). */
export function assertUniqueIds(figures: readonly Figure[]): void {
  const seen = new Set<string>();
  for (const f of figures) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(f.id)) throw new RangeError(`figure id "${f.id}" is not a safe file name`);
    if (seen.has(f.id)) throw new RangeError(`two figures have the id "${f.id}"`);
    seen.add(f.id);
  }
}
