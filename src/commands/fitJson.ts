/** The JSON shape of one fit printed by `fit --json` and `replay` (issue 2 fixes the field list). */
import type { Fit } from '../types.js';

export interface FitJson {
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

/** A readable multi-line rendering for terminals. */
export function formatFit(fit: Fit): string {
  const j = fitToJson(fit);
  const lines = [`status     ${fit.status}${fit.message ? ` (${fit.message})` : ''}`];
  j.means.forEach((m, k) => {
    const sigma = j.sigmas === null ? '' : `  sigma ${fmt(j.sigmas[k])}`;
    lines.push(`component ${k + 1}  weight ${fmt(j.weights[k])}  mean [${m.map(fmt).join(', ')}]${sigma}`);
  });
  if (j.logLik !== null) lines.push(`logLik     ${fmt(j.logLik)}`);
  lines.push(`objective  ${fmt(j.objective)}`, `iterations ${j.iterations}`, `converged  ${j.converged}`);
  return lines.join('\n');
}
