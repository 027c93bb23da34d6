/**
 * The estimands a config may request (README "Estimands"). The names are part of the results format: the
 * runner writes them, the report and regression checks read them, so they live in one list. Each yields one
 * value per replication, which performance measures then summarise (Morris, White & Crowther 2019,
 * Stat Med 38:2074–2102, Table 6).
 */
export const ESTIMANDS = ['separation', 'means', 'weights', 'sigma', 'misclassification'] as const;
export type EstimandName = (typeof ESTIMANDS)[number];

/**
 * Fit diagnostics recorded with every measurement whatever the config asks for: they are what a reader needs
 * to judge the other values (an ambiguous alignment, a fit that did not converge, a local optimum of the
 * algorithm standing in for the estimator's global one). The one list of diagnostics: the summary, the report
 * and the regression checks classify a key as a diagnostic by membership here.
 */
export const DIAGNOSTICS = ['alignmentMargin', 'objective', 'logLik', 'iterations', 'converged', 'globalOptimum', 'restartsAtBest'] as const;
export type DiagnosticName = (typeof DIAGNOSTICS)[number];

/**
 * The prefix of the per-fit diagnostics an estimator reports itself (`Fit.diagnostics` in src/types.ts), written
 * into the row's values by measureFit after the keys above: for the Gibbs sampler `diag.rhat.<key>` and
 * `diag.ess.<key>` (split-R̂ and bulk ESS, Vehtari et al. 2021) for every estimand key that varies
 * (`separation`, `means.<k>.<j>`, `weights.<k>`, `sigma.<k>`, components aligned to the truth like the
 * estimates), `diag.rhatMax`, `diag.essMin` and `diag.metropolisAcceptance` (src/estimators/bayes/gibbs.ts).
 * They are recorded per replication only: the summary's cells are the keys of {@link estimandKeys}.
 */
export const FIT_DIAGNOSTICS_PREFIX = 'diag.';

export function isEstimandName(s: string): s is EstimandName {
  return (ESTIMANDS as readonly string[]).includes(s);
}

/**
 * Every key a measurement of these estimands holds, in the order measureFit writes them, for K components in
 * d dimensions (components and coordinates are 0-based):
 * - `separation` — K = 2: ‖μ̂_1 − μ̂_0‖; K > 2: the mean of all K(K−1)/2 pairwise distances, plus
 *   `separation.<i>-<j>` (i < j, true-component indices after alignment); K = 1: null.
 * - `means.<k>.<j>`, `weights.<k>`, `sigma.<k>` — aligned to true component k.
 * - `misclassification`, then the diagnostics `alignmentMargin`, `objective`, `logLik`, `iterations`, `converged`,
 *   `globalOptimum` (1: the fit is known to be the global optimum of its objective, kmeans-exact; 0: not known,
 *   Lloyd's k-means; null: the estimator does not say, EM and CEM) and `restartsAtBest` (how many of the
 *   configured restarts ended at the best objective found, within kmeans.ts RESTART_TIE_RTOL; null where
 *   the fit did not come from restarted local search: kmeans-exact, EM, CEM).
 */
export function estimandKeys(estimands: readonly EstimandName[], K: number, d: number): string[] {
  const want = requested(estimands);
  const keys: string[] = [];
  if (want.has('separation')) {
    keys.push('separation');
    if (K > 2) for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) keys.push(`separation.${i}-${j}`);
  }
  if (want.has('means')) for (let k = 0; k < K; k++) for (let t = 0; t < d; t++) keys.push(`means.${k}.${t}`);
  if (want.has('weights')) for (let k = 0; k < K; k++) keys.push(`weights.${k}`);
  if (want.has('sigma')) for (let k = 0; k < K; k++) keys.push(`sigma.${k}`);
  if (want.has('misclassification')) keys.push('misclassification');
  keys.push(...DIAGNOSTICS);
  return keys;
}

/** The requested set, rejecting names a typed caller could still smuggle in from parsed JSON. */
export function requested(estimands: readonly string[]): ReadonlySet<EstimandName> {
  const out = new Set<EstimandName>();
  for (const e of estimands) {
    if (!isEstimandName(e)) throw new RangeError(`unknown estimand "${e}" (expected one of ${ESTIMANDS.join(', ')})`);
    out.add(e);
  }
  return out;
}
