/**
 * The browser builds of vega, vega-lite and vega-embed, read from node_modules so the HTML report can inline
 * them and work offline (docs/ARCHITECTURE.md §9). The packages' `exports` hide their build/ folders, so each bundle is
 * found as a sibling of the resolved entry point; versions come from the packages' own package.json.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface VegaBundle {
  readonly name: 'vega' | 'vega-lite' | 'vega-embed';
  readonly version: string;
  /** The minified UMD source (defines the globals vega, vegaLite, vegaEmbed). */
  readonly source: string;
}

const FILES = { vega: 'vega.min.js', 'vega-lite': 'vega-lite.min.js', 'vega-embed': 'vega-embed.min.js' } as const;

function packageRoot(entry: string): string {
  // Every entry lives in <root>/build/.
  return dirname(dirname(entry));
}

export function vegaBundle(name: VegaBundle['name']): VegaBundle {
  const root = packageRoot(require.resolve(name));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { name, version: pkg.version, source: readFileSync(join(root, 'build', FILES[name]), 'utf8') };
}

/** In load order: vega-embed needs the vega and vegaLite globals. */
export function vegaBundles(): VegaBundle[] {
  return [vegaBundle('vega'), vegaBundle('vega-lite'), vegaBundle('vega-embed')];
}
