/**
 * The zod schemas of the experiment config JSON: types, ranges, allowed values and unknown keys, plus the
 * checks that need only one object (weights sum to 1, means/sigmas match K, EM's fixed σ). Checks spanning
 * sections (n against K, method against d, duplicate ids) live in crossChecks.ts.
 */
import * as z from 'zod';
import { estimatorSchema } from './estimatorSchema.js';
import { describe } from './messages.js';
import { strictObject } from './strictObject.js';
import { ESTIMANDS } from './types.js';

/** Weights may be written to a few decimals; this only catches real mistakes. */
const SUM_TOLERANCE = 1e-9;

const positive = () => z.number().positive();
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

const WeightsSchema = z
  .array(z.number().min(0))
  .min(2)
  .superRefine((w, ctx) => {
    const sum = w.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      ctx.addIssue({ code: 'custom', input: w, message: `must sum to 1 (got ${Number(sum.toPrecision(12))})` });
    }
  });

export const MixtureSchema = strictObject({
  id: IdSchema,
  weights: WeightsSchema,
  means: z.array(z.array(z.number()).min(1)).min(2),
  sigma: positive().optional(),
  sigmas: z.array(positive()).optional(),
}).superRefine((m, ctx) => {
  const K = m.weights.length;
  if ((m.sigma === undefined) === (m.sigmas === undefined)) {
    const got = m.sigma === undefined ? 'neither' : 'both';
    ctx.addIssue({ code: 'custom', input: m, message: `needs exactly one of "sigma" (shared) or "sigmas" (one per component) (got ${got})` });
  }
  if (m.means.length !== K) {
    ctx.addIssue({ code: 'custom', path: ['means'], input: m.means, message: `has ${m.means.length} rows, expected K = ${K} (one per weight)` });
  }
  const d = m.means[0]?.length ?? 0;
  m.means.forEach((row, i) => {
    if (row.length !== d) ctx.addIssue({ code: 'custom', path: ['means', i], input: row, message: `has ${row.length} coordinates, expected ${d} (as means[0])` });
  });
  if (m.sigmas !== undefined && m.sigmas.length !== K) {
    ctx.addIssue({ code: 'custom', path: ['sigmas'], input: m.sigmas, message: `has ${m.sigmas.length} entries, expected K = ${K} (one per weight)` });
  }
});

export const GridSchema = strictObject({
  /** Δ/σ between consecutive means; 0 (all means equal) is a legitimate, non-identifiable design point. */
  separation: distinct(z.number().min(0)).min(1),
  /** Omitted: equal weights 1/K. */
  weights: distinct(WeightsSchema).min(1).optional(),
  K: distinct(count(2)).min(1).default([2]),
  d: distinct(count(1)).min(1).default([1]),
  sigma: positive().default(1),
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

export const ConfigSchema = strictObject({
  name: NameSchema,
  title: z.string().min(1),
  description: z.string().default(''),
  seed: SeedSchema,
  replications: count(2),
  n: NSchema,
  nested: z.boolean().default(true),
  mixtures: z.array(MixtureSchema).min(1).optional(),
  grid: GridSchema.optional(),
  estimators: z.array(EstimatorSchema).min(1),
  estimands: distinct(z.enum(ESTIMANDS)).min(1).default([...ESTIMANDS]),
});

export type RawConfig = z.output<typeof ConfigSchema>;
export type RawMixture = z.output<typeof MixtureSchema>;
export type RawGrid = z.output<typeof GridSchema>;
export type RawEstimator = z.output<typeof EstimatorSchema>;
