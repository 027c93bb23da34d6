/**
 * `mixstudy fit <data.csv>`: fit one estimator to one data set and print the fit with its status (the
 * vocabulary of replications.ndjson). The CSV format used (separator, decimal mark, header; given or detected)
 * goes to stderr, so a misread file is visible.
 */
import type { Argv, CommandModule } from 'yargs';
import { declaredSchema, optionProblems } from '../config/estimatorSchema.js';
import { errorMap, issueProblems } from '../config/messages.js';
import { loadEstimatorFile } from '../plugins/loadPlugins.js';
import { ReturnedProblem, targetProblem } from '../plugins/shapes.js';
import type { OptionSpec } from '../estimators/descriptor.js';
import { descriptorFor, descriptorOf, fitMethod, methodNames, type MethodSpec } from '../estimators/registry.js';
import { createStream } from '../rng/stream.js';
import { statusOfError } from '../runner/fitStatus.js';
import type { Fit } from '../types.js';
import { fitToJson, formatFit, formatStatus } from './fitJson.js';
import { fitInference } from './fitInference.js';
import { formatInference } from './inferenceText.js';
import { describeFormat, parseDecimal, parseSeparator, readCsv } from './readCsv.js';
import { UserError } from '../errors/userError.js';

interface FitArgs {
  data: string;
  k: number;
  method?: string;
  module?: string;
  options?: string;
  seed: string;
  json: boolean;
  sep?: string;
  decimal?: string;
  se: boolean;
  bootstrap?: number;
  level: number;
  [option: string]: unknown;
}

/**
 * One flag per option name of any registered estimator (`--restarts`, `--covariance`, `--maxIter` …), documented
 * from the descriptors; which of them apply, and with which values, is decided by the chosen method's descriptor.
 * Name → the methods declaring it, with their declarations.
 */
function optionUses(): Map<string, { method: string; spec: OptionSpec }[]> {
  const byName = new Map<string, { method: string; spec: OptionSpec }[]>();
  for (const method of methodNames()) {
    for (const [name, spec] of Object.entries(descriptorOf(method).options)) byName.set(name, [...(byName.get(name) ?? []), { method, spec }]);
  }
  return byName;
}

/** The chosen method's options from the flags given, held to the rules of a config's `options`. */
function methodOptions(a: FitArgs & { method: string }): Record<string, unknown> {
  const descriptor = descriptorOf(a.method);
  const options: Record<string, unknown> = {};
  for (const name of optionUses().keys()) {
    if (a[name] === undefined) continue;
    if (!(name in descriptor.options)) {
      const own = Object.keys(descriptor.options);
      throw new UserError(`--${name} does not apply to --method ${a.method} (${own.length === 0 ? 'it takes no options' : `its options: ${own.map((o) => `--${o}`).join(', ')}`})`);
    }
    options[name] = a[name];
  }
  const problems = optionProblems(a.method, options);
  if (problems.length > 0) throw new UserError(problems.map((p) => `--${p}`).join('; '));
  return options;
}

/** The plugin estimator of `--module` (loaded and registered) with its `--options`, held to its own declaration. */
async function pluginSpec(module: string, json: string | undefined): Promise<MethodSpec> {
  const { descriptor, $location } = await loadEstimatorFile(module);
  let options: unknown;
  try {
    options = JSON.parse(json ?? '{}');
  } catch (err) {
    throw new UserError(`--options: not JSON (${(err as Error).message})`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new UserError(`--options: expected a JSON object, e.g. '{"trim":0.1}'`);
  // The plugin's own code: what it throws or returns wrongly is the plugin's problem (exit 2), not mixstudy's bug.
  const call = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw new UserError(`--module "${module}" ${err instanceof ReturnedProblem ? err.message : `${what} threw: ${(err as Error).message}`}`);
    }
  };
  const result = call('optionProblems()', () => declaredSchema(descriptor.options, (o) => descriptor.optionProblems(o)).safeParse(options, { error: errorMap }));
  if (!result.success) throw new UserError(result.error.issues.flatMap(issueProblems).map((p) => `--options.${p}`).join('; '));
  const target = call('target()', () => descriptor.target(options as Record<string, unknown>));
  const badTarget = targetProblem(target);
  if (badTarget !== null) throw new UserError(`--module "${module}" ${badTarget}`);
  return { method: descriptor.method, options: options as Record<string, unknown>, plugin: { $location, target, description: descriptor.summary } };
}

/** Adds the option flags; an option several methods share is documented per method where they differ. */
function withOptionFlags<T>(y: Argv<T>): Argv<T> {
  for (const [name, uses] of optionUses()) {
    const groups = new Map<string, string[]>();
    for (const { method, spec } of uses) {
      const values = spec.type === 'enum' ? ` (${spec.values.join(' | ')})` : '';
      const fallback = spec.default !== undefined ? `, default ${spec.default}` : '';
      const text = `${spec.doc}${values}${fallback}`;
      groups.set(text, [...(groups.get(text) ?? []), method]);
    }
    const describe = [...groups].map(([text, methods]) => `${methods.join('/')}: ${text}`).join('; ');
    y.option(name, { type: uses[0].spec.type === 'enum' ? 'string' : 'number', describe });
  }
  return y;
}

