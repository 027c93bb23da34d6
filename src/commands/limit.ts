/**
 * `mixstudy limit`: the theoretical k-means limit (Bryant & Williamson 1978; Pollard 1981/1982) and the mixture
 * MLE's Fisher sd∞ for a mixture given on the command line — the numbers the reports overlay on every figure.
 * The sd∞ depends on the model the MLE fits (src/theory/fisher.ts): `--covariance` and `--weights-known` choose it.
 */
import type { CommandModule } from 'yargs';
import { type MixtureInput, type MixtureProblem, mixtureProblems, type SphericalMixture, toSphericalMixture } from '../mixture/spherical.js';
import { type CovarianceModel, type FisherModel, MEANS_ONLY } from '../theory/fisher.js';
import { type FisherSdOrReason, fisherSeparationSdOrReason } from '../theory/fisherOrReason.js';
import type { KMeansLimit } from '../theory/kmeansLimit.js';
import { kmeansLimitExactOrMonteCarlo, MonteCarloOptionError } from '../theory/kmeansLimitMonteCarlo.js';
import { THEORY_RULES } from '../theory/mixture.js';
import { UserError } from '../errors/userError.js';

interface LimitArgs {
  weights: string;
  means: string;
  sigma?: number;
  sigmas?: string;
  k?: number;
  json: boolean;
  'mc-n': number;
  'mc-repeats': number;
  seed: string;
  covariance?: string;
  'weights-known': boolean;
}

/** The Fisher sd∞ values the command prints: the two classic references and the chosen model's. */
interface FisherReport {
  readonly meansOnly: FisherSdOrReason;
  readonly allParameters: FisherSdOrReason & { readonly sigmaModel: 'equal' | 'unequal' };
  readonly model: FisherSdOrReason & FisherModel;
  /** Whether the model was chosen on the command line (then it is printed as its own line). */
  readonly chosen: boolean;
}

const COVARIANCES: readonly CovarianceModel[] = ['equal', 'unequal', 'fixed'];

function fisherReport(mix: SphericalMixture, covariance: string | undefined, weightsKnown: boolean): FisherReport {
  if (covariance !== undefined && !(COVARIANCES as readonly string[]).includes(covariance)) {
    throw new UserError(`--covariance: must be one of ${COVARIANCES.join(', ')} (got '${covariance}')`);
  }
  const sigmaModel = mix.sigmas.every((s) => s === mix.sigmas[0]) ? 'equal' : 'unequal';
  if (covariance === 'equal' && sigmaModel === 'unequal') throw new UserError('--covariance equal: the model has one σ, but the --sigmas differ');
  const model: FisherModel = { covariance: (covariance as CovarianceModel | undefined) ?? sigmaModel, weights: weightsKnown ? 'fixed' : 'estimated' };
  const all = fisherSeparationSdOrReason(mix, { covariance: sigmaModel, weights: 'estimated' });
  const same = model.covariance === sigmaModel && model.weights === 'estimated';
  return {
    meansOnly: fisherSeparationSdOrReason(mix, MEANS_ONLY),
    allParameters: { ...all, sigmaModel },
    model: { ...(same ? all : fisherSeparationSdOrReason(mix, model)), ...model },
    chosen: covariance !== undefined || weightsKnown,
  };
}

/** Parses "a,b,c" into finite numbers, naming the flag on failure. */
function parseList(flag: string, raw: unknown): number[] {
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new UserError(`${flag}: give it once, as comma-separated numbers`);
  const text = String(raw).trim();
  if (text === '') throw new UserError(`${flag}: empty; expected comma-separated numbers`);
  return text.split(',').map((item) => {
    const s = item.trim();
    const x = s === '' ? NaN : Number(s);
    if (!Number.isFinite(x)) throw new UserError(`${flag}: '${s}' is not a finite number (in '${text}')`);
    return x;
  });
}

