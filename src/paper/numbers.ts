/**
 * How the paper quotes numbers. Every simulated number is quoted as "value ± MCSE" at the precision its MCSE
 * allows (src/report/format.ts); theory values to six significant digits; a comparison as a difference with
 * its combined SE and z = difference/SE. All functions take the numbers themselves, read from the results —
 * nothing here knows a value.
 */
import type { ValueWithMcse } from '../performance/types.js';
import { formatEstimate, formatNumber } from '../report/format.js';

const MINUS = '\u2212';

/** "2.3338 ± 0.0005" (or "–" when undefined). */
export function pm(v: ValueWithMcse): string {
  return formatEstimate(v.value, v.mcse);
}

/** A theory value: six significant digits ("2.33326"). */
export function th(x: number, sig = 6): string {
  return formatNumber(x, sig);
}

/** An MCSE-free sample value (single sample, design constant): four significant digits. */
export function num(x: number, sig = 4): string {
  return formatNumber(x, sig);
}

/** a − b with SE √(se_a² + se_b²) (the two estimated independently; se_b = 0 for an exact b). */
export function difference(a: ValueWithMcse, b: number, bSe = 0): ValueWithMcse {
  if (a.value === null) return { value: null, mcse: null };
  const mcse = a.mcse === null ? null : Math.sqrt(a.mcse ** 2 + bSe ** 2);
  return { value: a.value - b, mcse };
}

/** z = value/mcse, or null when it is undefined. */
export function zOf(v: ValueWithMcse): number | null {
  return v.value === null || v.mcse === null || !(v.mcse > 0) ? null : v.value / v.mcse;
}

/** "z = −1.3" (one decimal), "z undefined" when there is no SE. */
export function formatZ(z: number | null): string {
  if (z === null || !Number.isFinite(z)) return 'z undefined';
  const s = z.toFixed(1);
  return `z = ${s.startsWith('-') ? (Number(s) === 0 ? '0.0' : MINUS + s.slice(1)) : s}`;
}

/** "+0.0005 ± 0.0005" — a signed difference. */
export function signed(v: ValueWithMcse): string {
  const text = pm(v);
  return v.value !== null && v.value >= 0 && !text.startsWith('0 ') ? `+${text}` : text;
}

/** Scales a measure and its MCSE by a constant (e.g. √n × RMSE). */
export function scaled(v: ValueWithMcse, k: number): ValueWithMcse {
  return { value: v.value === null ? null : v.value * k, mcse: v.mcse === null ? null : v.mcse * Math.abs(k) };
}
