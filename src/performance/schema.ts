/**
 * The schema of a summary cell's measures (./cell.ts `CellSummary`), generated from the measure table
 * (./measures.ts): the counts, every stored measure as an object of its declared fields (each a finite number
 * or null), and one block of 'target' measures per target. A reader of stored summaries (the baseline,
 * src/check/baseline.ts) composes it with the cell's identity, so a measure added to the table is read and
 * validated without a change there. Kept apart from ./index.ts so that using the measures does not load zod.
 */
import * as z from 'zod';
import type { CellSummary } from './cell.js';
import { ESTIMATES_MEASURES, INTERVAL_MEASURES, INTERVAL_METHODS, TARGET_MEASURES, TARGETS, type MeasureSpec } from './measureAccess.js';

const num = z.number();
const count = z.number().int().min(0);

function valueSchema(m: MeasureSpec) {
  return z.object(Object.fromEntries(m.fields.map((f) => [f, num.nullable()])));
}

const targetBlock = z.object({ target: num.nullable(), ...Object.fromEntries(TARGET_MEASURES.map((m) => [m.key, valueSchema(m)])) });

/** The interval measures of one method (measureAccess.ts IntervalCell). */
const intervalTargetBlock = z.object({ target: num.nullable(), ...Object.fromEntries(INTERVAL_MEASURES.filter((m) => m.perTarget).map((m) => [m.key, valueSchema(m)])) });
const intervalCell = z.object({
  level: num,
  nUsed: count,
  failures: z.record(z.string(), count),
  ...Object.fromEntries(INTERVAL_MEASURES.filter((m) => !m.perTarget).map((m) => [m.key, valueSchema(m)])),
  ...Object.fromEntries(TARGETS.map((t) => [t.block, t.always ? intervalTargetBlock : intervalTargetBlock.nullable()])),
});

/** The shape of a cell's measures, keys in the order summary.json writes them. */
const CELL_SUMMARY_SHAPE = {
  nTotal: count,
  nFailed: count,
  failures: z.record(z.string(), count),
  nUsed: count,
  ...Object.fromEntries(ESTIMATES_MEASURES.map((m) => [m.key, valueSchema(m)])),
  ...Object.fromEntries(TARGETS.map((t) => [t.block, t.always ? targetBlock : targetBlock.nullable()])),
  /** Only in runs that recorded intervals (an `inference` block in the config); older summaries have none. */
  inference: z.object(Object.fromEntries(INTERVAL_METHODS.map((m) => [m, intervalCell.optional()]))).optional(),
};

/**
 * The schema of a cell: `identity` (its own fields, first) and then its measures. Typed as the identity and
 * `CellSummary`: the schema and the type are both generated from the measure table, so they agree by
 * construction (test/performance/measures.test.ts parses a whole summary back to itself).
 */
export function cellSchema<T extends z.ZodRawShape>(identity: T): z.ZodType<z.infer<z.ZodObject<T>> & CellSummary> {
  return z.object({ ...identity, ...CELL_SUMMARY_SHAPE }) as unknown as z.ZodType<z.infer<z.ZodObject<T>> & CellSummary>;
}
