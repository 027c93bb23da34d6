/** A small valid config to break one field at a time, and a way to collect the problems it reports. */
import { ConfigError, parseConfig } from '../../src/config/index.js';

export const MIXTURE = { id: 'm', weights: [0.5, 0.5], means: [[-1], [1]], sigma: 1 };

export function validConfig() {
  return {
    name: 'test',
    title: 'A test study',
    seed: 7,
    replications: 10,
    n: [10, 100],
    mixtures: [{ ...MIXTURE }] as Record<string, unknown>[],
    estimators: [
      { id: 'km', method: 'kmeans' },
      { id: 'mle', method: 'em', options: { covariance: 'equal' } },
    ] as Record<string, unknown>[],
  };
}

/** `obj` without `key`, to test a missing field. */
export function omit<T extends object>(obj: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...obj };
  delete copy[key];
  return copy;
}

/** The ConfigError `json` raises; fails the test if it parses. */
export function configErrorOf(json: unknown): ConfigError {
  try {
    parseConfig(json, 'bad.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but the config parsed');
}

export function problemsOf(json: unknown): string[] {
  return [...configErrorOf(json).problems];
}
