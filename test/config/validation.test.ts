/** Each kind of bad config is reported at its exact path with what was expected and what was found. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/userError.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { configErrorOf, MIXTURE, omit, problemsOf, validConfig } from './helpers.js';

/** The one problem line reported at `path`, asserting it contains `fragment`. */
function expectProblem(problems: string[], path: string, fragment: string): void {
  const atPath = problems.filter((p) => p.startsWith(`${path}: `));
  expect(atPath, `no problem at ${path}; got:\n${problems.join('\n')}`).not.toHaveLength(0);
  expect(atPath.some((p) => p.includes(fragment)), `at ${path}: ${atPath.join(' | ')}`).toBe(true);
}

function withMixture(overrides: Record<string, unknown>, drop: string[] = []) {
  const mixture: Record<string, unknown> = { ...MIXTURE, ...overrides };
  for (const key of drop) delete mixture[key];
  return { ...validConfig(), mixtures: [mixture] };
}

function withEstimators(...estimators: Record<string, unknown>[]) {
  return { ...validConfig(), estimators };
}

describe('the error itself', () => {
  it('is a UserError with exit code 2 whose message starts with the source and lists one problem per line', () => {
    const error = configErrorOf({ ...validConfig(), replications: 1, n: [100, 10] });
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('bad.json: invalid experiment config');
    expect(lines.slice(1)).toEqual(error.problems.map((p) => `  ${p}`));
    expect(error.problems).toEqual(['replications: must be ≥ 2 (got 1)', 'n: must be strictly increasing (got 10 after 100)']);
  });

  it('lists every problem of a config with many, structural and cross-section alike', () => {
    const problems = problemsOf({
      ...validConfig(),
      replications: 1,
      seed: -3,
      mixtures: [{ ...MIXTURE, weights: [0.5, 0.7] }, { ...MIXTURE, id: 'three', weights: [0.2, 0.3, 0.5], means: [[0], [1], [2]] }],
      n: [2, 100],
      estimators: [{ id: 'a', method: 'kmean' }, { id: 'a', method: 'em', options: { restart: 2 } }],
    });
    expect(problems).toEqual([
      'seed: must be ≥ 0 (got -3)',
      'replications: must be ≥ 2 (got 1)',
      'mixtures[0].weights: must sum to 1 (got 1.2)',
      'estimators[0].method: unknown "kmean" (did you mean "kmeans"?)',
      'estimators[1].options.restart: unknown key (did you mean "restarts"?)',
      'n[0]: must be ≥ K = 3 for mixture "three" (got 2)',
      'estimators[1].id: duplicate id "a" (first used by estimators[0])',
    ]);
  });
});

