/** The figures of the paper, in order; each module is one figure's builder and caption. */
import type { PaperFigure, PaperInputs } from '../types.js';
import { bayesFigure } from './bayes.js';
import { biasSeparationFigure, type BiasSeparationOptions } from './biasSeparation.js';
import { consistencyFigure } from './consistency.js';
import { costFigure } from './cost.js';
import { coverageFigure } from './coverage.js';
import { epsilonFigure } from './epsilon.js';
import { multivariateFigure } from './multivariate.js';
import { posteriorFigure } from './posterior.js';
import { rmseFigure } from './rmse.js';
import { samplingFigure } from './sampling.js';

export interface BuildOptions {
  readonly biasSeparation?: BiasSeparationOptions;
}

export function paperFigures(inputs: PaperInputs, opts: BuildOptions = {}): PaperFigure[] {
  return [
    consistencyFigure(inputs),
    rmseFigure(inputs),
    biasSeparationFigure(inputs, opts.biasSeparation),
    epsilonFigure(inputs),
    costFigure(inputs),
    samplingFigure(inputs),
    multivariateFigure(inputs),
    posteriorFigure(inputs),
    bayesFigure(inputs),
    coverageFigure(inputs),
  ];
}
