/**
 * Standard normal deviates by the ziggurat method (Marsaglia & Tsang, "The ziggurat method for generating
 * random variables", J. Stat. Softw. 5(8), 2000), 256 layers, with the fix of Doornik ("An improved ziggurat
 * method to generate normal random samples", 2005): the layer index, the sign and the abscissa come from
 * disjoint random bits. Marsaglia & Tsang's RNOR takes the layer from the low bits of the same 32-bit word
 * that gives the abscissa, a dependence Doornik shows makes it fail standard tests on large samples. Here each
 * attempt draws two 32-bit words: 8 bits pick the layer, 1 bit the sign, and 21 + 32 bits form a 53-bit
 * uniform for the abscissa.
 *
 * Tables are computed at module load from exact formulas: r solves "255 rectangles of area v(r) stacked on
 * the base strip reach exactly f(0) = 1" by bisection, with the tail area ∫_r^∞ f from Laplace's continued
 * fraction (`tailArea`); the result agrees with Marsaglia & Tsang's published r = 3.6541528853610088 to 1 ulp (checked
 * in the tests). The tail beyond r uses Marsaglia's (1964) exact exponential-rejection method.
 *
 * Fast path (98.5 % of attempts): two generator words, one multiply, one compare — no exp, no log. The
 * ziggurat covers the half-density with 99.3 % efficiency, so a deviate costs 1.007 attempts on average.
 *
 * Speed: V8 does not keep typed-array generator state in registers across calls, so the xor4096-specialised
 * scalar and bulk samplers below write the generator step out inline; the generic `zigguratNormal` serves
 * any `Int32Source` (and the rare restart after a rejected wedge point).
 */
import { XOR4096_I_SLOT, XOR4096_W_SLOT, type Xor4096 } from './xor4096.js';

/** The word source of the generic sampler. */
export interface Int32Source {
  /** Signed 32-bit integer with 32 random bits. */
  nextInt32(): number;
  /** Uniform on (0, 1) with 53 random bits (never exactly 0, so its log is finite). */
  nextDouble(): number;
}

/** Number of layers (a power of two: the layer index is a bit mask). */
export const ZIGGURAT_LAYERS = 256;
const N = ZIGGURAT_LAYERS;
export const LAYER_MASK = N - 1;
export const SIGN_BIT = N; // the bit just above the layer index
export const TWO_POW_32 = 0x100000000;
const TWO_POW_M53 = 2 ** -53;

/** Unnormalised standard normal density, f(0) = 1. */
function f(x: number): number {
  return Math.exp(-0.5 * x * x);
}

/**
 * ∫_r^∞ f(x) dx = √(2π) Φ(−r) for r ≥ 2, by Laplace's continued fraction for the Mills ratio,
 * ∫_r^∞ e^{−x²/2} dx = e^{−r²/2} / (r + 1/(r + 2/(r + 3/(r + …)))), evaluated backwards from 400 terms (for
 * r ≥ 2 the truncation error is far below 1e-17 relative; the tests compare with @stdlib's normal CDF). Local
 * rather than @stdlib's CDF because this module loads in every worker thread, and that package took 50 ms to
 * import, a sixth of a worker's start-up.
 */
export function tailArea(r: number): number {
  if (!(r >= 2)) throw new RangeError(`tailArea: needs r ≥ 2, got ${r}`);
  let t = r;
  for (let k = 400; k >= 1; k--) t = r + k / t;
  return f(r) / t;
}

/**
 * Fills x[1..N-1] for a trial r (x[1] = r, each layer of area v) and returns how far the top of the last
 * rectangle overshoots f(0) = 1 (+Infinity if the stack passes the peak before using all layers).
 */
function stackOvershoot(r: number, x: Float64Array): number {
  const v = r * f(r) + tailArea(r);
  x[1] = r;
  for (let i = 1; i < N - 1; i++) {
    const h = f(x[i]) + v / x[i];
    if (h >= 1) return Infinity;
    x[i + 1] = Math.sqrt(-2 * Math.log(h));
  }
  return f(x[N - 1]) + v / x[N - 1] - 1;
}

