/**
 * The paper: the experiments of experiments/paper/<scale>/, the ten figures with captions whose
 * numbers come from the results, the paper document, and `writePaper` which does it all.
 */
export { loadPaperExperiments, runPaperExperiments, ROLES, ROLE_FIGURES, type PaperExperiment, type Role, type RunRecord } from './experiments.js';
export { paperFigures, type BuildOptions } from './figures/index.js';
export { paperDocument } from './paperDocument.js';
export { isScale, scaleSettings, SCALES, type LimitSettings, type Scale, type ScaleSettings } from './scale.js';
export { pairwiseLimit, pairwiseLimits, type PairwiseLimit } from './pairwiseLimits.js';
export type { Check, CostLoad, PaperFigure, PaperInputs } from './types.js';
export { LIMITS_FILE, LOAD_FILE, writePaper, type WritePaperOptions, type WritePaperResult } from './writePaper.js';
