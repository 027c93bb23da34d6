// `npm install` / `npm ci` in a clone of mixstudy (the `prepare` script):
// 1. compiles src/ to dist/ (bin/mixstudy.js runs dist/ when it is newer than every source file); a failed build
//    only warns, since the CLI then runs the TypeScript sources through tsx;
// 2. links node_modules/.bin/mixstudy to bin/mixstudy.js, so `npx mixstudy` in the clone finds the command at
//    once. npm never links a package's own bin into its own node_modules/.bin, so without this link npx
//    installs the clone into its cache as a dependency of a scratch project (all 300 dependencies) before the
//    first command runs: ~10 s with a warm npm cache, ~36 s with a cold one.
// `npm pack` / `npm publish` skip both: their `prepack` script builds, and a failed build must stop them.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const command = process.env.npm_command ?? '';
if (command === 'pack' || command === 'publish') process.exit(0);

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) console.warn('mixstudy: build failed; the CLI will run the TypeScript sources through tsx');

// Only in a clone: a package installed from git runs `prepare` inside node_modules/mixstudy, where it is linked already.
if (!root.split(sep).includes('node_modules') && existsSync(join(root, 'node_modules'))) {
  const bin = join(root, 'node_modules', '.bin');
  const link = join(bin, 'mixstudy');
  let present = false;
  try {
    lstatSync(link);
    present = true;
  } catch {
    // absent
  }
  if (!present) {
    mkdirSync(bin, { recursive: true });
    symlinkSync(join('..', '..', 'bin', 'mixstudy.js'), link);
  }
}
