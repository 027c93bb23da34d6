/**
 * Runs tasks on the main thread plus a pool of worker threads (tasks are coarse: a whole replication across
 * all n), or on the main thread alone when one worker is asked for. Results arrive in completion order;
 * determinism comes from the seeding contract, not from scheduling. docs/ARCHITECTURE.md §9: under tsx/vitest a TypeScript worker must
 * register tsx inside the worker before importing the .ts entry.
 */
import { Worker } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/index.js';
import { UserError } from '../errors/userError.js';
import type { TaskOutput, TaskRef } from './executeTask.js';

export interface TaskRequest {
  readonly id: number;
  readonly task: TaskRef;
}

export type TaskReply =
  | { readonly id: number; readonly rows: string[]; readonly timings: string[]; readonly failures: number }
  /** `exitCode` set: the task failed with a UserError (e.g. a plugin file edited during the run), `error` its message. */
  | { readonly id: number; readonly error: string; readonly exitCode?: number };

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

/** What the main thread sends a worker: the config once, first, then tasks. */
export type WorkerMessage = { readonly config: ExperimentConfig } | TaskRequest;

function startWorker(): Worker {
  if (!isTs) return new Worker(workerUrl);
  // An eval worker resolves bare specifiers from the current folder, not from this package: name tsx by the URL
  // this module resolves, so a run started outside the repository finds it too.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(boot, { eval: true });
}

/** Worker threads started ahead of runTasks, not yet given a config (unref'd: they never keep the process alive). */
const prestarted: Worker[] = [];

/**
 * Starts `count` worker threads now, for a runTasks call to come: a thread takes ~150 ms to start and load the
 * task code, which then overlaps the caller's own loading and config validation (`mixstudy run` calls this
 * first). Threads runTasks does not need are terminated by it; unused ones never keep the process alive.
 */
export function prestartWorkers(count: number): void {
  for (let i = 0; i < count; i++) {
    const worker = startWorker();
    worker.unref();
    prestarted.push(worker);
  }
}

/** Terminates prestarted threads nobody used (runTasks calls it; so may a caller that ends before running). */
export async function releasePrestarted(): Promise<void> {
  await Promise.all(prestarted.splice(0).map((w) => w.terminate()));
}

/** Tasks a worker thread holds at once: the next one is queued there, so it never waits for the main thread. */
const IN_FLIGHT = 2;

/** The tasks to run: produced lazily, in order, with their number known up front (src/runner/plan.ts). */
export type TaskList = Iterable<TaskRef> & { readonly length: number };

/**
 * Executes `tasks`, calling `onResult` once per task as it completes. Tasks are drawn from the iterable one at a
 * time as threads free up, so memory does not grow with their number. `shouldStop` is polled between tasks
 * (SIGINT handling): no new task is started once it returns true; tasks in flight (including one already
 * queued in a worker thread) finish normally. If `onResult` throws (e.g. the disk is full), no further task is
 * started and runTasks rejects with that error.
 *
 * With `workers` = w > 1 the main thread is one of the w: it starts w − 1 worker threads and runs tasks itself
 * between handling their results. A worker thread costs ~150 ms of start-up and its own JIT warm-up, and the
 * main thread would otherwise sit idle (canonical study, median of 4 interleaved runs: 2.5 → 2.3 s wall). A
 * worker thread gets a second task queued only while enough remain for the main thread too, so neither waits
 * for the other and the tail of the run is not left queued behind a busy thread.
 */
