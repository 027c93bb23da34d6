/**
 * Classification EM (Celeux & Govaert 1992, Comput. Statist. Data Anal. 14:315–332) for spherical Gaussian
 * mixtures: a C-step assigns each point to argmaxₖ log πₖ + log N(x | μₖ, σₖ²I), and the M-step fits the
 * parameters on that hard partition. It maximises the classification log-likelihood
 * CML(θ, z) = Σᵢ log π_{zᵢ} N(xᵢ | μ_{zᵢ}, σ²_{zᵢ} I); both steps increase it and partitions are finite, so it
 * stops when the partition no longer changes. With equal weights and one shared σ the C-step is nearest-centre
 * assignment and the M-step the cluster means: CEM then is Lloyd's k-means, the bridge the study measures.
 * Covariance names as mclust's spherical models: 'equal' (E/EII), 'unequal' (V/VII).
 *
 * Conventions:
 * - The M-step is the EM M-step of emKernel.ts fed with 0/1 responsibilities (the same floor, the same
 *   shifted accumulation), on the centred, scaled copy of the data that EM uses too (emUnits.ts), so a fit is
 *   equivariant: fit(a·x + b) = a·fit(x) + b (test/estimators/equivariance.test.ts).
 * - `objective` = CML at the returned θ and its argmax partition; `logLik` = the mixture log-likelihood at
 *   the returned θ (so CEM and EM fits can be compared on the same scale). `iterations` counts C-steps.
 * - An empty cluster keeps its mean and σ; with estimated weights its πₖ becomes 0 and it can never be
 *   re-populated: status 'empty-cluster'. A σ at the variance floor: 'degenerate'.
 * - Defaults not documented in options.ts are taken from EM: restarts 1, maxIter 10000, varianceFloor 1e-8.
 *   Restarts draw their initialisations from `rng` in sequence; the highest CML wins.
 */
import type { Dataset, Fit, FitStatus, Rng } from '../../types.js';
import type { CEMOptions, MixtureParameters } from './options.js';
import { isBetterStart, type StartOutcome } from '../restarts.js';
import { validateInput } from '../validateInput.js';
import { componentCoefficients, createEMWork, degeneracy, eStep, mStep, paramLength, type EMWork, type WeightsMode } from './emKernel.js';
import { checkGivenInit, initialTheta } from './emInit.js';
import { HALF_LOG_2PI } from './emMath.js';
import { meansFromUnits, paramsToUnits, toDataUnits } from './emUnits.js';

export interface ResolvedCEMOptions {
  readonly covariance: 'equal' | 'unequal';
  readonly weights: WeightsMode;
  readonly init: 'kmeans' | 'kmeans++' | MixtureParameters;
  readonly restarts: number;
  readonly maxIter: number;
  readonly varianceFloor: number;
}

export function resolveCEMOptions(options: CEMOptions): ResolvedCEMOptions {
  const covariance = options.covariance ?? 'equal';
  const weights = options.weights ?? 'estimated';
  const init = options.init ?? 'kmeans';
  const restarts = options.restarts ?? 1;
  const maxIter = options.maxIter ?? 10000;
  const varianceFloor = options.varianceFloor ?? 1e-8;
  if (covariance !== 'equal' && covariance !== 'unequal') {
    throw new Error(`cem: options.covariance must be 'equal' or 'unequal', got ${String(covariance)}`);
  }
  if (weights !== 'estimated' && weights !== 'equal') {
    throw new Error(`cem: options.weights must be 'estimated' or 'equal', got ${String(weights)}`);
  }
  if (init === null || (typeof init !== 'object' && init !== 'kmeans' && init !== 'kmeans++')) {
    throw new Error(`cem: options.init must be 'kmeans', 'kmeans++' or MixtureParameters, got ${String(init)}`);
  }
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw new Error(`cem: options.restarts must be a positive integer, got ${restarts}`);
  }
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new Error(`cem: options.maxIter must be a positive integer, got ${maxIter}`);
  }
  if (!(varianceFloor > 0 && varianceFloor < Infinity)) {
    throw new Error(`cem: options.varianceFloor must be a finite number > 0, got ${varianceFloor}`);
  }
  return { covariance, weights, init, restarts, maxIter, varianceFloor };
}

/** Result slots of a C-step, allocated once per fit and overwritten by every step. */
interface CStepResult {
  cml: number;
  changes: number;
}

/**
 * C-step at θ: writes argmax labels, fills w.N/T/Q with the 0/1-responsibility statistics around θ's means
 * (what mStep reads) and stores CML(θ, z) and how many labels changed in `res`. Ties go to the lowest index,
 * as in Lloyd's nearest-centre assignment.
 */
