/**
 * A contaminated two-component mixture as a mixstudy data mechanism: with probability 1 − ε a point comes from
 * the spherical mixture ½N((−Δ/2, 0), I) + ½N((Δ/2, 0), I); with probability ε it is replaced by a far outlier
 * from N((0, shift), I). The outlier keeps the label of the component it replaced, and the truth is the clean
 * mixture: the question is which estimators recover it despite the contamination (Cuesta-Albertos, Gordaliza &
 * Matrán 1997, §1).
 *
 * Point by point from the rng mixstudy passes in (one uniform for the component, one for "outlier?", then two
 * normals), so the first m points of a sample are a sample of size m, as nested designs need.
 */
import type { DataMechanism } from '../../../src/index.js';

export interface ContaminatedParams {
  /** Δ: distance between the two component means (σ = 1). */
  separation: number;
  /** ε: probability that a point is an outlier. */
  epsilon: number;
  /** Distance of the outliers' centre from the mixture's centre, perpendicular to the means. */
  shift: number;
}

const mechanism: DataMechanism<ContaminatedParams> = {
  name: 'contaminated-mixture',
  summary: 'two unit-variance Gaussian components in 2-D, a fraction ε of points replaced by far outliers',
  params: {
    separation: { type: 'positive', default: 4, doc: 'Δ: distance between the component means (σ = 1)' },
    epsilon: { type: 'number', min: 0, max: 1, default: 0.05, doc: 'ε: probability that a point is an outlier' },
    shift: { type: 'positive', default: 25, doc: 'distance of the outliers from the mixture centre, perpendicular to the means' },
  },
  paramProblems: (p) => (p.epsilon >= 0.5 ? [{ path: 'epsilon', message: `must be below 0.5: then the outliers are the majority (got ${p.epsilon})` }] : []),
  truth: (p) => ({
    means: [
      [-p.separation / 2, 0],
      [p.separation / 2, 0],
    ],
    weights: [0.5, 0.5],
    sigmas: [1, 1],
  }),
  describe: (p, num) =>
    `½N((−${num(p.separation / 2)}, 0), I) + ½N((${num(p.separation / 2)}, 0), I), each point replaced with probability ε = ${num(p.epsilon)} by an outlier from N((0, ${num(p.shift)}), I)`,
  sample: (n, p, rng) => {
    const x = new Float64Array(n * 2);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = rng.uniform() < 0.5 ? 0 : 1;
      const outlier = rng.uniform() < p.epsilon;
      const z1 = rng.normal();
      const z2 = rng.normal();
      labels[i] = k;
      x[2 * i] = (outlier ? 0 : (k === 0 ? -1 : 1) * (p.separation / 2)) + z1;
      x[2 * i + 1] = (outlier ? p.shift : 0) + z2;
    }
    return { x, labels };
  },
};

export default mechanism;
