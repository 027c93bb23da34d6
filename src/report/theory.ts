/**
 * Theory overlays read from a summary, defensively. The theory attached to each mixture grows as src/theory
 * evolves (k-means population limit and its CLT sd, Fisher sd∞ of the MLE); the report draws an overlay only
 * when the value is present and finite, so an older or partial summary still renders, just with fewer reference lines.
 */
import type { Summary } from '../runner/summary.js';

export type SummaryMixture = Summary['mixtures'][number];

export interface FisherSd {
  /** sd∞ of the separation when only the means are estimated (w, σ known). */
  readonly meansOnly: number | null;
  /** sd∞ when weights, means and σ are all estimated. */
  readonly allParameters: number | null;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function finite(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

export function findMixture(summary: Summary, mixtureId: string): SummaryMixture {
  const m = summary.mixtures.find((x) => x.id === mixtureId);
  if (m === undefined) throw new RangeError(`no mixture "${mixtureId}" in summary ${summary.name}`);
  return m;
}

/** True value of an estimand for a mixture, from the summary's cells (null when it has none). */
export function truthOf(summary: Summary, mixtureId: string, estimand: string): number | null {
  for (const c of summary.cells) if (c.mixture === mixtureId && c.estimand === estimand && c.truth !== null) return c.truth;
  return null;
}

/**
 * The k-means population limit of an estimand: the `limit` the summary attached to k-means-type cells, else
 * (separation only) `theory.kmeansLimit.separation`. Null when neither is present.
 */
export function kmeansLimitOf(summary: Summary, mixtureId: string, estimand: string): number | null {
  for (const c of summary.cells) if (c.mixture === mixtureId && c.estimand === estimand && c.limit !== null && Number.isFinite(c.limit)) return c.limit;
  if (estimand !== 'separation') return null;
  const theory: unknown = findMixture(summary, mixtureId).theory;
  if (!isRecord(theory) || !isRecord(theory.kmeansLimit)) return null;
  return finite(theory.kmeansLimit.separation);
}

/** Estimators whose cells carry a population limit for this estimand (those the limit line refers to). */
export function estimatorsWithLimit(summary: Summary, mixtureId: string, estimand: string): string[] {
  const out: string[] = [];
  for (const c of summary.cells)
    if (c.mixture === mixtureId && c.estimand === estimand && c.limit !== null && !out.includes(c.estimator)) out.push(c.estimator);
  return out;
}

/** Fisher sd∞ of the separation MLE (`theory.fisher`), or null when the summary has none. */
export function fisherSdOf(summary: Summary, mixtureId: string): FisherSd | null {
  const theory: unknown = findMixture(summary, mixtureId).theory;
  if (!isRecord(theory) || !isRecord(theory.fisher)) return null;
  const meansOnly = finite(theory.fisher.sdMeansOnly);
  const allParameters = finite(theory.fisher.sdAllParameters);
  return meansOnly === null && allParameters === null ? null : { meansOnly, allParameters };
}

/** Pollard-CLT sd of the k-means separation (`theory.kmeansLimit.kmeansSd`): sd ≈ kmeansSd/√n. Null when absent. */
export function kmeansSdOf(summary: Summary, mixtureId: string): number | null {
  const theory: unknown = findMixture(summary, mixtureId).theory;
  if (!isRecord(theory) || !isRecord(theory.kmeansLimit)) return null;
  return finite(theory.kmeansLimit.kmeansSd);
}
