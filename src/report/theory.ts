/**
 * Theory overlays read from a summary, defensively. The theory attached to each mixture grows as src/theory
 * evolves (k-means population limit and its CLT sd, the Fisher sd∞ of each maximum-likelihood estimator's own
 * model); the report draws an overlay only when the value is present and finite, so an older or partial summary
 * still renders, just with fewer reference lines, and says why a value is missing when the summary records it.
 */
import type { EstimationTarget } from '../estimators/descriptor.js';
import { targetOf } from '../estimators/registry.js';
import type { Summary } from '../results/summary.js';
import { notSpherical } from '../runner/mechanismTheory.js';
import { fisherModelOf } from '../runner/theoryTargets.js';

export type SummaryMixture = Summary['mixtures'][number];

/** The Fisher sd∞ of one estimator's model, as the summary records it (src/runner/theoryTargets.ts). */
export interface EstimatorFisherSd {
  readonly estimator: string;
  /** sd∞ of the separation (RMSE ≈ sd∞/√n), or null with `reason`. */
  readonly sd: number | null;
  readonly reason: string | null;
  /** The model: σ 'equal' (shared), 'unequal' (per component) or 'fixed'; weights 'estimated' or 'fixed'. */
  readonly covariance: string;
  readonly weights: string;
}

/** One sd∞/√n line and the estimators drawn against it (estimators whose models give the same sd∞ share it). */
export interface FisherLine {
  readonly sd: number;
  readonly estimators: string[];
  /** "a σ per component, weights estimated" etc.: the model in words. */
  readonly model: string;
  /** The same for a legend: "σ per component". */
  readonly modelShort: string;
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

function fisherRecord(summary: Summary, mixtureId: string): Record<string, unknown> | null {
  const theory: unknown = findMixture(summary, mixtureId).theory;
  return isRecord(theory) && isRecord(theory.fisher) ? theory.fisher : null;
}

/** The model of a Fisher entry in words: "one σ shared, weights estimated". */
export function fisherModelText(covariance: string, weights: string): string {
  const sigma = covariance === 'unequal' ? 'a σ per component' : covariance === 'fixed' ? 'σ known' : 'one σ shared';
  return `${sigma}, weights ${weights === 'fixed' ? 'known' : 'estimated'}`;
}

/** The model in a few words for a legend: "σ per component", "σ shared, w known". */
export function fisherModelShort(covariance: string, weights: string): string {
  const sigma = covariance === 'unequal' ? 'σ per component' : covariance === 'fixed' ? 'σ known' : 'σ shared';
  return weights === 'fixed' ? `${sigma}, w known` : sigma;
}

/**
 * The Fisher sd∞ of each maximum-likelihood estimator's own model (`theory.fisher.estimators`), in config order;
 * entries with sd null carry the reason. Empty for a summary without them (one written before they existed).
 */
export function fisherSdsOf(summary: Summary, mixtureId: string): EstimatorFisherSd[] {
  const fisher = fisherRecord(summary, mixtureId);
  if (fisher === null || !isRecord(fisher.estimators)) return [];
  const byId = fisher.estimators;
  const out: EstimatorFisherSd[] = [];
  for (const e of summary.estimators) {
    const entry = byId[e.id];
    if (!isRecord(entry)) continue;
    const sd = finite(entry.sd);
    const reason = typeof entry.reason === 'string' ? entry.reason : sd === null ? 'not recorded' : null;
    out.push({ estimator: e.id, sd, reason, covariance: String(entry.covariance), weights: String(entry.weights) });
  }
  return out;
}

/** The Fisher sd∞ of one estimator's model, or null when the summary has none for it. */
export function fisherSdOf(summary: Summary, mixtureId: string, estimatorId: string): EstimatorFisherSd | null {
  return fisherSdsOf(summary, mixtureId).find((f) => f.estimator === estimatorId) ?? null;
}

/** The distinct sd∞/√n lines to draw: one per value, naming every estimator drawn against it. */
export function fisherLinesOf(summary: Summary, mixtureId: string): FisherLine[] {
  const lines: FisherLine[] = [];
  for (const f of fisherSdsOf(summary, mixtureId)) {
    if (f.sd === null) continue;
    const same = lines.find((l) => l.sd === f.sd);
    if (same !== undefined) same.estimators.push(f.estimator);
    else lines.push({ sd: f.sd, estimators: [f.estimator], model: fisherModelText(f.covariance, f.weights), modelShort: fisherModelShort(f.covariance, f.weights) });
  }
  return lines;
}

/** sd∞ with only the means estimated (weights and σ known; `theory.fisher.meansOnly`), or null. */
export function fisherMeansOnlyOf(summary: Summary, mixtureId: string): number | null {
  const fisher = fisherRecord(summary, mixtureId);
  return fisher !== null && isRecord(fisher.meansOnly) ? finite(fisher.meansOnly.sd) : null;
}

/** Why theory values of a mixture are missing, as the summary records them: its notes, then each estimator without an sd∞. */
export function theoryGapsOf(summary: Summary, mixtureId: string): string[] {
  const theory: unknown = findMixture(summary, mixtureId).theory;
  const gaps: string[] = [];
  if (isRecord(theory) && Array.isArray(theory.notes)) for (const n of theory.notes) if (typeof n === 'string') gaps.push(n);
  for (const f of fisherSdsOf(summary, mixtureId)) if (f.sd === null) gaps.push(`no Fisher sd∞ for ${f.estimator} (${fisherModelText(f.covariance, f.weights)}): ${f.reason ?? 'not recorded'}`);
  return gaps;
}

/** Pollard-CLT sd of the k-means separation (`theory.kmeansLimit.kmeansSd`): sd ≈ kmeansSd/√n. Null when absent. */
export function kmeansSdOf(summary: Summary, mixtureId: string): number | null {
  const theory: unknown = findMixture(summary, mixtureId).theory;
  if (!isRecord(theory) || !isRecord(theory.kmeansLimit)) return null;
  return finite(theory.kmeansLimit.kmeansSd);
}

/** The asymptotic sd of √n·(estimate) an estimator's empirical SE is compared with, and where it comes from. */
export interface SpreadTheory {
  readonly sd: number;
  /** "Fisher" (the MLE's own model) or "Pollard" (the k-means CLT). */
  readonly source: 'Fisher' | 'Pollard';
}

/**
 * sd∞ of √n·EmpSE for one estimator's cells of an estimand: the Fisher sd∞ of the estimator's model for a
 * maximum-likelihood estimator, the Pollard-CLT sd for an estimator whose cells carry the k-means limit. The
 * summary records both for the separation only, so every other estimand gets null.
 */
export function spreadTheoryOf(summary: Summary, mixtureId: string, estimatorId: string, estimand: string): SpreadTheory | null {
  if (estimand !== 'separation') return null;
  const fisher = fisherSdOf(summary, mixtureId, estimatorId);
  if (fisher !== null) return fisher.sd === null ? null : { sd: fisher.sd, source: 'Fisher' };
  if (!estimatorsWithLimit(summary, mixtureId, estimand).includes(estimatorId)) return null;
  const sd = kmeansSdOf(summary, mixtureId);
  return sd === null ? null : { sd, source: 'Pollard' };
}

/** The Bayes error of the true mixture (`theory.bayesError`, src/theory/bayesError.ts), or null when the summary has none. */
export function bayesErrorOf(summary: Summary, mixtureId: string): { value: number; mcse: number; method: string } | null {
  const theory: unknown = findMixture(summary, mixtureId).theory;
  if (!isRecord(theory) || !isRecord(theory.bayesError)) return null;
  const value = finite(theory.bayesError.value);
  if (value === null) return null;
  return { value, mcse: finite(theory.bayesError.mcse) ?? 0, method: String(theory.bayesError.method) };
}

/**
 * Why a mechanism has no Bayes error, for a caption: a plugin mechanism's density is not a spherical Gaussian
 * mixture the theory knows (src/runner/mechanismTheory.ts leaves it out), while a spherical mixture lacks one
 * only in a summary written before it was computed.
 */
export function noBayesErrorReason(summary: Summary, mixtureId: string): string {
  const m = findMixture(summary, mixtureId);
  return m.mechanism !== undefined ? `not computed: ${notSpherical(m.mechanism)}` : 'not recorded in this summary (written before it was computed)';
}

/**
 * An estimator's population target (src/estimators/descriptor.ts `EstimationTarget`); 'none' for a method this
 * installation does not know (e.g. a plugin that is not loaded), which states no target.
 */
export function targetOfEstimator(e: Summary['estimators'][number]): EstimationTarget {
  try {
    return targetOf(e);
  } catch {
    return { kind: 'none' };
  }
}

/**
 * Why a maximum-likelihood estimator's model does not contain a mechanism's truth (it then converges to a
 * pseudo-true value; the rule of src/runner/theoryTargets.ts `fisherModelOf`), or null when it does or the
 * estimator is not maximum likelihood.
 */
export function misspecificationOf(e: Summary['estimators'][number], m: SummaryMixture): string | null {
  if (targetOfEstimator(e).kind !== 'mixture-mle') return null;
  return fisherModelOf(e, m)?.reason ?? null;
}
