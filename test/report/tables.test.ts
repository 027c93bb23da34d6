/**
 * Tables and prose carry the summary's numbers: replication values chosen so the measures can be worked out
 * by hand go through the real buildSummary, and the Markdown must show exactly those numbers, rounded to
 * their MCSE. Also: failures are counted by status, and text escapes cleanly in both formats.
 */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import { heading, paragraph, table } from '../../src/report/document.js';
import { htmlTable } from '../../src/report/html.js';
import { markdownTable, toMarkdown } from '../../src/report/markdown.js';
import { headlineItems, mixtureFormula, questionText, statusSentence } from '../../src/report/narrative.js';
import { biasRmseTable, estimandsTable, estimateTable, failuresByConditionTable, statusTable } from '../../src/report/tables.js';
import { buildSummary } from '../../src/runner/summary.js';
import { defaultValues, syntheticConfig, syntheticRows, withTheory, type ValueFn } from './fixtures.js';

// k-means at n = 20: separations 2.3, 2.4, 2.2, 2.5 (truth 2). By hand:
//   mean 2.35, sd = √(0.05/3) = 0.129099, MCSE = sd/√4 = 0.064550           → "2.350 ± 0.065"
//   bias 0.35 ± 0.064550                                                     → "0.350 ± 0.065"
//   MSE = (0.09 + 0.16 + 0.04 + 0.25)/4 = 0.135, RMSE = 0.367423
//   MCSE(RMSE), jackknife: leave-one-out RMSEs √((0.54 − eᵢ²)/3) = 0.387298, 0.355903, 0.408248, 0.310913,
//   √(3/4 · Σ(· − 0.365591)²) = √(3/4 · 0.0053744) = 0.063489                 → "0.367 ± 0.063"
// MLE at n = 2000: 1.99, 2.01, 2.00, 2.00 → mean 2, sd = √(0.0002/3) = 0.0081650, MCSE 0.0040825 → "2.0000 ± 0.0041"
const KM20 = [2.3, 2.4, 2.2, 2.5];
const MLE2000 = [1.99, 2.01, 2.0, 2.0];
const values: ValueFn = (m, n, rep, est, key) => {
  if (key === 'separation' && est === 'km' && n === 20) return KM20[rep];
  if (key === 'separation' && est === 'mle' && n === 2000) return MLE2000[rep];
  return defaultValues(m, n, rep, est, key);
};
const config = syntheticConfig();
const rows = syntheticRows(config, values);
const summary = withTheory(buildSummary(config, configHash(config), rows), rows);

function rowOf(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (line === undefined) throw new Error(`no row "${first}" in\n${markdown}`);
  return line.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, ''));
}

/** The cell of row `first` under column `header`. */
function cellOf(markdown: string, first: string, header: string): string {
  const headers = markdown.split('\n')[0].split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, ''));
  const i = headers.indexOf(header);
  if (i < 0) throw new Error(`no column "${header}" in ${headers.join(', ')}`);
  return rowOf(markdown, first)[i];
}

describe('results tables', () => {
  it('show mean ± MCSE per n and estimator with truth and k-means limit beside', () => {
    const md = markdownTable(estimateTable(summary, 'canonical'));
    expect(md.split('\n')[0]).toBe('| n | truth | k-means limit | km | mle |');
    expect(md.split('\n')[1]).toBe('| ---: | ---: | ---: | ---: | ---: |');
    expect(rowOf(md, '20')).toEqual(['20', '2', '2.3338', '2.350 ± 0.065', expect.stringMatching(/ ± /)]);
    expect(rowOf(md, '2,000')[4]).toBe('2.0000 ± 0.0041');
  });

  it('show bias and RMSE with their MCSEs, and the distance to the limit for k-means', () => {
    const md = markdownTable(biasRmseTable(summary, 'canonical'));
    expect(md.split('\n')[0]).toBe('| n | km: bias | km: RMSE | mle: bias | mle: RMSE | km: mean − limit |');
    const r = rowOf(md, '20');
    expect(r[1]).toBe('0.350 ± 0.065');
    expect(r[2]).toBe('0.367 ± 0.063');
    // mean − limit = 2.35 − 2.3338 = 0.0162, same MCSE
    expect(r[5]).toBe('0.016 ± 0.065');
  });

  it('list every estimand at the largest n, with – where an estimator has none', () => {
    const t = estimandsTable(summary, 'canonical');
    expect(t.caption).toContain('n = 2,000');
    const md = markdownTable(t);
    const sep = rowOf(md, 'separation \\|μ₂ − μ₁\\|');
    expect([sep[1], sep[2], sep[4]]).toEqual(['2', '2.3338', '2.0000 ± 0.0041']);
    expect(md.split('\n')[0]).toBe('| estimand | truth | k-means limit | km | mle |');
    expect(rowOf(md, 'standard deviation of component 1 σ₁').slice(1, 4)).toEqual(['1', '–', '–']);
    expect(rowOf(md, 'mean of component 1 μ₁')[1]).toBe('\u22121');
  });

  it('mark cells where some replications failed', () => {
    const failing = syntheticRows(config, values, (_m, n, rep, e) => (n === 200 && e === 'mle' && rep < 2 ? 'not-converged' : 'ok'));
    const s = buildSummary(config, configHash(config), failing);
    const md = markdownTable(estimateTable(s, 'canonical'));
    expect(cellOf(md, '200', 'mle')).toMatch(/^\S+ ± \S+ \(2 of 4 used\)$/);
    expect(cellOf(md, '200', 'km')).not.toContain('used');
  });
});

