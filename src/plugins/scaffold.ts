/**
 * The files of a new study (`mixstudy init <dir>`): an experiment config, one estimator plugin (k-medians, a
 * robust cousin of k-means), one data mechanism plugin (a mixture of two Student-t components, heavy-tailed),
 * a test for each (Node's own test runner through tsx, both installed with mixstudy) and a README saying how to
 * run, report, check and extend the study. The plugins follow the contracts of src/estimators/descriptor.ts and
 * src/dgm/mechanism.ts and import only types from 'mixstudy'; the tests import its runtime (createStream).
 */

/** Relative path → file content. */
export type Scaffold = Readonly<Record<string, string>>;

const ESTIMATOR = `/**
 * k-medians as a mixstudy estimator plugin: K centres minimising the sum of L1 distances of the points to their
 * nearest centre, by Lloyd-style alternation (assign each point to the nearest centre in L1, move each centre to
 * the coordinate-wise median of its points) from K random data points, best of \`restarts\` starts. Robust to
 * heavy tails where k-means' means are not.
 *
 * The contract (README "Write your own estimator"): a pure function of the data, K, the options and the rng;
 * every random draw from \`rng\`; return a Fit — status 'ok', or another status with a message when it failed.
 */
import type { Dataset, EstimatorDescriptor, Fit, Rng } from 'mixstudy';

export interface KMediansOptions {
  restarts: number;
  maxIter: number;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 === 1 ? values[m] : (values[m - 1] + values[m]) / 2;
}

export function kMedians(data: Dataset, K: number, options: KMediansOptions, rng: Rng): Fit {
  const { x, n, d } = data;
  let best: { centres: Float64Array; label: Int32Array; cost: number; iterations: number; converged: boolean } | null = null;
  for (let start = 0; start < options.restarts; start++) {
    const picked: number[] = [];
    while (picked.length < K) {
      const i = Math.floor(rng.uniform() * n);
      if (!picked.includes(i)) picked.push(i);
    }
    const centres = new Float64Array(K * d);
    picked.forEach((i, k) => centres.set(x.subarray(i * d, (i + 1) * d), k * d));
    const label = new Int32Array(n).fill(-1);
    let cost = Infinity;
    let iterations = 0;
    let converged = false;
    while (iterations < options.maxIter) {
      iterations++;
      let changed = false;
      cost = 0;
      for (let i = 0; i < n; i++) {
        let bestK = 0;
        let bestD = Infinity;
        for (let k = 0; k < K; k++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += Math.abs(x[i * d + j] - centres[k * d + j]);
          if (s < bestD) {
            bestD = s;
            bestK = k;
          }
        }
        if (label[i] !== bestK) changed = true;
        label[i] = bestK;
        cost += bestD;
      }
      if (!changed) {
        converged = true;
        break;
      }
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < d; j++) {
          const values: number[] = [];
          for (let i = 0; i < n; i++) if (label[i] === k) values.push(x[i * d + j]);
          if (values.length > 0) centres[k * d + j] = median(values);
        }
      }
    }
    if (best === null || cost < best.cost) best = { centres: centres.slice(), label: label.slice(), cost, iterations, converged };
  }
  if (best === null) throw new Error('restarts must be at least 1');
  const weights = new Float64Array(K);
  for (let i = 0; i < n; i++) weights[best.label[i]] += 1 / n;
  return {
    K,
    d,
    means: best.centres,
    weights,
    sigmas: null,
    logLik: null,
    objective: best.cost,
    iterations: best.iterations,
    converged: best.converged,
    status: best.converged ? 'ok' : 'not-converged',
  };
}

const descriptor: EstimatorDescriptor<KMediansOptions> = {
  method: 'kmedians',
  summary: 'k-medians: K centres minimising the sum of L1 distances, by Lloyd-style alternation',
  options: {
    restarts: { type: 'integer', min: 1, default: 10, doc: 'random starts; the lowest L1 cost wins' },
    maxIter: { type: 'integer', min: 1, default: 100, doc: 'alternations per start' },
  },
  optionProblems: () => [],
  unsupported: () => null,
  // What k-medians converges to is not computed by mixstudy: no target to check against.
  target: () => ({ kind: 'none' }),
  describe: (o) => \`k-medians, \${o.restarts} random starts, lowest L1 cost kept\`,
  fit: kMedians,
};

export default descriptor;
`;

