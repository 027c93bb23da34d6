/**
 * Memory benchmark: the extra peak resident memory of a single fit at n = 1e7, d = 1, divided by the
 * data size (8·n bytes); target < 3×. Each method runs in its own child process (bench/memoryChild.ts, default
 * heap limits, --expose-gc so the "before" reading is taken on a collected heap), since peak RSS is a
 * process-lifetime maximum.
 */
import { join } from 'node:path';
import { ROOT, runTimed } from './lib.js';

export interface MemoryRow {
  readonly method: string;
  readonly n: number;
  readonly dataBytes: number;
  readonly rssBeforeBytes: number;
  readonly peakAfterBytes: number;
  readonly extraBytes: number;
  /** extraBytes / dataBytes. */
  readonly ratio: number;
  readonly seconds: number;
  readonly iterations: number;
  readonly status: string;
}

export async function benchMemory(n = 1e7, methods: readonly string[] = ['kmeans', 'kmeans-exact', 'em']): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  for (const method of methods) {
    const r = await runTimed(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'memoryChild.ts'), method, String(n)]);
    if (r.code !== 0) throw new Error(`memory child for ${method} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    const line = r.stdout.trim().split('\n').pop() ?? '';
    rows.push(JSON.parse(line) as MemoryRow);
  }
  return rows;
}
