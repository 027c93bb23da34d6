/**
 * Worker-thread entry: receives the validated config once (as its first message), then executes tasks and returns their rows already
 * serialised, so the main thread only appends lines (keeps the runner's own overhead small).
 */
import { parentPort } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/index.js';
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
    return;
  }
  const run = (): TaskReply => {
    if (config === null) throw new Error('worker received a task before the config');
    const { rows, timings, failures } = serialiseOutput(message.task, executeTask(config, message.task));
    return { id: message.id, rows, timings, failures };
  };
  ready
    .then(run)
    .catch((err: unknown): TaskReply => ({ id: message.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }))
    .then((reply) => port.postMessage(reply));
});
