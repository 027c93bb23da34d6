/**
 * Worker-thread entry: receives the validated config once (as its first message), then executes tasks and returns their rows already
 * serialised, so the main thread only appends lines (keeps the runner's own overhead small).
 */
import { parentPort } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/index.js';
import { executeTask } from './executeTask.js';
import { serialiseOutput, type TaskReply, type WorkerMessage } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
// The config comes as the first message: a thread may be started before the config is loaded (prestartWorkers).
let config: ExperimentConfig | null = null;

port.on('message', (message: WorkerMessage) => {
  if ('config' in message) {
    config = message.config;
    return;
  }
  let reply: TaskReply;
  try {
    if (config === null) throw new Error('worker received a task before the config');
    const { rows, timings, failures } = serialiseOutput(message.task, executeTask(config, message.task));
    reply = { id: message.id, rows, timings, failures };
  } catch (err) {
    reply = { id: message.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(reply);
});
