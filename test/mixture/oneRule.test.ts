/**
 * Every layer that holds a spherical mixture — the config, the sampler, the truth of the estimands, the theory
 * and the `limit` command — accepts and rejects the same mixtures, because all of them validate with
 * src/mixture/spherical.ts. The theory (and so the command, which prints theory) additionally needs every
 * weight > 0 (src/theory/mixture.ts); that is the only difference allowed. Only long-standing entry points are
 * used, so the same test runs against older code, where the layers disagreed (the truth took weights summing to
 * 1.2, a negative weight, an infinite mean and σ = 0).
 */
import { describe, expect, it } from 'vitest';
import { mixtureFromArgs } from '../../src/commands/limit.js';
import { parseConfig } from '../../src/config/index.js';
import { sampleMixture } from '../../src/dgm/sphericalMixture.js';
import { trueValues } from '../../src/estimands/measureFit.js';
import { createStream } from '../../src/rng/stream.js';
import { kmeansLimit } from '../../src/theory/kmeansLimit.js';
import { validConfig } from '../config/helpers.js';

interface Case {
  readonly weights: number[];
  readonly means: number[][];
  readonly sigmas: number[];
}

const accepts = (f: () => unknown): boolean => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

/** The verdict of each layer on one mixture. */
function verdicts(m: Case): Record<string, boolean> {
  const cli = { weights: m.weights.join(','), means: m.means.map((row) => row.join(',')).join(';'), sigmas: m.sigmas.join(',') };
  return {
    config: accepts(() => parseConfig({ ...validConfig(), mixtures: [{ id: 'm', ...m }] })),
    sampler: accepts(() => sampleMixture(m, 5, createStream(1, 'one-rule'))),
    truth: accepts(() => trueValues(m, ['separation', 'means', 'weights', 'sigma'])),
    theory: accepts(() => kmeansLimit(m)),
    command: accepts(() => mixtureFromArgs(m.means[0].length === 1 ? { ...cli, means: m.means.map((row) => row[0]).join(',') } : cli)),
  };
}

const all = (ok: boolean) => ({ config: ok, sampler: ok, truth: ok, theory: ok, command: ok });
const base: Case = { weights: [0.3, 0.7], means: [[0], [2]], sigmas: [1, 2] };

describe('one rule for a valid mixture, in every layer', () => {
  const cases: [string, Case, Record<string, boolean>][] = [
    ['a valid mixture', base, all(true)],
    ['a valid mixture in d = 2', { weights: [0.5, 0.5], means: [[0, 0], [2, 1]], sigmas: [1, 1] }, all(true)],
    ['weights summing to 1 within the tolerance (5e-10 over)', { ...base, weights: [0.5, 0.5 + 5e-10] }, all(true)],
    ['weights summing to 1 + 2e-9', { ...base, weights: [0.5, 0.5 + 2e-9] }, all(false)],
    ['weights summing to 1.2', { ...base, weights: [0.5, 0.7] }, all(false)],
    ['a negative weight', { ...base, weights: [1.5, -0.5] }, all(false)],
    ['a zero weight: a valid model, outside what the theory computes', { ...base, weights: [1, 0] }, { ...all(true), theory: false, command: false }],
    ['an infinite mean', { ...base, means: [[0], [Infinity]] }, all(false)],
    ['σ = 0', { ...base, sigmas: [1, 0] }, all(false)],
    ['σ = NaN', { ...base, sigmas: [NaN, 1] }, all(false)],
    ['ragged means', { ...base, means: [[0, 0], [1]] }, all(false)],
    ['three means for two weights', { ...base, means: [[0], [1], [2]] }, all(false)],
    ['one σ for two weights', { ...base, sigmas: [1] }, all(false)],
  ];
  it.each(cases)('%s', (_name, m, expected) => {
    expect(verdicts(m)).toEqual(expected);
  });
});