const MECHANISM = `/**
 * A mixture of two Student-t components as a mixstudy data mechanism: with probability ½ each, a point is
 * (±Δ/2, 0, …) plus a vector of independent t-distributed coordinates with \`df\` degrees of freedom (each a
 * standard normal over √(χ²_df / df), the χ² a sum of df squared normals). Heavier tails than the Gaussian
 * mixtures mixstudy has built in; df → ∞ gives the spherical Gaussian mixture back.
 *
 * The contract (README "Write your own estimator"): \`rng\` is the only randomness, and points are drawn one after
 * another, so the first m points of a sample are a sample of size m (mixstudy uses prefixes for the smaller n).
 */
import type { DataMechanism } from 'mixstudy';

export interface HeavyTailedParams {
  separation: number;
  df: number;
  d: number;
}

const mechanism: DataMechanism<HeavyTailedParams> = {
  name: 'student-t-mixture',
  summary: 'two Student-t components Δ apart along the first axis',
  params: {
    separation: { type: 'positive', default: 4, doc: 'Δ: distance between the component centres' },
    df: { type: 'integer', min: 1, default: 3, doc: 'degrees of freedom of each coordinate' },
    d: { type: 'integer', min: 1, default: 2, doc: 'dimension' },
  },
  truth: (p) => ({
    means: [0, 1].map((k) => Array.from({ length: p.d }, (_, j) => (j === 0 ? (k === 0 ? -1 : 1) * (p.separation / 2) : 0))),
    weights: [0.5, 0.5],
  }),
  describe: (p, num) => \`two t(\${p.df}) components \${num(p.separation)} apart in \${p.d} dimensions, weights ½\`,
  sample: (n, p, rng) => {
    const x = new Float64Array(n * p.d);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = rng.uniform() < 0.5 ? 0 : 1;
      labels[i] = k;
      for (let j = 0; j < p.d; j++) {
        let chi2 = 0;
        for (let r = 0; r < p.df; r++) chi2 += rng.normal() ** 2;
        const t = rng.normal() / Math.sqrt(chi2 / p.df);
        x[i * p.d + j] = (j === 0 ? (k === 0 ? -1 : 1) * (p.separation / 2) : 0) + t;
      }
    }
    return { x, labels };
  },
};

export default mechanism;
`;

const ESTIMATOR_TEST = `/** The estimator plugin on data whose answer is known. Run: npm test */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStream } from 'mixstudy';
import kmedians from '../estimators/kmedians.js';

test('k-medians finds two well-separated groups', () => {
  const points = [-5.2, -5, -4.9, -5.1, -4.8, 5, 5.3, 4.9, 5.1, 4.7];
  const data = { x: Float64Array.from(points), n: points.length, d: 1 };
  const fit = kmedians.fit(data, 2, { restarts: 5, maxIter: 50 }, createStream(1, 'test'));
  assert.equal(fit.status, 'ok');
  const centres = Array.from(fit.means).sort((a, b) => a - b);
  assert.deepEqual(centres, [-5, 5]);
});

test('the same rng stream gives the same fit', () => {
  const data = { x: Float64Array.from([1, 2, 3, 10, 11, 12, 30]), n: 7, d: 1 };
  const a = kmedians.fit(data, 2, { restarts: 3, maxIter: 50 }, createStream(9, 'fit'));
  const b = kmedians.fit(data, 2, { restarts: 3, maxIter: 50 }, createStream(9, 'fit'));
  assert.deepEqual(Array.from(a.means), Array.from(b.means));
});
`;

const MECHANISM_TEST = `/** The data plugin keeps mixstudy's contracts. Run: npm test */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStream } from 'mixstudy';
import mechanism from '../dgm/studentT.js';

const params = { separation: 4, df: 3, d: 2 };

test('draws point by point: a shorter sample is a prefix of a longer one', () => {
  const long = mechanism.sample(100, params, createStream(1, 'data'));
  const short = mechanism.sample(40, params, createStream(1, 'data'));
  assert.deepEqual(Array.from(long.x.subarray(0, 80)), Array.from(short.x));
  assert.deepEqual(Array.from(long.labels.subarray(0, 40)), Array.from(short.labels));
});

test('the component medians are the true centres', () => {
  const { x, labels } = mechanism.sample(20000, params, createStream(2, 'data'));
  const truth = mechanism.truth(params);
  for (const k of [0, 1]) {
    const first = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === k) first.push(x[i * 2]);
    first.sort((a, b) => a - b);
    assert.ok(Math.abs(first[first.length >> 1] - truth.means[k][0]) < 0.05);
  }
});
`;