/** Ziggurat geometry: layer i spans abscissae [0, x[i]) and ordinates [fx[i], fx[i+1]], area v each. */
export interface ZigguratTables {
  /** Start of the tail (= x[1]). */
  readonly r: number;
  /** Area of every layer (base strip + tail included in layer 0). */
  readonly v: number;
  /** N+1 abscissae, decreasing: x[0] = v/f(r) (base strip widened to area v), x[1] = r, …, x[N] = 0. */
  readonly x: Float64Array;
  /** Layer floors/ceilings: fx[0] = 0 (the base strip reaches the axis), fx[i] = f(x[i]) for i ≥ 1, fx[N] = 1. */
  readonly fx: Float64Array;
  /** x[i]·2⁻⁵³: turns a 53-bit integer straight into an abscissa of layer i. */
  readonly scaled: Float64Array;
  /** Overshoot of the stacked layers at the peak after solving for r (≈ 0: the top layer's area error). */
  readonly residual: number;
}

function buildTables(): ZigguratTables {
  const x = new Float64Array(N + 1);
  // v(r) decreases in r, so the overshoot is decreasing: bisect to the last representable r.
  let lo = 3;
  let hi = 4;
  while (true) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (stackOvershoot(mid, x) > 0) lo = mid;
    else hi = mid;
  }
  const r = hi;
  const residual = stackOvershoot(r, x);
  const v = r * f(r) + tailArea(r);
  x[0] = v / f(r);
  x[N] = 0;
  const fx = new Float64Array(N + 1);
  const scaled = new Float64Array(N + 1);
  for (let i = 0; i <= N; i++) {
    fx[i] = f(x[i]);
    scaled[i] = x[i] * TWO_POW_M53;
  }
  fx[0] = 0;
  fx[N] = 1;
  return { r, v, x, fx, scaled, residual };
}

export const zigguratTables: ZigguratTables = buildTables();

const R = zigguratTables.r;
const X = zigguratTables.x;
const FX = zigguratTables.fx;
const XS = zigguratTables.scaled;
/** Abscissae and scaled abscissae of the layers, for the fused samplers (labelledNormals.ts). */
export { X as ZIGGURAT_X, XS as ZIGGURAT_XS };

/**
 * A draw from the half-normal tail {Z > r} by Marsaglia's (1964) method: propose r + E/r with E ~ Exp(1),
 * accept with probability exp(−E²/(2r²)) via a second exponential. Exact; mean ~1.08 attempts at r ≈ 3.65.
 */
export function normalTail(src: Int32Source, r: number): number {
  const invR = 1 / r;
  for (;;) {
    const e = -Math.log(src.nextDouble()) * invR;
    const y = -Math.log(src.nextDouble());
    if (y + y >= e * e) return r + e;
  }
}

/** Sign of a deviate from the sign bit of the attempt's first word. */
function signed(a: number, x: number): number {
  return (a & SIGN_BIT) === 0 ? x : -x;
}

/**
 * The rare end of an attempt whose abscissa x fell outside the rectangle core of its layer: the tail (layer 0)
 * or the wedge test. Returns the deviate, or NaN when the wedge point is rejected and a fresh attempt is due.
 */
export function zigguratEdge(src: Int32Source, a: number, x: number): number {
  const i = a & LAYER_MASK;
  if (i === 0) return signed(a, normalTail(src, R));
  // (x, y) uniform on the part of layer i beyond x[i+1]; keep it if it lies under the curve.
  const y = FX[i] + src.nextDouble() * (FX[i + 1] - FX[i]);
  return y < Math.exp(-0.5 * x * x) ? signed(a, x) : NaN;
}

/** One standard normal deviate from any word source. */
export function zigguratNormal(src: Int32Source): number {
  for (;;) {
    const a = src.nextInt32();
    const b = src.nextInt32();
    // Bits 11..31 of a on top of the 32 bits of b: an integer uniform on [0, 2^53), disjoint from the layer
    // bits 0..7 and the sign bit 8 (bits 9–10 are unused).
    const x = ((a >>> 11) * TWO_POW_32 + (b >>> 0)) * XS[a & LAYER_MASK];
    if (x < X[(a & LAYER_MASK) + 1]) return signed(a, x);
    const z = zigguratEdge(src, a, x);
    if (z === z) return z;
  }
}

