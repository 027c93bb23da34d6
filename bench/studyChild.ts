/**
 * Child process of bench/canonical.ts: runs the canonical study's compute (every task through executeTask:
 * sampling, fits, estimands; no runner, files or workers) and the sampling alone, in a fresh process, so the
 * JIT's type feedback is not polluted by the other benchmarks (the per-fit grid runs the same kernels with
 * other shapes, which makes them polymorphic and slower). Prints one JSON line:
 * {"study": {wall, cpu, fitSeconds}, "sampling": {wall, cpu}}.
 *
 * Usage: node --import tsx bench/studyChild.ts REPLICATIONS
 */
import { inProcessStudy, samplingTime } from './canonical.js';

const replications = Number(process.argv[2] ?? 200);
const study = inProcessStudy(replications);
const sampling = samplingTime(replications);
console.log(JSON.stringify({ study, sampling }));
