/**
 * One task = one replication of one data-generating mechanism, across every sample size and estimator.
 *
 * Seeding contract (docs/ARCHITECTURE.md §3): the data stream is keyed by (seed, 'data', mixture id, rep) — plus n when
 * samples are not nested — and each estimator's stream by (seed, 'fit', condition key, rep, estimator id).
 * Nothing depends on which worker runs the task, in which order, or which other tasks exist, and adding an
 * estimator never changes the data. With nested samples the sample for a smaller n is the prefix of the
 * sample for the largest n (the sampler draws point by point), so curves over n are paired across n.
 */
// Not config/index.js: that loads the zod schema (~100 ms), and this module is all a worker thread needs.
import { conditionKey } from '../config/conditions.js';
import type { ExperimentConfig, MixtureSpec } from '../config/types.js';
import { drawSample } from '../dgm/draw.js';
import type { SampleBuffers } from '../dgm/sphericalMixture.js';
import { measureFit } from '../estimands/measureFit.js';
import { fitMethod } from '../estimators/registry.js';
import { createStream } from '../rng/stream.js';
import type { Dataset, Rng } from '../types.js';
import { statusOfError, statusOfFit } from './fitStatus.js';
import { inferFit } from './inferFit.js';
import type { ReplicationRow, TimingRow } from '../results/rows.js';

export interface TaskRef {
  readonly mixtureIndex: number;
  readonly rep: number;
  /**
   * Only these cells, each nIndex · (number of estimators) + estimatorIndex, ascending; absent: every (n,
   * estimator). A grown run (src/runner/growth.ts) or a condition stopped by its precision target
   * (src/runner/precision.ts) computes part of a replication.
   */
  readonly cells?: readonly number[];
}

export interface TaskOutput {
  readonly rows: ReplicationRow[];
  readonly timings: TimingRow[];
}

export interface Sample {
  readonly data: Dataset;
  readonly labels: Int32Array;
}

/** The stream an estimator draws its initialisation from, for one condition and replication. */
export function fitStream(config: ExperimentConfig, condition: string, rep: number, estimatorId: string): Rng {
  return createStream(config.seed, 'fit', condition, rep, estimatorId);
}

/**
 * The sample of replication `rep` at size n (a prefix of the largest sample when nested). With `buffers` it
 * lives in them and is valid only until the next call that lends the same buffers.
 */
export function sampleFor(config: ExperimentConfig, mixture: MixtureSpec, rep: number, n: number, buffers?: SampleBuffers): Sample {
  if (config.nested) {
    const largest = config.n[config.n.length - 1];
    return prefix(drawSample(mixture, largest, createStream(config.seed, 'data', mixture.id, rep), buffers), n);
  }
  return drawSample(mixture, n, createStream(config.seed, 'data', mixture.id, rep, n), buffers);
}

/** The first m points of replication `rep`'s nested sample: the draw of the stream `sampleFor` uses, cut short. */
function prefixDraw(config: ExperimentConfig, mixture: MixtureSpec, rep: number, m: number, buffers: SampleBuffers): Sample {
  // Only the built-in sampler is known to draw point by point; any other mechanism draws the largest n.
  if ((mixture as { mechanism?: unknown }).mechanism !== undefined) return prefix(sampleFor(config, mixture, rep, config.n[config.n.length - 1], buffers), m);
  return drawSample(mixture, m, createStream(config.seed, 'data', mixture.id, rep), buffers);
}

/**
 * Sample memory reused by every task of this thread (each worker has its own module instance). Safe because a
 * task's rows hold only numbers: nothing refers to the sample once executeTask returns.
 */
let taskBuffers: SampleBuffers = { x: new Float64Array(0), labels: new Int32Array(0) };

function buffersFor(values: number, points: number): SampleBuffers {
  if (taskBuffers.x.length < values || taskBuffers.labels.length < points) {
    taskBuffers = { x: new Float64Array(values), labels: new Int32Array(points) };
  }
  return taskBuffers;
}

function drawOrError(draw: () => Sample): Sample | Error {
  try {
    return draw();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function prefix(sample: Sample, n: number): Sample {
  const { data, labels } = sample;
  if (n === data.n) return sample;
  return { data: { x: data.x.subarray(0, n * data.d), n, d: data.d }, labels: labels.subarray(0, n) };
}

export function executeTask(config: ExperimentConfig, task: TaskRef): TaskOutput {
  const mixture = config.mixtures[task.mixtureIndex];
  if (mixture === undefined) throw new Error(`task refers to mixture ${task.mixtureIndex}, config has ${config.mixtures.length}`);
  const rows: ReplicationRow[] = [];
  const timings: TimingRow[] = [];
  const E = config.estimators.length;
  const wanted = task.cells === undefined ? null : new Set(task.cells);
  const sizes = config.n.filter((_, i) => wanted === null || config.estimators.some((_, e) => wanted.has(i * E + e)));
  if (sizes.length === 0) return { rows, timings };
  // Nested: draw the largest sample needed once and take prefixes, instead of re-drawing it for every n. Its
  // points are those of the config's largest n (the sampler draws point by point: a prefix of a longer draw).
  const maxN = sizes[sizes.length - 1];
  const buffers = buffersFor(maxN * mixture.means[0].length, maxN);
  // A plugin mechanism that fails (src/dgm/draw.ts) fails the fits of its sample, each row `error` with why.
  const largest = config.nested ? drawOrError(() => prefixDraw(config, mixture, task.rep, maxN, buffers)) : null;
  for (const n of sizes) {
    const sample = largest instanceof Error ? largest : largest ? prefix(largest, n) : drawOrError(() => sampleFor(config, mixture, task.rep, n, buffers));
    const condition = conditionKey(mixture.id, n);
    const nIndex = config.n.indexOf(n);
    for (const [eIndex, estimator] of config.estimators.entries()) {
      if (wanted !== null && !wanted.has(nIndex * E + eIndex)) continue;
      const rng = fitStream(config, condition, task.rep, estimator.id);
      const started = performance.now();
      let fitSeconds: number;
      let row: ReplicationRow;
      try {
        if (sample instanceof Error) throw sample;
        const fit = fitMethod(estimator, sample.data, mixture.K, rng);
        fitSeconds = (performance.now() - started) / 1000;
        const values = measureFit(sample.data, sample.labels, fit, mixture, config.estimands);
        // SEs and intervals only when the config asks (./inferFit.ts); otherwise the row is as it always was.
        const inference = inferFit(config, estimator, mixture, condition, task.rep, sample.data, fit);
        row = { condition, rep: task.rep, estimator: estimator.id, ...statusOfFit(fit), values, ...(inference === undefined ? {} : { inference }) };
      } catch (err) {
        fitSeconds = (performance.now() - started) / 1000;
        row = { condition, rep: task.rep, estimator: estimator.id, ...statusOfError(err), values: {} };
      }
      timings.push({ condition, rep: task.rep, estimator: estimator.id, seconds: fitSeconds });
      rows.push(row);
    }
  }
  return { rows, timings };
}
