// `npm install` / `npm ci` in a clone of mixstudy (the `prepare` script): compiles src/ to dist/
// (bin/mixstudy.js runs dist/ when it is newer than every source file). A failed build only warns, since the
// CLI then runs the TypeScript sources through tsx.
// `npm pack` / `npm publish` skip it: their `prepack` script cleans and builds dist/, and there a failed build
// must stop them (building twice would only cost time).
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const command = process.env.npm_command ?? '';
if (command === 'pack' || command === 'publish') process.exit(0);

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) console.warn('mixstudy: build failed; the CLI will run the TypeScript sources through tsx');
