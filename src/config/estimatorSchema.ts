/**
 * The config schema of one estimator entry, built from the registry (src/estimators/registry.ts): the `method`
 * must name a registered descriptor, and its `options` are checked against the descriptor's declared options
 * (types, ranges, allowed values, unknown keys) and then its rules for combinations of values. Options are kept
 * as written — defaults live in the descriptors — so the normalised config, and with it the config hash, does
 * not change when a default is documented or a new option is added.
 */
import * as z from 'zod';
import type { EstimatorDescriptor, OptionSpec } from '../estimators/descriptor.js';
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
  }
}

function optionsSchema(descriptor: EstimatorDescriptor<Record<string, unknown>>): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(descriptor.options)) shape[name] = optionSchema(spec);
  return strictObject(shape).superRefine((options, ctx) => {
    for (const p of descriptor.optionProblems(options)) ctx.addIssue({ code: 'custom', path: [p.path], input: options[p.path], message: p.message });
  }) as unknown as z.ZodType<Record<string, unknown>>;
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
