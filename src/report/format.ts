/**
 * Number formatting for report text and tables. An estimate is printed to the precision its Monte Carlo SE
 * justifies (the MCSE to two significant digits, the estimate to the same decimal place), so a table never
 * shows digits that are simulation noise; negative numbers use the typographic minus sign.
 */

const MINUS = '\u2212';
/** Shown where a value is undefined (no target, too few replications, every fit failed). */
export const NOT_AVAILABLE_TEXT = '–';

function withMinus(s: string): string {
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/** `x` rounded to `decimals` places (negative: to tens, hundreds, …) as text, never "−0". */
function fixed(x: number, decimals: number): string {
  if (decimals >= 0) {
    const s = x.toFixed(decimals);
    return Number(s) === 0 ? s.replace(/^-/, '') : withMinus(s);
  }
  const unit = 10 ** -decimals;
  const r = Math.round(x / unit) * unit;
  return r === 0 ? '0' : withMinus(r.toFixed(0));
}

/** Decimal places at which `x` (> 0) has `sig` significant digits, after rounding (0.0996 → 0.10: 2 places). */
export function decimalsFor(x: number, sig: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`decimalsFor: need a positive finite number, got ${x}`);
  const e = Math.floor(Math.log10(Number(x.toPrecision(sig))));
  return sig - 1 - e;
}

/** `x` to `sig` significant digits without trailing zeros: 2 → "2", 2.33381 → "2.334", 1234567 → "1234567". */
export function formatNumber(x: number | null | undefined, sig = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NOT_AVAILABLE_TEXT;
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax < 1e-4 || ax >= 1e15) return withMinus(x.toExponential(sig - 1).replace(/\.?0+e/, 'e'));
  const d = decimalsFor(ax, sig);
  const s = fixed(x, Math.max(0, d));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Integer with thousands separators: 100000 → "100,000". */
export function formatInt(n: number): string {
  return withMinus(Math.round(n).toLocaleString('en-US'));
}

/** An estimate and its MCSE rounded together. `mcse` to `sig` significant digits. */
export function roundWithMcse(value: number, mcse: number, sig = 2): { value: string; mcse: string } {
  const d = decimalsFor(mcse, sig);
  return { value: fixed(value, d), mcse: fixed(mcse, d) };
}

/**
 * "2.357 ± 0.049". Without a usable MCSE (null, 0, non-finite) the value alone to four significant digits;
 * without a value, "–".
 */
export function formatEstimate(value: number | null | undefined, mcse: number | null | undefined, sig = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NOT_AVAILABLE_TEXT;
  if (mcse === null || mcse === undefined || !Number.isFinite(mcse) || mcse <= 0) return formatNumber(value);
  const r = roundWithMcse(value, mcse, sig);
  return `${r.value} ± ${r.mcse}`;
}

/** Wall time for people: "0.84 s", "12.3 s", "4 min 12 s", "2 h 05 min". */
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return NOT_AVAILABLE_TEXT;
  if (s < 10) return `${formatNumber(s, 2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) {
    const whole = Math.round(s);
    return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  }
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A fraction as a percentage with one decimal: 0.1786 → "17.9%". */
export function formatPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NOT_AVAILABLE_TEXT;
  return `${withMinus((100 * x).toFixed(1))}%`;
}
