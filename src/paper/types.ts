/**
 * What the paper is built from and what each figure module returns. A figure module is a pure function of
 * `PaperInputs` (loaded results, the Monte Carlo limits, the scale settings) and returns its `Figure` (spec and
 * caption), a lead paragraph for the text, the theory comparisons it makes (collected into the paper's
 * agreement table), and the formatted key numbers the summary text quotes.
 */
import type { Inline, Table } from '../report/document.js';
import type { Figure } from '../report/figure.js';
import type { Results } from '../report/loadResults.js';
import type { PaperExperiment, Role } from './experiments.js';
import type { ScaleSettings } from './scale.js';
import type { PairwiseLimit } from './pairwiseLimits.js';

export interface PaperInputs {
  readonly settings: ScaleSettings;
  readonly experiments: readonly PaperExperiment[];
  readonly results: Readonly<Record<Role, Results>>;
  /** Monte Carlo k-means limits of the mean pairwise separation, by mixture id of the multivariate experiment. */
  readonly limits: Readonly<Record<string, PairwiseLimit>>;
  /** Load average around the cost experiment's run, when it was recorded (see writePaper.ts). */
  readonly costLoad: CostLoad | null;
}

export interface CostLoad {
  readonly before: number[];
  readonly after: number[];
  readonly cores: number;
  readonly workers: number;
}

/** One simulation-versus-theory comparison. */
export interface Check {
  readonly what: string;
  /** Simulated value ± MCSE, as quoted. */
  readonly simulation: string;
  /** Theory value (± its SE when it is itself Monte Carlo). */
  readonly theory: string;
  /** (simulation − theory)/SE, null when not defined. */
  readonly z: number | null;
}

export interface PaperFigure {
  readonly figure: Figure;
  /** A short paragraph saying what the figure shows. */
  readonly lead: Inline[];
  readonly checks: Check[];
  /** Formatted numbers the summary text reuses, by name. */
  readonly key: Readonly<Record<string, string>>;
  /** Extra tables placed after the figure (e.g. the sign-change table of figure 3). */
  readonly tables?: Table[];
}
