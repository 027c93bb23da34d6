/**
 * `mixstudy limit`: the theoretical k-means limit (Bryant & Williamson 1978; Pollard 1981/1982) and the mixture
 * MLE's Fisher sd∞ for a mixture given on the command line — the numbers the reports overlay on every figure.
 */
import type { CommandModule } from 'yargs';
import { fisherSeparationSd } from '../theory/fisher.js';
import { type KMeansLimit, kmeansLimit } from '../theory/kmeansLimit.js';
import { kmeansLimitMonteCarlo } from '../theory/kmeansLimitMonteCarlo.js';
import type { SphericalMixture } from '../theory/mixture.js';
import { UserError } from './userError.js';

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

/** Builds and validates the mixture; every problem is a one-line UserError. */
export function mixtureFromArgs(a: Pick<LimitArgs, 'weights' | 'means' | 'sigma' | 'sigmas'>): SphericalMixture {
  const weights = parseList('--weights', a.weights);
  const K = weights.length;
  weights.forEach((w, k) => {
    if (!(w > 0)) throw new UserError(`--weights: weight ${k + 1} must be > 0 (got ${w})`);
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new UserError(`--weights: must sum to 1 (got ${Number(sum.toPrecision(12))})`);
  if (typeof a.means !== 'string' && typeof a.means !== 'number') throw new UserError('--means: give it once');
  const rawMeans = String(a.means);
  // One component per ';' in d > 1; in 1-D the plain comma list gives one number per component.
  const means = rawMeans.includes(';') ? rawMeans.split(';').map((c, k) => parseList(`--means (component ${k + 1})`, c)) : parseList('--means', rawMeans).map((x) => [x]);
  if (means.length !== K) {
    throw new UserError(`--means: ${means.length} component${means.length === 1 ? '' : 's'} but ${K} weights${rawMeans.includes(';') ? '' : " (for d > 1 separate components with ';', e.g. --means='0,0;2,0')"}`);
  }
  const d = means[0].length;
  means.forEach((m, k) => {
    if (m.length !== d) throw new UserError(`--means: component ${k + 1} has ${m.length} coordinates, component 1 has ${d}`);
  });
  if (a.sigma !== undefined && a.sigmas !== undefined) throw new UserError('give --sigma (common) or --sigmas (one per component), not both');
  let sigmas: number[];
  if (a.sigmas !== undefined) {
    sigmas = parseList('--sigmas', a.sigmas);
    if (sigmas.length !== K) throw new UserError(`--sigmas: ${sigmas.length} values but ${K} weights`);
  } else if (a.sigma !== undefined) {
    if (typeof a.sigma !== 'number' || Number.isNaN(a.sigma)) throw new UserError(`--sigma: not a number`);
    sigmas = new Array<number>(K).fill(a.sigma);
  } else {
    throw new UserError('one of --sigma (common σ) or --sigmas (one per component) is required');
  }
  sigmas.forEach((s, k) => {
    if (!(s > 0) || !Number.isFinite(s)) throw new UserError(`${a.sigmas !== undefined ? `--sigmas: value ${k + 1}` : '--sigma'} must be a finite number > 0 (got ${s})`);
  });
  return { weights, means, sigmas };
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

function formatText(mix: SphericalMixture, lim: KMeansLimit, fisher: ReturnType<typeof fisherSeparationSd> | null): string {
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
  if (fisher) {
    lines.push('MLE of the separation (Fisher information; RMSE ≈ sd∞/√n)');
    lines.push(`  sd∞ means only        ${fmt(fisher.sdMeansOnly, 8)}   (weights and σ known)`);
    lines.push(`  sd∞ all parameters    ${fmt(fisher.sdAllParameters, 8)}   (weight, both means and ${fisher.sigmaModel === 'equal' ? 'a common σ' : 'σ1, σ2'} estimated)`);
  } else {
    lines.push('MLE sd∞: computed for two-component mixtures only');
  }
  return lines.join('\n');
}

function toJson(lim: KMeansLimit, fisher: ReturnType<typeof fisherSeparationSd> | null) {
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
      sdMeansOnly: fisher ? num(fisher.sdMeansOnly) : null,
      sdAllParameters: fisher ? num(fisher.sdAllParameters) : null,
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
          'print { kmeansLimit: { centers (K×d), separation, separationBias, proportions, fixedPoints, kmeansSd }, fisher: { sdMeansOnly, sdAllParameters } }; ' +
          'kmeansSd is the Pollard-CLT sd of the k-means separation (sd ≈ kmeansSd/√n); null where not defined',
      })
      .option('mc-n', { type: 'number', default: 100000, describe: 'Monte Carlo cases (K > 2 or > 2 components in d > 1): points per sample' })
      .option('mc-repeats', { type: 'number', default: 5, describe: 'Monte Carlo cases: independent samples' })
      .option('seed', { type: 'string', default: 'kmeans-limit', describe: 'Monte Carlo cases: seed' })
      .example('$0 limit --weights 0.5,0.5 --means=-1,1 --sigma 1', 'the canonical case: centres ±1.16663, separation bias +0.33326')
      .example("$0 limit --weights 0.9,0.1 --means=0,3 --sigma 1 --json", 'unequal weights: the bias is negative here')
      .example("$0 limit --weights 0.5,0.5 --means='0,0;2,0' --sigmas 1,2", 'two dimensions, unequal σ'),
  handler: (a) => {
    const mix = mixtureFromArgs(a);
    const M = mix.weights.length;
    const d = mix.means[0].length;
    const K = a.k ?? M;
    if (!Number.isInteger(K) || K < 1) throw new UserError(`--k: must be a positive integer (got ${a.k})`);
    const exactPossible = d === 1 || K === 1 || (K === 2 && M <= 2);
    let lim: KMeansLimit;
    if (exactPossible) lim = kmeansLimit(mix, K);
    else {
      if (!Number.isInteger(a['mc-n']) || a['mc-n'] < K) throw new UserError(`--mc-n: must be an integer ≥ K (got ${a['mc-n']})`);
      if (!Number.isInteger(a['mc-repeats']) || a['mc-repeats'] < 2) throw new UserError(`--mc-repeats: must be an integer ≥ 2 (got ${a['mc-repeats']})`);
      lim = kmeansLimitMonteCarlo(mix, K, { n: a['mc-n'], repeats: a['mc-repeats'], seed: a.seed });
    }
    const fisher = M === 2 ? fisherSeparationSd(mix) : null;
    process.stdout.write(a.json ? JSON.stringify(toJson(lim, fisher)) + '\n' : formatText(mix, lim, fisher) + '\n');
  },
};
