/**
 * The plan is enumerated lazily (src/runner/plan.ts): a plan of 1e12 replications is as cheap as one of 10,
 * and shards still partition the plan exactly as "every N-th task of the flat plan" does.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import type { TaskRef } from '../../src/runner/executeTask.js';
import { allTasks, shardTasks } from '../../src/runner/plan.js';
import { smallConfig } from './helpers.js';

const first = (tasks: Iterable<TaskRef>, k: number): TaskRef[] => {
  const out: TaskRef[] = [];
  for (const t of tasks) {
    out.push(t);
    if (out.length === k) break;
  }
  return out;
};

describe('lazy plan', () => {
  it('costs nothing for 1e12 replications and enumerates from the start', () => {
    const config = parseConfig(smallConfig({ replications: 1e12 }));
    const t0 = performance.now();
    const all = allTasks(config);
    expect(all.length).toBe(2e12);
    expect(first(all, 3)).toEqual([{ mixtureIndex: 0, rep: 0 }, { mixtureIndex: 0, rep: 1 }, { mixtureIndex: 0, rep: 2 }]);
    expect(all.has({ mixtureIndex: 1, rep: 1e12 - 1 })).toBe(true);
    expect(all.has({ mixtureIndex: 1, rep: 1e12 })).toBe(false);
    const shard = shardTasks(config, { index: 2, count: 7 });
    expect(shard.length).toBe(Math.ceil((2e12 - 2) / 7));
    // Task 1e12 (mixture 1, rep 0) is ≡ 1e12 mod 7 = 1; the shard's first task of mixture 1 is rep 1.
    expect(first(shard, 2)).toEqual([{ mixtureIndex: 0, rep: 2 }, { mixtureIndex: 0, rep: 9 }]);
    expect(shard.has({ mixtureIndex: 1, rep: 1 })).toBe(true);
    expect(shard.has({ mixtureIndex: 1, rep: 0 })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('shards are exactly every N-th task of the flat plan, for many shapes', () => {
    for (const replications of [2, 3, 10, 17]) {
      for (const mixtures of [1, 2, 3]) {
        const raw = smallConfig({ replications });
        raw.mixtures = Array.from({ length: mixtures }, (_, m) => ({ id: `m${m}`, weights: [0.5, 0.5], means: [[-1], [1 + m]], sigma: 1 }));
        const config = parseConfig(raw);
        const flat = [...allTasks(config)];
        expect(flat).toHaveLength(mixtures * replications);
        for (const count of [1, 2, 3, 5, 40]) {
          const union: TaskRef[] = [];
          for (let index = 0; index < count; index++) {
            const shard = shardTasks(config, { index, count });
            const tasks = [...shard];
            expect(tasks).toEqual(flat.filter((_, i) => i % count === index));
            expect(shard.length).toBe(tasks.length);
            for (const t of flat) expect(shard.has(t)).toBe(tasks.some((u) => u.mixtureIndex === t.mixtureIndex && u.rep === t.rep));
            union.push(...tasks);
          }
          expect(union).toHaveLength(flat.length);
        }
      }
    }
  });
});
