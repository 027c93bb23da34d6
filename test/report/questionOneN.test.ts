/**
 * "The question" of a study with a single sample size (src/report/question.ts): it asks how close the estimates
 * are at that n, not whether they converge "as n grows from 200 to 200".
 */
import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/config/index.js';
import type { Inline } from '../../src/report/document.js';
import { studyQuestion } from '../../src/report/question.js';
import { buildSummary } from '../../src/runner/summary.js';
import { syntheticConfig, syntheticRows } from './fixtures.js';

const text = (ps: Inline[][]): string => ps.flat().map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : 'em' in p ? p.em : 'code' in p ? p.code : p.text)).join('');

describe('the question of a one-n study', () => {
  it('asks about that n, not about convergence over a range of one value', () => {
    const config = syntheticConfig({ n: [200] });
    const summary = buildSummary(config, configHash(config), syntheticRows(config));
    const q = text(studyQuestion(summary));
    expect(q).not.toContain('grows from');
    expect(q).toContain('to their true values at the sample size n = 200?');
  });

  it('keeps the convergence question when n varies', () => {
    const config = syntheticConfig();
    const summary = buildSummary(config, configHash(config), syntheticRows(config));
    expect(text(studyQuestion(summary))).toContain('converge to their true values as the sample size n grows from 20 to 2,000, and how fast?');
  });
});
