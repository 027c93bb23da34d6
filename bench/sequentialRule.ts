/**
 * How much the precision stopping rule (src/runner/precision.ts) moves what it reports: simulated studies whose
 * per-replication estimates are drawn from a known distribution, stopped at the first batch end kB where the
 * estimated MCSE of the mean, ŝd/√(kB), is at most the target t = 1/√R* (sd = 1), against the fixed R = R*.
 * Printed per (distribution, B, R*): the mean R used, the estimated MCSE at the stop over the true sd/√R, the
 * bias of the mean in units of its MCSE, and the relative bias of ŝd. Normal estimates have ŝd independent of
 * the mean, so only ŝd (and the MCSE) can be affected; skewed ones (exponential, skewness 2) couple them, which
 * bounds what heavier-tailed estimates do. Run: npx tsx bench/sequentialRule.ts (about 20 s).
 */
import { createStream } from '../src/rng/stream.js';

type Draw = (u: () => number, z: () => number) => number;
const DISTRIBUTIONS: Record<string, Draw> = {
  normal: (_u, z) => z(),
  exponential: (u) => -Math.log(u()) - 1,
};

for (const [name, draw] of Object.entries(DISTRIBUTIONS)) {
  for (const [B, Rstar, sims] of [[10, 250, 4000], [100, 250, 4000], [100, 2500, 2000], [500, 2500, 2000]] as const) {
    const t = 1 / Math.sqrt(Rstar);
    const rng = createStream(2024, 'sequential-rule', name, B, Rstar);
    const u = (): number => rng.uniform();
    const z = (): number => rng.normal();
    let sumR = 0;
    let sumRatio = 0;
    let sumZ = 0;
    let sumSd = 0;
    for (let s = 0; s < sims; s++) {
      let n = 0;
      let sum = 0;
      let sq = 0;
      for (;;) {
        for (let i = 0; i < B; i++) {
          const x = draw(u, z);
          n++;
          sum += x;
          sq += x * x;
        }
        const mean = sum / n;
        const sd = Math.sqrt((sq - n * mean * mean) / (n - 1));
        if (sd / Math.sqrt(n) <= t) {
          sumR += n;
          sumRatio += sd;
          sumZ += mean * Math.sqrt(n);
          sumSd += sd - 1;
          break;
        }
      }
    }
    console.log(
      `${name.padEnd(11)} B = ${String(B).padStart(3)}, R* = ${String(Rstar).padStart(4)}: mean R ${(sumR / sims).toFixed(0).padStart(5)}, ` +
        `estimated/true MCSE ${(sumRatio / sims).toFixed(4)}, bias of the mean ${(sumZ / sims).toFixed(3)} MCSE ` +
        `(± ${(1 / Math.sqrt(sims)).toFixed(3)}), ŝd ${((100 * sumSd) / sims).toFixed(2)} %`,
    );
  }
}
