/**
 * Reading the summaries the paper needs, strictly: a missing cell, estimator or mixture is an error naming
 * what the paper expected, because a figure silently drawn without its data would mislead.
 */
import type { ExperimentConfig } from '../config/index.js';
import type { Summary, SummaryCell } from '../results/summary.js';

export function cell(summary: Summary, mixture: string, n: number, estimator: string, estimand: string): SummaryCell {
  const c = summary.cells.find((x) => x.mixture === mixture && x.n === n && x.estimator === estimator && x.estimand === estimand);
  if (c === undefined) throw new Error(`${summary.name}: no ${estimand} cell for mixture ${mixture}, n = ${n}, estimator ${estimator}`);
  return c;
}

export function requireEstimator(config: ExperimentConfig | Summary, id: string, methods: readonly string[]): void {
  const e = config.estimators.find((x) => x.id === id);
  if (e === undefined || !methods.includes(e.method)) {
    throw new Error(`${config.name}: the paper needs an estimator "${id}" with method ${methods.join(' or ')} (config has ${config.estimators.map((x) => `${x.id}:${x.method}`).join(', ')})`);
  }
}

export const nMax = (summary: Summary): number => Math.max(...summary.n);
export const nMin = (summary: Summary): number => Math.min(...summary.n);

/** Failed fits of an estimator over all cells of an estimand, as "k of N". */
export function failures(summary: Summary, estimator: string, estimand = 'separation'): { failed: number; total: number; byStatus: Record<string, number> } {
  let failed = 0;
  let total = 0;
  const byStatus: Record<string, number> = {};
  for (const c of summary.cells) {
    if (c.estimator !== estimator || c.estimand !== estimand) continue;
    failed += c.nFailed;
    total += c.nTotal;
    for (const [s, k] of Object.entries(c.failures)) byStatus[s] = (byStatus[s] ?? 0) + k;
  }
  return { failed, total, byStatus };
}

/** " The MLE failed in 1 of 2,200 fits (1 not-converged), excluded from the means." or "". */
export function failureSentence(summary: Summary, estimator: string, who: string): string {
  const f = failures(summary, estimator);
  if (f.failed === 0) return '';
  const kinds = Object.entries(f.byStatus)
    .map(([s, k]) => `${k} ${s}`)
    .join(', ');
  return ` ${who} failed in ${f.failed} of ${f.total.toLocaleString('en-US')} fits (${kinds}); failed fits are excluded from the means and counted in the failures section.`;
}
