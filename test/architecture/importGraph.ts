/**
 * The folder-level import graph of src/ (docs/ARCHITECTURE.md §2): every module specifier of every
 * `src/**\/*.ts` — static `import … from`, `export … from`, side-effect `import '…'`, `import type` and dynamic
 * `import('…')`, as TypeScript's own pre-processor finds them (`ts.preProcessFile`), so a multi-line import or
 * one inside a comment is handled as the compiler handles it. Each relative specifier is mapped to the top-level
 * entry of src/ it lands in: a folder (`runner`) or a file directly in src/ (`cli.ts`, `index.ts`, `types.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import of one file: the importing file and the imported one, both relative to src/. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** Every `.ts` file under `dir`, as absolute paths, sorted. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out.sort();
}

/** All imports between files of `srcRoot` (specifiers that leave src/ or name a package are skipped). */
export function importEdges(srcRoot: string): ImportEdge[] {
  const root = resolve(srcRoot);
  const edges: ImportEdge[] = [];
  for (const file of tsFiles(root)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue; // node:…, packages
      const target = resolve(dirname(file), fileName).replace(/\.js$/, '.ts');
      const rel = relative(root, target);
      if (rel.startsWith('..')) continue; // outside src/ (e.g. package.json)
      edges.push({ from: relative(root, file).split(sep).join('/'), to: rel.split(sep).join('/') });
    }
  }
  return edges;
}

/** The top-level entry of src/ a path (relative to src/) belongs to: `runner/plan.ts` → `runner`, `cli.ts` → `cli.ts`. */
export function layerOf(path: string): string {
  return path.split('/')[0];
}

/** Folder graph: for each layer, the layers it imports, each with the files that make the edge (`a.ts → b.ts`). */
export type LayerGraph = Map<string, Map<string, string[]>>;

export function layerGraph(edges: readonly ImportEdge[]): LayerGraph {
  const graph: LayerGraph = new Map();
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (!graph.has(a)) graph.set(a, new Map());
    if (!graph.has(b)) graph.set(b, new Map());
    if (a === b) continue;
    const targets = graph.get(a)!;
    if (!targets.has(b)) targets.set(b, []);
    targets.get(b)!.push(`${from} → ${to}`);
  }
  return graph;
}

/**
 * A cycle of the graph as its list of nodes (first = last), or null when the graph is acyclic. Depth-first
 * search in sorted order, so the cycle reported is the same on every run.
 */
export function findCycle(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      const s = state.get(next);
      if (s === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (s === undefined) {
        const found = visit(next);
        if (found !== null) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found !== null) return found;
    }
  }
  return null;
}