/**
 * `zigguratNormal` specialised to xor4096 with the generator step written out and the ring index and Weyl
 * counter kept in locals across both words (saves four typed-array loads/stores per deviate). Same words,
 * same order, same result as `zigguratNormal(gen)`; the tests check this.
 */
export function zigguratNormalXor4096(gen: Xor4096): number {
  const s = gen.state;
  let i = s[XOR4096_I_SLOT];
  let w = s[XOR4096_W_SLOT];
  // First word (the xorgens step as in Xor4096.nextInt32).
  w = (w + 0x61c88647) | 0;
  let v = s[(i + 34) & 127];
  i = (i + 1) & 127;
  let t = s[i];
  v ^= v << 13;
  t ^= t << 17;
  v ^= v >>> 15;
  t ^= t >>> 12;
  v = s[i] = v ^ t;
  const a = (v + (w ^ (w >>> 16))) | 0;
  // Second word.
  w = (w + 0x61c88647) | 0;
  v = s[(i + 34) & 127];
  i = (i + 1) & 127;
  t = s[i];
  v ^= v << 13;
  t ^= t << 17;
  v ^= v >>> 15;
  t ^= t >>> 12;
  v = s[i] = v ^ t;
  const b = (v + (w ^ (w >>> 16))) | 0;
  s[XOR4096_I_SLOT] = i;
  s[XOR4096_W_SLOT] = w;
  const x = ((a >>> 11) * TWO_POW_32 + (b >>> 0)) * XS[a & LAYER_MASK];
  if (x < X[(a & LAYER_MASK) + 1]) return signed(a, x);
  const z = zigguratEdge(gen, a, x);
  return z === z ? z : zigguratNormal(gen);
}

/**
 * Writes `count` standard normals to `out[offset … offset+count)`: the same values, in the same order and
 * from the same words, as `count` calls of `zigguratNormalXor4096(gen)` (so bulk and scalar draws can be
 * mixed in a stream). The generator step is fused into the loop with index and counter in locals for the
 * whole fill (~1.5× the scalar rate); they are written back only around the rare edge path, which draws
 * through `gen` itself.
 */
export function fillZigguratNormalXor4096(gen: Xor4096, out: Float64Array, offset: number, count: number): void {
  checkFillRange(out, offset, count);
  const s = gen.state;
  let i = s[XOR4096_I_SLOT];
  let w = s[XOR4096_W_SLOT];
  const end = offset + count;
  for (let k = offset; k < end; k++) {
    w = (w + 0x61c88647) | 0;
    let v = s[(i + 34) & 127];
    i = (i + 1) & 127;
    let t = s[i];
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = s[i] = v ^ t;
    const a = (v + (w ^ (w >>> 16))) | 0;
    w = (w + 0x61c88647) | 0;
    v = s[(i + 34) & 127];
    i = (i + 1) & 127;
    t = s[i];
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = s[i] = v ^ t;
    const b = (v + (w ^ (w >>> 16))) | 0;
    const x = ((a >>> 11) * TWO_POW_32 + (b >>> 0)) * XS[a & LAYER_MASK];
    if (x < X[(a & LAYER_MASK) + 1]) {
      out[k] = (a & SIGN_BIT) === 0 ? x : -x;
      continue;
    }
    s[XOR4096_I_SLOT] = i;
    s[XOR4096_W_SLOT] = w;
    const z = zigguratEdge(gen, a, x);
    out[k] = z === z ? z : zigguratNormal(gen);
    i = s[XOR4096_I_SLOT];
    w = s[XOR4096_W_SLOT];
  }
  s[XOR4096_I_SLOT] = i;
  s[XOR4096_W_SLOT] = w;
}

/** Throws a RangeError unless [offset, offset+count) is a valid integer range of `out`. */
export function checkFillRange(out: Float64Array, offset: number, count: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 0 || offset + count > out.length) {
    throw new RangeError(
      `fillNormal: [offset, offset+count) = [${offset}, ${offset + count}) is not inside an array of length ${out.length}`,
    );
  }
}
