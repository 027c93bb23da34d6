/**
 * `fit --se` / `fit --bootstrap B`: the SEs and intervals of one fit of a user's data, by the same function a
 * study uses (src/runner/inferFit.ts). There is no truth to align to, so every component-named key refers to the
 * fit's own component order; the bootstrap draws from the stream (seed, 'bootstrap').
 */
import { MIN_BOOTSTRAP_B } from '../config/inferenceSchema.js';
import type { FitInference } from '../estimands/intervals.js';
import type { MethodSpec } from '../estimators/registry.js';
import { UserError } from '../errors/userError.js';
import { createStream } from '../rng/stream.js';
import { inferenceOf } from '../runner/inferFit.js';
import type { Dataset, Fit } from '../types.js';

export interface FitInferenceFlags {
  readonly se: boolean;
  readonly bootstrap?: number;
  readonly level: number;
  readonly seed: string;
}

/** The inference the flags ask for (undefined when the fit is not ok). @throws UserError on a bad --level or --bootstrap */
export function fitInference(flags: FitInferenceFlags, spec: MethodSpec, data: Dataset, fit: Fit): FitInference | undefined {
  if (!(flags.level > 0 && flags.level < 1)) throw new UserError(`--level: must be in (0, 1) (got ${flags.level})`);
  const B = flags.bootstrap;
  if (B !== undefined && !(Number.isInteger(B) && B >= MIN_BOOTSTRAP_B)) throw new UserError(`--bootstrap: must be an integer ≥ ${MIN_BOOTSTRAP_B} (got ${B})`);
  if (fit.status !== 'ok') return undefined;
  const own: number[][] = [];
  for (let k = 0; k < fit.K; k++) own.push(Array.from(fit.means.subarray(k * fit.d, (k + 1) * fit.d)));
  return inferenceOf(
    { level: flags.level, wald: flags.se, credible: true, bootstrap: B === undefined ? null : { B, estimators: [] } },
    spec,
    data,
    fit,
    { trueMeans: own, estimands: ['separation', 'means', 'weights', 'sigma'], bootstrap: B !== undefined, bootstrapStream: () => createStream(flags.seed, 'bootstrap') },
  );
}
