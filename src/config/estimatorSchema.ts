/**
 * The config schema of one estimator entry, built from the registry (src/estimators/registry.ts): the `method`
 * must name a registered descriptor, and its `options` are checked against the descriptor's declared options
 * (types, ranges, allowed values, unknown keys) and then its rules for combinations of values. Options are kept
 * as written — defaults live in the descriptors — so the normalised config, and with it the config hash, does
 * not change when a default is documented or a new option is added.
 */
import * as z from 'zod';
import type { EstimatorDescriptor, OptionProblem, OptionSpec, OptionsSpec } from '../estimators/descriptor.js';
import { findDescriptor, methodNames } from '../estimators/registry.js';
import { errorMap, issueProblems } from './messages.js';
import { strictObject } from './strictObject.js';

function optionSchema(spec: OptionSpec): z.ZodType {
  switch (spec.type) {
    case 'enum':
      return z.enum(spec.values as [string, ...string[]]).optional();
    case 'integer':
      return z.number().int().min(spec.min).optional();
    case 'positive':
      return z.number().positive().optional();
    case 'number': {
      let n = z.number();
      if (spec.min !== undefined) n = n.min(spec.min);
      if (spec.max !== undefined) n = n.max(spec.max);
      return n.optional();
    }
  }
}

/**
 * The schema of values declared by an `OptionsSpec` (an estimator's options, a data mechanism's params): each
 * value's type and range, unknown keys with suggestions, then `problems` for combinations of values.
 */
export function declaredSchema(spec: OptionsSpec, problems: (values: Record<string, unknown>) => readonly OptionProblem[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, s] of Object.entries(spec)) shape[name] = optionSchema(s);
  return strictObject(shape).superRefine((values, ctx) => {
    for (const p of problems(values)) ctx.addIssue({ code: 'custom', path: [p.path], input: values[p.path], message: p.message });
  }) as unknown as z.ZodType<Record<string, unknown>>;
}

function optionsSchema(descriptor: EstimatorDescriptor<Record<string, unknown>>): z.ZodType<Record<string, unknown>> {
  return declaredSchema(descriptor.options, (options) => descriptor.optionProblems(options));
}

/** One entry of `estimators`: `{ id, method, options }` with the options of that method. */
export function estimatorSchema(idSchema: z.ZodString) {
  const branches = methodNames().map((method) => {
    const descriptor = findDescriptor(method) as EstimatorDescriptor<Record<string, unknown>>;
    return strictObject({ id: idSchema, method: z.literal(method), options: optionsSchema(descriptor).default({}) });
  });
  return z.discriminatedUnion('method', branches as [(typeof branches)[number], ...(typeof branches)[number][]]);
}

/**
 * The problems of `options` for `method`, each as "<option>: <message>" — the config's own rules, for callers that
 * take options from elsewhere (the `fit` command's flags). Empty when they are valid.
 */
export function optionProblems(method: string, options: Record<string, unknown>): string[] {
  const result = estimatorSchema(z.string()).safeParse({ id: 'x', method, options }, { error: errorMap });
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => issueProblems({ ...issue, path: issue.path.slice(1) } as z.core.$ZodIssue));
}
