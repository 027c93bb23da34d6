/**
 * Child process of the step ladder (bench/ladder.ts): the canonical study's compute — per replication one
 * nested sample of the largest n, then for every n a k-means fit and an equal-σ EM fit, each with the study's
 * own streams — with the speed-ups switched on up to step STEP, in a fresh process so the JIT sees only this
 * configuration. Prints one JSON line: {step, replications, cpu, wall, emPasses (mean per n)}.
 *
 * Steps (cumulative): 0 the generic point-by-point sampler through the Rng interface, O(n) Lloyd passes and
 * plain EM; 1 the fused sampler; 2 SQUAREM; 3 Newton instead of SQUAREM (cold start); 4 the subsample warm start;
 * 5 the value index for 1-D k-means. EM's own k-means initialisation always uses the value index.
 *
 * Usage: node --import tsx bench/ladderChild.ts STEP REPLICATIONS
 */
import { join } from 'node:path';
import { conditionKey, loadConfig } from '../src/config/index.js';
import { sampleMixture } from '../src/dgm/sphericalMixture.js';
import { em } from '../src/estimators/mixture/emDescriptor.js';
import { fitKMeansWith, kmeans, warmUp } from '../src/estimators/kmeans/kmeans.js';
import type { EMOptions } from '../src/estimators/mixture/options.js';
import { fitStream } from '../src/runner/executeTask.js';
import { createStream } from '../src/rng/stream.js';
import type { Rng } from '../src/types.js';
import { ROOT, selfCpuSeconds } from './lib.js';

// JIT priming of the k-means kernels (the runner does it before its first fit; see src/estimators/kmeans/kmeans.ts).
warmUp();

const step = Number(process.argv[2] ?? 5);
const replications = Number(process.argv[3] ?? 50);
const config = loadConfig(join(ROOT, 'experiments', 'canonical.json')).config;
const mixture = config.mixtures[0];
const largest = config.n[config.n.length - 1];
const emOptions: EMOptions = {
  covariance: 'equal',
  accelerate: step >= 3 ? 'newton' : step >= 2 ? 'squarem' : 'none',
  warmStart: step >= 4 ? 'subsample' : 'none',
};
const passes = new Map<number, number>();

function replication(rep: number): void {
  const stream = createStream(config.seed, 'data', mixture.id, rep);
  // Step 0: the same draws through the Rng interface, which bypasses the fused loop.
  const rng: Rng = step >= 1 ? stream : { uniform: () => stream.uniform(), normal: () => stream.normal() };
  const sample = sampleMixture(mixture, largest, rng);
  for (const n of config.n) {
    const data = { x: sample.data.x.subarray(0, n), n, d: 1 };
    const condition = conditionKey(mixture.id, n);
    const kmStream = fitStream(config, condition, rep, 'kmeans');
    if (step >= 5) kmeans.fit(data, 2, {}, kmStream);
    else fitKMeansWith(data, 2, {}, kmStream, Infinity);
    const fit = em.fit(data, 2, emOptions, fitStream(config, condition, rep, 'mle'));
    passes.set(n, (passes.get(n) ?? 0) + fit.iterations);
  }
}

replication(0); // JIT warm-up, not timed
passes.clear();
const c0 = selfCpuSeconds();
const t0 = performance.now();
for (let rep = 0; rep < replications; rep++) replication(rep);
const cpu = selfCpuSeconds() - c0;
const wall = (performance.now() - t0) / 1000;
const emPasses = Object.fromEntries([...passes].map(([n, p]) => [n, p / replications]));
console.log(JSON.stringify({ step, replications, cpu, wall, emPasses }));
