/**
 * The records a run writes, defined with their files in src/results/rows.ts (the results format): re-exported
 * here for the runner's modules and the report, check and paper code that name them from the runner.
 */
export type { ReplicationRow, RowStatus, TimingRow } from '../results/rows.js';
