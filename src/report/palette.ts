/**
 * One visual identity per estimator, shared by every figure of a report: an Okabe–Ito colour (safe for the
 * common colour-vision deficiencies; Okabe & Ito 2008), plus a point shape and a line dash so the estimators
 * stay distinguishable when printed in grey. Styles are assigned by the estimator's position in the
 * experiment config, so "mle" looks the same in every figure of the same report.
 */

/** Okabe–Ito, reordered so the first two (the usual k-means vs MLE pair) differ most in hue and in grey. */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** Vega symbol shapes, in the same order as the colours. */
export const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-left', 'triangle-right'] as const;

/** Vega strokeDash arrays: solid, dashed, dotted, dash-dot, … */
export const DASHES: readonly (readonly number[])[] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [4, 2, 1, 2], [1, 3], [10, 2, 2, 2, 2, 2]];

/** Colour of theory overlays (truth, limits, asymptotic curves): neutral so it never reads as an estimator. */
export const REFERENCE_COLOUR = '#444444';

export interface EstimatorStyle {
  readonly id: string;
  readonly colour: string;
  readonly shape: string;
  readonly dash: readonly number[];
}

/** Styles for the estimators in config order; beyond eight estimators the styles repeat. */
export function estimatorStyles(estimatorIds: readonly string[]): EstimatorStyle[] {
  return estimatorIds.map((id, i) => ({
    id,
    colour: OKABE_ITO[i % OKABE_ITO.length],
    shape: SHAPES[i % SHAPES.length],
    dash: DASHES[i % DASHES.length],
  }));
}

/** Vega-Lite scale objects mapping the estimator field to colour, shape and dash, with the full domain so
 * every figure assigns the same style to the same estimator even when some estimator is absent from it. */
export function estimatorScales(styles: readonly EstimatorStyle[]): {
  colour: { domain: string[]; range: string[] };
  shape: { domain: string[]; range: string[] };
  dash: { domain: string[]; range: number[][] };
} {
  const domain = styles.map((s) => s.id);
  return {
    colour: { domain, range: styles.map((s) => s.colour) },
    shape: { domain, range: styles.map((s) => s.shape) },
    dash: { domain, range: styles.map((s) => [...s.dash]) },
  };
}
