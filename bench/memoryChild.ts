/**
 * Child process of the memory benchmark (bench/memory.ts): one fit of one method on n points in d = 1 from the
 * canonical mixture 0.5·N(−1,1) + 0.5·N(1,1), reporting the peak resident set size the fit adds.
 *
 * Steps: warm the method up on a small sample (so JIT code and caches are not counted), draw the data straight
 * into one Float64Array (no labels, no intermediate arrays), collect garbage, read the current RSS, fit, read
 * the peak RSS (`process.resourceUsage().maxRSS`). extra = peak − current-before is an upper bound on the
 * fit's own memory (anything that was live before the fit is counted in "before", anything the fit allocated
 * or touched — buffers, sorted copies, garbage not yet collected — in the peak).
 *
 * Usage (run by bench/memory.ts with --expose-gc): node --expose-gc --import tsx bench/memoryChild.ts METHOD N
 * Prints one JSON line: {method, n, dataBytes, rssBeforeBytes, peakBeforeBytes, peakAfterBytes, extraBytes,
 * ratio, seconds, iterations, status}.
 */
import { fitMethod, type MethodSpec } from '../src/estimators/registry.js';
import { createStream } from '../src/rng/stream.js';
import type { Dataset } from '../src/types.js';

function spec(method: string): MethodSpec {
  switch (method) {
    case 'kmeans':
      return { method: 'kmeans', options: {} };
    case 'kmeans-exact':
      return { method: 'kmeans-exact', options: {} };
    case 'em':
      return { method: 'em', options: { covariance: 'equal' } };
    default:
      throw new Error(`memoryChild: unknown method ${method} (kmeans | kmeans-exact | em)`);
  }
}

function canonical(n: number, seed: string): Dataset {
  const rng = createStream('bench-memory', seed, n);
  const x = new Float64Array(n);
  rng.fillNormal(x);
  for (let i = 0; i < n; i++) x[i] += rng.uniform() < 0.5 ? -1 : 1;
  return { x, n, d: 1 };
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) {
    g();
    g();
  }
}

const method = process.argv[2] ?? 'em';
const n = Number(process.argv[3] ?? 1e7);
const s = spec(method);

for (let w = 0; w < 3; w++) fitMethod(s, canonical(20000, `warm${w}`), 2, createStream('bench-memory', 'fit', w));
gc();
const data = canonical(n, 'data');
gc();
const rssBefore = process.memoryUsage().rss;
const peakBefore = process.resourceUsage().maxRSS * 1024;
const t0 = performance.now();
const fit = fitMethod(s, data, 2, createStream('bench-memory', 'fit'));
const seconds = (performance.now() - t0) / 1000;
const peakAfter = process.resourceUsage().maxRSS * 1024;
const dataBytes = data.x.byteLength;
const extra = Math.max(0, peakAfter - rssBefore);
console.log(
  JSON.stringify({
    method,
    n,
    dataBytes,
    rssBeforeBytes: rssBefore,
    peakBeforeBytes: peakBefore,
    peakAfterBytes: peakAfter,
    extraBytes: extra,
    ratio: extra / dataBytes,
    seconds,
    iterations: fit.iterations,
    status: fit.status,
  }),
);