const FLAGS: Readonly<Record<string, string>> = { weights: '--weights', means: '--means', sigma: '--sigma', sigmas: '--sigmas' };

/** A problem found by src/mixture/spherical.ts, named by its flag and 1-based position: `--weights: weight 2 must be > 0 (got 0)`. */
function flagProblem(p: MixtureProblem, rawMeans: string): string {
  const [field, i, j] = p.path;
  if (field === undefined) return `--sigma, --sigmas: ${p.message}`;
  const item =
    typeof i !== 'number'
      ? ''
      : field === 'weights'
        ? `weight ${i + 1} `
        : field === 'sigmas'
          ? `value ${i + 1} `
          : typeof j === 'number'
            ? `component ${i + 1}, coordinate ${j + 1} `
            : `component ${i + 1} `;
  const hint = field === 'means' && i === undefined && !rawMeans.includes(';') ? " (for d > 1 separate components with ';', e.g. --means='0,0;2,0')" : '';
  return `${FLAGS[String(field)]}: ${item}${p.message}${hint}`;
}

/**
 * Parses the flags into a mixture and validates it by the rules of src/mixture/spherical.ts plus the theory's
 * (src/theory/mixture.ts: every weight > 0); every problem is a one-line UserError naming the flag.
 */
export function mixtureFromArgs(a: Pick<LimitArgs, 'weights' | 'means' | 'sigma' | 'sigmas'>): SphericalMixture {
  const weights = parseList('--weights', a.weights);
  if (typeof a.means !== 'string' && typeof a.means !== 'number') throw new UserError('--means: give it once');
  const rawMeans = String(a.means);
  // One component per ';' in d > 1; in 1-D the plain comma list gives one number per component.
  const means = rawMeans.includes(';') ? rawMeans.split(';').map((c, k) => parseList(`--means (component ${k + 1})`, c)) : parseList('--means', rawMeans).map((x) => [x]);
  const input: MixtureInput = {
    weights,
    means,
    ...(a.sigma !== undefined ? { sigma: a.sigma } : {}),
    ...(a.sigmas !== undefined ? { sigmas: parseList('--sigmas', a.sigmas) } : {}),
  };
  const [problem] = mixtureProblems(input, THEORY_RULES);
  if (problem !== undefined) throw new UserError(flagProblem(problem, rawMeans));
  return toSphericalMixture(input, THEORY_RULES);
}

function fmt(x: number | null, digits = 12): string {
  if (x === null || Number.isNaN(x)) return 'n/a';
  return Number(x.toPrecision(digits)).toString();
}

function fmtPoint(c: readonly number[]): string {
  return c.length === 1 ? fmt(c[0]) : `(${c.map((x) => fmt(x)).join(', ')})`;
}

function describeMixture(m: SphericalMixture): string {
  return m.weights.map((w, k) => `${fmt(w, 6)}·N(${fmtPoint(m.means[k])}, ${fmt(m.sigmas[k], 6)}²${m.means[k].length > 1 ? 'I' : ''})`).join(' + ');
}

