/**
 * Whether a new run can be compared with a baseline, and how. A regression check asks "did the code move the
 * estimators?", so the design must be the same — mixtures, n, nesting, estimators with their options and
 * estimands (compared as canonical JSON). Then:
 * - same seed and replications ⇒ every replication sees the same data (common random numbers): paired mode;
 * - another seed or replication count ⇒ independent draws of the same design: independent mode
 *   (a reduced check with fewer replications is such a case).
 * Title and description never matter. Any design difference is unusable input (exit 2): comparing different
 * designs would report the config change as a code regression.
 */
import { canonicalJson, type ExperimentConfig } from '../config/index.js';
import { UserError } from '../errors/userError.js';

export type ConfigMatch =
  | { readonly kind: 'same-seed'; readonly reason: string }
  | { readonly kind: 'other-seed'; readonly reason: string };

const DESIGN_FIELDS = ['name', 'n', 'nested', 'mixtures', 'estimators', 'estimands'] as const;

export function matchConfigs(base: ExperimentConfig, next: ExperimentConfig, baselinePath: string): ConfigMatch {
  const differ = DESIGN_FIELDS.filter((f) => canonicalJson(base[f]) !== canonicalJson(next[f]));
  if (differ.length > 0) {
    throw new UserError(
      `config mismatch: the config differs from the one ${baselinePath} was made from in ${differ.join(', ')}; ` +
        'a regression check needs the same design (only seed and replications may differ). Check against the ' +
        'baseline\'s own config (omit --config), or make a new baseline from a run of this config ' +
        `(\`mixstudy run <config>\`, then \`mixstudy baseline ${next.name}\`)`,
    );
  }
  if (canonicalJson(base.seed) === canonicalJson(next.seed) && base.replications === next.replications) {
    return { kind: 'same-seed', reason: `same design, seed ${JSON.stringify(next.seed)} and ${next.replications} replications: common random numbers` };
  }
  const what: string[] = [];
  if (canonicalJson(base.seed) !== canonicalJson(next.seed)) what.push(`seed ${JSON.stringify(base.seed)} → ${JSON.stringify(next.seed)}`);
  if (base.replications !== next.replications) what.push(`replications ${base.replications} → ${next.replications}`);
  return { kind: 'other-seed', reason: `same design, ${what.join(', ')}: independent draws` };
}
