/**
 * Imports a user's plugin file by its absolute path: JavaScript (.js, .mjs) with Node's own `import()`, TypeScript
 * (.ts, .mts) through tsx's `tsImport`, which compiles that file and what it imports without registering a
 * loader for the whole thread — so the compiled CLI (dist/), the TypeScript sources and every worker thread load
 * a plugin the same way, and nothing else the thread imports changes.
 *
 * For a TypeScript plugin it also lists the user's own files the plugin imported (tsx reports every module it
 * loads for that import): files under a node_modules folder and mixstudy's own src/ and dist/ are not the
 * plugin's, so they are left out. Node's `import()` reports nothing, so a JavaScript plugin lists none.
 */
import { realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/** mixstudy's own code (this file is src/plugins/ or dist/plugins/ of the package). */
const PACKAGE = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const OWN = [join(PACKAGE, 'src') + sep, join(PACKAGE, 'dist') + sep];

export interface ImportedModule {
  readonly namespace: Record<string, unknown>;
  /** Absolute paths of the local files the plugin imported (not itself), in the order they were loaded. */
  readonly imports: readonly string[];
}

/** The file itself: Node names a module by its real path, so a plugin reached through a link is reported there. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isUsersFile(url: string, self: readonly string[]): boolean {
  if (!url.startsWith('file:')) return false;
  const path = fileURLToPath(url);
  return !self.includes(path) && !path.split(sep).includes('node_modules') && !OWN.some((own) => path.startsWith(own));
}

/** The module namespace of the file at `location` (absolute), and the user's files it imported. */
export async function importModule(location: string): Promise<ImportedModule> {
  const url = pathToFileURL(location).href;
  if (!TYPESCRIPT.test(location)) return { namespace: (await import(url)) as Record<string, unknown>, imports: [] };
  const { tsImport } = await import('tsx/esm/api');
  const imports = new Set<string>();
  const self = [location, realPath(location)];
  const onImport = (imported: string): void => {
    const clean = imported.split('?')[0] ?? imported;
    if (isUsersFile(clean, self)) imports.add(fileURLToPath(clean));
  };
  const namespace = (await tsImport(url, { parentURL: import.meta.url, onImport })) as Record<string, unknown>;
  return { namespace, imports: [...imports] };
}