export const fitCommand: CommandModule<object, FitArgs> = {
  command: 'fit <data>',
  describe: 'Fit one estimator to a CSV data set (one point per row) and print the fit',
  builder: (y) =>
    withOptionFlags(
      y
      .positional('data', { type: 'string', demandOption: true, describe: 'CSV of numbers, one point per row, optional header' })
      .option('sep', { type: 'string', describe: 'field separator: "," ";" tab whitespace or one character (default: detected)' })
      .option('decimal', { type: 'string', describe: 'decimal mark: "." or "," (default: detected)' })
      .option('k', { alias: 'K', type: 'number', demandOption: true, describe: 'number of components' })
      .option('method', { choices: methodNames(), describe: 'estimator; its options are the flags below that name it' })
      .option('module', { type: 'string', describe: 'instead of --method: an estimator plugin file (.ts or .js) whose default export is an estimator descriptor' })
      .option('options', { type: 'string', describe: 'with --module: the plugin\'s options as JSON, e.g. \'{"trim":0.1}\'' }),
    )
      .option('seed', { type: 'string', default: '1', describe: 'seed of the initialisation stream' })
      .option('se', { type: 'boolean', default: false, describe: "standard errors and Wald intervals from the estimator's own covariance (observed information for em, Pollard's sandwich for k-means)" })
      .option('bootstrap', { type: 'number', describe: 'also B ≥ 20 bootstrap refits: percentile and basic intervals (any estimator)' })
      .option('level', { type: 'number', default: 0.95, describe: 'nominal level of the intervals' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object: status, message, means, weights, sigmas, logLik, objective, iterations, converged' })
      .check((a) => {
        if (!Number.isInteger(a.k) || a.k < 1) throw new UserError(`--k: must be a positive integer (got ${a.k})`);
        if ((a.method === undefined) === (a.module === undefined)) throw new UserError('name the estimator: either --method <built-in> or --module <plugin file>');
        if (a.options !== undefined && a.module === undefined) throw new UserError('--options: only with --module (a built-in method takes its options as flags)');
        return true;
      })
      .example('$0 fit data.csv --k 2 --method em --json', 'equal-σ mixture MLE of a 2-component mixture')
      .example('$0 fit data.csv --k 3 --method kmeans --restarts 10', 'k-means with 10 k-means++ restarts')
      .example('$0 fit data.csv --k 2 --method em --sep ";" --decimal ,', 'a file written by R write.csv2')
      .example('$0 fit data.csv --k 2 --module ./estimators/trimmedKmeans.ts --options \'{"trim":0.1}\'', 'a plugin estimator'),
  handler: async (a) => {
    // The plugin first: a missing or broken file is reported before the data are read.
    const plugin = a.module === undefined ? null : await pluginSpec(a.module, a.options);
    const data = readCsv(a.data, {
      sep: a.sep === undefined ? undefined : parseSeparator(a.sep),
      decimal: a.decimal === undefined ? undefined : parseDecimal(a.decimal),
    });
    process.stderr.write(`${a.data}: ${data.n} points in ${data.d} dimension${data.d === 1 ? '' : 's'}; ${describeFormat(data.format)}\n`);
    if (data.n < a.k) throw new UserError(`${a.data}: ${data.n} points cannot be split into ${a.k} components`);
    const method = plugin?.method ?? (a.method as string);
    const spec: MethodSpec = plugin ?? { method, options: methodOptions({ ...a, method }) };
    const flag = a.module === undefined ? `--method ${method}` : `--module ${a.module}`;
    let unsupported: string | null;
    try {
      unsupported = descriptorFor(spec).unsupported(spec.options, { d: data.d, K: a.k });
    } catch (err) {
      if (plugin === null) throw err;
      throw new UserError(`--module "${a.module}" unsupported() threw: ${(err as Error).message}`);
    }
    if (unsupported !== null) throw new UserError(`${flag}: ${unsupported}; ${a.data} has d = ${data.d} (${data.d} columns), K = ${a.k}`);
    let fit: Fit;
    try {
      fit = fitMethod(spec, data, a.k, createStream(a.seed, 'fit'));
    } catch (err) {
      // Status `error`, as a study records it; the input is unusable for this method, so exit 2.
      const status = statusOfError(err);
      process.stdout.write(a.json ? JSON.stringify(status) + '\n' : formatStatus(status) + '\n');
      throw new UserError(`${a.data}: ${method} cannot fit these data: ${status.message}`);
    }
    if (!a.se && a.bootstrap === undefined) {
      process.stdout.write(a.json ? JSON.stringify(fitToJson(fit)) + '\n' : formatFit(fit) + '\n');
      return;
    }
    const inference = fitInference(a, spec, data, fit);
    process.stdout.write(a.json ? JSON.stringify({ ...fitToJson(fit), inference: inference ?? null }) + '\n' : `${formatFit(fit)}\n${formatInference(inference, a.level)}\n`);
  },
};
