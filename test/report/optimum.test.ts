/**
 * The report says when a k-means estimator's numbers may be an algorithm's rather than the estimator's: a
 * warning for single-start Lloyd, the share of fits whose restarts disagreed (from the per-fit diagnostic
 * `restartsAtBest`) for restarted Lloyd, and that kmeans-exact is the global minimiser.
 */
import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../src/report/markdown.js';
import { optimumSentence } from '../../src/report/narrative.js';
import { reportDocument } from '../../src/report/reportDocument.js';
import { loadResults } from '../../src/report/loadResults.js';
import { defaultValues, syntheticConfig, writeSyntheticResults, type ValueFn } from './fixtures.js';

const TOOLS = { vega: '6.4.0', vegaLite: '6.4.3', vegaEmbed: '7.3.0' };

describe('report: global optimum or an algorithm’s local one', () => {
  const config = syntheticConfig({
    estimators: [
      { id: 'lloyd', method: 'kmeans' },
      { id: 'lloyd10', method: 'kmeans', options: { restarts: 10 } },
      { id: 'exact', method: 'kmeans-exact' },
      { id: 'mle', method: 'em' },
    ],
  });
  // lloyd10: replication 0 of every n had 7 of 10 restarts at the best objective, the others all 10.
  const values: ValueFn = (m, n, rep, est, key) => {
    if (key === 'globalOptimum') return est === 'exact' ? 1 : est === 'mle' ? null : 0;
    if (key === 'restartsAtBest') return est === 'lloyd' ? 1 : est === 'lloyd10' ? (rep === 0 ? 7 : 10) : null;
    return defaultValues(m, n, rep, est, key);
  };
  const results = loadResults(writeSyntheticResults({ config, values }).dir);
  const md = toMarkdown(reportDocument(results, [], TOOLS));

  it('warns that single-start Lloyd does not guarantee the global optimum and recommends restarts or the exact method', () => {
    expect(md).toContain('Lloyd with 1 start: the global optimum is not guaranteed');
    expect(md).toContain('Use restarts ≥ 10, or the exact method kmeans-exact for 1-D data.');
  });

  it('reports, for restarted Lloyd, the share of fits in which fewer than all restarts reached the best objective', () => {
    const fits = config.n.length * config.replications;
    const share = `${((100 * config.n.length) / fits).toFixed(1)}%`;
    const starts = `${((100 * 3 * config.n.length) / (fits * 10)).toFixed(1)}%`;
    expect(md).toContain(
      `Lloyd with 10 starts: the global optimum is not guaranteed; in ${share} of fits (${config.n.length} of ${fits}) fewer than all 10 starts reached the best objective found, and ${starts} of single starts ended at a worse local optimum.`,
    );
  });

  it('says kmeans-exact is the global minimiser and says nothing of the kind for EM', () => {
    expect(md).toContain('Exact algorithm: every fit is the global minimiser');
    expect(optimumSentence({ id: 'mle', method: 'em', options: {} }, results.rows, true)).toBeNull();
  });

  it('restarts that all agree, and results that do not record restartsAtBest, are said as such', () => {
    const spec = { id: 'lloyd10', method: 'kmeans', options: { restarts: 10 } } as const;
    const agreeing = results.rows.map((r) => (r.estimator === 'lloyd10' ? { ...r, values: { ...r.values, restartsAtBest: 10 } } : r));
    expect(optimumSentence(spec, agreeing, false)).toMatch(/in all \d+ fits every start reached the same best objective/);
    const old = results.rows.map((r) => ({ ...r, values: { separation: r.values.separation ?? null } }));
    expect(optimumSentence(spec, old, false)).toContain('do not record how many starts reached the best objective');
    expect(optimumSentence({ ...spec, options: { restarts: 3 } }, old, false)).toMatch(/Use restarts ≥ 10\.$/);
  });
});