function formatText(mix: SphericalMixture, lim: KMeansLimit, fisher: FisherReport): string {
  const d = mix.means[0].length;
  const lines: string[] = [];
  lines.push(`mixture      ${describeMixture(mix)}   (d = ${d}, K = ${lim.K} clusters)`);
  const how =
    lim.method === 'monte-carlo'
      ? `APPROXIMATE: Monte Carlo, ${lim.monteCarlo?.repeats} samples of n = ${lim.monteCarlo?.n}, ± Monte Carlo SE`
      : lim.method === 'population-lloyd'
        ? 'exact: population Lloyd with exact interval integrals, best of several starts'
        : d > 1
          ? 'exact: reduced to the line through the means (Bryant & Williamson 1978)'
          : 'exact: Lloyd fixed points of the population (Bryant & Williamson 1978)';
  lines.push(`k-means limit — ${how}`);
  lim.centers.forEach((c, j) => {
    const se = lim.monteCarlo ? `  ± ${lim.monteCarlo.centersSe[j].map((x) => fmt(x, 2)).join(', ')}` : '';
    lines.push(`  centre ${j + 1}     ${fmtPoint(c)}${se}`);
  });
  if (lim.separation !== null) {
    const truth = lim.K === 2 && mix.weights.length === 2 ? Math.hypot(...mix.means[1].map((x, j) => x - mix.means[0][j])) : null;
    const se = lim.monteCarlo?.separationSe != null ? ` ± ${fmt(lim.monteCarlo.separationSe, 2)}` : '';
    lines.push(`  separation   ${fmt(lim.separation)}${se}${truth !== null ? `   (true ${fmt(truth)})` : ''}`);
    if (lim.separationBias !== null) {
      const sign = lim.separationBias > 0 ? 'overestimates' : lim.separationBias < 0 ? 'UNDERestimates' : 'is unbiased for';
      lines.push(`  bias         ${lim.separationBias > 0 ? '+' : ''}${fmt(lim.separationBias)}   (k-means ${sign} the separation)`);
    }
  }
  lines.push(`  proportions  ${lim.proportions.map((p) => fmt(p)).join('  ')}`);
  lines.push(`  within var.  ${fmt(lim.withinVariance)}`);
  if (lim.method !== 'monte-carlo') {
    const others = lim.fixedPoints.filter((f) => !f.global);
    lines.push(
      lim.unique
        ? `  fixed point  unique${others.length ? ` on the line (also the perpendicular split, a ${others[0].kind}, W = ${fmt(others[0].withinVariance)})` : ''}`
        : `  fixed points ${lim.fixedPoints.length} (the global minimiser is marked *):`,
    );
    if (!lim.unique) {
      for (const f of lim.fixedPoints) {
        lines.push(`    ${f.global ? '*' : ' '} ${f.kind.padEnd(13)} W = ${fmt(f.withinVariance)}   centres ${f.centers.map(fmtPoint).join('  ')}`);
      }
    }
  }
  if (lim.kmeansSd !== null) lines.push(`  k-means sd   ${fmt(lim.kmeansSd, 8)}/√n   (sd of the k-means separation about its limit; Pollard 1982 CLT)`);
  const value = (r: FisherSdOrReason): string => (r.sd !== null ? fmt(r.sd, 8) : `n/a (${r.reason ?? 'not computed'})`);
  lines.push('MLE of the separation (Fisher information; RMSE ≈ sd∞/√n)');
  lines.push(`  sd∞ means only        ${value(fisher.meansOnly)}   (weights and σ known)`);
  lines.push(`  sd∞ all parameters    ${value(fisher.allParameters)}   (weights, means and ${fisher.allParameters.sigmaModel === 'equal' ? 'a common σ' : 'a σ per component'} estimated)`);
  if (fisher.chosen) {
    const m = fisher.model;
    const sigma = m.covariance === 'equal' ? 'a common σ' : m.covariance === 'unequal' ? 'a σ per component' : 'σ known';
    lines.push(`  sd∞ this model        ${value(m)}   (${sigma}, weights ${m.weights === 'fixed' ? 'known' : 'estimated'})`);
  }
  return lines.join('\n');
}

function toJson(lim: KMeansLimit, fisher: FisherReport) {
  const num = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);
  return {
    kmeansLimit: {
      centers: lim.centers,
      separation: num(lim.separation),
      separationBias: num(lim.separationBias),
      proportions: lim.proportions,
      fixedPoints: lim.fixedPoints.map((f) => ({ centers: f.centers, proportions: f.proportions, withinVariance: f.withinVariance, kind: f.kind, global: f.global })),
      kmeansSd: num(lim.kmeansSd),
    },
    fisher: {
      sdMeansOnly: fisher.meansOnly.sd,
      sdAllParameters: fisher.allParameters.sd,
      model: { covariance: fisher.model.covariance, weights: fisher.model.weights, sd: fisher.model.sd },
      // Why a value above is null.
      notes: [fisher.meansOnly, fisher.allParameters, fisher.model].flatMap((r) => (r.reason === undefined ? [] : [r.reason])).filter((r, i, all) => all.indexOf(r) === i),
    },
  };
}

