/**
 * Runs tasks on a pool of worker threads, one task in flight per worker (tasks are coarse: a whole replication
 * across all n), or in-process when one worker is asked for. Results arrive in completion order; determinism
 * comes from the seeding contract, not from scheduling. STACK.md §1: under tsx/vitest a TypeScript worker must
 * register tsx inside the worker before importing the .ts entry.
 */
import { Worker } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/index.js';
import type { TaskOutput, TaskRef } from './executeTask.js';

export interface TaskRequest {
  readonly id: number;
  readonly task: TaskRef;
}

export type TaskReply =
  | { readonly id: number; readonly rows: string[]; readonly timings: string[]; readonly failures: number }
  | { readonly id: number; readonly error: string };

export interface TaskResult {
  readonly task: TaskRef;
  /** Serialised ReplicationRow lines. */
  readonly rows: string[];
  /** Serialised TimingRow lines. */
  readonly timings: string[];
  /** Rows whose status is not 'ok'. */
  readonly failures: number;
}

/** Serialises a task's output: workers send strings so the main thread only appends them. */
export function serialiseOutput(task: TaskRef, out: TaskOutput): TaskResult {
  return {
    task,
    rows: out.rows.map((r) => JSON.stringify(r)),
    timings: out.timings.map((t) => JSON.stringify(t)),
    failures: out.rows.filter((r) => r.status !== 'ok').length,
  };
}

const isTs = import.meta.url.endsWith('.ts');
const workerUrl = new URL(isTs ? './worker.ts' : './worker.js', import.meta.url);

function startWorker(config: ExperimentConfig): Worker {
  const options = { workerData: { config } };
  if (!isTs) return new Worker(workerUrl, options);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/**
 * Executes `tasks`, calling `onResult` once per task as it completes. `shouldStop` is polled between tasks
 * (SIGINT handling): no new task is started once it returns true, and tasks in flight finish normally.
 */
export async function runTasks(
  config: ExperimentConfig,
  tasks: readonly TaskRef[],
  workers: number,
  onResult: (result: TaskResult) => void,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  if (workers <= 1 || tasks.length <= 1) {
    // Loaded here, not at the top: with worker threads the main thread never samples or fits.
    const { executeTask } = await import('./executeTask.js');
    for (const task of tasks) {
      if (shouldStop()) return;
      onResult(serialiseOutput(task, executeTask(config, task)));
      // Yield to the event loop so progress output and signals are handled between tasks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () => startWorker(config));
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const dispatch = (): void => {
              if (next >= tasks.length || shouldStop()) {
                resolve();
                return;
              }
              const id = next++;
              worker.postMessage({ id, task: tasks[id] } satisfies TaskRequest);
            };
            worker.on('message', (reply: TaskReply) => {
              if ('error' in reply) {
                reject(new Error(`task ${JSON.stringify(tasks[reply.id])} failed in a worker:\n${reply.error}`));
                return;
              }
              onResult({ task: tasks[reply.id], rows: reply.rows, timings: reply.timings, failures: reply.failures });
              dispatch();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`worker exited with code ${code}`));
            });
            dispatch();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
