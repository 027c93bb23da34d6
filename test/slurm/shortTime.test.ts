/** `mixstudy slurm` warns when --time leaves no room for the clean stop before the limit (src/slurm/sbatchScripts.ts). */
import { describe, expect, it } from 'vitest';
import { arrayScript, getsStopSignal, shortTimeWarning, STOP_SIGNAL_LEAD_SECONDS, type ScriptSpec } from '../../src/slurm/sbatchScripts.js';

const spec = (time: string | undefined): ScriptSpec => ({
  name: 'x',
  configPath: '/p/x.json',
  resultsRoot: '/p/results',
  projectDir: '/p',
  nodePath: '/usr/bin/node',
  logDir: '/p/slurm/logs',
  job: { array: 2, cpusPerTask: 1, time },
});

describe('a --time too short for the early stop signal', () => {
  it('warns exactly when the script has no --signal line', () => {
    for (const time of [undefined, '1', '4:59', '00:04:00', '5', '05:00', '1:00:00', '1-00']) {
      const job = spec(time).job;
      const hasSignal = arrayScript(spec(time)).includes(`#SBATCH --signal=B:INT@${STOP_SIGNAL_LEAD_SECONDS}`);
      expect(getsStopSignal(job), String(time)).toBe(hasSignal);
      // No --time: the partition's limit, unknown here, so no warning.
      expect(shortTimeWarning(job) !== null, String(time)).toBe(time !== undefined && !hasSignal);
    }
    expect(shortTimeWarning(spec('4:59').job)).toMatch(/--time 4:59 is shorter than 5 minutes/);
  });
});
