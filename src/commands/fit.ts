/**
 * `mixstudy fit <data.csv>`: fit one estimator to one data set and print the fit with its status (the
 * vocabulary of replications.ndjson). The CSV format used (separator, decimal mark, header; given or detected)
 * goes to stderr, so a misread file is visible.
 */
import type { CommandModule } from 'yargs';
import { METHODS, type Method } from '../estimators/options.js';
import { fitMethod, type MethodSpec } from '../estimators/registry.js';
import { createStream } from '../rng/stream.js';
import { statusOfError } from '../runner/fitStatus.js';
import type { Fit } from '../types.js';
import { fitToJson, formatFit, formatStatus } from './fitJson.js';
import { describeFormat, parseDecimal, parseSeparator, readCsv } from './readCsv.js';
import { UserError } from './userError.js';

interface FitArgs {
  data: string;
  k: number;
  method: Method;
  covariance?: 'equal' | 'unequal' | 'fixed';
  sigma?: number;
  weights?: 'estimated' | 'equal';
  restarts?: number;
  seed: string;
  json: boolean;
  sep?: string;
  decimal?: string;
}

function methodSpec(a: FitArgs): MethodSpec {
  const restarts = a.restarts;
  switch (a.method) {
    case 'kmeans':
      return { method: 'kmeans', options: { restarts } };
    case 'kmeans-exact':
      return { method: 'kmeans-exact', options: {} };
    case 'em':
      return { method: 'em', options: { covariance: a.covariance, sigma: a.sigma, weights: a.weights, restarts } };
    case 'cem':
      if (a.covariance === 'fixed') throw new UserError('--covariance fixed is not available for cem (with fixed σ and equal weights CEM is k-means)');
      return { method: 'cem', options: { covariance: a.covariance, weights: a.weights, restarts } };
  }
}

export const fitCommand: CommandModule<object, FitArgs> = {
  command: 'fit <data>',
  describe: 'Fit one estimator to a CSV data set (one point per row) and print the fit',
  builder: (y) =>
    y
      .positional('data', { type: 'string', demandOption: true, describe: 'CSV of numbers, one point per row, optional header' })
      .option('sep', { type: 'string', describe: 'field separator: "," ";" tab whitespace or one character (default: detected)' })
      .option('decimal', { type: 'string', describe: 'decimal mark: "." or "," (default: detected)' })
      .option('k', { alias: 'K', type: 'number', demandOption: true, describe: 'number of components' })
      .option('method', { choices: METHODS, demandOption: true, describe: 'estimator' })
      .option('covariance', { choices: ['equal', 'unequal', 'fixed'] as const, describe: 'em/cem: spherical covariance model (default equal)' })
      .option('sigma', { type: 'number', describe: 'em with --covariance fixed: the fixed σ' })
      .option('weights', { choices: ['estimated', 'equal'] as const, describe: 'em/cem: mixing weights (default estimated)' })
      .option('restarts', { type: 'number', describe: 'independent initialisations; the best objective wins (default 1)' })
      .option('seed', { type: 'string', default: '1', describe: 'seed of the initialisation stream' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object: status, message, means, weights, sigmas, logLik, objective, iterations, converged' })
      .check((a) => {
        if (!Number.isInteger(a.k) || a.k < 1) throw new UserError(`--k: must be a positive integer (got ${a.k})`);
        if (a.restarts !== undefined && (!Number.isInteger(a.restarts) || a.restarts < 1)) throw new UserError(`--restarts: must be a positive integer (got ${a.restarts})`);
        if (a.sigma !== undefined && !(a.sigma > 0)) throw new UserError(`--sigma: must be > 0 (got ${a.sigma})`);
        if (a.covariance === 'fixed' && a.sigma === undefined) throw new UserError('--covariance fixed needs --sigma');
        if (a.sigma !== undefined && a.covariance !== 'fixed') throw new UserError('--sigma is only used with --covariance fixed');
        if (a.method !== 'em' && a.method !== 'cem' && (a.covariance !== undefined || a.weights !== undefined))
          throw new UserError(`--covariance/--weights apply to em and cem, not ${a.method}`);
        return true;
      })
      .example('$0 fit data.csv --k 2 --method em --json', 'equal-σ mixture MLE of a 2-component mixture')
      .example('$0 fit data.csv --k 3 --method kmeans --restarts 10', 'k-means with 10 k-means++ restarts')
      .example('$0 fit data.csv --k 2 --method em --sep ";" --decimal ,', 'a file written by R write.csv2'),
  handler: (a) => {
    const data = readCsv(a.data, {
      sep: a.sep === undefined ? undefined : parseSeparator(a.sep),
      decimal: a.decimal === undefined ? undefined : parseDecimal(a.decimal),
    });
    process.stderr.write(`${a.data}: ${data.n} points in ${data.d} dimension${data.d === 1 ? '' : 's'}; ${describeFormat(data.format)}\n`);
    if (data.n < a.k) throw new UserError(`${a.data}: ${data.n} points cannot be split into ${a.k} components`);
    if (a.method === 'kmeans-exact' && data.d !== 1) throw new UserError(`--method kmeans-exact needs 1-D data; ${a.data} has ${data.d} columns`);
    const spec = methodSpec(a);
    let fit: Fit;
    try {
      fit = fitMethod(spec, data, a.k, createStream(a.seed, 'fit'));
    } catch (err) {
      // Status `error`, as a study records it; the input is unusable for this method, so exit 2.
      const status = statusOfError(err);
      process.stdout.write(a.json ? JSON.stringify(status) + '\n' : formatStatus(status) + '\n');
      throw new UserError(`${a.data}: ${a.method} cannot fit these data: ${status.message}`);
    }
    process.stdout.write(a.json ? JSON.stringify(fitToJson(fit)) + '\n' : formatFit(fit) + '\n');
  },
};
