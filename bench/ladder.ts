/**
 * The step ladder: the canonical study's compute (sampling, k-means and EM fits; no runner, files or
 * start-up) with the speed-ups switched on one at a time, each configuration in its own child process
 * (bench/ladderChild.ts), the steps interleaved and repeated, median CPU seconds per configuration. Reported
 * per 200 replications (the study's size) from fewer, and as the factor over the step before.
 */
import { join } from 'node:path';
import { median, ROOT, runTimed } from './lib.js';

export const LADDER_STEPS = [
  'generic sampler, O(n) Lloyd passes, plain EM (tol 1e-10)',
  '+ fused sampler (labelledNormals.ts)',
  '+ SQUAREM',
  'Newton steps instead of SQUAREM (emNewton.ts)',
  '+ warm start from 1-in-10 subsamples',
  '+ value index for 1-D k-means (lloyd1d.ts)',
] as const;

export interface LadderRow {
  readonly step: number;
  readonly label: string;
  readonly replications: number;
  /** Median CPU seconds of the measured replications, and scaled to 200. */
  readonly cpuSeconds: number;
  readonly cpuSecondsPer200: number;
  /** Mean EM passes per fit at each n (from the median run). */
  readonly emPasses: Record<string, number>;
  /** cpu(previous step) ÷ cpu(this step). */
  readonly speedup: number | null;
}

interface ChildResult {
  step: number;
  replications: number;
  cpu: number;
  wall: number;
  emPasses: Record<string, number>;
}

export async function benchLadder(replications: number, repeats: number, log: (s: string) => void = () => undefined): Promise<LadderRow[]> {
  const runs: ChildResult[][] = LADDER_STEPS.map(() => []);
  for (let r = 0; r < repeats; r++) {
    for (let step = 0; step < LADDER_STEPS.length; step++) {
      log(`  [${r + 1}/${repeats}] step ${step}: ${LADDER_STEPS[step]} …`);
      const child = await runTimed(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'ladderChild.ts'), String(step), String(replications)]);
      if (child.code !== 0) throw new Error(`bench/ladderChild.ts ${step} failed (exit ${child.code}):\n${child.stderr.slice(-2000)}`);
      runs[step].push(JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as ChildResult);
    }
  }
  const rows: LadderRow[] = [];
  runs.forEach((results, step) => {
    const cpu = median(results.map((x) => x.cpu));
    const mid = [...results].sort((a, b) => a.cpu - b.cpu)[(results.length - 1) >> 1];
    const previous = rows[step - 1];
    rows.push({
      step,
      label: LADDER_STEPS[step],
      replications,
      cpuSeconds: cpu,
      cpuSecondsPer200: (cpu * 200) / replications,
      emPasses: mid.emPasses,
      speedup: previous === undefined ? null : previous.cpuSeconds / cpu,
    });
  });
  return rows;
}
