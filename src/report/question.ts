/**
 * "The question" of a report, written from the experiment itself: which mixtures (one formula, or the grid's
 * K, d and varying factors), which estimators, which estimands, which sample sizes — and, from each estimator's
 * population target (src/estimators/descriptor.ts `EstimationTarget`), what theory says it converges to:
 * k-means to the population k-means centres (Pollard 1981), not the component means (Bryant & Williamson
 * 1978); a maximum-likelihood estimator of a model containing the truth to the truth, one of a misspecified
 * model to a pseudo-true value (the rule of src/runner/theoryTargets.ts `fisherModelOf`).
 */
import { DIAGNOSTICS } from '../estimands/names.js';
import type { Summary } from '../results/summary.js';
import type { Inline } from './document.js';
import { formatInt } from './format.js';
import { designFactors } from './gridDesign.js';
import { misspecificationOf, targetOfEstimator } from './theory.js';

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);

/** "a", "a and b", "a, b and c". */
export function listText(parts: readonly string[]): string {
  return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The estimand families measured, in words: "the separation, the means, the weights, σ and the misclassification rate". */
export function estimandFamilies(summary: Summary): string {
  const keys = new Set(summary.cells.map((c) => c.estimand).filter((k) => !DIAGNOSTIC_KEYS.has(k)));
  const K = Math.max(...summary.mixtures.map((m) => m.K));
  const words: string[] = [];
  if (keys.has('separation')) words.push(K > 2 ? 'the separations (each pair and their mean)' : 'the separation of the components');
  if ([...keys].some((k) => k.startsWith('means.'))) words.push('the component means');
  if ([...keys].some((k) => k.startsWith('weights.'))) words.push('the weights');
  if ([...keys].some((k) => k.startsWith('sigma.'))) words.push('the σ’s');
  if (keys.has('misclassification')) words.push('the misclassification rate');
  const known = /^(separation|means\.|weights\.|sigma\.|misclassification)/;
  for (const k of keys) if (!known.test(k)) words.push(k);
  return listText(words);
}

/** The design in a phrase: the one mixture, or the grid's size and what varies. */
function designText(summary: Summary): string {
  const ms = summary.mixtures;
  const sizes = (xs: number[]) => listText([...new Set(xs)].sort((a, b) => a - b).map(String));
  // A plugin mechanism (src/dgm/mechanism.ts) is named as what it is, not as a spherical mixture.
  const kind = (plural: boolean): string =>
    ms.every((m) => m.mechanism === undefined) ? `spherical Gaussian mixture${plural ? 's' : ''}` : `data-generating mechanism${plural ? 's' : ''}`;
  if (ms.length === 1) {
    const m = ms[0];
    return `the ${kind(false)} ${m.id} (K = ${m.K} components, d = ${m.d}; described below)`;
  }
  const factors = designFactors(summary).map((f) => f.short);
  return `each of ${ms.length} ${kind(true)} (K = ${sizes(ms.map((m) => m.K))}, d = ${sizes(ms.map((m) => m.d))}; varying ${listText(factors)})`;
}

/** The question paragraphs: what is asked of which estimators, and what theory predicts for each. */
export function studyQuestion(summary: Summary): Inline[][] {
  const nMin = Math.min(...summary.n);
  const nMax = Math.max(...summary.n);
  const ids = (xs: readonly { id: string }[]) => listText(xs.map((e) => e.id));
  const paragraphs: Inline[][] = [
    [
      // One sample size asks nothing about convergence.
      nMin === nMax
        ? `How close are the estimates of ${estimandFamilies(summary)} to their true values at the sample size n = ${formatInt(nMin)}? `
        : `Do the estimates of ${estimandFamilies(summary)} converge to their true values as the sample size n grows from ${formatInt(nMin)} to ${formatInt(nMax)}, and how fast? `,
      `The study draws R = ${formatInt(summary.replications)} independent samples per n from ${designText(summary)} and fits ${summary.estimators.length === 1 ? 'one estimator' : `${summary.estimators.length} estimators`} (${ids(summary.estimators)}) to each.`,
    ],
  ];
  const kmeans = summary.estimators.filter((e) => targetOfEstimator(e).kind === 'kmeans-limit');
  const mle = summary.estimators.filter((e) => targetOfEstimator(e).kind === 'mixture-mle');
  const other = summary.estimators.filter((e) => targetOfEstimator(e).kind === 'none');
  const theory: Inline[] = [];
  if (kmeans.length > 0)
    theory.push(
      `${ids(kmeans)} ${kmeans.length === 1 ? 'is' : 'are'} k-means — classification maximum likelihood with equal weights and a common σ — which is not consistent for the mixture: ` +
        'as n → ∞ its centres converge to the population k-means centres (Pollard 1981), the means of the components truncated at the k-means boundary, not to the component means (Bryant & Williamson 1978). ',
    );
  const consistent = mle.filter((e) => summary.mixtures.every((m) => misspecificationOf(e, m) === null));
  const misspecified = mle.filter((e) => !consistent.includes(e));
  if (consistent.length > 0)
    theory.push(
      // Posterior means (gibbs, vb) share the MLE's target: Bernstein–von Mises gives them its limit and sd∞.
      `${ids(consistent)} ${consistent.length === 1 ? 'estimates' : 'estimate'} a mixture model that contains the truth ` +
        '(by maximum likelihood, or as a posterior mean, which by the Bernstein–von Mises theorem has the same limit and sd∞): consistent, ' +
        'with an RMSE that falls like sd∞/√n, sd∞ from the Fisher information of the model where it is computed. ',
    );
  for (const e of misspecified) {
    const wrong = summary.mixtures.filter((m) => misspecificationOf(e, m) !== null);
    const where = wrong.map((m) => m.id);
    const reason = misspecificationOf(e, wrong[0]) ?? '';
    theory.push(`${e.id} fits a model that does not contain the truth${summary.mixtures.length > 1 ? ` for ${listText(where)}` : ''} (${reason}). `);
  }
  if (other.length > 0) theory.push(`${ids(other)} ${other.length === 1 ? 'states' : 'state'} no population target; ${other.length === 1 ? 'it is' : 'they are'} measured against the truth. `);
  theory.push('Every performance measure is reported with its Monte Carlo standard error (MCSE; Morris, White & Crowther 2019).');
  paragraphs.push(theory);
  return paragraphs;
}
