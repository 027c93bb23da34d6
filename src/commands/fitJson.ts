/**
 * The JSON shape of one fit printed by `fit --json` and `replay --json`, and its readable rendering. `status`
 * (and `message` when there is one) come from the rule every row of `replications.ndjson` uses
 * (src/runner/fitStatus.ts), so a degenerate fit says `"status": "degenerate"` even where `converged` is true.
 */
import { statusOfFit, type FitStatusRecord } from '../runner/fitStatus.js';
import type { Fit } from '../types.js';

export interface FitJson extends FitStatusRecord {
  means: number[][];
  weights: number[];
  sigmas: number[] | null;
  logLik: number | null;
  objective: number;
  iterations: number;
  converged: boolean;
}

export function fitToJson(fit: Fit): FitJson {
  const means: number[][] = [];
  for (let k = 0; k < fit.K; k++) means.push(Array.from(fit.means.subarray(k * fit.d, (k + 1) * fit.d)));
  return {
    ...statusOfFit(fit),
    means,
    weights: Array.from(fit.weights),
    sigmas: fit.sigmas === null ? null : Array.from(fit.sigmas),
    logLik: fit.logLik,
    objective: fit.objective,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(8));

/** The status line of the readable rendering: `status     degenerate (component 1 of 2: …)`. */
export function formatStatus(s: FitStatusRecord): string {
  return `status     ${s.status}${s.message ? ` (${s.message})` : ''}`;
}

/** A readable multi-line rendering for terminals. */
export function formatFit(fit: Fit): string {
  const j = fitToJson(fit);
  const lines = [formatStatus(j)];
  j.means.forEach((m, k) => {
    const sigma = j.sigmas === null ? '' : `  sigma ${fmt(j.sigmas[k])}`;
    lines.push(`component ${k + 1}  weight ${fmt(j.weights[k])}  mean [${m.map(fmt).join(', ')}]${sigma}`);
  });
  if (j.logLik !== null) lines.push(`logLik     ${fmt(j.logLik)}`);
  lines.push(`objective  ${fmt(j.objective)}`, `iterations ${j.iterations}`, `converged  ${j.converged}`);
  return lines.join('\n');
}
