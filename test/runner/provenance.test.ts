/** src/runner/provenance.ts: the run's environment, computed without blocking the thread that starts the run. */
import { describe, expect, it } from 'vitest';
import { environment, environmentAsync } from '../../src/runner/provenance.js';

describe('environmentAsync', () => {
  it('gives what environment() gives (the same git commit, +dirty or not)', async () => {
    expect(await environmentAsync()).toEqual(environment());
  });

  it('lets this thread go on while git runs', async () => {
    let turns = 0;
    const tick = (): void => {
      turns++;
      if (turns < 1000) setImmediate(tick);
    };
    setImmediate(tick);
    await environmentAsync();
    // A synchronous spawn would block the event loop until git exits: no turn would have run.
    expect(turns).toBeGreaterThan(0);
  });
});