describe('kinds of bad config', () => {
  it('weights that do not sum to 1', () => {
    expect(problemsOf(withMixture({ weights: [0.5, 0.7] }))).toContain('mixtures[0].weights: must sum to 1 (got 1.2)');
  });

  it('a negative weight', () => {
    expect(problemsOf(withMixture({ weights: [1.2, -0.2] }))).toContain('mixtures[0].weights[1]: must be ≥ 0 (got -0.2)');
  });

  it('an unknown estimator method, with a suggestion', () => {
    const problems = problemsOf(withEstimators({ id: 'a', method: 'kmeans' }, { id: 'b', method: 'kmean' }));
    expect(problems).toEqual(['estimators[1].method: unknown "kmean" (did you mean "kmeans"?)']);
  });

  it('an unknown method too far from any to suggest lists the methods', () => {
    expectProblem(problemsOf(withEstimators({ id: 'a', method: 'gmm' })), 'estimators[0].method', 'expected one of "kmeans", "kmeans-exact", "kmeans-hw", "em", "cem", "gibbs", "vb" (got "gmm")');
  });

  it('a missing method', () => {
    expectProblem(problemsOf(withEstimators({ id: 'a' })), 'estimators[0].method', 'required, expected one of "kmeans"');
  });

  it('a misspelt option name, with a suggestion', () => {
    const problems = problemsOf(withEstimators({ id: 'a', method: 'kmeans', options: { restart: 3 } }));
    expect(problems).toEqual(['estimators[0].options.restart: unknown key (did you mean "restarts"?)']);
  });

  it("an option of another method (EM's covariance on k-means) is an unknown key", () => {
    const problems = problemsOf(withEstimators({ id: 'a', method: 'kmeans', options: { covariance: 'equal' } }));
    expect(problems).toEqual(['estimators[0].options.covariance: unknown key (allowed: "init", "restarts", "tol", "maxIter")']);
  });

  it('any option on kmeans-exact, which takes none', () => {
    const problems = problemsOf(withEstimators({ id: 'a', method: 'kmeans-exact', options: { restarts: 2 } }));
    expect(problems).toEqual(['estimators[0].options.restarts: unknown key (this object takes no keys)']);
  });

  it('an unknown top-level key, with and without a suggestion', () => {
    const problems = problemsOf({ ...validConfig(), replication: 5, colour: 'red' });
    expect(problems).toContain('replication: unknown key (did you mean "replications"?)');
    expectProblem(problems, 'colour', 'unknown key (allowed: "name", "title"');
  });

  it('an unknown key inside a mixture and inside the grid', () => {
    expect(problemsOf(withMixture({ mean: [[0], [1]] }))).toContain('mixtures[0].mean: unknown key (did you mean "means"?)');
    const grid = { ...omit(validConfig(), 'mixtures'), grid: { separation: [1], k: [2] } };
    expect(problemsOf(grid)).toEqual(['grid.k: unknown key (did you mean "K"?)']);
  });

  it('an option value that is not allowed', () => {
    const problems = problemsOf(withEstimators({ id: 'a', method: 'em', options: { covariance: 'diagonal' } }));
    expect(problems).toEqual(['estimators[0].options.covariance: expected one of "equal", "unequal", "fixed" (got "diagonal")']);
    const typo = problemsOf(withEstimators({ id: 'a', method: 'em', options: { covariance: 'equl' } }));
    expect(typo).toEqual(['estimators[0].options.covariance: unknown "equl" (did you mean "equal"?)']);
  });

  it("'fixed' covariance is not offered by CEM", () => {
    const problems = problemsOf(withEstimators({ id: 'a', method: 'cem', options: { covariance: 'fixed' } }));
    expect(problems).toEqual(['estimators[0].options.covariance: expected one of "equal", "unequal" (got "fixed")']);
  });

  it('given parameters as init: configs only offer k-means starts', () => {
    const init = { means: [0, 1], weights: [0.5, 0.5], sigmas: [1, 1] };
    const problems = problemsOf(withEstimators({ id: 'a', method: 'em', options: { init } }));
    expect(problems).toEqual(['estimators[0].options.init: expected one of "kmeans", "kmeans++" (got an object)']);
  });

  it('EM with fixed covariance but no sigma, and a sigma without fixed covariance', () => {
    const problems = problemsOf(
      withEstimators({ id: 'a', method: 'em', options: { covariance: 'fixed' } }, { id: 'b', method: 'em', options: { sigma: 2 } }),
    );
    expect(problems).toEqual([
      'estimators[0].options.sigma: required when covariance is "fixed", expected a number > 0 (got nothing)',
      'estimators[1].options.sigma: only allowed when covariance is "fixed" (got covariance "equal")',
    ]);
    const zero = problemsOf(withEstimators({ id: 'a', method: 'em', options: { covariance: 'fixed', sigma: 0 } }));
    expect(zero).toEqual(['estimators[0].options.sigma: must be > 0 (got 0)']);
  });

  it('out-of-range numeric options', () => {
    const problems = problemsOf(withEstimators({ id: 'a', method: 'kmeans', options: { restarts: 0, tol: -1, maxIter: 2.5 } }));
    expect(problems).toEqual([
      'estimators[0].options.restarts: must be ≥ 1 (got 0)',
      'estimators[0].options.tol: must be > 0 (got -1)',
      'estimators[0].options.maxIter: expected an integer (got 2.5)',
    ]);
  });

  it('n not strictly increasing (unsorted or repeated)', () => {
    expect(problemsOf({ ...validConfig(), n: [50, 200, 100] })).toEqual(['n: must be strictly increasing (got 100 after 200)']);
    expect(problemsOf({ ...validConfig(), n: [50, 50] })).toEqual(['n: must be strictly increasing (got 50 after 50)']);
  });

  it('n not positive integers, or empty', () => {
    expect(problemsOf({ ...validConfig(), n: [0, 10.5] })).toEqual(['n[0]: must be ≥ 1 (got 0)', 'n[1]: expected an integer (got 10.5)']);
    expect(problemsOf({ ...validConfig(), n: [] })).toEqual(['n: must have at least 1 entry (got 0)']);
  });

  it('n smaller than the K of some mixture', () => {
    const three = { id: 'x', weights: [0.2, 0.3, 0.5], means: [[0], [1], [2]], sigma: 1 };
    const problems = problemsOf({ ...validConfig(), n: [2, 3, 100], mixtures: [{ ...MIXTURE }, three] });
    expect(problems).toEqual(['n[0]: must be ≥ K = 3 for mixture "x" (got 2)']);
  });

  it('duplicate estimator ids', () => {
    const problems = problemsOf(
      withEstimators({ id: 'km', method: 'kmeans' }, { id: 'mle', method: 'em' }, { id: 'mle', method: 'em', options: { covariance: 'unequal' } }),
    );
    expect(problems).toEqual(['estimators[2].id: duplicate id "mle" (first used by estimators[1])']);
  });

  it('duplicate mixture ids, also between explicit mixtures and the grid', () => {
    expect(problemsOf({ ...validConfig(), mixtures: [{ ...MIXTURE }, { ...MIXTURE, sigma: 2 }] })).toEqual([
      'mixtures[1].id: duplicate id "m" (first used by mixtures[0])',
    ]);
    const clash = { ...validConfig(), mixtures: [{ ...MIXTURE, id: 'sep=2_w=equal_K=2_d=1' }], grid: { separation: [1, 2] } };
    expect(problemsOf(clash)).toEqual(['grid: generates mixture id "sep=2_w=equal_K=2_d=1", already used by mixtures[0]']);
  });

  it('a mean with the wrong number of coordinates', () => {
    const mixture = { id: 'x', weights: [0.2, 0.3, 0.5], means: [[0, 0], [1, 1], [2, 2, 2]], sigma: 1 };
    const problems = problemsOf({ ...validConfig(), mixtures: [{ ...MIXTURE }, mixture] });
    expect(problems).toEqual(['mixtures[1].means[2]: has 3 coordinates, expected 2 (as means[0])']);
  });

  it('means and sigmas whose count differs from the number of weights', () => {
    const problems = problemsOf(withMixture({ means: [[0], [1], [2]], sigmas: [1, 1, 1] }, ['sigma']));
    expect(problems).toEqual([
      'mixtures[0].means: has 3 rows, expected K = 2 (one per weight)',
      'mixtures[0].sigmas: has 3 entries, expected K = 2 (one per weight)',
    ]);
  });

  it('a mixture with fewer than 2 components', () => {
    const problems = problemsOf(withMixture({ weights: [1], means: [[0]] }));
    expect(problems).toEqual(['mixtures[0].weights: must have at least 2 entries (got 1)', 'mixtures[0].means: must have at least 2 entries (got 1)']);
  });

  it('sigma ≤ 0, shared or per component', () => {
    expect(problemsOf(withMixture({ sigma: 0 }))).toEqual(['mixtures[0].sigma: must be > 0 (got 0)']);
    expect(problemsOf(withMixture({ sigmas: [1, -2] }, ['sigma']))).toEqual(['mixtures[0].sigmas[1]: must be > 0 (got -2)']);
  });

  it('both or neither of sigma and sigmas', () => {
    expect(problemsOf(withMixture({ sigmas: [1, 1] }))).toEqual([
      'mixtures[0]: needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got both)',
    ]);
    expect(problemsOf(withMixture({}, ['sigma']))).toEqual([
      'mixtures[0]: needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got neither)',
    ]);
  });

  it('kmeans-exact on a mixture with d > 1', () => {
    const planar = { id: 'x', weights: [0.5, 0.5], means: [[0, 0], [2, 0]], sigma: 1 };
    const problems = problemsOf({ ...validConfig(), mixtures: [{ ...MIXTURE }, planar], estimators: [{ id: 'k', method: 'kmeans-exact' }] });
    expect(problems).toEqual(['estimators[0].method: "kmeans-exact" needs d = 1; mixture "x" has d = 2, K = 2']);
  });

  it('kmeans-exact against a grid with d = 2', () => {
    const config = { ...omit(validConfig(), 'mixtures'), grid: { separation: [1], d: [1, 2] }, estimators: [{ id: 'k', method: 'kmeans-exact' }] };
    expect(problemsOf(config)).toEqual(['estimators[0].method: "kmeans-exact" needs d = 1; mixture "sep=1_w=equal_K=2_d=2" has d = 2, K = 2']);
  });

  it("EM accelerate 'newton' where it does not apply (K = 3, or unequal σ)", () => {
    const three = { id: 'three', weights: [0.3, 0.3, 0.4], means: [[0], [2], [4]], sigma: 1 };
    const problems = problemsOf({
      ...validConfig(),
      mixtures: [{ ...MIXTURE }, three],
      estimators: [{ id: 'e', method: 'em', options: { accelerate: 'newton' } }],
    });
    expect(problems).toEqual(['estimators[0].options.accelerate: "newton" needs d = 1 and K = 2 (use "auto"); mixture "three" has d = 1, K = 3']);
    const unequal = problemsOf({ ...validConfig(), estimators: [{ id: 'e', method: 'em', options: { accelerate: 'newton', covariance: 'unequal' } }] });
    expect(unequal).toEqual(['estimators[0].options.accelerate: "newton" needs covariance "equal" or "fixed" (got "unequal"); use "auto" or "squarem"']);
  });

  it('missing required fields', () => {
    expect(problemsOf(omit(validConfig(), 'name'))).toEqual(['name: required, expected a string (got nothing)']);
    expect(problemsOf(omit(validConfig(), 'replications'))).toEqual(['replications: required unless "precision" is given (got neither "replications" nor "precision")']);
    expect(problemsOf(omit(validConfig(), 'estimators'))).toEqual(['estimators: required, expected an array (got nothing)']);
    expectProblem(problemsOf(omit(validConfig(), 'seed')), 'seed', 'expected an integer ≥ 0 or a non-empty string (got nothing)');
  });

  it('neither mixtures nor grid', () => {
    expect(problemsOf(omit(validConfig(), 'mixtures'))).toEqual([
      'mixtures: required unless "grid" is given (got neither "mixtures" nor "grid")',
    ]);
  });

  it('values of the wrong type', () => {
    const problems = problemsOf({ ...validConfig(), replications: '100', nested: 'yes', n: 100, title: 3 });
    expect(problems).toEqual([
      'title: expected a string (got 3)',
      'replications: expected a number (got "100")',
      'n: expected an array (got 100)',
      'nested: expected true or false (got "yes")',
    ]);
  });

  it('a document that is not an object', () => {
    expect(problemsOf([1, 2])).toEqual(['(root): expected an object (got [1,2])']);
    expect(problemsOf(null)).toEqual(['(root): expected an object (got null)']);
  });

  it('replications below 2 or not an integer', () => {
    expect(problemsOf({ ...validConfig(), replications: 1 })).toEqual(['replications: must be ≥ 2 (got 1)']);
    expect(problemsOf({ ...validConfig(), replications: 2.5 })).toEqual(['replications: expected an integer (got 2.5)']);
  });

  it('a negative, fractional or boolean seed', () => {
    expect(problemsOf({ ...validConfig(), seed: -1 })).toEqual(['seed: must be ≥ 0 (got -1)']);
    expect(problemsOf({ ...validConfig(), seed: 0.5 })).toEqual(['seed: expected an integer ≥ 0 or a non-empty string (got 0.5)']);
    expect(problemsOf({ ...validConfig(), seed: true })).toEqual(['seed: expected an integer ≥ 0 or a non-empty string (got true)']);
  });

  it('unknown, repeated or no estimands', () => {
    expect(problemsOf({ ...validConfig(), estimands: ['means', 'seperation'] })).toEqual([
      'estimands[1]: unknown "seperation" (did you mean "separation"?)',
    ]);
    expect(problemsOf({ ...validConfig(), estimands: ['means', 'means'] })).toEqual([
      'estimands[1]: must differ from earlier entries (got "means" again)',
    ]);
    expect(problemsOf({ ...validConfig(), estimands: [] })).toEqual(['estimands: must have at least 1 entry (got 0)']);
  });

  it('a name unusable as a results directory', () => {
    expect(problemsOf({ ...validConfig(), name: 'My Study' })).toEqual([
      'name: must be lowercase letters, digits, "-" and "_", starting with a letter or digit (got "My Study")',
    ]);
  });

  it('an id that cannot appear in a condition key', () => {
    expectProblem(problemsOf(withMixture({ id: 'a|b' })), 'mixtures[0].id', '(got "a|b")');
    expectProblem(problemsOf(withEstimators({ id: '', method: 'kmeans' })), 'estimators[0].id', '(got "")');
  });

  it('an estimator that is not an object', () => {
    expect(problemsOf(withEstimators({ id: 'a', method: 'kmeans' }, 'em' as unknown as Record<string, unknown>))).toEqual([
      'estimators[1]: expected an object (got "em")',
    ]);
  });

  it('grid weights whose length is not K, and repeated grid values', () => {
    const config = { ...omit(validConfig(), 'mixtures'), grid: { separation: [1, 2, 1], weights: [[0.2, 0.3, 0.5]], K: [2] } };
    expect(problemsOf(config)).toEqual([
      'grid.separation[2]: must differ from earlier entries (got 1 again)',
      'grid.weights[0]: has 3 entries, expected K = 2 (each weight vector is crossed with every K)',
    ]);
  });

  it('grid K of 1, a negative separation and a non-positive sigma', () => {
    const config = { ...omit(validConfig(), 'mixtures'), grid: { separation: [-1], K: [1], sigma: 0 } };
    expect(problemsOf(config)).toEqual(['grid.separation[0]: must be ≥ 0 (got -1)', 'grid.K[0]: must be ≥ 2 (got 1)', 'grid.sigma: must be > 0 (got 0)']);
  });
});

