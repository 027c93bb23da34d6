/**
 * Worker-thread entry: receives the validated config once, then executes tasks and returns their rows already
 * serialised, so the main thread only appends lines (keeps the runner's own overhead small).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentConfig } from '../config/index.js';
import { executeTask } from './executeTask.js';
import { serialiseOutput, type TaskReply, type TaskRequest } from './pool.js';

const config = (workerData as { config: ExperimentConfig }).config;
const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');

port.on('message', (request: TaskRequest) => {
  let reply: TaskReply;
  try {
    const { rows, timings, failures } = serialiseOutput(request.task, executeTask(config, request.task));
    reply = { id: request.id, rows, timings, failures };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(reply);
});
