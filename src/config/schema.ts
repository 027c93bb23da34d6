/**
 * The zod schemas of the experiment config JSON: types, ranges, allowed values and unknown keys, plus the
 * checks that need only one object (a mixture's weights, means and σ by src/mixture/spherical.ts's validator; an
 * estimator's options by its descriptor, ./estimatorSchema.ts). Checks spanning sections (n against K, method against d, duplicate ids) live in crossChecks.ts.
 */
import * as z from 'zod';
import { type MixtureProblem, mixtureProblems, sigmaProblem, weightsProblems } from '../mixture/spherical.js';
import { estimatorSchema } from './estimatorSchema.js';
import { builtInOrPlugin, pluginEstimatorSchema, pluginMixtureSchema } from './pluginSchema.js';
import { InferenceSchema } from './inferenceSchema.js';
import { describe } from './messages.js';
import { strictObject } from './strictObject.js';
import { ESTIMANDS } from './types.js';

const count = (min: number) => z.number().int().min(min);

/** Reports each entry equal to an earlier one, so a duplicated grid value does not silently duplicate conditions. */
function distinct<T extends z.ZodType>(element: T) {
  return z.array(element).superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.forEach((value, i) => {
      const key = JSON.stringify(value);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], input: value, message: `must differ from earlier entries (got ${describe(value)} again)` });
      seen.add(key);
    });
  });
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._=+-]*$/;
/** Ids end up in condition keys (`<id>|n=<n>`) and result rows, hence no spaces or `|`. */
export const IdSchema = z.string().regex(ID_PATTERN, {
  error: (issue) => `must be letters, digits and . _ = + - (starting with a letter or digit) (got ${describe(issue.input)})`,
});

/**
 * Used as the directory name `results/<name>/` and in file names (`<name>.merge.sbatch`, check's scratch
 * `mixstudy-check-<name>-XXXXXX`); 100 characters leaves room for those within the 255 bytes most file systems
 * allow per name.
 */
export const NAME_MAX_LENGTH = 100;
const NameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, {
    error: (issue) => `must be lowercase letters, digits, "-" and "_", starting with a letter or digit (got ${describe(issue.input)})`,
  })
  .max(NAME_MAX_LENGTH, {
    error: (issue) => `must be at most ${NAME_MAX_LENGTH} characters: it names folders and files (got ${String(issue.input).length} characters)`,
  });

const SeedSchema = z.union([z.number().int().min(0), z.string().min(1)], {
  error: (issue) => `expected an integer ≥ 0 or a non-empty string (got ${describe(issue.input)})`,
});

export const NSchema = z
  .array(count(1))
  .min(1)
  .superRefine((n, ctx) => {
    for (let i = 1; i < n.length; i++) {
      if (!(n[i] > n[i - 1])) ctx.addIssue({ code: 'custom', input: n, message: `must be strictly increasing (got ${n[i]} after ${n[i - 1]})` });
    }
  });

/** Each problem found by src/mixture/spherical.ts as a zod issue at its path. */
function addProblems(ctx: z.RefinementCtx, input: unknown, problems: readonly MixtureProblem[]): void {
  for (const p of problems) ctx.addIssue({ code: 'custom', path: [...p.path], input, message: p.message });
}

/** A weight vector: JSON numbers here, the rules (≥ 0, sum 1) in src/mixture/spherical.ts; a study needs K ≥ 2. */
const WeightsSchema = z
  .array(z.number())
  .min(2)
  .superRefine((w, ctx) => addProblems(ctx, w, weightsProblems(w)));

/** σ > 0 by the rule of src/mixture/spherical.ts. */
const SigmaSchema = z.number().superRefine((s, ctx) => {
  const problem = sigmaProblem(s);
  if (problem !== null) ctx.addIssue({ code: 'custom', input: s, message: problem });
});

/** A mixture as written: JSON types and K ≥ 2 here, everything a mixture must satisfy by src/mixture/spherical.ts. */
export const MixtureSchema = strictObject({
  id: IdSchema,
  weights: z.array(z.number()).min(2),
  means: z.array(z.array(z.number())).min(2),
  sigma: z.number().optional(),
  sigmas: z.array(z.number()).optional(),
}).superRefine((m, ctx) => addProblems(ctx, m, mixtureProblems(m)));

export const GridSchema = strictObject({
  /** Δ/σ between consecutive means; 0 (all means equal) is a legitimate, non-identifiable design point. */
  separation: distinct(z.number().min(0)).min(1),
  /** Omitted: equal weights 1/K. */
  weights: distinct(WeightsSchema).min(1).optional(),
  K: distinct(count(2)).min(1).default([2]),
  d: distinct(count(1)).min(1).default([1]),
  sigma: SigmaSchema.default(1),
}).superRefine((g, ctx) => {
  // Every weight vector is crossed with every K, so each must fit all of them.
  g.weights?.forEach((w, i) => {
    for (const K of g.K) {
      if (w.length !== K) {
        ctx.addIssue({ code: 'custom', path: ['weights', i], input: w, message: `has ${w.length} entries, expected K = ${K} (each weight vector is crossed with every K)` });
      }
    }
  });
});

export const EstimatorSchema = estimatorSchema(IdSchema);

/** A built-in estimator entry, or a plugin's `{ id, module, options }` (./pluginSchema.ts). */
export const EstimatorEntrySchema = builtInOrPlugin(EstimatorSchema, pluginEstimatorSchema(IdSchema));
/** A spherical mixture entry, or a plugin mechanism's `{ id, module, params }` (./pluginSchema.ts). */
export const MixtureEntrySchema = builtInOrPlugin(MixtureSchema, pluginMixtureSchema(IdSchema));

/**
 * A precision target (src/runner/precision.ts): run replications in batches until the MCSE of `measure` of
 * `estimand` is at most `mcse` in every condition (for `estimators`, default all), or `maxReplications`.
 * The measure and estimand names are checked against the measure table and the estimands when a run starts.
 */
export const PrecisionSchema = strictObject({
  target: z
    .array(
      strictObject({
        estimand: z.string().min(1),
        measure: z.string().min(1),
        mcse: z.number().positive(),
        against: z.enum(['truth', 'limit']).default('truth'),
        estimators: z.array(z.string().min(1)).min(1).optional(),
      }),
    )
    .min(1),
  maxReplications: count(2),
  /** Replications per batch: where a condition may stop (multiples of it, or the cap). */
  batch: count(2).default(100),
});

export const ConfigSchema = strictObject({
  name: NameSchema,
  title: z.string().min(1),
  description: z.string().default(''),
  seed: SeedSchema,
  /** Required unless `precision` is given (then `precision.maxReplications` is the cap). */
  replications: count(2).optional(),
  precision: PrecisionSchema.optional(),
  n: NSchema,
  nested: z.boolean().default(true),
  mixtures: z.array(MixtureEntrySchema).min(1).optional(),
  grid: GridSchema.optional(),
  estimators: z.array(EstimatorEntrySchema).min(1),
  estimands: distinct(z.enum(ESTIMANDS)).min(1).default([...ESTIMANDS]),
  /** Optional: SEs and intervals for every fit (./inferenceSchema.ts). */
  inference: InferenceSchema.optional(),
});

export type RawConfig = z.output<typeof ConfigSchema>;
export type RawMixture = z.output<typeof MixtureSchema>;
export type RawGrid = z.output<typeof GridSchema>;
export type RawEstimator = z.output<typeof EstimatorSchema>;
