/**
 * The measure table (src/performance/measures.ts) is coherent with itself and is what its readers use: each
 * entry's paired rule compares exactly its own estimate (a mean-difference term averages to the measure, a
 * jackknife statistic is the measure and its jackknife SE the MCSE), its declared identities hold on computed
 * values, its declared fields are the fields it computes, and a whole summary parses back to itself through the
 * schema generated from the table (src/performance/schema.ts) — the same bytes summary.json holds.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { configHash } from '../../src/config/index.js';
import { jackknifeSe } from '../../src/performance/mcse.js';
import {
  INTERVAL_METHODS,
  intervalCell,
  MCSE_DESCRIPTION,
  MEASURE_SLOTS,
  readMeasure,
  spreadMeasures,
  targetMeasures,
  TARGET_MEASURES,
  TARGETS,
  type MeasureRecord,
  type MeasureSpec,
} from '../../src/performance/measureAccess.js';
import { MEASURES } from '../../src/performance/measures.js';
import { cellSchema } from '../../src/performance/schema.js';
import { buildSummary } from '../../src/runner/summary.js';
import { createStream } from '../../src/rng/stream.js';
import { syntheticConfig, syntheticRows } from '../report/fixtures.js';

/** 60 heavy-tailed estimates (a normal plus a few large excursions), so no formula passes by symmetry alone. */
function estimates(seed: string): number[] {
  const s = createStream('measure-table-test', seed);
  return Array.from({ length: 60 }, (_, i) => 2 + 0.3 * s.normal() + (i % 17 === 0 ? 4 * s.normal() : 0));
}

const THETA = 1.7;

/** The stored value of a measure computed from `x` against θ (null for a counts measure; intervals x ± 0.3). */
function computed(m: MeasureSpec, x: readonly number[], theta: number): MeasureRecord[string] | null {
  if (m.scope === 'counts') return null;
  if (m.scope === 'interval') {
    const cell = intervalCell(x, x.map((v, i) => ({ se: 0.2 + 0.01 * (i % 5), lower: v - 0.3, upper: v + 0.3 })), { truth: theta }, 0.95);
    return (m.perTarget ? (cell.vsTruth as unknown as MeasureRecord) : (cell as unknown as MeasureRecord))[m.key];
  }
  const all = (m.scope === 'estimates' ? spreadMeasures(x) : targetMeasures(x, theta)) as unknown as MeasureRecord;
  return all[m.key];
}