describe('failures and statuses', () => {
  const failing = syntheticRows(config, values, (_m, n, rep, e) => {
    if (e !== 'mle') return 'ok';
    if (n === 20 && rep === 1) return 'not-converged';
    if (n === 20 && rep === 3) return 'degenerate';
    if (n === 200 && rep === 0) return 'error';
    return 'ok';
  });

  it('count fits by status per estimator', () => {
    const md = markdownTable(statusTable(summary, failing));
    expect(md.split('\n')[0]).toBe('| estimator | fits | ok | degenerate | error | not-converged | missing |');
    expect(rowOf(md, 'km')).toEqual(['km', '12', '12', '0', '0', '0', '0']);
    expect(rowOf(md, 'mle')).toEqual(['mle', '12', '9', '1', '1', '1', '0']);
  });

  it('list the conditions with failures, and say when there are none', () => {
    const t = failuresByConditionTable(summary, failing);
    expect(t).not.toBeNull();
    const md = markdownTable(t!);
    expect(rowOf(md, '20')).toEqual(['20', 'mle', '2 of 4', 'degenerate: 1, not-converged: 1', 'synthetic not-converged / synthetic degenerate']);
    expect(rowOf(md, '200').slice(0, 4)).toEqual(['200', 'mle', '1 of 4', 'error: 1']);
    expect(failuresByConditionTable(summary, rows)).toBeNull();
    expect(statusSentence(rows)).toBe('All 24 fits ended with status ok.');
    expect(statusSentence(failing)).toBe('21 of 24 fits ended with status ok; the others: 1 degenerate, 1 error, 1 not-converged.');
  });
});

describe('prose', () => {
  it('describes the mixture and the theory with the summary’s numbers', () => {
    expect(mixtureFormula(summary.mixtures[0])).toBe('0.5·N(\u22121, 1) + 0.5·N(1, 1)');
    const text = questionText(summary)
      .flat()
      .map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : ''))
      .join('');
    expect(text).toContain('the true separation |μ₂ − μ₁| is 2; k-means converges to 2.3338, a relative bias of 16.7%, with asymptotic standard deviation 1.9/√n (Pollard 1982)');
    expect(text).toContain('sd∞ = 3.35');
  });

  it('states the headline numbers at the largest n from the summary', () => {
    const items = headlineItems(summary).map((i) => i.map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : '')).join(''));
    const mle = items.find((i) => i.startsWith('mle'));
    expect(mle).toContain('mean separation 2.0000 ± 0.0041; bias 0.0000 ± 0.0041 against the truth 2');
    expect(mle).toContain('(4 of 4 fits used)');
  });

  it('escapes markup in both formats', () => {
    const t = { caption: 'a|b <c>', columns: [{ header: 'x|y', align: 'left' as const }], rows: [['<script>*z*']] };
    expect(markdownTable(t)).toBe('| x\\|y |\n| :--- |\n| \\<script\\>\\*z\\* |');
    expect(htmlTable(t, 1)).toContain('<td>&lt;script&gt;*z*</td>');
    const md = toMarkdown({ title: 'T', blocks: [heading('H'), paragraph('p'), table(t)] });
    expect(md).toBe('# T\n\n## H\n\np\n\n**Table 1.** a\\|b \\<c\\>\n\n| x\\|y |\n| :--- |\n| \\<script\\>\\*z\\* |\n');
  });
});
