/**
 * The two scales of the paper. Each scale is a folder of experiment configs, `experiments/paper/<scale>/`, with
 * one config per role (see experiments.ts) and scale-specific names (`paper-quick-…`, `paper-full-…`), so the
 * results of both scales can sit side by side in `results/`. The configs of both scales share their seeds and
 * mixture ids, so with nested samples the quick replications are the first replications of the full run.
 * The settings below are for the computations that are not runs of the runner: the Monte Carlo
 * approximation of the k-means population limit in d > 1 (figure 7) and the resolution of theory curves.
 */
import { join } from 'node:path';
import { projectRoot } from '../slurm/projectRoot.js';

export const SCALES = ['quick', 'full'] as const;
export type Scale = (typeof SCALES)[number];

export function isScale(s: string): s is Scale {
  return (SCALES as readonly string[]).includes(s);
}

/** kmeansLimitMonteCarlo settings: `batches` independent calls, each averaging `repeatsPerBatch` samples of size n. */
export interface LimitSettings {
  readonly n: number;
  readonly batches: number;
  readonly repeatsPerBatch: number;
  readonly restarts: number;
  readonly seed: string;
}

export interface ScaleSettings {
  readonly scale: Scale;
  /** Folder of the scale's experiment configs. */
  readonly configDir: string;
  readonly limit: LimitSettings;
  /** Step in Δ/σ of the exact bias curves of figure 3. */
  readonly theoryStep: number;
}

export function scaleSettings(scale: Scale, root: string = projectRoot()): ScaleSettings {
  const configDir = join(root, 'experiments', 'paper', scale);
  if (scale === 'quick') {
    return { scale, configDir, limit: { n: 100_000, batches: 5, repeatsPerBatch: 2, restarts: 10, seed: 'paper-kmeans-limit' }, theoryStep: 0.025 };
  }
  return { scale, configDir, limit: { n: 400_000, batches: 10, repeatsPerBatch: 2, restarts: 10, seed: 'paper-kmeans-limit' }, theoryStep: 0.01 };
}
