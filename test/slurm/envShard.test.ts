/** Which shard `mixstudy run` picks from SLURM's array variables when no --shard is given. */
import { describe, expect, it } from 'vitest';
import { resolveShard } from '../../src/commands/run.js';

describe('resolveShard', () => {
  it('takes shard i/N from SLURM_ARRAY_TASK_ID/COUNT of a 0-based array', () => {
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 0, count: 4 });
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' })).toEqual({ index: 3, count: 4 });
  });

  it('counts from SLURM_ARRAY_TASK_MIN for a 1-based array', () => {
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 0, count: 4 });
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 4 });
  });

  it('prefers an explicit --shard (what the generated scripts pass) over the environment', () => {
    expect(resolveShard('2/4', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '1', SLURM_ARRAY_TASK_MIN: '2' })).toEqual({ index: 2, count: 4 });
  });

  it('runs the whole plan outside an array job, and rejects impossible shards', () => {
    expect(resolveShard(undefined, {})).toBeNull();
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '3' })).toBeNull();
    expect(() => resolveShard('4/4', {})).toThrow(/0 ≤ i < N/);
    expect(() => resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow(/0 ≤ i < N/);
  });

  it('refuses to guess the shard of a re-submitted single task or a stepped array', () => {
    // `sbatch --array=2` (one task re-submitted) and `--array=0` look alike: neither says how many shards exist.
    const resubmitted = { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '1', SLURM_ARRAY_TASK_MIN: '2', SLURM_ARRAY_TASK_MAX: '2' };
    expect(() => resolveShard(undefined, resubmitted)).toThrow(/pass --shard/);
    expect(() => resolveShard(undefined, { ...resubmitted, SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '0' })).toThrow(/pass --shard/);
    const stepped = { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '6', SLURM_ARRAY_TASK_STEP: '2' };
    expect(() => resolveShard(undefined, stepped)).toThrow(/pass --shard/);
  });
});
