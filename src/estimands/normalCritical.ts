/**
 * The two-sided normal critical value of a Wald interval at nominal level L, z = Φ⁻¹(1 − (1 − L)/2)
 * (1.959964 at L = 0.95), by @stdlib's normal quantile (accurate to double precision).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** The last level asked for and its z: a study asks for one level for every fit. */
let last = { level: NaN, z: NaN };

/** @throws RangeError unless 0 < level < 1 */
export function normalCritical(level: number): number {
  if (level === last.level) return last.z;
  if (!(level > 0 && level < 1)) throw new RangeError(`normalCritical: level must be in (0, 1), got ${level}`);
  last = { level, z: normalQuantile(1 - (1 - level) / 2, 0, 1) };
  return last.z;
}