function config(name: string): string {
  return `${JSON.stringify(
    {
      name,
      title: 'k-medians against k-means and the mixture MLE on heavy-tailed components',
      description: 'Two Student-t components (3 degrees of freedom) 4 apart in 2-D: do the k-means centres, the Gaussian-mixture MLE and k-medians recover the component centres?',
      seed: 1,
      replications: 20,
      n: [100, 400],
      mixtures: [
        { id: 't3', module: './dgm/studentT.ts', params: { df: 3 } },
        { id: 't30', module: './dgm/studentT.ts', params: { df: 30 } },
      ],
      estimators: [
        { id: 'kmeans', method: 'kmeans', options: { restarts: 10 } },
        { id: 'mle', method: 'em', options: { covariance: 'equal' } },
        { id: 'kmedians', module: './estimators/kmedians.ts', options: { restarts: 10 } },
      ],
      estimands: ['separation', 'means', 'weights', 'misclassification'],
    },
    null,
    2,
  )}\n`;
}

function readme(name: string): string {
  return `# ${name}: a mixstudy simulation study

Written by \`mixstudy init\`. The study compares k-means, the Gaussian-mixture MLE (both built into mixstudy)
and **k-medians** (\`estimators/kmedians.ts\`, a plugin) on data from a **mixture of two Student-t components**
(\`dgm/studentT.ts\`, a plugin). \`study.json\` says what is run.

## Run, report, check

\`\`\`sh
npm install                             # once: mixstudy and its tsx
npx mixstudy run study.json -j 2        # → results/${name}/ (Ctrl-C stops; the same command resumes)
npx mixstudy report ${name}             # → reports/${name}/index.html and report.md
npx mixstudy replay ${name} --condition "t3|n=100" --rep 0 --estimator kmedians   # one fit again, exactly
npx mixstudy baseline ${name}           # freeze these results as results/${name}/baseline.json …
npx mixstudy check ${name}              # … and later re-run and compare (after editing a plugin, say)
npm test                                # the plugins' own tests
npm run typecheck                       # the plugins and tests against mixstudy's types
\`\`\`

On a cluster: \`npx mixstudy run study.json --shard 0/4\` … \`--shard 3/4\`, then \`npx mixstudy merge ${name}\`
(or \`npx mixstudy slurm study.json --array 4\` to write the SLURM scripts).

## Change it

- **Your estimator**: edit \`estimators/kmedians.ts\` or add a file like it, and name it in \`study.json\`:
  \`{ "id": "mine", "module": "./estimators/mine.ts", "options": { … } }\`. Its default export is an estimator
  descriptor: \`method\`, \`summary\`, \`options\` (each \`{ type, doc, default? }\`), \`optionProblems\`,
  \`unsupported\`, \`target\`, \`describe\` and \`fit(data, K, options, rng)\`.
- **Your data**: edit \`dgm/studentT.ts\` or add a file like it, and name it as a mixture:
  \`{ "id": "x", "module": "./dgm/x.ts", "params": { … } }\`. Its default export is a data mechanism: \`name\`,
  \`summary\`, \`params\`, \`truth(params)\` (means, weights, σ if defined) and \`sample(n, params, rng)\`.
- **The rules**: \`rng\` is the only randomness (no \`Math.random\`, no clock, no state between calls); a mechanism
  draws point by point, so the first m points of a sample are a sample of size m. Editing a plugin changes the
  study's config hash: \`mixstudy run\` then refuses to resume old results (use \`--fresh\`).
- Fit one data set: \`npx mixstudy fit data.csv --k 2 --module ./estimators/kmedians.ts --options '{"restarts":5}'\`.
`;
}

const PACKAGE = (name: string): string =>
  `${JSON.stringify(
    {
      name,
      private: true,
      type: 'module',
      scripts: { test: 'node --import tsx --test test/*.test.ts', typecheck: 'tsc -p .' },
      // For `npm run typecheck` and editors; mixstudy itself runs the plugins without them (through tsx).
      devDependencies: { '@types/node': '^20.19.0', typescript: '^5.9.0' },
    },
    null,
    2,
  )}\n`;

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: false },
    include: ['estimators', 'dgm', 'test'],
  },
  null,
  2,
)}\n`;

/** Every file of a new study named `name` (a valid experiment name). */
export function scaffold(name: string): Scaffold {
  return {
    'package.json': PACKAGE(name),
    'tsconfig.json': TSCONFIG,
    '.gitignore': 'node_modules/\nresults/\nreports/\n',
    'README.md': readme(name),
    'study.json': config(name),
    'estimators/kmedians.ts': ESTIMATOR,
    'dgm/studentT.ts': MECHANISM,
    'test/kmedians.test.ts': ESTIMATOR_TEST,
    'test/studentT.test.ts': MECHANISM_TEST,
  };
}
