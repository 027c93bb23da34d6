/**
 * Is a new config a *growth* of the config a results folder holds? A run may keep the rows on disk and compute
 * only the missing (condition, replication, estimator) cells exactly when no existing cell would come out
 * different under the new config. That follows from the seeding contract (docs/ARCHITECTURE.md §3): the data
 * of replication r come from a stream keyed by (seed, mixture id, r [, n when not nested]) and each fit from
 * (seed, condition, r, estimator id), so a cell's row depends only on the seed, its mixture, its n (and, when
 * nested, on nothing else: the sampler draws point by point, so a longer draw has the shorter one as its
 * prefix — src/dgm/sphericalMixture.ts, tested in test/runner/growth.test.ts), its estimator's spec and the
 * estimands measured. Hence:
 *
 * - may grow: `replications` (more), `n` (more sizes), `mixtures` (more ids), `estimators` (more ids);
 * - may change freely: `title`, `description` (nothing computed depends on them) and `precision` (where the
 *   stopping rule now stops is checked against the rows on disk by the runner, src/runner/precision.ts);
 * - must stay equal: `seed`, `nested`, `estimands`, each kept mixture's and estimator's whole spec (options,
 *   and any plugin module or file hash recorded in it), and every other key (e.g. an `inference` block, whose
 *   output is part of the rows). A changed key is refused with its name and why.
 *
 * Removing anything (fewer replications, an n, a mixture or an estimator) is a shrink, refused with how to get
 * it: another experiment name, or `--fresh`.
 */
import { canonicalJson, type ExperimentConfig } from '../config/index.js';
import { UserError } from '../errors/userError.js';

/** What a new config adds to the previous one (empty: the same cells). */
export interface Growth {
  /** One phrase per kind of growth, e.g. "replications 20 → 40", "n + 2000". */
  readonly changes: readonly string[];
}

/** Keys that never change a computed cell. */
const FREE_KEYS: ReadonlySet<string> = new Set(['title', 'description', 'precision']);

/** Why a key must stay equal. */
const WHY_EQUAL: Readonly<Record<string, string>> = {
  name: 'it names the results folder',
  seed: 'the seed keys every data and fit stream, so every existing replication would change',
  nested: 'nested samples come from one stream per replication, unnested ones from one per (replication, n), so every sample would change',
  estimands: 'every row holds one value per estimand, so every existing row would change',
};

const HOW_TO_SHRINK = 'a smaller study is a new study: give it another name, or rerun with --fresh to recompute it';

function differs(a: unknown, b: unknown): boolean {
  return canonicalJson(a) !== canonicalJson(b);
}

function refuse(dir: string, what: string, remedy = 'rerun with --fresh to discard them, or give the experiment another name'): never {
  throw new UserError(`${dir} holds results of a different config: ${what}; ${remedy}`);
}

/** The entries of a list by id, in order. */
function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((x) => [x.id, x]));
}

/**
 * Checks that `next` only adds to `previous` (the config recorded in `dir`'s manifest); returns what it adds,
 * or throws a UserError naming the key that differs and why, or what would be removed and how to get that.
 */
export function checkGrowth(previous: ExperimentConfig, next: ExperimentConfig, dir: string): Growth {
  const changes: string[] = [];
  const prev = previous as unknown as Record<string, unknown>;
  const now = next as unknown as Record<string, unknown>;
  const grown = new Set(['replications', 'n', 'mixtures', 'estimators']);
  for (const key of [...new Set([...Object.keys(prev), ...Object.keys(now)])].sort()) {
    if (FREE_KEYS.has(key) || grown.has(key)) continue;
    if (differs(prev[key], now[key])) {
      const why = WHY_EQUAL[key] ?? 'it is not something a run can grow, and existing rows may depend on it';
      refuse(dir, `${key} differs (${canonicalJson(prev[key] ?? null).slice(0, 60)} → ${canonicalJson(now[key] ?? null).slice(0, 60)}): ${why}`);
    }
  }

  if (next.replications < previous.replications) {
    // With a precision rule (now or before) the replications are a cap; the rows on disk are checked by the runner.
    if (next.precision === undefined && previous.precision === undefined) {
      refuse(dir, `replications ${previous.replications} → ${next.replications} would drop replications`, HOW_TO_SHRINK);
    }
  } else if (next.replications > previous.replications) {
    changes.push(`replications ${previous.replications} → ${next.replications}`);
  }

  const droppedN = previous.n.filter((n) => !next.n.includes(n));
  if (droppedN.length > 0) refuse(dir, `n ${droppedN.join(', ')} would be dropped`, HOW_TO_SHRINK);
  const addedN = next.n.filter((n) => !previous.n.includes(n));
  const oldMax = previous.n[previous.n.length - 1];
  if (next.nested && addedN.some((n) => n > oldMax)) {
    // The built-in sampler draws point by point, so a longer nested draw keeps the old one as its prefix; a
    // plugin mechanism's sampler need not.
    const plugin = previous.mixtures.find((m) => (m as { mechanism?: unknown }).mechanism !== undefined);
    if (plugin !== undefined) {
      refuse(dir, `n ${addedN.filter((n) => n > oldMax).join(', ')} above the largest n ${oldMax} changes the nested samples of mixture ${plugin.id}, whose plugin mechanism need not draw point by point`);
    }
  }
  if (addedN.length > 0) changes.push(`n + ${addedN.join(', ')}`);

  for (const [list, label, why] of [
    ['mixtures', 'mixture', 'its samples would change'],
    ['estimators', 'estimator', 'its existing fits would change (options, method or plugin module differ)'],
  ] as const) {
    const before = byId<{ id: string }>(previous[list]);
    const after = byId<{ id: string }>(next[list]);
    const dropped = [...before.keys()].filter((id) => !after.has(id));
    if (dropped.length > 0) refuse(dir, `${list} ${dropped.join(', ')} would be dropped`, HOW_TO_SHRINK);
    for (const [id, spec] of before) {
      const other = after.get(id) as { id: string };
      if (differs(spec, other)) {
        const keys = [...new Set([...Object.keys(spec), ...Object.keys(other)])]
          .filter((k) => differs((spec as Record<string, unknown>)[k], (other as Record<string, unknown>)[k]))
          .sort();
        refuse(dir, `${list}[id=${id}] ${keys.join(', ')} differ${keys.length === 1 ? 's' : ''}: ${why}`);
      }
    }
    const added = [...after.keys()].filter((id) => !before.has(id));
    if (added.length > 0) changes.push(`${label}${added.length > 1 ? 's' : ''} + ${added.join(', ')}`);
  }
  return { changes };
}
