/**
 * The config form of plugin entries: an estimator `{ id, module, options }` and a mixture `{ id, module,
 * params }`, where `module` is a .ts or .js file relative to the config file. An entry with a `module` key is
 * held to this form, any other to the built-in one, so each gets the messages of its own kind. The options and
 * params themselves are checked against the plugin's own declaration once it is loaded (./pluginEntries.ts).
 */
import * as z from 'zod';
import { errorMap } from './messages.js';
import { strictObject } from './strictObject.js';

const ModulePath = z.string().min(1);
const Values = z.record(z.string(), z.unknown());

export function pluginEstimatorSchema(idSchema: z.ZodString) {
  return strictObject({ id: idSchema, module: ModulePath, options: Values.default({}) });
}

export function pluginMixtureSchema(idSchema: z.ZodString) {
  return strictObject({ id: idSchema, module: ModulePath, params: Values.default({}) });
}

function hasModule(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'module' in value;
}

/** `plugin` for an entry with a `module` key, else `builtIn`; issues keep their paths inside the entry. */
export function builtInOrPlugin<B extends z.ZodType, P extends z.ZodType>(builtIn: B, plugin: P) {
  return z.unknown().transform((value, ctx): z.output<B> | z.output<P> => {
    const result = (hasModule(value) ? plugin : builtIn).safeParse(value, { error: errorMap });
    if (result.success) return result.data as z.output<B> | z.output<P>;
    for (const issue of result.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  });
}

export type PluginEstimatorEntry = z.output<ReturnType<typeof pluginEstimatorSchema>>;
export type PluginMixtureEntry = z.output<ReturnType<typeof pluginMixtureSchema>>;

/** Whether a parsed entry is a plugin entry. */
export function isPluginEntry<T extends object>(entry: T | { module: string }): entry is { module: string } & Record<string, unknown> {
  return 'module' in entry;
}
