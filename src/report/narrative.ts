/**
 * The report's prose, generated from the config, the summary and the manifest: the question, the
 * data-generating mechanism and the estimators in words, the headline numbers at the largest n, and the
 * provenance. Every number is interpolated from the results, so the text cannot drift from the tables.
 */
import { describeMethod } from '../estimators/registry.js';
import { configHash, type EstimatorSpec } from '../config/index.js';
import { DIAGNOSTICS } from '../estimands/names.js';
import type { ReplicationRow } from '../results/rows.js';
import type { Manifest } from '../results/manifest.js';
import type { Summary } from '../results/summary.js';
import { type Inline, type Table } from './document.js';
import { estimandLabel, estimandPhrase } from './estimandLabels.js';
import { formatEstimate, formatInt, formatNumber, formatPercent, formatSeconds, NOT_AVAILABLE_TEXT } from './format.js';
import { type SummaryMixture, bayesErrorOf, fisherMeansOnlyOf, fisherModelText, fisherSdsOf, kmeansLimitOf, kmeansSdOf, theoryGapsOf, truthOf } from './theory.js';
import { CellIndex } from './tables.js';
import { studyQuestion } from './question.js';

/** The Bayes error of each mechanism that records one (src/theory/bayesError.ts), or null when none does. */
export function bayesErrorParagraph(summary: Summary): Inline[] | null {
  if (!summary.cells.some((c) => c.estimand === 'misclassification')) return null;
  const each = summary.mixtures.flatMap((m) => {
    const b = bayesErrorOf(summary, m.id);
    if (b === null) return [];
    const value = b.method === 'exact' ? `${formatNumber(b.value, 5)} (exact)` : `${formatEstimate(b.value, b.mcse)} (Monte Carlo, ± its SE)`;
    return [summary.mixtures.length > 1 ? `${m.id} ${value}` : value];
  });
  if (each.length === 0) return null;
  return [
    'The misclassification rate is measured against the Bayes error of the true mixture, the rate of the rule that assigns each point to its most probable component ',
    `under the true parameters, which no classifier beats on average: ${each.join('; ')}.`,
  ];
}

const DIAGNOSTIC_KEYS: ReadonlySet<string> = new Set(DIAGNOSTICS);

/** A number in running text: formatNumber with the typographic minus. */
const num = (x: number): string => formatNumber(x, 4);

/** "0.5·N(−1, 1) + 0.5·N(1, 1)" (1-D) or "0.5·N((−1, 0), 1·I₂) + …" (d > 1); N(mean, variance). */
export function mixtureFormula(m: SummaryMixture): string {
  return m.weights
    .map((w, k) => {
      const mean = m.d === 1 ? num(m.means[k][0]) : `(${m.means[k].map(num).join(', ')})`;
      const variance = num(m.sigmas[k] ** 2);
      return `${num(w)}·N(${mean}, ${m.d === 1 ? variance : `${variance}·I${m.d === 2 ? '₂' : m.d === 3 ? '₃' : `_${m.d}`}`})`;
    })
    .join(' + ');
}

/** One sentence per estimator: what it is, with its options as configured (from its descriptor). */
export function describeEstimator(e: EstimatorSpec): string {
  return describeMethod(e, num);
}

/**
 * The question of the study, and for each mechanism what theory predicts (only the values the summary has),
 * ending with the Bayes error of each mechanism, the floor of its misclassification rate.
 */
