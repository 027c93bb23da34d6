/**
 * One replication's sample as CSV, for cross-checking a fit elsewhere (scikit-learn, R's kmeans or mclust):
 * the columns `x1` … `xd`, then `component`, the true component each point was drawn from (0-based, the order of
 * the config's mixture: the row's `means.<k>.*` values are aligned to these). Coordinates are written in
 * JavaScript's shortest round-trip form, so the file reads back to exactly the doubles the estimators saw
 * (`mixstudy fit` on the x columns reproduces the study's fit of a deterministic method).
 */
import type { Sample } from '../runner/executeTask.js';
import { csvLine } from './csv.js';

export function* sampleCsvLines(sample: Sample): Generator<string> {
  const { x, n, d } = sample.data;
  yield csvLine([...Array.from({ length: d }, (_, j) => `x${j + 1}`), 'component']);
  for (let i = 0; i < n; i++) {
    const line: number[] = [];
    for (let j = 0; j < d; j++) line.push(x[i * d + j]);
    line.push(sample.labels[i]);
    yield csvLine(line);
  }
}
