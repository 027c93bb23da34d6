/**
 * Worker-thread entry: receives the validated config once (as its first message), then executes tasks and returns their rows already
 * serialised, so the main thread only appends lines (keeps the runner's own overhead small).
 */
import { parentPort } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/index.js';
import { UserError } from '../errors/userError.js';
import { ensurePlugins } from '../plugins/loadPlugins.js';
import { executeTask } from './executeTask.js';
import { serialiseOutput, type TaskReply, type WorkerMessage } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
// The config comes as the first message: a thread may be started before the config is loaded (prestartWorkers).
let config: ExperimentConfig | null = null;
// The config's plugin modules (src/plugins/loadPlugins.ts), loaded in this thread before its first task runs.
let ready: Promise<void> = Promise.resolve();

port.on('message', (message: WorkerMessage) => {
  if ('config' in message) {
    config = message.config;
    ready = ensurePlugins(message.config);
    // A refusal (e.g. a plugin edited since the config was loaded) is the reply to every task; until the first
    // task arrives it must not be an unhandled rejection, which would end the thread with no message of ours.
    ready.catch(() => undefined);
    return;
  }
  const run = (): TaskReply => {
    if (config === null) throw new Error('worker received a task before the config');
    const { rows, timings, failures } = serialiseOutput(message.task, executeTask(config, message.task));
    return { id: message.id, rows, timings, failures };
  };
  ready
    .then(run)
    .catch((err: unknown): TaskReply =>
      // A user's mistake keeps its one-line message and exit code across the thread boundary (src/runner/pool.ts).
      err instanceof UserError ? { id: message.id, error: err.message, exitCode: err.exitCode }
      : { id: message.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) },
    )
    .then((reply) => port.postMessage(reply));
});