describe('config files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mixstudy-config-'));
  const write = (file: string, text: string): string => {
    const path = join(dir, file);
    writeFileSync(path, text);
    return path;
  };
  const errorOfLoading = (path: string): ConfigError => {
    try {
      loadConfig(path);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it('invalid JSON is reported with line and column', () => {
    const path = write('comma.json', '{\n  "name": "x",\n  "seed": 1\n  "title": "t"\n}\n');
    const error = errorOfLoading(path);
    expect(error.message.split('\n')[0]).toBe(`${path}: invalid experiment config`);
    expect(error.problems).toEqual(["(root): invalid JSON at line 4, column 3: Expected ',' or '}' after property value"]);
  });

  it('invalid JSON for which V8 gives no position is still located', () => {
    const path = write('literal.json', '{\n  "seed": 1,\n  "nested": yes\n}\n');
    expect(errorOfLoading(path).problems).toEqual(["(root): invalid JSON at line 3, column 13: Unexpected token 'y'"]);
  });

  it('a missing file is a ConfigError naming the file, not an ENOENT stack trace', () => {
    const path = join(dir, 'missing.json');
    const error = errorOfLoading(path);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${path}: cannot read experiment config\n  file not found (looked for ${path})`);
  });

  it('a directory is not a config file', () => {
    expect(errorOfLoading(dir).problems).toEqual(['is a directory, expected a JSON file']);
  });

  it('problems in a file are reported under the file name', () => {
    const path = write('bad.json', JSON.stringify({ ...validConfig(), replications: 0 }, null, 2));
    expect(errorOfLoading(path).message).toBe(`${path}: invalid experiment config\n  replications: must be ≥ 2 (got 0)`);
  });
});
