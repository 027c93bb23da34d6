/** Public surface of the performance layer: measures with Monte Carlo SEs (Morris, White & Crowther 2019, Table 6; ./mcse.ts). */
export type { ValueWithMcse, SpreadMeasures, TargetMeasures, PerformanceMeasures, SummariseOptions } from './types.js';
export { summarise, spread, distanceToTarget } from './summarise.js';
export type { CellTargets, CellOptions, CellSummary } from './cell.js';
export { summariseCell, NON_FINITE } from './cell.js';
export type { RelativePrecision } from './relativePrecision.js';
export { relativePrecision } from './relativePrecision.js';
export type { McseMethod } from './mcse.js';
export { DEFAULT_MCSE_METHOD, MCSE_DESCRIPTION, empSeMcse, jackknifeSe, leaveOneOutRmses, leaveOneOutSds, rmseMcse } from './mcse.js';
