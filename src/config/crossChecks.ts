/**
 * Checks that relate sections of a config: n against each mixture's K, a method's capabilities (its descriptor's
 * `unsupported`) against each mixture's d and K,
 * ids unique across explicit and grid mixtures. They run on the raw JSON, each using whichever parts are
 * individually valid, so they are reported together with structural problems elsewhere in the file.
 */
import { findDescriptor } from '../estimators/registry.js';
import { inferenceProblems } from './inferenceSchema.js';
import { expandGrid, toMixtureSpec } from './mixtures.js';
import { GridSchema, MixtureSchema, NSchema } from './schema.js';
import type { MixtureSpec } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(entry: unknown): string | undefined {
  return isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined;
}

/** `<section>[i].id: duplicate id "x"` for every repeat after the first. */
function duplicateIds(section: string, entries: readonly unknown[], seen: Map<string, string>): string[] {
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const id = idOf(entry);
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined) problems.push(`${section}[${i}].id: duplicate id "${id}" (first used by ${first})`);
    else seen.set(id, `${section}[${i}]`);
  });
  return problems;
}

export function crossCheck(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const mixtures: MixtureSpec[] = [];
  const mixtureIds = new Map<string, string>();

  if (raw.mixtures === undefined && raw.grid === undefined) {
    problems.push('mixtures: required unless "grid" is given (got neither "mixtures" nor "grid")');
  }
  if (Array.isArray(raw.mixtures)) {
    problems.push(...duplicateIds('mixtures', raw.mixtures, mixtureIds));
    for (const entry of raw.mixtures) {
      const parsed = MixtureSchema.safeParse(entry);
      if (parsed.success) mixtures.push(toMixtureSpec(parsed.data));
    }
  }
  if (raw.grid !== undefined) {
    const parsed = GridSchema.safeParse(raw.grid);
    if (parsed.success) {
      for (const spec of expandGrid(parsed.data)) {
        const first = mixtureIds.get(spec.id);
        if (first !== undefined) problems.push(`grid: generates mixture id "${spec.id}", already used by ${first}`);
        mixtures.push(spec);
      }
    }
  }

  const n = NSchema.safeParse(raw.n);
  if (n.success && mixtures.length > 0) {
    const largest = mixtures.reduce((a, b) => (b.K > a.K ? b : a));
    n.data.forEach((size, i) => {
      if (size < largest.K) problems.push(`n[${i}]: must be ≥ K = ${largest.K} for mixture "${largest.id}" (got ${size})`);
    });
  }

  if (Array.isArray(raw.estimators)) {
    problems.push(...duplicateIds('estimators', raw.estimators, new Map()));
    raw.estimators.forEach((entry, i) => {
      if (!isRecord(entry)) return;
      const descriptor = typeof entry.method === 'string' ? findDescriptor(entry.method) : undefined;
      if (descriptor === undefined) return; // reported by the schema
      const options = isRecord(entry.options) ? entry.options : {};
      for (const m of mixtures) {
        const why = descriptor.unsupported(options, { d: m.d, K: m.K });
        if (why !== null) {
          // A capability of the method (d, K) or of one of its options, which the message names first.
          const option = Object.keys(descriptor.options).find((o) => why.startsWith(`"${String(options[o])}"`) && options[o] !== undefined);
          const where = option === undefined ? 'method' : `options.${option}`;
          problems.push(`estimators[${i}].${where}: ${why}; mixture "${m.id}" has d = ${m.d}, K = ${m.K}`);
          break;
        }
      }
    });
  }
  problems.push(...inferenceProblems(raw));
  return problems;
}
