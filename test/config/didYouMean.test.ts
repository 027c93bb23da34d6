import { describe, expect, it } from 'vitest';
import { suggest } from '../../src/config/didYouMean.js';

describe('suggest', () => {
  it('finds a close candidate: a missing, extra, wrong or swapped letter, or a case slip', () => {
    expect(suggest('kmean', ['kmeans', 'kmeans-exact', 'em', 'cem'])).toBe('kmeans');
    expect(suggest('restart', ['init', 'restarts', 'tol', 'maxIter'])).toBe('restarts');
    expect(suggest('maxiter', ['init', 'restarts', 'tol', 'maxIter'])).toBe('maxIter');
    expect(suggest('seperation', ['separation', 'means'])).toBe('separation');
    expect(suggest('k', ['K', 'd'])).toBe('K');
    expect(suggest('kmaens', ['kmeans', 'em'])).toBe('kmeans');
  });

  it('stays quiet when nothing is plausibly meant', () => {
    expect(suggest('gmm', ['kmeans', 'kmeans-exact', 'em', 'cem'])).toBeUndefined();
    expect(suggest('x', ['n', 'd'])).toBeUndefined();
    expect(suggest('colour', ['name', 'title', 'seed'])).toBeUndefined();
  });
});