export function questionText(summary: Summary): Inline[][] {
  // Written from the config: its mixtures, estimators, estimands and their targets (./question.ts).
  const paragraphs: Inline[][] = studyQuestion(summary);
  for (const m of summary.mixtures) {
    // Theory values the summary could not compute, with the reasons it recorded: said, never silently left out.
    const gaps = theoryGapsOf(summary, m.id);
    const gapParts: Inline[] = gaps.length === 0 ? [] : [` Not available for ${m.id}: ${gaps.join('; ')}.`];
    const truth = m.K === 2 ? truthOf(summary, m.id, 'separation') : null;
    const limit = kmeansLimitOf(summary, m.id, 'separation');
    const fishers = fisherSdsOf(summary, m.id).filter((f) => f.sd !== null);
    const meansOnly = fisherMeansOnlyOf(summary, m.id);
    if (truth === null || (limit === null && fishers.length === 0 && meansOnly === null)) {
      if (gapParts.length > 0) paragraphs.push([{ strong: `${m.id}:` }, ...gapParts]);
      continue;
    }
    const kmSd = kmeansSdOf(summary, m.id);
    const parts: Inline[] = [{ strong: `${m.id}:` }, ` the true separation |μ₂ − μ₁| is ${num(truth)}`];
    if (limit !== null) parts.push(`; k-means converges to ${formatNumber(limit, 5)}, a relative bias of ${formatPercent((limit - truth) / truth)}`);
    if (limit !== null && kmSd !== null) parts.push(`, with asymptotic standard deviation ${num(kmSd)}/√n (Pollard 1982)`);
    // Each maximum-likelihood estimator's asymptotic sd comes from the Fisher information of its own model.
    if (fishers.length > 0) {
      const each = fishers.map((f) => `${f.estimator} sd∞ = ${num(f.sd as number)} (${fisherModelText(f.covariance, f.weights)})`);
      parts.push(`; the MLE's asymptotic standard deviation is sd∞/√n with, from the Fisher information of each estimator's model, ${each.join(', ')}`);
    }
    if (meansOnly !== null) parts.push(`${fishers.length > 0 ? ', and' : '; the MLE’s sd∞ is'} ${num(meansOnly)} when only the means are estimated`);
    parts.push('.', ...gapParts);
    paragraphs.push(parts);
  }
  const bayes = bayesErrorParagraph(summary);
  if (bayes !== null) paragraphs.push(bayes);
  return paragraphs;
}

/** The data-generating mechanism and design in words, as list items. */
export function mechanismItems(summary: Summary, nested: boolean | undefined): Inline[][] {
  const items: Inline[][] = summary.mixtures.map((m) =>
    m.mechanism === undefined
      ? [
          { strong: m.id },
          `: ${mixtureFormula(m)} — ${m.K} components in ${m.d} dimension${m.d === 1 ? '' : 's'}, N(mean, variance); weights ${m.weights.map(num).join(', ')}; σ ${m.sigmas.map(num).join(', ')}.`,
        ]
      : // A plugin mechanism (src/dgm/mechanism.ts): its own sentence, its truth, the file and params it came from.
        [
          { strong: m.id },
          `: ${m.mechanism.description} — plugin mechanism ${m.mechanism.name} (`,
          { code: m.mechanism.module },
          ', params ',
          { code: JSON.stringify(m.mechanism.params) },
          `); ${m.K} components in ${m.d} dimension${m.d === 1 ? '' : 's'}, true means ${m.means.map((r) => `(${r.map(num).join(', ')})`).join(', ')}; weights ${m.weights.map(num).join(', ')}${m.mechanism.sigmaDefined ? `; σ ${m.sigmas.map(num).join(', ')}` : '; no σ (the components are not spherical)'}.`,
        ],
  );
  items.push([`Sample sizes n = ${summary.n.map(formatInt).join(', ')}${nested === true ? ' (within a replication the smaller samples are prefixes of the largest one)' : ''}.`]);
  items.push([`R = ${formatInt(summary.replications)} independent replications per sample size, from seed `, { code: String(summary.seed) }, '.']);
  return items;
}

/**
 * Whether a k-means estimator's fits are the estimator's or an algorithm's (null for other methods). The
 * k-means limit is that of the global minimiser (Bryant & Williamson 1978), so a local optimum of the algorithm
 * shows up as bias: kmeans-exact is global by construction; for Lloyd — and any method whose fits record
 * `globalOptimum` 0 — the per-fit diagnostic `restartsAtBest` (src/estimands/names.ts) shows how often starts
 * missed the best objective found.
 */