export async function runTasks(
  config: ExperimentConfig,
  tasks: TaskList,
  workers: number,
  onResult: (result: TaskResult) => void,
  shouldStop: () => boolean = () => false,
  /** Keep the worker threads for the next call (rounds of a precision run) instead of terminating them. */
  keepWorkers = false,
  /**
   * Called once when this thread finds no task left while worker threads may still be finishing theirs (the
   * tail of the run, where this thread would otherwise wait idle); not when the run stops early, nor when this
   * thread runs alone.
   */
  whenDrained?: () => Promise<void>,
): Promise<void> {
  // The task code, loaded here rather than at the top of the module (worker threads load it themselves), and
  // with worker threads only after they have their first tasks, so that they do not wait for this thread.
  const loadLocal = async (): Promise<(typeof import('./executeTask.js'))['executeTask']> => {
    const { executeTask } = await import('./executeTask.js');
    // Plugin estimators and mechanisms the config names, loaded in this thread too (worker.ts loads its own).
    await (await import('../plugins/loadPlugins.js')).ensurePlugins(config);
    return executeTask;
  };
  const source = tasks[Symbol.iterator]();
  let taken = 0;
  let exhausted = false;
  const take = (): TaskRef | undefined => {
    if (exhausted) return undefined;
    const item = source.next();
    if (item.done === true) {
      exhausted = true;
      return undefined;
    }
    taken++;
    return item.value;
  };
  const left = (): number => (exhausted ? 0 : tasks.length - taken);
  // Set when a worker thread fails or a result cannot be stored: the main thread then stops taking tasks too.
  let failed = false;
  const deliver = (result: TaskResult): void => {
    try {
      onResult(result);
    } catch (err) {
      failed = true;
      throw err;
    }
  };
  /** Runs tasks on this thread until none is left (then resolves true) or the run fails or stops (false). */
  const runLocally = async (): Promise<boolean> => {
    let executeTask: Awaited<ReturnType<typeof loadLocal>>;
    try {
      executeTask = await loadLocal();
    } catch (err) {
      failed = true;
      throw err;
    }
    while (!failed && !shouldStop()) {
      const task = take();
      if (task === undefined) return true;
      deliver(serialiseOutput(task, executeTask(config, task)));
      // Yield to the event loop so worker results, progress output and signals are handled between tasks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return false;
  };
  const threads = Math.min(workers, tasks.length) - 1;
  if (threads <= 0) {
    await releasePrestarted();
    await runLocally();
    return;
  }
  const pool = prestarted.splice(0, threads);
  while (pool.length < threads) pool.push(startWorker());
  await releasePrestarted();
  for (const worker of pool) {
    worker.ref();
    worker.postMessage({ config } satisfies WorkerMessage);
  }
  let nextId = 0;
  let finished = false;
  try {
    await Promise.all([
      ...pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const inFlight = new Map<number, TaskRef>();
            const fail = (err: unknown): void => {
              failed = true;
              reject(err);
            };
            const dispatch = (): void => {
              // Queue a second task only while more tasks remain than there are threads to take them.
              while (!failed && !shouldStop() && (inFlight.size === 0 || (inFlight.size < IN_FLIGHT && left() > threads + 1))) {
                const task = take();
                if (task === undefined) break;
                const id = nextId++;
                inFlight.set(id, task);
                worker.postMessage({ id, task } satisfies WorkerMessage);
              }
              if (inFlight.size === 0) resolve();
            };
            worker.on('message', (reply: TaskReply) => {
              const task = inFlight.get(reply.id);
              inFlight.delete(reply.id);
              if (task === undefined) {
                fail(new Error(`a worker replied to task ${reply.id}, which it was not given`));
                return;
              }
              if ('error' in reply) {
                // The user's mistake, as the main thread would have reported it (exit 2, one line); else a bug.
                fail(reply.exitCode !== undefined ? new UserError(reply.error, reply.exitCode) : new Error(`task ${JSON.stringify(task)} failed in a worker:\n${reply.error}`));
                return;
              }
              try {
                deliver({ task, rows: reply.rows, timings: reply.timings, failures: reply.failures });
              } catch (err) {
                fail(err);
                return;
              }
              dispatch();
            });
            worker.on('error', fail);
            worker.on('exit', (code) => {
              if (code !== 0) fail(new Error(`worker exited with code ${code}`));
            });
            dispatch();
          }),
      ),
      // Started after every worker thread has its first tasks (the executors above run synchronously).
      runLocally().then(async (drained) => {
        if (drained && whenDrained !== undefined) await whenDrained();
      }),
    ]);
    finished = true;
  } finally {
    failed = true;
    if (keepWorkers && finished) {
      // Idle now (every task delivered): handed to the next call like a prestarted thread.
      for (const w of pool) {
        // Only this call's listeners: Worker keeps internal 'newListener'/'removeListener' hooks of its own.
        for (const event of ['message', 'error', 'exit']) w.removeAllListeners(event);
        w.unref();
        prestarted.push(w);
      }
    } else {
      // Not awaited: a thread takes ~10 ms to stop, which the caller (rewriting the run's files) need not wait
      // for; unref'd, a stopping thread does not keep the process alive either.
      for (const w of pool) {
        w.unref();
        w.terminate().catch(() => undefined);
      }
    }
  }
}
