/**
 * Throughput of the normal samplers (standard normals per second): the ziggurat of src/rng/normal.ts through
 * `stream.normal()` and `stream.fillNormal()`, against Box–Muller (the pair form, caching the second
 * deviate) on seedrandom's own xor4096 `.double()` — the sampler this project started with — and on the
 * inlined xor4096, which separates the generator's share of the speed-up from the algorithm's.
 *
 * Each sampler: one warm-up run (JIT), then the median of 5 runs of 1e7 draws. `perSecond` divides by the
 * process CPU time (user + system) rather than wall time: the runs are single-threaded and this machine's two
 * cores are shared, so CPU time measures the code, wall time also the neighbours (`wallPerSecond` is kept
 * for comparison).
 *
 * Standalone: `npx tsx bench/normals.ts` prints a table.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';
import { createStream, streamSeed } from '../src/rng/stream.js';
import { Xor4096 } from '../src/rng/xor4096.js';

export interface NormalsBenchResult {
  name: string;
  /** Median normals per CPU second. */
  perSecond: number;
  /** Median normals per wall-clock second. */
  wallPerSecond: number;
}

const DRAWS = 10_000_000;
const RUNS = 5;
const CHUNK = 1_000_000;

/** Keeps results observable so V8 cannot drop the sampling loops. */
let sink = 0;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Box–Muller (1958) on any 53-bit uniform source; the sine deviate is cached for the next call. */
function boxMuller(uniform: () => number): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const r = Math.sqrt(-2 * Math.log(uniform())); // uniform() ∈ (0, 1): log is finite
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    hasSpare = true;
    return r * Math.cos(a);
  };
}

/** `run(count)` draws `count` normals and returns a checksum. */
function measure(name: string, run: (count: number) => number): NormalsBenchResult {
  sink += run(DRAWS); // warm-up: reach optimised code before timing
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = cpuMs();
    const w0 = performance.now();
    sink += run(DRAWS);
    wall.push(DRAWS / ((performance.now() - w0) / 1000));
    cpu.push(DRAWS / ((cpuMs() - c0) / 1000));
  }
  return { name, perSecond: median(cpu), wallPerSecond: median(wall) };
}

function scalarLoop(next: () => number): (count: number) => number {
  return (count) => {
    let acc = 0;
    for (let k = 0; k < count; k++) acc += next();
    return acc;
  };
}

export async function benchNormals(): Promise<NormalsBenchResult[]> {
  const results: NormalsBenchResult[] = [];

  const s1 = createStream('bench', 'normals', 1);
  results.push(measure('ziggurat-256 · stream.normal()', scalarLoop(() => s1.normal())));

  const s2 = createStream('bench', 'normals', 2);
  const buf = new Float64Array(CHUNK);
  results.push(
    measure('ziggurat-256 · stream.fillNormal()', (count) => {
      let acc = 0;
      for (let done = 0; done < count; done += CHUNK) {
        s2.fillNormal(buf, 0, Math.min(CHUNK, count - done));
        acc += buf[0];
      }
      return acc;
    }),
  );

  const ref = seedrandom.xor4096(streamSeed('bench', 'normals', 3));
  results.push(measure('box-muller · seedrandom xor4096 .double()', scalarLoop(boxMuller(() => ref.double()))));

  const gen = new Xor4096(streamSeed('bench', 'normals', 4));
  results.push(measure('box-muller · inlined xor4096', scalarLoop(boxMuller(() => gen.nextDouble()))));

  if (sink === 0.5) console.log(''); // practically never true; makes `sink` live
  return results;
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  const rows = await benchNormals();
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'sampler'.padEnd(w)}  M normals/s (CPU)  M normals/s (wall)`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(w)}  ${(r.perSecond / 1e6).toFixed(1).padStart(17)}  ${(r.wallPerSecond / 1e6).toFixed(1).padStart(18)}`,
    );
  }
  console.log(`median of ${RUNS} runs of ${DRAWS.toExponential(0)} draws after one warm-up run; Node ${process.version}`);
}
