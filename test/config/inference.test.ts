/** The `inference` block: defaults, validation with exact paths, and no change to old configs or their hash. */
import { describe, expect, it } from 'vitest';
import { configHash, parseConfig } from '../../src/config/index.js';
import { problemsOf, validConfig } from './helpers.js';

describe('config inference block', () => {
  it('is absent from the normalised config when not given, so the hash of an old config is unchanged', () => {
    const config = parseConfig(validConfig());
    expect('inference' in config).toBe(false);
    const { inference: _, ...without } = { ...config, inference: undefined };
    expect(configHash(config)).toBe(configHash(without));
  });

  it('fills in defaults: level 0.95, Wald and credible on, no bootstrap', () => {
    const config = parseConfig({ ...validConfig(), inference: {} });
    expect(config.inference).toEqual({ level: 0.95, wald: true, credible: true, bootstrap: null });
  });

  it('bootstraps every estimator unless some are listed', () => {
    expect(parseConfig({ ...validConfig(), inference: { bootstrap: { B: 50 } } }).inference?.bootstrap).toEqual({ B: 50, estimators: ['km', 'mle'] });
    expect(parseConfig({ ...validConfig(), inference: { level: 0.9, bootstrap: { B: 50, estimators: ['km'] } } }).inference).toEqual({
      level: 0.9,
      wald: true,
      credible: true,
      bootstrap: { B: 50, estimators: ['km'] },
    });
  });

  it('reports each problem at its exact path', () => {
    const problems = problemsOf({ ...validConfig(), inference: { level: 1.5, bootstrap: { B: 5, estimators: ['kmx'] }, walds: true } });
    expect(problems.some((p) => p.startsWith('inference.level:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('inference.bootstrap.B:'))).toBe(true);
    expect(problems).toContain('inference.bootstrap.estimators[0]: unknown estimator "kmx" (the config has "km", "mle")');
    expect(problems.some((p) => p.startsWith('inference.walds:') && p.includes('did you mean "wald"'))).toBe(true);
  });
});