export const limitCommand: CommandModule<object, LimitArgs> = {
  command: 'limit',
  describe: 'Theoretical k-means limit (centres, separation bias, fixed points) and the MLE Fisher sd∞ of a mixture',
  builder: (y) =>
    y
      .option('weights', { type: 'string', demandOption: true, describe: 'mixing weights, comma-separated, summing to 1' })
      .option('means', {
        type: 'string',
        demandOption: true,
        describe: "component means: 1-D '-1,1'; d > 1 one component per ';' as '0,0;2,0' (use --means=… for negative values)",
      })
      .option('sigma', { type: 'number', describe: 'common standard deviation σ (covariance σ²I)' })
      .option('sigmas', { type: 'string', describe: 'one standard deviation per component, comma-separated' })
      .option('k', { alias: 'K', type: 'number', describe: 'number of k-means clusters (default: number of components)' })
      .option('json', {
        type: 'boolean',
        default: false,
        describe:
          'print { kmeansLimit: { centers (K×d), separation, separationBias, proportions, fixedPoints, kmeansSd }, ' +
          'fisher: { sdMeansOnly, sdAllParameters, model: { covariance, weights, sd }, notes } }; ' +
          'kmeansSd is the Pollard-CLT sd of the k-means separation (sd ≈ kmeansSd/√n); null where not defined, fisher.notes says why',
      })
      .option('covariance', {
        type: 'string',
        describe: "the MLE's σ model for 'sd∞ this model': equal (one σ), unequal (one per component) or fixed (σ known); default: equal if the σ's are equal, else unequal",
      })
      .option('weights-known', { type: 'boolean', default: false, describe: "the MLE holds the weights at their true values (EM's weights: 'equal'); default: estimated" })
      .option('mc-n', { type: 'number', default: 100000, describe: 'Monte Carlo cases (K > 2 or > 2 components in d > 1): points per sample' })
      .option('mc-repeats', { type: 'number', default: 5, describe: 'Monte Carlo cases: independent samples' })
      .option('seed', { type: 'string', default: 'kmeans-limit', describe: 'Monte Carlo cases: seed' })
      .example('$0 limit --weights 0.5,0.5 --means=-1,1 --sigma 1', 'the canonical case: centres ±1.16663, separation bias +0.33326')
      .example("$0 limit --weights 0.9,0.1 --means=0,3 --sigma 1 --json", 'unequal weights: the bias is negative here')
      .example("$0 limit --weights 0.5,0.5 --means='0,0;2,0' --sigmas 1,2", 'two dimensions, unequal σ')
      .example('$0 limit --weights 0.75,0.25 --means=0,3 --sigma 1 --covariance unequal', 'sd∞ of EM with a σ per component (3.783) beside the common-σ one (2.680)'),
  handler: (a) => {
    const mix = mixtureFromArgs(a);
    const K = a.k ?? mix.weights.length;
    if (!Number.isInteger(K) || K < 1) throw new UserError(`--k: must be a positive integer (got ${a.k})`);
    let lim: KMeansLimit;
    try {
      lim = kmeansLimitExactOrMonteCarlo(mix, K, { n: a['mc-n'], repeats: a['mc-repeats'], seed: a.seed });
    } catch (err) {
      if (err instanceof MonteCarloOptionError) throw new UserError(`--mc-${err.option}: ${err.detail}`);
      throw err;
    }
    const fisher = fisherReport(mix, a.covariance, a['weights-known']);
    process.stdout.write(a.json ? JSON.stringify(toJson(lim, fisher)) + '\n' : formatText(mix, lim, fisher) + '\n');
  },
};
