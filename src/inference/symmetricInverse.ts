/**
 * The matrix algebra shared by the estimators' large-sample covariances (the observed information of the mixture
 * MLE, src/estimators/mixture/mixtureInformation.ts; Pollard's k-means sandwich,
 * src/estimators/kmeans/pollardCovariance.ts): inverting a symmetric matrix that theory says is positive definite
 * (an information matrix, or the Hessian of a minimised objective) and saying why not when it is not, instead of
 * returning NaNs; and the congruences A·C·Aᵀ that map a covariance to other parameters and form sandwiches.
 *
 * The inverse comes from the eigendecomposition (cyclic Jacobi, Golub & Van Loan 2013 §8.5) of the matrix scaled
 * to unit diagonal, C = D^{-1/2} M D^{-1/2}: the scaling makes the test unit-free (a mean in kilometres and a
 * weight have information entries 1e6 apart) and the eigenvalues of C lie in [0, P] for a positive semi-definite
 * M, so one relative threshold separates a singular matrix (an eigenvalue within rounding of 0: a direction of
 * the parameters the data do not inform) from an indefinite one (an eigenvalue clearly below 0: the fit is a
 * saddle point or a minimum of the log-likelihood, not a maximum). Matrices are small (P parameters, P ≲ 10³);
 * the O(P³) work per sweep is nothing next to the O(n·P²) pass that formed them.
 */

/** Eigenvalues of C = D^{-1/2} M D^{-1/2} at or below this are zero: far above rounding (~1e-15·P), far below any information a fit carries. */
export const SINGULAR_TOLERANCE = 1e-10;

export type InverseResult =
  | { readonly status: 'ok'; readonly inverse: Float64Array }
  | { readonly status: 'singular' | 'not-negative-definite'; readonly reason: string };

/** What is inverted, for the reasons: its name and the name of each row (parameter). */
export interface InverseContext {
  /** e.g. "the observed information". */
  readonly what: string;
  /** The name of row i (called only to explain a failure, so callers need not build names for every fit). */
  readonly name: (i: number) => string;
  /** The status a matrix with a clearly negative eigenvalue gets ('not-negative-definite' names the Hessian of the log-likelihood). */
  readonly indefinite?: 'not-negative-definite';
}

/**
 * Eigenvalues and eigenvectors of a symmetric P×P matrix (row-major, not modified) by cyclic Jacobi rotations
 * until every off-diagonal entry is below 1e-15 of the diagonal's scale. Returns the eigenvalues and the
 * eigenvectors as the columns of a row-major P×P matrix.
 */