export function optimumSentence(e: EstimatorSpec, rows: readonly ReplicationRow[], oneDimensional: boolean): string | null {
  // A plugin estimator's own options and target are its author's: no advice about k-means restarts.
  if (e.plugin !== undefined) return null;
  const own = rows.filter((row) => row.estimator === e.id && row.status !== 'error');
  const local = e.method === 'kmeans' || own.some((row) => row.values.globalOptimum === 0);
  if (!local) {
    const exact = e.method === 'kmeans-exact' || (own.length > 0 && own.every((row) => row.values.globalOptimum === 1));
    return exact ? 'Exact algorithm: every fit is the global minimiser, so its numbers are those of the k-means estimator itself.' : null;
  }
  const configured = (e.options as { restarts?: unknown }).restarts;
  const R = typeof configured === 'number' ? configured : 1;
  const advice = R < 10 ? ` Use restarts ≥ 10${oneDimensional ? ', or the exact method kmeans-exact for 1-D data' : ''}.` : '';
  const lead = `${e.method === 'kmeans' ? 'Lloyd' : `Method ${e.method}`} with ${R} ${R === 1 ? 'start' : 'starts'}: the global optimum is not guaranteed`;
  const limit = 'the k-means limit is that of the global minimiser (Bryant & Williamson 1978)';
  if (R === 1) {
    return `${lead}, and a single start cannot show how often it is missed, so these numbers may be the algorithm’s rather than the k-means estimator’s: ${limit}, and every worse local optimum counts as bias against it.${advice}`;
  }
  let fits = 0;
  let short = 0;
  let missed = 0;
  for (const row of own) {
    const v = row.values.restartsAtBest;
    if (typeof v !== 'number') continue;
    fits++;
    if (v < R) short++;
    missed += R - v;
  }
  if (fits === 0) return `${lead}; these results do not record how many starts reached the best objective found.${advice}`;
  if (short === 0) return `${lead}, but in all ${formatInt(fits)} fits every start reached the same best objective: no worse local optimum was seen.${advice}`;
  return (
    `${lead}; in ${formatPercent(short / fits)} of fits (${formatInt(short)} of ${formatInt(fits)}) fewer than all ${R} starts reached the best objective found, ` +
    `and ${formatPercent(missed / (fits * R))} of single starts ended at a worse local optimum. Where even the best start misses the global minimiser the difference is the algorithm’s rather than the estimator’s: ${limit}.${advice}`
  );
}

export function estimatorItems(summary: Summary, rows: readonly ReplicationRow[] = []): Inline[][] {
  const oneDimensional = summary.mixtures.some((m) => m.d === 1);
  return summary.estimators.map((e) => {
    const optimum = optimumSentence(e, rows, oneDimensional);
    return [
      { strong: e.id },
      ` (method `,
      { code: e.method },
      `): ${describeEstimator(e)}; options as configured: `,
      { code: Object.keys(e.options).length === 0 ? '{}' : JSON.stringify(e.options) },
      optimum === null ? '.' : `. ${optimum}`,
    ];
  });
}

export function estimandItems(summary: Summary): Inline[] {
  const keys = new Set<string>();
  for (const c of summary.cells) keys.add(c.estimand);
  const d = summary.mixtures[0]?.d ?? 1;
  const K = summary.mixtures[0]?.K ?? 2;
  const estimands = [...keys].filter((k) => !DIAGNOSTIC_KEYS.has(k));
  return [
    'Estimands (components matched to the true ones): ',
    estimands.map((k) => estimandPhrase(estimandLabel(k, d, K))).join('; '),
    '. Performance measures per estimand: mean, bias, empirical SE, MSE and RMSE, each with its MCSE; failed fits are counted, never dropped silently.',
    // A summary.json written before it recorded its MCSE form used Morris et al.'s normal-theory EmpSE/√(2(R−1)).
    ` Monte Carlo SEs: ${summary.mcse ?? 'form not recorded (an older summary.json: normal-theory MCSE of the empirical SE, too small for heavy-tailed estimates; re-run to update)'}.`,
  ];
}

/**
 * Per mixture and estimator at the largest n: the separation estimate (for K > 2 the mean pairwise distance),
 * its bias, and the distance to the limit.
 */
