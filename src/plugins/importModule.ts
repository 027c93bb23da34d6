/**
 * Imports a user's plugin file by its absolute path: JavaScript (.js, .mjs) with Node's own `import()`, TypeScript
 * (.ts, .mts) through tsx's `tsImport`, which compiles that file and what it imports without registering a
 * loader for the whole thread — so the compiled CLI (dist/), the TypeScript sources and every worker thread load
 * a plugin the same way, and nothing else the thread imports changes.
 */
import { pathToFileURL } from 'node:url';

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/** The module namespace of the file at `location` (absolute). */
export async function importModule(location: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(location).href;
  if (!TYPESCRIPT.test(location)) return (await import(url)) as Record<string, unknown>;
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}
