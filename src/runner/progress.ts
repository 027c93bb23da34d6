/**
 * Progress on stderr: a redrawn bar with rate and ETA on a terminal, plain periodic lines otherwise (a log
 * file or CI), via cli-progress (docs/ARCHITECTURE.md §9: without `noTTYOutput` it prints nothing when not a TTY).
 */
import { Presets, SingleBar } from 'cli-progress';

/**
 * Counted in fits, one per (condition, replication, estimator) cell: a grown run starts with the cells it keeps
 * done, and a precision run (src/runner/precision.ts) learns its total batch by batch (`resize`) and shows the
 * worst MCSE against its target (`status`).
 */
export interface Progress {
  start(total: number, done: number): void;
  tick(fits: number): void;
  stop(): void;
  /** A new total: a precision run adds each round's cells. */
  resize?(total: number): void;
  /** Shown beside the bar, e.g. the worst MCSE against its target. */
  status?(text: string): void;
  /** Printed once before the bar, e.g. what a grown config adds. */
  note?(text: string): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

export function barProgress(label: string): Progress {
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} fits{kept} | {fitsPerSecond} fits/s | ETA {eta_formatted}{status}`,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 5000,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let fits = 0;
  let started = 0;
  let status = '';
  return {
    start(total, done) {
      started = performance.now();
      bar.start(total, done, { fitsPerSecond: '0', kept: done > 0 ? ` (${done} kept)` : '', status });
    },
    tick(newFits) {
      fits += newFits;
      const seconds = (performance.now() - started) / 1000;
      bar.increment(newFits, { fitsPerSecond: seconds > 0 ? (fits / seconds).toFixed(0) : '0', status });
    },
    stop() {
      bar.stop();
    },
    resize(total) {
      bar.setTotal(total);
    },
    status(text) {
      status = text === '' ? '' : ` | ${text}`;
      bar.update({ status });
    },
    note(text) {
      process.stderr.write(`${text}\n`);
    },
  };
}
