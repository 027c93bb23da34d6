/**
 * Public surface of the reporting layer: figures as data (`Figure`), their builders, rendering to
 * SVG/PNG, the document model with its Markdown and HTML writers, the tables and prose, and `writeReport`.
 * The paper (src/paper) builds on these without touching the machinery.
 */
export type { Figure } from './figure.js';
export { assertUniqueIds, figureId } from './figure.js';
export { renderFigure, renderSvg, svgToPng, fontFiles, normaliseSvgIds, type RenderedFigure, type SvgResult, type PngOptions } from './render.js';
export { defaultFigures } from './figures/defaultFigures.js';
export { biasFigure, estimateFigure, rmseFigure, REFERENCE_DASH, type MeasureFigureOptions } from './figures/measureFigures.js';
export { distributionFigure, distributionOf, quantile, type DistributionFigureOptions, type DistributionPoint } from './figures/distribution.js';
export { seriesOf, measureOf, type Measure, type SeriesOptions, type SeriesPoint } from './figures/series.js';
export {
  estimatorLayers,
  frameOf,
  horizontal,
  layeredSpec,
  logSpaced,
  referenceLayer,
  xEncoding,
  yEncoding,
  HEIGHT,
  WIDTH,
  X_TITLE,
  type AxisOptions,
  type Frame,
  type Layer,
  type LayeredSpec,
  type Reference,
  type TooltipField,
} from './figures/layers.js';
export { DASHES, OKABE_ITO, REFERENCE_COLOUR, SHAPES, estimatorScales, estimatorStyles, type EstimatorStyle } from './palette.js';
export { decimalsFor, formatEstimate, formatInt, formatNumber, formatPercent, formatSeconds, roundWithMcse, NOT_AVAILABLE_TEXT } from './format.js';
export { estimandLabel, estimandPhrase, subscript, type EstimandLabel } from './estimandLabels.js';
export {
  estimatorsWithLimit,
  findMixture,
  fisherLinesOf,
  fisherMeansOnlyOf,
  fisherModelShort,
  fisherModelText,
  fisherSdOf,
  fisherSdsOf,
  kmeansLimitOf,
  kmeansSdOf,
  theoryGapsOf,
  truthOf,
  type EstimatorFisherSd,
  type FisherLine,
  type SummaryMixture,
} from './theory.js';
export { code, figure, figuresOf, heading, list, paragraph, slug, table, type Align, type Block, type Inline, type ReportDocument, type Table } from './document.js';
export { escapeMarkdown, markdownTable, toMarkdown, type MarkdownOptions } from './markdown.js';
export { CONTENT_SECURITY_POLICY, chartId, escapeHtml, htmlTable, toHtml, type HtmlOptions } from './html.js';
export { vegaBundle, vegaBundles, type VegaBundle } from './vegaBundles.js';
export { biasRmseTable, CellIndex, estimandsTable, estimateTable, failuresByConditionTable, statusTable, timingTable } from './tables.js';
export {
  describeEstimator,
  estimandItems,
  estimatorItems,
  headlineItems,
  mechanismItems,
  mixtureFormula,
  provenanceTable,
  questionText,
  statusSentence,
  type ToolVersions,
} from './narrative.js';
export { loadResults, type Results } from './loadResults.js';
export { reportDocument } from './reportDocument.js';
export { writeReport, type WriteReportOptions, type WriteReportResult } from './writeReport.js';