function cStep(w: EMWork, theta: Float64Array, labels: Int32Array, res: CStepResult): void {
  const { x, n, d, K, N, T, Q, c, h } = w;
  componentCoefficients(w, theta);
  let cml = 0;
  let changes = 0;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let best = -Infinity;
    let bestQ = 0;
    let bk = 0;
    for (let k = 0; k < K; k++) {
      const mb = k * d;
      let q = 0;
      for (let j = 0; j < d; j++) {
        const t = x[base + j] - theta[mb + j];
        q += t * t;
      }
      const s = c[k] - q * h[k];
      if (s > best) {
        best = s;
        bk = k;
        bestQ = q;
      }
    }
    if (labels[i] !== bk) {
      labels[i] = bk;
      changes++;
    }
    cml += best;
    N[bk] += 1;
    Q[bk] += bestQ;
    const mb = bk * d;
    for (let j = 0; j < d; j++) T[mb + j] += x[base + j] - theta[mb + j];
  }
  res.cml = cml - n * d * HALF_LOG_2PI;
  res.changes = changes;
}

interface CEMRun {
  theta: Float64Array;
  objective: number;
  iterations: number;
  converged: boolean;
  problem: string | null;
  empty: boolean;
}

/** A run's outcome as the restart rule (../restarts.ts) compares it. */
function cemStart(run: CEMRun): StartOutcome {
  const status: FitStatus = run.problem !== null ? (run.empty ? 'empty-cluster' : 'degenerate') : run.converged ? 'ok' : 'not-converged';
  return { objective: run.objective, status };
}

function runCEM(w: EMWork, start: Float64Array, spare: Float64Array, labels: Int32Array, maxIter: number): CEMRun {
  let cur = start;
  let nxt = spare;
  labels.fill(-1);
  let iterations = 0;
  let converged = false;
  const step: CStepResult = { cml: NaN, changes: 0 };
  while (iterations < maxIter) {
    cStep(w, cur, labels, step);
    iterations++;
    if (step.changes === 0) {
      // θ is already the M-step of this partition: a fixed point, and w holds its hard statistics.
      converged = true;
      break;
    }
    mStep(w, cur, nxt);
    const t = cur;
    cur = nxt;
    nxt = t;
  }
  // After maxIter the last M-step's θ has not been classified yet: its CML and masses need one more C-step.
  if (!converged) cStep(w, cur, labels, step);
  let empty = false;
  for (let k = 0; k < w.K; k++) if (w.N[k] === 0) empty = true;
  const problem = degeneracy(w, cur, 'is an empty cluster');
  return { theta: cur, objective: step.cml, iterations, converged, problem, empty };
}

/** The fit of method 'cem' (its descriptor: ./cemDescriptor.ts). */
export function fitCEM(data: Dataset, K: number, options: CEMOptions, rng: Rng): Fit {
  validateInput(data, K);
  const o = resolveCEMOptions(options);
  const { n, d } = data;
  if (typeof o.init === 'object') checkGivenInit(o.init, K, d, 'cem');
  // As EM, on a centred, scaled copy z = (x − c)/u of the data, mapped back at the end (emUnits.ts): centres held
  // near an offset of 1e8 sd would be rounded to a grid as coarse as the data's, and points near the boundary
  // assigned by that rounding.
  const units = toDataUnits(data);
  const z = units.z;
  const init = typeof o.init === 'object' ? paramsToUnits(o.init, units, K, d) : o.init;
  const tv = units.varianceZ;
  const floorVar = o.varianceFloor * (tv > 0 ? tv : 1);
  const settings = { covariance: o.covariance, weights: o.weights, fixedSigma: NaN, floorVar };
  const w = createEMWork(z, K, { ...settings, floorVarShown: floorVar * units.unit * units.unit });
  const P = paramLength(K, d);
  const a = new Float64Array(P);
  const b = new Float64Array(P);
  const best = new Float64Array(P);
  const labels = new Int32Array(n);
  const runs = typeof init === 'object' ? 1 : o.restarts;
  let winner: CEMRun | null = null;
  for (let r = 0; r < runs; r++) {
    initialTheta(z, K, init, settings, rng, labels, a);
    const run = runCEM(w, a, b, labels, o.maxIter);
    if (isBetterStart(cemStart(run), winner === null ? null : cemStart(winner), 'maximise')) {
      winner = run;
      best.set(run.theta);
    }
  }
  if (winner === null) throw new Error('cem: no restart ran'); // unreachable: runs ≥ 1
  // Both log-likelihoods back in the units of x: − n·d·log u.
  const shift = n * d * units.logUnit;
  const logLik = eStep(w, best) - shift;

  let status: FitStatus = winner.converged ? 'ok' : 'not-converged';
  const notes: string[] = [];
  if (winner.problem !== null) {
    status = winner.empty ? 'empty-cluster' : 'degenerate';
    notes.push(winner.problem);
  }
  if (!winner.converged) notes.push(`partition still changing after ${o.maxIter} C-steps`);
  const sOff = K * d;
  const pOff = sOff + K;
  return {
    K,
    d,
    means: meansFromUnits(best, units, K, d),
    weights: best.slice(pOff, pOff + K),
    sigmas: best.slice(sOff, pOff).map((s) => s * units.unit),
    logLik,
    objective: winner.objective - shift,
    iterations: winner.iterations,
    converged: winner.converged,
    status,
    ...(notes.length > 0 ? { message: notes.join('; ') } : {}),
  };
}
