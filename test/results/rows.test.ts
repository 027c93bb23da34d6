/**
 * replications.ndjson and timings.ndjson (src/results/rows.ts): rows round-trip byte for byte, a torn last
 * line is still only dropped, and a complete line that is not a row is damage named by its row — before, such a
 * line was cast to a row and read as one. Reading rows does not load zod, and neither does a worker thread.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/userError.js';
import {
  readReplicationRows,
  readTimingRows,
  replicationRowProblem,
  REPLICATIONS_FILE,
  TIMINGS_FILE,
  writeRows,
} from '../../src/results/rows.js';
import { tempDir } from '../runner/helpers.js';
import { completedRun, copyRun } from './fixture.js';

let run: string;
beforeAll(async () => {
  run = await completedRun();
});

describe('rows', () => {
  it('round-trip byte for byte', () => {
    for (const [file, read] of [
      [REPLICATIONS_FILE, readReplicationRows],
      [TIMINGS_FILE, readTimingRows],
    ] as const) {
      const text = readFileSync(join(run, file), 'utf8');
      const rows = read(join(run, file));
      expect(rows.tornTail).toBe(false);
      expect(rows.records.length).toBe(2 * 2 * 3 * 3);
      const out = join(tempDir(), file);
      writeRows(out, rows.records);
      expect(readFileSync(out, 'utf8')).toBe(text);
    }
  });

  it('a torn last line is dropped; a complete line that is not a row is a UserError naming it', () => {
    const dir = copyRun(run);
    const path = join(dir, REPLICATIONS_FILE);
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, lines.slice(0, 5).join('\n') + '\n' + lines[5].slice(0, 30));
    const torn = readReplicationRows(path);
    expect(torn.tornTail).toBe(true);
    expect(torn.records).toHaveLength(5);

    const row = JSON.parse(lines[2]) as Record<string, unknown>;
    const bad = (edit: Record<string, unknown>): string => {
      writeFileSync(path, [lines[0], lines[1], JSON.stringify({ ...row, ...edit }), lines[3], ''].join('\n'));
      try {
        readReplicationRows(path);
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        return (err as Error).message;
      }
      throw new Error('expected a UserError');
    };
    expect(bad({ rep: '2' })).toBe(`${path}: row 3 is not a replication row (rep: expected an integer ≥ 0 (got "2")); the file is damaged: restore it or rerun with --fresh`);
    expect(bad({ status: 'fine' })).toMatch(/row 3 is not a replication row \(status: expected one of ok, not-converged, degenerate, empty-cluster, not-mixed, error \(got "fine"\)\)/);
    expect(bad({ values: { separation: '2.1' } })).toMatch(/values\.separation: expected a number or null \(got "2\.1"\)/);
    expect(bad({ values: null })).toMatch(/values: expected an object \(got null\)/);
    expect(replicationRowProblem(row)).toBeNull();

    const timings = join(dir, TIMINGS_FILE);
    const first = readFileSync(timings, 'utf8').split('\n')[0];
    writeFileSync(timings, `${first}\n${JSON.stringify({ ...JSON.parse(first), seconds: -1 })}\n`);
    expect(() => readTimingRows(timings)).toThrow(/row 2 is not a timing row \(seconds: expected a number ≥ 0 \(got -1\)\)/);
  });
});

/** The modules `entry` loads at run time, transitively: imports and re-exports that are not type-only, and import(). */
function runtimeImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const specifiers: string[] = [];
    const walk = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly !== true) specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
      else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier !== undefined) specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
      else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0])) specifiers.push(node.arguments[0].text);
      ts.forEachChild(node, walk);
    };
    walk(source);
    for (const s of specifiers) {
      if (s.startsWith('.')) visit(resolve(dirname(file), s).replace(/\.js$/, '.ts'));
      else packages.add(s);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('zod stays out of row handling (it takes ~0.1–0.4 s to load)', () => {
  const src = fileURLToPath(new URL('../../src/', import.meta.url));
  it.each(['results/rows.ts', 'runner/worker.ts'])('%s does not load zod', (entry) => {
    const { files, packages } = runtimeImports(join(src, entry));
    expect(files.size).toBeGreaterThan(1);
    expect([...packages].filter((p) => p === 'zod' || p.startsWith('zod/'))).toEqual([]);
  });
});
