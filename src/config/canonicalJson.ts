/** Canonical JSON (keys sorted at every level, no whitespace) and the config hash built on it. */
import { createHash } from 'node:crypto';

/**
 * Equal for equal values whatever the key order, so the hash ignores how a config file was laid out. Keys
 * starting with `$` are left out: they record where this machine found something (a plugin file's `$location`,
 * src/plugins/loadPlugins.ts), not what it is — a plugin is identified by its bytes' sha256, so a study folder
 * can move, or be checked out elsewhere, and keep its config hash.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([k, v]) => v !== undefined && !k.startsWith('$'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 hex of the canonical JSON: identifies a normalised config in provenance and on resume. */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}
