/**
 * The layering of docs/ARCHITECTURE.md §2, checked on the sources: nothing below the command line imports it,
 * and the folders of src/ import each other without a cycle, so each layer can be read, tested and reused
 * (src/index.ts) without the ones above it.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycle, importEdges, layerGraph, layerOf } from './importGraph.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const edges = importEdges(SRC);
const graph = layerGraph(edges);

/** The command line: yargs commands and the entry point that loads them. */
const COMMAND_LINE = new Set(['commands', 'cli.ts']);

describe('import graph of src/', () => {
  it('is read from the sources (sanity: known edges are found)', () => {
    expect(edges.length).toBeGreaterThan(200);
    // A static import, a type-only import and a dynamic import('…'):
    expect(edges).toContainEqual({ from: 'runner/executeTask.ts', to: 'dgm/sphericalMixture.ts' });
    expect(edges).toContainEqual({ from: 'runner/summary.ts', to: 'config/index.ts' });
    expect(edges).toContainEqual({ from: 'cli.ts', to: 'commands/run.ts' });
  });

  it('no layer below the command line imports src/commands or src/cli.ts', () => {
    const offending = edges.filter((e) => COMMAND_LINE.has(layerOf(e.to)) && !COMMAND_LINE.has(layerOf(e.from)));
    expect(offending.map((e) => `src/${e.from} imports src/${e.to}`)).toEqual([]);
  });

  it('src/errors imports nothing of src/ (every layer may throw a UserError)', () => {
    expect(edges.filter((e) => layerOf(e.from) === 'errors' && layerOf(e.to) !== 'errors')).toEqual([]);
  });

  it('the folders of src/ form no import cycle', () => {
    const cycle = findCycle(graph);
    const explain = (c: string[]): string[] =>
      c.slice(1).map((to, i) => `${c[i]} → ${to}: ${(graph.get(c[i])?.get(to) ?? []).slice(0, 3).join(', ')}`);
    expect(cycle === null ? [] : explain(cycle)).toEqual([]);
  });
});

describe('findCycle', () => {
  const g = (adj: Record<string, string[]>) => new Map(Object.entries(adj).map(([k, v]) => [k, new Map(v.map((t) => [t, []]))]));

  it('returns null for a DAG and the nodes of a cycle, first = last, otherwise', () => {
    expect(findCycle(g({ a: ['b', 'c'], b: ['c'], c: [] }))).toBeNull();
    expect(findCycle(g({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(g({ a: ['b'], b: ['c'], c: ['b'] }))).toEqual(['b', 'c', 'b']);
  });
});
