/**
 * A plugin's declarations are checked as deeply as a config's values (src/plugins/shapes.ts): each option's or
 * param's bounds and default must be values of its own declaration — the config schema checks only values written
 * in a config, so a bad default reached fit() and failed every row — and `optionProblems()`/`paramProblems()` must
 * return a list of { path, message } (a list of strings gave `estimators[0].options["undefined"]: Invalid input`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigAndPlugins } from '../../src/config/index.js';

const ESTIMATOR = (method: string, options: string, optionProblems = '() => []') => `
export default {
  method: '${method}',
  summary: 'zero centres',
  options: ${options},
  optionProblems: ${optionProblems},
  unsupported: () => null,
  target: () => ({ kind: 'none' }),
  describe: () => 'zero centres',
  fit: (data, K) => ({ K, d: data.d, means: new Float64Array(K * data.d), weights: new Float64Array(K).fill(1 / K), sigmas: null, logLik: null, objective: 0, iterations: 1, converged: true, status: 'ok' }),
};
`;

const MECHANISM = (params: string, paramProblems = 'undefined') => `
export default {
  name: 'two-points',
  summary: 'two points',
  params: ${params},
  paramProblems: ${paramProblems},
  truth: () => ({ means: [[-1], [1]], weights: [0.5, 0.5] }),
  sample: (n, p, rng) => ({ x: Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) + rng.uniform()), labels: Int32Array.from({ length: n }, (_, i) => i % 2) }),
};
`;

async function problemsOf(files: Record<string, string>, estimators: unknown[], mixtures: unknown[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mixstudy-declarations-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = { name: 'decl', title: 'declarations', seed: 1, replications: 2, n: [10], mixtures, estimators, estimands: ['separation'] };
  writeFileSync(join(dir, 'study.json'), JSON.stringify(config));
  try {
    await loadConfigAndPlugins(join(dir, 'study.json'));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

const GAUSS = { id: 'g', weights: [0.5, 0.5], means: [[-2], [2]], sigma: 1 };

describe('a plugin estimator\'s declaration', () => {
  it('refuses bounds and defaults that are not values of their own declaration, naming the option', async () => {
    const problems = await problemsOf(
      {
        'a.js': ESTIMATOR('a', "{ trim: { type: 'number', min: 0, max: 0.5, default: 'x', doc: 'fraction' } }"),
        'b.js': ESTIMATOR('b', "{ starts: { type: 'integer', min: 1, default: 0, doc: 'starts' } }"),
        'c.js': ESTIMATOR('c', "{ init: { type: 'enum', values: ['u', 'v'], default: 'w', doc: 'init' } }"),
        'd.js': ESTIMATOR('d', "{ scale: { type: 'positive', default: -1, doc: 'scale' }, shift: { type: 'number', min: '0', max: -1, doc: 'shift' } }"),
        'e.js': ESTIMATOR('e', "{ trim: { type: 'number', min: 0.5, max: 0.1, default: 2.5, doc: 'fraction' } }"),
      },
      ['a', 'b', 'c', 'd', 'e'].map((m) => ({ id: m, module: `./${m}.js` })),
      [GAUSS],
    );
    const head = (m: string) => `estimators[${'abcde'.indexOf(m)}].module: "./${m}.js": its default export is not an estimator descriptor: `;
    expect(problems).toEqual([
      `${head('a')}options.trim: "default" must be a finite number (got "x")`,
      `${head('b')}options.starts: "default" must be ≥ 1 (got 0)`,
      `${head('c')}options.init: "default" must be one of its "values" (got "w")`,
      `${head('d')}options.scale: "default" must be > 0 (got -1); options.shift: "min" must be a finite number (got "0")`,
      `${head('e')}options.trim: "min" 0.5 is above "max" 0.1; options.trim: "default" must be ≤ 0.1 (got 2.5)`,
    ]);
  });

  it('says what optionProblems() returned when it is not a list of { path, message }', async () => {
    const problems = await problemsOf(
      { 'p.js': ESTIMATOR('p', '{}', "() => ['too big']") },
      [{ id: 'p', module: './p.js' }],
      [GAUSS],
    );
    expect(problems).toEqual([
      'estimators[0].module: "./p.js" optionProblems() returned ["too big"], expected a list of { path, message } (an option\'s name and what is wrong with it)',
    ]);
  });
});

describe('a plugin mechanism\'s declaration', () => {
  it('refuses a bad default and a paramProblems() that returns the wrong shape', async () => {
    const bad = await problemsOf({ 'm.js': MECHANISM("{ gap: { type: 'positive', default: 0, doc: 'gap' } }") }, [{ id: 'km', method: 'kmeans' }], [{ id: 'm', module: './m.js' }]);
    expect(bad).toEqual(['mixtures[0].module: "./m.js": its default export is not a data mechanism: params.gap: "default" must be > 0 (got 0)']);
    const returned = await problemsOf(
      { 'm.js': MECHANISM("{ gap: { type: 'positive', default: 1, doc: 'gap' } }", "() => 'gap too small'") },
      [{ id: 'km', method: 'kmeans' }],
      [{ id: 'm', module: './m.js' }],
    );
    expect(returned).toEqual(['mixtures[0].module: "./m.js" paramProblems() returned "gap too small", expected a list of { path, message } (an option\'s name and what is wrong with it)']);
  });
});

describe('a plugin estimator\'s target', () => {
  it('has a fixed σ exactly when its mixture-mle model fixes σ (it ran as "σ is fixed at undefined")', async () => {
    const target = (t: string) => ESTIMATOR('t', '{}').replace("target: () => ({ kind: 'none' }),", `target: () => (${t}),`);
    const problems = await problemsOf(
      {
        'f.js': target("{ kind: 'mixture-mle', covariance: 'fixed', weights: 'estimated' }"),
        'e.js': target("{ kind: 'mixture-mle', covariance: 'equal', sigma: 1, weights: 'estimated' }"),
        'ok.js': target("{ kind: 'mixture-mle', covariance: 'fixed', sigma: 1, weights: 'equal' }"),
      },
      [{ id: 'f', module: './f.js' }, { id: 'e', module: './e.js' }, { id: 'ok', module: './ok.js' }],
      [GAUSS],
    );
    expect(problems).toEqual([
      'estimators[0].module: "./f.js" target(): a "mixture-mle" target has sigma (a number > 0) exactly when its covariance is "fixed" (got covariance "fixed", sigma undefined)',
      'estimators[1].module: "./e.js" target(): a "mixture-mle" target has sigma (a number > 0) exactly when its covariance is "fixed" (got covariance "equal", sigma 1)',
    ]);
  });
});

describe('a TypeScript plugin that does not compile', () => {
  it('is refused with the file, line and reason (it said only "Transform failed with 1 error:")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstudy-syntax-'));
    writeFileSync(join(dir, 'syn.ts'), "export default {\n  method: 'x',\n  summary: 's' +,\n};\n");
    writeFileSync(join(dir, 'study.json'), JSON.stringify({ name: 'syn', title: 'syntax', seed: 1, replications: 2, n: [10], mixtures: [GAUSS], estimators: [{ id: 'x', module: './syn.ts' }], estimands: ['separation'] }));
    const problems = await loadConfigAndPlugins(join(dir, 'study.json')).then(
      () => [],
      (err: unknown) => [...(err as ConfigError).problems],
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^estimators\\[0\\]\\.module: "\\./syn\\.ts" cannot be loaded: Transform failed with 1 error: ${join(dir, 'syn.ts')}:3:\\d+: ERROR: Unexpected ","$`));
  });
});