export function symmetricEigen(M: Float64Array, P: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(M.subarray(0, P * P));
  const V = new Float64Array(P * P);
  for (let i = 0; i < P; i++) V[i * P + i] = 1;
  let scale = 0;
  for (let i = 0; i < P * P; i++) scale = Math.max(scale, Math.abs(A[i]));
  for (let sweep = 0; sweep < 100 && scale > 0; sweep++) {
    let off = 0;
    for (let p = 0; p < P; p++) for (let q = p + 1; q < P; q++) off = Math.max(off, Math.abs(A[p * P + q]));
    if (off <= 1e-15 * scale) break;
    for (let p = 0; p < P; p++) {
      for (let q = p + 1; q < P; q++) {
        const apq = A[p * P + q];
        if (apq === 0) continue;
        const app = A[p * P + p];
        const aqq = A[q * P + q];
        // The rotation that zeroes A[p][q] (Golub & Van Loan 2013, Algorithm 8.5.1), the smaller angle.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < P; k++) {
          const akp = A[k * P + p];
          const akq = A[k * P + q];
          A[k * P + p] = c * akp - s * akq;
          A[k * P + q] = s * akp + c * akq;
        }
        for (let k = 0; k < P; k++) {
          const apk = A[p * P + k];
          const aqk = A[q * P + k];
          A[p * P + k] = c * apk - s * aqk;
          A[q * P + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < P; k++) {
          const vkp = V[k * P + p];
          const vkq = V[k * P + q];
          V[k * P + p] = c * vkp - s * vkq;
          V[k * P + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(P);
  for (let i = 0; i < P; i++) values[i] = A[i * P + i];
  return { values, vectors: V };
}

/** The names of the rows with the largest loadings in eigenvector `col`, for a reason. */
function direction(vectors: Float64Array, P: number, col: number, name: (i: number) => string): string {
  const loads = Array.from({ length: P }, (_, i) => ({ name: name(i), w: Math.abs(vectors[i * P + col]) }));
  loads.sort((a, b) => b.w - a.w);
  return loads
    .filter((l, i) => i === 0 || l.w >= 0.3)
    .slice(0, 3)
    .map((l) => l.name)
    .join(', ');
}

/**
 * The inverse of a symmetric matrix M (P×P row-major) that should be positive definite, or why it is not:
 * 'singular' when an eigenvalue of its unit-diagonal form is ≤ SINGULAR_TOLERANCE in absolute value (a zero
 * diagonal entry is scaled by the geometric mean of the others, so a zero row is singular and a zero diagonal
 * beside non-zero off-diagonal entries indefinite), 'not-negative-definite' (the Hessian of the log-likelihood,
 * −M, is not negative definite) when a diagonal entry or such an eigenvalue is clearly negative, 'singular' for
 * non-finite entries as well.
 */
export function invertPositiveDefinite(M: Float64Array, P: number, ctx: InverseContext): InverseResult {
  const indefinite = ctx.indefinite ?? 'not-negative-definite';
  for (let i = 0; i < P * P; i++) {
    if (!Number.isFinite(M[i])) return { status: 'singular', reason: `${ctx.what} has a non-finite entry (row ${ctx.name(Math.floor(i / P))})` };
  }
  const s = new Float64Array(P);
  let logSum = 0;
  let positive = 0;
  for (let i = 0; i < P; i++) {
    const m = M[i * P + i];
    if (m < 0) return { status: indefinite, reason: `${ctx.what} is not positive definite: its diagonal entry for ${ctx.name(i)} is negative` };
    if (m > 0) {
      s[i] = 1 / Math.sqrt(m);
      logSum += Math.log(m);
      positive++;
    }
  }
  if (positive === 0) return { status: 'singular', reason: `${ctx.what} is zero` };
  // A zero diagonal entry takes the typical scale of the others: its row then decides, through the eigenvalues,
  // between singular (the row is zero up to rounding) and indefinite (a zero diagonal beside real off-diagonals).
  const typical = 1 / Math.sqrt(Math.exp(logSum / positive));
  for (let i = 0; i < P; i++) if (s[i] === 0) s[i] = typical;
  const C = new Float64Array(P * P);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) C[i * P + j] = M[i * P + j] * s[i] * s[j];
  const { values, vectors } = symmetricEigen(C, P);
  let min = 0;
  for (let k = 1; k < P; k++) if (values[k] < values[min]) min = k;
  const lambda = values[min];
  if (lambda < -SINGULAR_TOLERANCE) {
    return {
      status: indefinite,
      reason: `${ctx.what} is not positive definite (eigenvalue ${lambda.toPrecision(3)} of its unit-diagonal form, mostly along ${direction(vectors, P, min, ctx.name)}): not a strict optimum`,
    };
  }
  if (lambda <= SINGULAR_TOLERANCE) {
    return {
      status: 'singular',
      reason: `${ctx.what} is singular (eigenvalue ${lambda.toPrecision(3)} of its unit-diagonal form, mostly along ${direction(vectors, P, min, ctx.name)}): the data do not identify that direction`,
    };
  }
  // M⁻¹ = D^{-1/2} V Λ⁻¹ Vᵀ D^{-1/2}.
  const inverse = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = i; j < P; j++) {
      let acc = 0;
      for (let k = 0; k < P; k++) acc += (vectors[i * P + k] * vectors[j * P + k]) / values[k];
      const v = acc * s[i] * s[j];
      inverse[i * P + j] = v;
      inverse[j * P + i] = v;
    }
  }
  return { status: 'ok', inverse };
}

/** A·C·Aᵀ for A (R×P) and symmetric C (P×P), row-major; the result is R×R and exactly symmetric. */
export function congruence(A: Float64Array, R: number, C: Float64Array, P: number): Float64Array {
  const AC = new Float64Array(R * P);
  for (let i = 0; i < R; i++) {
    for (let k = 0; k < P; k++) {
      const a = A[i * P + k];
      if (a === 0) continue;
      for (let j = 0; j < P; j++) AC[i * P + j] += a * C[k * P + j];
    }
  }
  const out = new Float64Array(R * R);
  for (let i = 0; i < R; i++) {
    for (let j = i; j < R; j++) {
      let acc = 0;
      for (let k = 0; k < P; k++) acc += AC[i * P + k] * A[j * P + k];
      out[i * R + j] = acc;
      out[j * R + i] = acc;
    }
  }
  return out;
}

/** Fills the lower triangle of a P×P row-major matrix from its upper triangle. */
export function symmetrizeFromUpper(M: Float64Array, P: number): Float64Array {
  for (let i = 0; i < P; i++) for (let j = i + 1; j < P; j++) M[j * P + i] = M[i * P + j];
  return M;
}
