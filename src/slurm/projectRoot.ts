/**
 * The absolute directory of this mixstudy checkout. Batch scripts `cd` here and run `bin/mixstudy.js` by
 * absolute path, so they work whatever directory `sbatch` is called from and whatever the compute node's cwd.
 */
import { fileURLToPath } from 'node:url';

export function projectRoot(): string {
  return fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
}
