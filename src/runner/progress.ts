/**
 * Progress on stderr: a redrawn bar with rate and ETA on a terminal, plain periodic lines otherwise (a log
 * file or CI), via cli-progress (docs/ARCHITECTURE.md §9: without `noTTYOutput` it prints nothing when not a TTY).
 */
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  start(total: number, done: number): void;
  tick(fits: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

export function barProgress(label: string): Progress {
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} replications | {fitsPerSecond} fits/s | ETA {eta_formatted}`,
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
  return {
    start(total, done) {
      started = performance.now();
      bar.start(total, done, { fitsPerSecond: '0' });
    },
    tick(newFits) {
      fits += newFits;
      const seconds = (performance.now() - started) / 1000;
      bar.increment(1, { fitsPerSecond: seconds > 0 ? (fits / seconds).toFixed(0) : '0' });
    },
    stop() {
      bar.stop();
    },
  };
}
