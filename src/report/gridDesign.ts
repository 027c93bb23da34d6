/**
 * The design of a grid of data-generating mechanisms, read from the mixtures themselves: the factors that vary
 * across them (separation Δ, first weight w₁, σ₁, the σ ratio, K, d — whichever take more than one value) and
 * the conditions (mechanism × n) in nested-loop order: mechanisms sorted by the factors in that order, n
 * innermost (Rücker & Schwarzer 2014, "Presenting simulation results in a nested loop plot", BMC Med Res
 * Methodol 14:129). The nested-loop figure and the table across conditions share this one ordering.
 */
import type { Summary } from '../results/summary.js';
import { formatNumber } from './format.js';
import type { SummaryMixture } from './theory.js';

/** Reports with at least this many mechanisms are grids: cross-condition figures replace the per-mechanism separation figures. */
export const GRID_MIN_MECHANISMS = 4;

export interface DesignFactor {
  /** Label with its symbol: "Δ (mean pairwise separation)". */
  readonly name: string;
  /** Short label for a table column: "Δ". */
  readonly short: string;
  readonly value: (m: SummaryMixture) => number;
}

function meanPairwise(m: SummaryMixture): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < m.K; i++)
    for (let j = i + 1; j < m.K; j++) {
      sum += Math.hypot(...m.means[i].map((x, t) => x - m.means[j][t]));
      count++;
    }
  return count === 0 ? 0 : sum / count;
}

const CANDIDATES: readonly DesignFactor[] = [
  { name: 'Δ (mean pairwise separation of the true means)', short: 'Δ', value: meanPairwise },
  { name: 'w₁ (weight of component 1)', short: 'w₁', value: (m) => m.weights[0] },
  { name: 'σ₁ (σ of component 1)', short: 'σ₁', value: (m) => m.sigmas[0] },
  { name: 'σ_max/σ_min', short: 'σ ratio', value: (m) => Math.max(...m.sigmas) / Math.min(...m.sigmas) },
  { name: 'K (components)', short: 'K', value: (m) => m.K },
  { name: 'd (dimensions)', short: 'd', value: (m) => m.d },
];

/** Rounded for comparison, so 0.1 + 0.2 and 0.3 are one level. */
const level = (x: number): number => Number(x.toPrecision(10));

/** The factors that vary across the mechanisms (a "mechanism" index when none does). */
export function designFactors(summary: Summary): DesignFactor[] {
  const varying = CANDIDATES.filter((f) => new Set(summary.mixtures.map((m) => level(f.value(m)))).size > 1);
  if (varying.length > 0) return varying;
  return [{ name: 'mechanism (config order)', short: 'mechanism', value: (m) => summary.mixtures.indexOf(m) + 1 }];
}

/** The mechanisms in nested-loop order: by each factor in turn, ties in config order. */
export function orderedMixtures(summary: Summary, factors: readonly DesignFactor[] = designFactors(summary)): SummaryMixture[] {
  const index = new Map(summary.mixtures.map((m, i) => [m.id, i]));
  return [...summary.mixtures].sort((a, b) => {
    for (const f of factors) {
      const d = level(f.value(a)) - level(f.value(b));
      if (d !== 0) return d;
    }
    return (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0);
  });
}

/** "Δ = 1, w₁ = 0.8" for a mechanism. */
export function factorText(m: SummaryMixture, factors: readonly DesignFactor[]): string {
  return factors.map((f) => `${f.short} = ${formatNumber(f.value(m), 4)}`).join(', ');
}

/** The headline estimand of a grid: the separation when every mechanism has it, else the first estimand all share. */
export function headlineEstimand(summary: Summary, candidates: readonly string[]): string | null {
  const has = (key: string) => summary.mixtures.every((m) => summary.cells.some((c) => c.mixture === m.id && c.estimand === key));
  if (has('separation')) return 'separation';
  return candidates.find(has) ?? null;
}
