/**
 * Human names for estimand keys (src/estimands/names.ts), used in axis titles, table headings and captions.
 * Components and coordinates are 0-based in the results files and 1-based for readers (μ₁, μ₂ as in the
 * literature).
 */

const SUBSCRIPT = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];

/** 12 → "₁₂". */
export function subscript(n: number): string {
  return String(n)
    .split('')
    .map((c) => SUBSCRIPT[Number(c)] ?? c)
    .join('');
}

export interface EstimandLabel {
  /** The parameter: "|μ₂ − μ₁|", "w₁". */
  readonly symbol: string;
  /** Its estimate: "|μ̂₂ − μ̂₁|", "ŵ₁". */
  readonly estimate: string;
  /** In words: "separation", "weight of component 1". */
  readonly name: string;
}

/**
 * Labels for an estimand key of a K-component mixture in `d` dimensions (for K > 2 `separation` is the mean
 * of the pairwise distances). Unknown keys are returned as they are.
 */
export function estimandLabel(key: string, d = 1, K = 2): EstimandLabel {
  const bars = d > 1 ? ['‖', '‖'] : ['|', '|'];
  if (key === 'separation' && K > 2)
    return { symbol: `mean ${bars[0]}μⱼ − μᵢ${bars[1]}`, estimate: `mean ${bars[0]}μ̂ⱼ − μ̂ᵢ${bars[1]}`, name: 'mean pairwise separation' };
  if (key === 'separation')
    return { symbol: `${bars[0]}μ₂ − μ₁${bars[1]}`, estimate: `${bars[0]}μ̂₂ − μ̂₁${bars[1]}`, name: 'separation' };
  let m = /^separation\.(\d+)-(\d+)$/.exec(key);
  if (m !== null) {
    const [i, j] = [Number(m[1]) + 1, Number(m[2]) + 1];
    return { symbol: `${bars[0]}μ${subscript(j)} − μ${subscript(i)}${bars[1]}`, estimate: `${bars[0]}μ̂${subscript(j)} − μ̂${subscript(i)}${bars[1]}`, name: `separation of components ${i} and ${j}` };
  }
  m = /^means\.(\d+)\.(\d+)$/.exec(key);
  if (m !== null) {
    const k = Number(m[1]) + 1;
    const j = Number(m[2]) + 1;
    const coord = d > 1 ? `,${subscript(j)}` : '';
    const coordWords = d > 1 ? `, coordinate ${j}` : '';
    return { symbol: `μ${subscript(k)}${coord}`, estimate: `μ̂${subscript(k)}${coord}`, name: `mean of component ${k}${coordWords}` };
  }
  m = /^weights\.(\d+)$/.exec(key);
  if (m !== null) {
    const k = Number(m[1]) + 1;
    return { symbol: `w${subscript(k)}`, estimate: `ŵ${subscript(k)}`, name: `weight of component ${k}` };
  }
  m = /^sigma\.(\d+)$/.exec(key);
  if (m !== null) {
    const k = Number(m[1]) + 1;
    return { symbol: `σ${subscript(k)}`, estimate: `σ̂${subscript(k)}`, name: `standard deviation of component ${k}` };
  }
  if (key === 'misclassification') return { symbol: 'misclassification', estimate: 'misclassification rate', name: 'misclassification rate' };
  return { symbol: key, estimate: key, name: key };
}

/** "separation |μ₂ − μ₁|", "weight of component 1 w₁", "misclassification rate": name, then symbol unless redundant. */
export function estimandPhrase(label: EstimandLabel): string {
  return label.name.includes(label.symbol) ? label.name : `${label.name} ${label.symbol}`;
}
