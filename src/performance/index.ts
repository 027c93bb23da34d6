/** Public surface of the performance layer: measures with Monte Carlo SEs (Morris, White & Crowther 2019, Table 6; ./mcse.ts). */
export type { ValueWithMcse, SpreadMeasures, TargetMeasures, PerformanceMeasures, SummariseOptions } from './types.js';
export { summarise, spread, distanceToTarget } from './summarise.js';
export type { CellTargets, CellOptions, CellSummary } from './cell.js';
export { summariseCell, NON_FINITE } from './cell.js';
export type { RelativePrecision } from './relativePrecision.js';
export { relativePrecision } from './relativePrecision.js';
export type { McseMethod } from './mcse.js';
export { DEFAULT_MCSE_METHOD, empSeMcse, jackknifeSe, leaveOneOutRmses, leaveOneOutSds, rmseMcse } from './mcse.js';
export type {
  CountsMeasure,
  EstimatesContext,
  EstimatesMeasure,
  LeaveOneOut,
  McseKind,
  MeasureIdentity,
  MeasureRecord,
  MeasureScope,
  MeasureUnit,
  PairedRule,
  TargetContext,
  TargetMeasure,
  TargetName,
} from './measureSpec.js';
export { MEASURES } from './measures.js';
export type { MeasureKey, MeasureSlot, MeasureSpec, PairedInput } from './measureAccess.js';
export { MCSE_DESCRIPTION, MEASURE_SLOTS, TARGETS, measureByKey, pairedInput, readMeasure, readSlot, slotTarget, unitScale } from './measureAccess.js';
