/**
 * The user's own files a plugin imports, for its hash (./loadPlugins.ts `pluginHash`): read from its source, and
 * theirs in turn, as the relative specifiers of `import … from './x.js'`, `export … from '../y.js'`,
 * `import './z.js'` and `import('./w.js')`, resolved as the importing file is (a TypeScript file's `./x.js` names
 * `x.ts` when it exists, as tsx resolves it; a JavaScript file's names `x.js`). Read statically so that every
 * thread lists the same files: tsx reports what it loads through a port from its loader thread, and those
 * reports may arrive after the import has returned. `import type` lines are left out (they compile to nothing),
 * as are files under a node_modules folder and mixstudy's own src/ and dist/; a specifier in a comment or a
 * string only adds an existing file to the hash.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** mixstudy's own code (this file is src/plugins/ or dist/plugins/ of the package). */
const PACKAGE = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const OWN = [join(PACKAGE, 'src') + sep, join(PACKAGE, 'dist') + sep];

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;
const TYPE_ONLY = /\b(?:import|export)\s+type\s[^;]*?\bfrom\s*(['"])[^'"\n]*\1/g;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]*)\1/g;

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The file a path names, links followed (the path itself when it cannot be resolved). */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The file a relative specifier in `from` names, or null when there is none. */
function resolveSpecifier(from: string, specifier: string): string | null {
  const path = resolve(dirname(from), specifier);
  const candidates: string[] = [];
  if (TYPESCRIPT.test(from)) {
    const ts = /\.js$/.test(path) ? [path.replace(/\.js$/, '.ts'), path.replace(/\.js$/, '.tsx')] : /\.mjs$/.test(path) ? [path.replace(/\.mjs$/, '.mts')] : /\.cjs$/.test(path) ? [path.replace(/\.cjs$/, '.cts')] : [];
    candidates.push(...ts, path, ...['.ts', '.tsx', '.js', '/index.ts', '/index.js'].map((end) => path + end));
  } else {
    candidates.push(path);
  }
  return candidates.find(isFile) ?? null;
}

function isUsers(path: string): boolean {
  return !path.split(sep).includes('node_modules') && !OWN.some((own) => path.startsWith(own));
}

/** Absolute paths of the user's files `location` imports, directly or through each other (not itself). */
export function localImports(location: string): string[] {
  const self = realPath(location);
  const seen = new Set<string>([self]);
  const found: string[] = [];
  const pending = [location];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    let text: string;
    try {
      text = readFileSync(file, 'utf8').replace(TYPE_ONLY, '');
    } catch {
      continue;
    }
    for (const match of text.matchAll(SPECIFIER)) {
      const target = resolveSpecifier(file, match[2] as string);
      if (target === null) continue;
      const real = realPath(target);
      if (seen.has(real) || !isUsers(real)) continue;
      seen.add(real);
      found.push(real);
      pending.push(real);
    }
  }
  return found;
}
