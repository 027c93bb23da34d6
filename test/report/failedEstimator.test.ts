/**
 * Every completed run gets a report, whatever failed in it: vega calls its logger's methods with `this`
 * bound to the View (vega-dataflow's `logMethod`), so a logger that keeps state on `this` threw a TypeError
 * the first time vega warned — e.g. for a figure whose only estimator failed every fit, which has no data.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectingLogger, renderSvg } from '../../src/report/render.js';
import { tempDir, writeConfig } from '../runner/helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');
const mixstudy = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });

describe('the vega logger', () => {
  it('collects warnings and errors when its methods are called with a foreign `this`', () => {
    const logger = collectingLogger();
    const view = { _log: logger };
    logger.warn.call(view, 'Infinite extent for field', '"value"');
    logger.error.call(undefined, 'broken');
    logger.info.call(view, 'ignored');
    expect(logger.level.call(view)).toBe(logger.level());
    expect(logger.warn.call(view, 'x')).toBe(logger);
    expect(logger.messages).toEqual(['warning: Infinite extent for field "value"', 'error: broken', 'warning: x']);
    logger.level.call(view, 0); // vega.None: warnings off, errors still kept
    logger.warn.call(view, 'hidden');
    logger.error.call(view, 'kept');
    expect(logger.messages.at(-1)).toBe('error: kept');
    expect(logger.messages).not.toContain('warning: hidden');
  });

  it('returns vega’s runtime warnings for a figure with no data instead of throwing', async () => {
    const { svg, warnings } = await renderSvg({
      data: { values: [] },
      mark: 'line',
      encoding: { x: { field: 'n', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' } },
    });
    expect(svg).toMatch(/^<svg /);
    expect(warnings.some((w) => w.startsWith('warning: Infinite extent'))).toBe(true);
  });
});

describe('mixstudy report after a run where an estimator failed every fit', () => {
  it('exits 0 and writes the report and every figure', () => {
    const dir = tempDir('mixstudy-failed-report-');
    // Unequal-σ EM at n = 2 and 3 with K = 2: a component always collapses onto one point (status degenerate).
    const config = writeConfig(dir, {
      name: 'allfail',
      title: 'an estimator that fails every fit',
      seed: 1,
      replications: 3,
      n: [2, 3],
      mixtures: [{ id: 'm', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 }],
      estimators: [{ id: 'uem', method: 'em', options: { covariance: 'unequal' } }],
      estimands: ['separation', 'means', 'sigma'],
    });
    const run = mixstudy(['run', config, '--results', 'results', '--workers', '1', '--quiet'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('6 failed fits');
    const report = mixstudy(['report', 'allfail', '--results', 'results', '--out', 'report'], dir);
    expect(report.stderr).not.toContain('TypeError');
    expect(report.status, report.stderr).toBe(0);
    expect(existsSync(join(dir, 'report', 'index.html'))).toBe(true);
    expect(existsSync(join(dir, 'report', 'report.md'))).toBe(true);
    const figures = readdirSync(join(dir, 'report', 'figures'));
    expect(figures.filter((f) => f.endsWith('.png'))).toHaveLength(4);
    expect(figures.filter((f) => f.endsWith('.svg'))).toHaveLength(4);
  });
});
