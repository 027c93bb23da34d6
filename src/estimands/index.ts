/** Public surface of the estimands layer: what is measured from one fit against the truth (docs/ARCHITECTURE.md §2). */
export type { Alignment } from './align.js';
export { alignComponents, MAX_ALIGN_K } from './align.js';
export { assignComponents, misclassificationRate } from './classify.js';
export type { EstimandName, DiagnosticName } from './names.js';
export { ESTIMANDS, DIAGNOSTICS, estimandKeys, isEstimandName } from './names.js';
export type { Measurement } from './measureFit.js';
export { measureFit, trueValues } from './measureFit.js';
