/**
 * Adaptive Gauss–Kronrod quadrature (7-point Gauss / 15-point Kronrod, the QUADPACK QK15 rule; Piessens et al.
 * 1983) for vector-valued integrands, with global subdivision of the worst interval.
 *
 * Why hand-written: the project has no quadrature dependency, and the Fisher information needs many integrals
 * of the same points at once (every entry of the score outer product), so evaluating the integrand once per node
 * for all entries matters. |K15 − G7| is used as the error estimate of an interval: conservative for the smooth,
 * Gaussian-decaying integrands here, where K15 is far more accurate than G7.
 */

const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
// 7-point Gauss weights at XGK[1], XGK[3], XGK[5], XGK[7].
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

/** Writes the integrand's `dim` values at x into `out`. */
export type VectorIntegrand = (x: number, out: Float64Array) => void;

export interface QuadratureOptions {
  /** Per-component absolute tolerance (default 1e-14). */
  readonly absTol?: number;
  /** Per-component relative tolerance (default 1e-12). */
  readonly relTol?: number;
  /** Maximum number of subintervals (default 2000). */
  readonly maxIntervals?: number;
  /**
   * The error allowed for component i given the current totals; replaces max(absTol, relTol·|total_i|). Lets
   * a caller measure entries that vanish by symmetry against a natural scale (e.g. √(I_ii·I_jj) for a matrix
   * entry) instead of against an absolute floor that depends on the units.
   */
  readonly tolerance?: (total: Float64Array, i: number) => number;
}

export interface QuadratureResult {
  readonly value: Float64Array;
  /** Estimated absolute error per component. */
  readonly error: Float64Array;
  /** Whether every component met its tolerance. */
  readonly converged: boolean;
  readonly evaluations: number;
}

interface Piece {
  a: number;
  b: number;
  value: Float64Array;
  error: Float64Array;
}

function qk15(f: VectorIntegrand, a: number, b: number, dim: number, buf: Float64Array): Piece {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const kron = new Float64Array(dim);
  const gauss = new Float64Array(dim);
  f(c, buf);
  for (let i = 0; i < dim; i++) {
    kron[i] = WGK[7] * buf[i];
    gauss[i] = WG[3] * buf[i];
  }
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j];
    for (const x of [c - dx, c + dx]) {
      f(x, buf);
      for (let i = 0; i < dim; i++) {
        kron[i] += WGK[j] * buf[i];
        if (j % 2 === 1) gauss[i] += WG[(j - 1) / 2] * buf[i];
      }
    }
  }
  const error = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    kron[i] *= h;
    error[i] = Math.abs(kron[i] - h * gauss[i]);
  }
  return { a, b, value: kron, error };
}

/**
 * ∫ f over the union of [breaks[i], breaks[i+1]] (breaks sorted, finite). Breakpoints should sit where the
 * integrand has its features (component means, a few σ out) so no mass is missed by the first rule.
 */
export function integrateVector(f: VectorIntegrand, dim: number, breaks: readonly number[], options: QuadratureOptions = {}): QuadratureResult {
  const absTol = options.absTol ?? 1e-14;
  const relTol = options.relTol ?? 1e-12;
  const maxIntervals = options.maxIntervals ?? 2000;
  const buf = new Float64Array(dim);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    if (breaks[i + 1] > breaks[i]) pieces.push(qk15(f, breaks[i], breaks[i + 1], dim, buf));
  }
  let evaluations = 15 * pieces.length;
  const total = new Float64Array(dim);
  const totalErr = new Float64Array(dim);
  const sum = (): void => {
    total.fill(0);
    totalErr.fill(0);
    for (const p of pieces) {
      for (let i = 0; i < dim; i++) {
        total[i] += p.value[i];
        totalErr[i] += p.error[i];
      }
    }
  };
  sum();
  const custom = options.tolerance;
  const tolOf = custom !== undefined ? (i: number): number => custom(total, i) : (i: number): number => Math.max(absTol, relTol * Math.abs(total[i]));
  let converged = false;
  while (true) {
    let ok = true;
    for (let i = 0; i < dim; i++) if (totalErr[i] > tolOf(i)) ok = false;
    if (ok) {
      converged = true;
      break;
    }
    if (pieces.length >= maxIntervals) break;
    // Split the piece with the largest error relative to the tolerance of its worst component.
    let worst = 0;
    let worstScore = -1;
    for (let p = 0; p < pieces.length; p++) {
      let score = 0;
      for (let i = 0; i < dim; i++) score = Math.max(score, pieces[p].error[i] / tolOf(i));
      if (score > worstScore) {
        worstScore = score;
        worst = p;
      }
    }
    const w = pieces[worst];
    const mid = 0.5 * (w.a + w.b);
    if (!(mid > w.a && mid < w.b)) break;
    pieces.splice(worst, 1, qk15(f, w.a, mid, dim, buf), qk15(f, mid, w.b, dim, buf));
    evaluations += 30;
    sum();
  }
  return { value: total, error: totalErr, converged, evaluations };
}

/** Scalar convenience wrapper of `integrateVector`. */
export function integrate(f: (x: number) => number, breaks: readonly number[], options: QuadratureOptions = {}): QuadratureResult {
  return integrateVector(
    (x, out) => {
      out[0] = f(x);
    },
    1,
    breaks,
    options,
  );
}