describe('the measure table', () => {
  it('has unique keys, and every stored value has exactly the fields its entry declares, value and mcse first', () => {
    const keys = MEASURES.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    const x = estimates('fields');
    for (const m of MEASURES as readonly MeasureSpec[]) {
      expect(m.fields.slice(0, 2), m.key).toEqual(['value', 'mcse']);
      const v = m.scope === 'counts' ? m.fromCounts(3, 40) : computed(m, x, THETA);
      expect(Object.keys(v ?? {}), m.key).toEqual([...m.fields]);
    }
  });

  it('each paired rule compares its own estimate: mean-difference terms average to it, a jackknife statistic is it and its SE the MCSE', () => {
    const x = estimates('paired');
    for (const m of MEASURES as readonly MeasureSpec[]) {
      // Interval measures are compared independently (test/performance/intervalMeasures.test.ts).
      if (m.scope === 'counts' || m.scope === 'interval') continue;
      const v = computed(m, x, THETA);
      if (v === null || v === undefined) throw new Error(`${m.key}: no value`);
      const at: number[] = m.scope === 'target' ? [THETA] : [];
      const rule = m.paired as { kind: 'mean-difference'; term: (x: number, ...at: number[]) => number } | { kind: 'jackknife'; statistic: (v: readonly number[], ...at: number[]) => { full: number; loo: Float64Array } };
      if (rule.kind === 'mean-difference') {
        const terms = x.map((xi) => rule.term(xi, ...at));
        const mean = terms.reduce((a, b) => a + b, 0) / terms.length;
        const sd = Math.sqrt(terms.reduce((a, b) => a + (b - mean) ** 2, 0) / (terms.length - 1));
        expect(mean, m.key).toBeCloseTo(v.value as number, 12);
        // the MCSE of such a measure is the SE of the mean of its terms
        expect(v.mcse, m.key).toBeCloseTo(sd / Math.sqrt(terms.length), 12);
        expect(m.mcse, m.key).toBe('mean');
      } else {
        const s = rule.statistic(x, ...at);
        expect(s.full, m.key).toBe(v.value);
        expect(jackknifeSe(s.loo), m.key).toBeCloseTo(v.mcse as number, 14);
        expect(m.mcse, m.key).toBe('jackknife');
      }
    }
  });

  it('the identities it declares hold on the values it computes, each from the other measures only', () => {
    const x = estimates('identities');
    const spread = spreadMeasures(x) as unknown as MeasureRecord;
    const block = targetMeasures(x, THETA) as unknown as MeasureRecord;
    let checked = 0;
    for (const m of TARGET_MEASURES) {
      for (const identity of m.identities ?? []) {
        const implied = identity.implied({ estimates: spread, block, target: THETA, R: x.length });
        const stored = (block[m.key] as unknown as Record<string, number>)[identity.field];
        expect(implied, `${m.key}.${identity.field} = ${identity.says}`).toBeCloseTo(stored, 12);
        // an identity that read the field it checks could never catch an edit of it
        const moved = { ...block, [m.key]: { ...block[m.key], [identity.field]: stored + 1 } };
        expect(identity.implied({ estimates: spread, block: moved, target: THETA, R: x.length })).toBe(implied);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('a check compares every stored measure once per target and the counts measures once, in table order', () => {
    const expected = [
      ...MEASURES.filter((m) => m.scope === 'estimates').map((m) => m.key),
      ...TARGETS.flatMap((t) => MEASURES.filter((m) => m.scope === 'target').map((m) => `${t.block}.${m.key}`)),
      ...MEASURES.filter((m) => m.scope === 'counts').map((m) => m.key),
      ...INTERVAL_METHODS.flatMap((method) => [
        ...MEASURES.filter((m) => m.scope === 'interval' && !m.perTarget).map((m) => `inference.${method}.${m.key}`),
        ...TARGETS.flatMap((t) => MEASURES.filter((m) => m.scope === 'interval' && m.perTarget).map((m) => `inference.${method}.${t.block}.${m.key}`)),
      ]),
    ];
    expect(MEASURE_SLOTS.map((s) => s.name)).toEqual(expected);
  });

  it('the recorded MCSE sentence names every stored measure under its form', () => {
    // Interval measures are stored only by runs with intervals; summary.json's sentence (and so its bytes) is unchanged.
    for (const m of MEASURES) if (m.scope === 'estimates' || m.scope === 'target') expect(MCSE_DESCRIPTION).toContain(m.noun);
    expect(MCSE_DESCRIPTION.indexOf('jackknife')).toBe(0);
  });
});

describe('the schema generated from the table', () => {
  const config = syntheticConfig({ replications: 6 });
  const rows = syntheticRows(config, undefined, (_m, n, rep, est) => (n === 20 && rep === 1 && est === 'mle' ? 'not-converged' : 'ok'));
  const summary = buildSummary(config, configHash(config), rows);
  const identity = { condition: z.string(), mixture: z.string(), n: z.number(), estimator: z.string(), method: z.string(), estimand: z.string(), truth: z.number().nullable(), limit: z.number().nullable() };

  it('parses every cell of a summary back to the same bytes', () => {
    const schema = z.array(cellSchema(identity));
    const parsed = schema.parse(JSON.parse(JSON.stringify(summary.cells)));
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(summary.cells));
  });

  it('refuses a cell whose measure lacks a declared field, or holds a non-number', () => {
    const schema = cellSchema(identity);
    const cell = JSON.parse(JSON.stringify(summary.cells[0])) as Record<string, unknown>;
    for (const slot of MEASURE_SLOTS) {
      if (slot.measure.scope === 'counts') continue;
      const v = readMeasure(cell as never, slot.measure, slot.target);
      if (v === null) continue;
      for (const f of slot.measure.fields) {
        const broken = JSON.parse(JSON.stringify(cell)) as Record<string, unknown>;
        const target = (readMeasure(broken as never, slot.measure, slot.target) as unknown) as Record<string, unknown>;
        delete target[f];
        expect(schema.safeParse(broken).success, `${slot.name}.${f} missing`).toBe(false);
        target[f] = 'x';
        expect(schema.safeParse(broken).success, `${slot.name}.${f} a string`).toBe(false);
      }
    }
  });
});
