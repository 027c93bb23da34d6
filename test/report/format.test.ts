/** Number formatting: estimates to the precision of their MCSE, minus signs, integers, durations. */
import { describe, expect, it } from 'vitest';
import { decimalsFor, formatEstimate, formatInt, formatNumber, formatPercent, formatSeconds, roundWithMcse } from '../../src/report/format.js';

describe('formatEstimate', () => {
  it('rounds the MCSE to 2 significant digits and the estimate to the same decimal place', () => {
    expect(formatEstimate(2.357183503915655, 0.048957370451940214)).toBe('2.357 ± 0.049');
    expect(formatEstimate(2.3420123, 0.0081234)).toBe('2.3420 ± 0.0081');
    expect(formatEstimate(0.43, 0.19)).toBe('0.43 ± 0.19');
    expect(formatEstimate(1234.567, 12.3)).toBe('1235 ± 12');
    expect(formatEstimate(123456, 1234)).toBe('123500 ± 1200');
  });

  it('uses the rounded MCSE for the precision (0.0996 → 0.10, two decimals)', () => {
    expect(decimalsFor(0.0996, 2)).toBe(2);
    expect(formatEstimate(1.23456, 0.0996)).toBe('1.23 ± 0.10');
  });

  it('prints negatives with a typographic minus and never "−0"', () => {
    expect(formatEstimate(-0.0276, 0.098)).toBe('\u22120.028 ± 0.098');
    expect(formatEstimate(-0.0001, 0.013)).toBe('0.000 ± 0.013');
  });

  it('falls back to 4 significant digits without a usable MCSE, and to – without a value', () => {
    expect(formatEstimate(2.33381, null)).toBe('2.334');
    expect(formatEstimate(2.33381, 0)).toBe('2.334');
    expect(formatEstimate(null, 0.1)).toBe('–');
    expect(formatEstimate(Number.NaN, 0.1)).toBe('–');
  });

  it('roundWithMcse returns both parts', () => {
    expect(roundWithMcse(0.15851, 0.000312)).toEqual({ value: '0.15851', mcse: '0.00031' });
  });
});

describe('other formats', () => {
  it('formatNumber trims trailing zeros and keeps significant digits', () => {
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(2.33381)).toBe('2.334');
    expect(formatNumber(-1)).toBe('\u22121');
    expect(formatNumber(0.00002345)).toBe('2.345e-5');
    expect(formatNumber(null)).toBe('–');
  });

  it('formatInt groups thousands', () => {
    expect(formatInt(100000)).toBe('100,000');
    expect(formatInt(50)).toBe('50');
  });

  it('formatSeconds and formatPercent', () => {
    expect(formatSeconds(0.84)).toBe('0.84 s');
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(252.4)).toBe('4 min 12 s');
    expect(formatSeconds(59.7 + 60)).toBe('2 min 00 s');
    expect(formatSeconds(7500)).toBe('2 h 05 min');
    expect(formatPercent(0.16691)).toBe('16.7%');
  });
});
