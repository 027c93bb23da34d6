/**
 * Shipped experiments and baselines found by name (src/commands/shipped.ts): outside the package a missing
 * local config or baseline resolves to the package's own; a local file always wins; inside the package (a
 * clone) nothing is rewritten; `report` of a shipped experiment not run here names the command that runs it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { localConfig, PACKAGE_ROOT, shippedBaseline, shippedConfig, useShippedFiles } from '../../src/commands/shipped.js';
import { tempDir } from '../runner/helpers.js';

describe('shipped experiments and baselines', () => {
  it('resolve by path or by name outside the package, local files first', () => {
    const cwd = tempDir('mixstudy-shipped-');
    expect(shippedConfig('experiments/bw1978.json', cwd)).toBe(join(PACKAGE_ROOT, 'experiments', 'bw1978.json'));
    expect(shippedConfig('bw1978', cwd)).toBe(join(PACKAGE_ROOT, 'experiments', 'bw1978.json'));
    expect(shippedConfig('regression-canonical', cwd)).toBe(join(PACKAGE_ROOT, 'experiments', 'regression', 'regression-canonical.json'));
    expect(shippedConfig('nope', cwd)).toBeNull();
    expect(shippedBaseline('regression-canonical', 'results', cwd)).toBe(join(PACKAGE_ROOT, 'results', 'regression-canonical', 'baseline.json'));
    expect(shippedBaseline('../x', 'results', cwd)).toBeNull();

    mkdirSync(join(cwd, 'experiments'));
    writeFileSync(join(cwd, 'experiments', 'bw1978.json'), '{}');
    expect(shippedConfig('experiments/bw1978.json', cwd)).toBeNull();
    mkdirSync(join(cwd, 'results', 'regression-canonical'), { recursive: true });
    writeFileSync(join(cwd, 'results', 'regression-canonical', 'baseline.json'), '{}');
    expect(shippedBaseline('regression-canonical', 'results', cwd)).toBeNull();

    expect(shippedConfig('bw1978', PACKAGE_ROOT)).toBeNull();
    expect(shippedBaseline('regression-canonical', 'results', PACKAGE_ROOT)).toBeNull();
  });

  it('a name resolves to a local experiments/<name>.json before the shipped one', () => {
    const cwd = tempDir('mixstudy-shipped-local-');
    mkdirSync(join(cwd, 'experiments', 'regression'), { recursive: true });
    writeFileSync(join(cwd, 'experiments', 'bw1978.json'), '{}');
    writeFileSync(join(cwd, 'experiments', 'regression', 'regression-unequal.json'), '{}');
    expect(shippedConfig('bw1978', cwd)).toBeNull();
    expect(localConfig('bw1978', cwd)).toBe(join('experiments', 'bw1978.json'));
    expect(shippedConfig('regression-unequal', cwd)).toBeNull();
    expect(localConfig('regression-unequal', cwd)).toBe(join('experiments', 'regression', 'regression-unequal.json'));
    // A name with no local file still finds the shipped one; an existing path is left alone.
    expect(localConfig('canonical', cwd)).toBeNull();
    expect(shippedConfig('canonical', cwd)).toBe(join(PACKAGE_ROOT, 'experiments', 'canonical.json'));
    expect(localConfig('experiments/bw1978.json', cwd)).toBeNull();

    vi.spyOn(process, 'cwd').mockReturnValue(cwd);
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    try {
      const argv: Record<string, unknown> = { _: ['run'], config: 'bw1978' };
      useShippedFiles(argv);
      expect(argv.config).toBe(join('experiments', 'bw1978.json'));
      expect(stderr.mock.calls.join('')).not.toMatch(/shipped/);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('report of a shipped experiment with no results here names the run command', () => {
    const cwd = tempDir('mixstudy-shipped-report-');
    vi.spyOn(process, 'cwd').mockReturnValue(cwd);
    try {
      expect(() => useShippedFiles({ _: ['report'], name: 'bw1978', results: join(cwd, 'results') })).toThrow(/run the experiment first: `mixstudy run bw1978`/);
      mkdirSync(join(cwd, 'results', 'bw1978'), { recursive: true });
      expect(() => useShippedFiles({ _: ['report'], name: 'bw1978', results: join(cwd, 'results') })).not.toThrow();
    } finally {
      vi.restoreAllMocks();
    }
  });
});
