/**
 * Durable NDJSON and atomic file writes now live with the results files they write: src/results/ndjson.ts.
 * Re-exported here until the last importers (src/check/baseline.ts, src/paper/) name that module.
 */
export * from '../results/ndjson.js';
