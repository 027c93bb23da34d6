/**
 * `summary.json` (docs/ARCHITECTURE.md §4): performance measures with Monte Carlo SEs for every condition ×
 * estimator × estimand (Morris, White & Crowther 2019), each beside its targets — the truth and, for k-means,
 * its population limit (Bryant & Williamson 1978) — plus the theory values of each mechanism. Built by
 * src/runner/summary.ts from the rows and the config alone, so the same rows give the same bytes; it holds no
 * wall times.
 *
 * The reader checks the whole document: the theory of each mechanism, and each cell's identity (which
 * condition, estimator, estimand and targets it is) followed by its measures, whose schema the measure table
 * generates (src/performance/schema.ts), so a measure added there is read and checked here without a change.
 */
import { join } from 'node:path';
import * as z from 'zod';
import type { ExperimentConfig, MixtureSpec } from '../config/index.js';
import type { CellSummary } from '../performance/index.js';
import { cellSchema } from '../performance/schema.js';
import type { FisherModel } from '../theory/fisher.js';
import { readResultsJson, writeResultsJson } from './jsonFile.js';
import { SUMMARY_FILE } from './summaryFile.js';
import { REGENERATE_RUN, RESULTS_FORMAT_VERSION } from './version.js';

export { SUMMARY_FILE };

/** The Fisher sd∞ of the separation for one model; `sd` null with `reason` when it is not available. */
export interface FisherValue {
  readonly sd: number | null;
  readonly reason?: string;
}

/** The Fisher sd∞ belonging to one estimator: its model (as src/theory/fisher.ts names it) and the value. */
export interface EstimatorFisher extends FisherValue {
  /** How the estimator models σ: one shared σ, one per component, or fixed (known). */
  readonly covariance: FisherModel['covariance'];
  /** Whether it estimates the weights or holds them fixed. */
  readonly weights: FisherModel['weights'];
}

/** The theory of one data-generating mechanism (src/runner/theoryTargets.ts computes it). */
export interface MixtureTheory {
  readonly kmeansLimit: {
    readonly centers: number[][];
    readonly proportions: number[];
    readonly separation: number | null;
    readonly separationBias: number | null;
    /** Whether the global minimiser is the only Lloyd fixed point (null: unknown). */
    readonly unique: boolean | null;
    readonly fixedPoints: number;
    /** Pollard-CLT sd of the k-means separation: sd ≈ kmeansSd/√n (K = 2 exact cases). */
    readonly kmeansSd: number | null;
  } | null;
  /** Fisher-information sd∞ of the MLE of the separation: RMSE ≈ sd∞/√n. */
  readonly fisher: {
    /** Only the means estimated (weights and σ known): the lower bound of every model's sd∞. */
    readonly meansOnly: FisherValue;
    /** Estimator id → the sd∞ of that estimator's model; every estimator of method `em`, no other. */
    readonly estimators: Readonly<Record<string, EstimatorFisher>>;
  };
  /** Why a k-means value is missing, when it is. */
  readonly notes: string[];
  /**
   * The Bayes error of the true mixture, the reference of the misclassification rate (src/theory/bayesError.ts):
   * exact (mcse 0) or seeded Monte Carlo with its standard error. Absent in summaries written before it existed.
   */
  readonly bayesError?: { readonly value: number; readonly mcse: number; readonly method: 'exact' | 'monte-carlo'; readonly samples: number };
}

export interface SummaryCell extends CellSummary {
  readonly condition: string;
  readonly mixture: string;
  readonly n: number;
  readonly estimator: string;
  readonly method: string;
  readonly estimand: string;
  readonly truth: number | null;
  readonly limit: number | null;
}

/** Where a condition of a precision run stopped (src/runner/precision.ts). */
export interface ConditionPrecision {
  readonly condition: string;
  readonly replications: number;
  readonly met: boolean;
  /** The target furthest from being met at that R (largest MCSE / target); null if none applied. */
  readonly worst: {
    readonly estimator: string;
    readonly estimand: string;
    readonly measure: string;
    readonly mcse: number | null;
    readonly target: number;
  } | null;
}