export function headlineItems(summary: Summary): Inline[][] {
  const nMax = Math.max(...summary.n);
  const index = new CellIndex(summary.cells);
  const items: Inline[][] = [];
  for (const m of summary.mixtures) {
    const what = m.K > 2 ? 'mean of the mean pairwise separation' : 'mean separation';
    for (const e of summary.estimators) {
      const c = index.get(m.id, nMax, e.id, 'separation');
      if (c === undefined || c.mean.value === null) continue;
      const parts: Inline[] = [
        { strong: summary.mixtures.length > 1 ? `${m.id}, ${e.id}` : e.id },
        `: ${what} ${formatEstimate(c.mean.value, c.mean.mcse)}; bias ${formatEstimate(c.vsTruth.bias.value, c.vsTruth.bias.mcse)} against the truth ${formatNumber(c.truth)}`,
      ];
      if (c.vsTruth.bias.value !== null && c.vsTruth.bias.mcse !== null && c.vsTruth.bias.mcse > 0)
        parts.push(` (${formatNumber(Math.abs(c.vsTruth.bias.value / c.vsTruth.bias.mcse), 2)} MCSE from 0)`);
      if (c.vsLimit !== null && c.vsLimit.target !== null)
        parts.push(`; mean − k-means limit ${formatNumber(c.vsLimit.target, 5)}: ${formatEstimate(c.vsLimit.bias.value, c.vsLimit.bias.mcse)}`);
      parts.push(`; RMSE ${formatEstimate(c.vsTruth.rmse.value, c.vsTruth.rmse.mcse)} (${c.nUsed} of ${c.nTotal} fits used).`);
      items.push(parts);
    }
  }
  return items;
}

/** Total fits by status, as one sentence: "All 440 fits ended ok." or "437 of 440 fits ended ok; 3 not-converged." */
export function statusSentence(rows: readonly { status: string }[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const ok = counts.get('ok') ?? 0;
  if (ok === rows.length) return `All ${formatInt(rows.length)} fits ended with status ok.`;
  const rest = [...counts]
    .filter(([s]) => s !== 'ok')
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([s, k]) => `${formatInt(k)} ${s}`)
    .join(', ');
  return `${formatInt(ok)} of ${formatInt(rows.length)} fits ended with status ok; the others: ${rest}.`;
}

export interface ToolVersions {
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
}

/** Provenance as a two-column table: what was run, where, with what and for how long. */
export function provenanceTable(summary: Summary, manifest: Manifest, tools: ToolVersions, fitSeconds: number | null): Table {
  const env = manifest.environment;
  const sessions = manifest.sessions;
  const wall = sessions.reduce((a, s) => a + (s.wallSeconds ?? 0), 0);
  const workers = [...new Set(sessions.map((s) => s.workers))].join(', ');
  const row = (k: string, v: string): string[] => [k, v];
  return {
    id: 'table-provenance',
    caption: 'Provenance of the results.',
    columns: [
      { header: 'item', align: 'left' },
      { header: 'value', align: 'left' },
    ],
    rows: [
      row('experiment', summary.name),
      row('config hash', `${summary.configHash} (${configHash(manifest.config) === summary.configHash ? 'matches' : 'does NOT match'} the config below)`),
      row('seed', String(summary.seed)),
      row('replications', formatInt(summary.replications)),
      row('mixstudy version', env.packageVersion),
      row('git commit', env.gitCommit ?? 'not a git checkout'),
      row('Node.js', `${env.node} (${env.platform})`),
      row('CPU', `${env.cpu} × ${env.cores}`),
      row('run sessions', `${sessions.length} (workers: ${workers === '' ? NOT_AVAILABLE_TEXT : workers})`),
      row('started', sessions[0]?.startedAt ?? NOT_AVAILABLE_TEXT),
      row('finished', sessions.at(-1)?.endedAt ?? NOT_AVAILABLE_TEXT),
      row('wall time (all sessions)', formatSeconds(wall)),
      row('fit time (sum over fits)', formatSeconds(fitSeconds)),
      row('figures drawn with', `vega ${tools.vega}, vega-lite ${tools.vegaLite}, vega-embed ${tools.vegaEmbed}`),
    ],
  };
}
