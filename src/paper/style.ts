/**
 * The paper's visual identity: one colour, shape and dash per kind of estimator in every figure (k-means
 * blue, the MLE vermilion — the first two Okabe–Ito colours, as in the per-experiment reports), a colour per
 * mixing weight in figure 3, and the legend labels readers see instead of config ids.
 */
import { OKABE_ITO, REFERENCE_COLOUR } from '../report/palette.js';

export { REFERENCE_COLOUR };

export interface SeriesStyle {
  readonly label: string;
  readonly colour: string;
  readonly shape: string;
  readonly dash: readonly number[];
}

export const KMEANS: SeriesStyle = { label: 'k-means', colour: OKABE_ITO[0], shape: 'circle', dash: [1, 0] };
export const MLE: SeriesStyle = { label: 'MLE (EM)', colour: OKABE_ITO[1], shape: 'square', dash: [6, 3] };
export const LLOYD: SeriesStyle = { label: 'k-means, Lloyd', colour: OKABE_ITO[2], shape: 'triangle-up', dash: [2, 2] };
export const EM_FIXED: SeriesStyle = { label: 'EM, σ fixed at ε', colour: OKABE_ITO[3], shape: 'diamond', dash: [1, 0] };

/** Figure 3: one colour per weight w of the first component. */
export const WEIGHT_COLOURS: Readonly<Record<string, string>> = { '0.5': '#000000', '0.7': OKABE_ITO[2], '0.9': OKABE_ITO[3] };

export function weightColour(w: number, i: number): string {
  return WEIGHT_COLOURS[String(w)] ?? OKABE_ITO[(i + 4) % OKABE_ITO.length];
}

/** Vega-Lite scales for a nominal field whose values are the styles' labels. */
export function seriesScales(styles: readonly SeriesStyle[]) {
  const domain = styles.map((s) => s.label);
  return {
    colour: { domain, range: styles.map((s) => s.colour) },
    shape: { domain, range: styles.map((s) => s.shape) },
    dash: { domain, range: styles.map((s) => [...s.dash]) },
  };
}

/** Dash patterns of theory references, shared with the per-experiment reports' meaning. */
export const REF_DASH = {
  truth: [2, 3],
  limit: [8, 4],
  zero: [1, 0],
  curve: [1, 0],
  fisher: [8, 4, 2, 4],
  pollard: [3, 3],
} as const;