export interface Summary {
  readonly formatVersion: typeof RESULTS_FORMAT_VERSION;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly configHash: string;
  /** Which Monte Carlo SE formulas the cells' `mcse` fields use (src/performance/mcse.ts). */
  readonly mcse: string;
  readonly seed: number | string;
  /** R per condition; with precision targets the largest R any condition used (each cell's nTotal is its own). */
  readonly replications: number;
  readonly n: number[];
  readonly estimators: ExperimentConfig['estimators'];
  readonly mixtures: (MixtureSpec & { theory: MixtureTheory })[];
  readonly cells: SummaryCell[];
  /** Present when the config had `precision`: the R each condition used and whether it met its targets. */
  readonly precision?: {
    readonly batch: number;
    readonly maxReplications: number;
    readonly conditions: ConditionPrecision[];
  };
}

const num = z.number();
const count = z.number().int().min(0);
const fisherValue = z.object({ sd: num.nullable(), reason: z.string().optional() });

const TheorySchema = z.object({
  kmeansLimit: z
    .object({
      centers: z.array(z.array(num)),
      proportions: z.array(num),
      separation: num.nullable(),
      separationBias: num.nullable(),
      unique: z.boolean().nullable(),
      fixedPoints: count,
      kmeansSd: num.nullable(),
    })
    .nullable(),
  fisher: z.object({
    meansOnly: fisherValue,
    estimators: z.record(z.string(), fisherValue.extend({ covariance: z.string(), weights: z.string() })),
  }),
  notes: z.array(z.string()),
  bayesError: z.object({ value: num, mcse: num, method: z.enum(['exact', 'monte-carlo']), samples: count }).optional(),
});

/** The fields naming a cell: which condition, estimator, estimand and targets (the baseline reads them too). */
export const SUMMARY_CELL_IDENTITY = {
  condition: z.string(),
  mixture: z.string(),
  n: count,
  estimator: z.string(),
  method: z.string(),
  estimand: z.string(),
  truth: num.nullable(),
  limit: num.nullable(),
};
/** A whole cell: its identity, then its measures as the measure table declares them (src/performance/schema.ts). */
const SummaryCellSchema = cellSchema(SUMMARY_CELL_IDENTITY);

const SummarySchema = z.object({
  formatVersion: z.literal(RESULTS_FORMAT_VERSION),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  configHash: z.string().regex(/^[0-9a-f]{64}$/),
  mcse: z.string(),
  seed: z.union([num, z.string()]),
  replications: z.number().int().min(1),
  n: z.array(count),
  estimators: z.array(z.object({ id: z.string(), method: z.string() })),
  mixtures: z.array(z.object({ id: z.string(), K: count, d: count, theory: TheorySchema })),
  cells: z.array(SummaryCellSchema),
  precision: z
    .object({
      batch: count,
      maxReplications: count,
      conditions: z.array(
        z.object({
          condition: z.string(),
          replications: count,
          met: z.boolean(),
          worst: z.object({ estimator: z.string(), estimand: z.string(), measure: z.string(), mcse: num.nullable(), target: num }).nullable(),
        }),
      ),
    })
    .optional(),
});

// Compile-time: a Summary passes the schema's types, so a field renamed or retyped in one but not the other fails here.
const summaryFitsSchema = (s: Summary): z.infer<typeof SummarySchema> => s;
void summaryFitsSchema;

const KIND = { what: 'performance summary', regenerate: REGENERATE_RUN };

/** The summary in `dir` (the file must exist); a file that is not a valid summary is a UserError. */
export function readSummary(dir: string): Summary {
  return readResultsJson<Summary>(join(dir, SUMMARY_FILE), KIND, SummarySchema);
}

export function writeSummary(dir: string, summary: Summary): void {
  writeResultsJson(join(dir, SUMMARY_FILE), summary);
}
