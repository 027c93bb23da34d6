/**
 * The data compiled kernels are primed on before their first real call (src/estimators/kmeans/lloydGen.ts,
 * lloydBounds.ts, src/estimators/mixture/emKernel.ts): a fresh function whose first call is a long loop is
 * compiled on-stack before the code after the loop has any type feedback, and then deoptimises at the end of
 * every call (src/estimators/kmeans/kmeans.ts warmUp describes the effect). The values 0.25 + ((i·7) mod 13)/2
 * are spread out and non-integral: integral ones would record small-integer feedback. Affects no result.
 */
export function primingPoints(length: number): Float64Array {
  const x = new Float64Array(length);
  for (let i = 0; i < length; i++) x[i] = 0.25 + ((i * 7) % 13) * 0.5;
  return x;
}
