/**
 * bin/mixstudy.js picks the compiled dist/ or the TypeScript sources. In a clone it compares times (an edited
 * src/ newer than dist/.built runs through tsx); an installed copy always runs dist/, because npm does not keep
 * the tarball's file times: it unpacks src/ after dist/, so src/ always looked newer and every installed
 * mixstudy ran through tsx. Checked on a stand-in package whose dist/ and src/ entry points say which ran.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../runner/helpers.js';

const root = join(import.meta.dirname, '../..');

/** A package at `dir` with bin/mixstudy.js, a dist/ and a src/ entry point; src/ is `srcNewer` than dist/.built. */
function standIn(dir: string, srcNewer: boolean): void {
  for (const sub of ['bin', 'dist', 'src']) mkdirSync(join(dir, sub), { recursive: true });
  copyFileSync(join(root, 'bin', 'mixstudy.js'), join(dir, 'bin', 'mixstudy.js'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'mixstudy', version: '0.0.0', type: 'module' }));
  writeFileSync(join(dir, 'dist', 'cli.js'), "console.log('dist');\n");
  writeFileSync(join(dir, 'dist', '.built'), 'stamp');
  writeFileSync(join(dir, 'src', 'cli.ts'), "console.log('src');\n");
  const [older, newer] = [new Date(Date.now() - 60_000), new Date()];
  utimesSync(join(dir, 'dist', '.built'), srcNewer ? older : newer, srcNewer ? older : newer);
  utimesSync(join(dir, 'src', 'cli.ts'), srcNewer ? newer : older, srcNewer ? newer : older);
}

const entry = (dir: string): string => {
  const env = { ...process.env };
  delete env.MIXSTUDY_FROM_SOURCE;
  return execFileSync(process.execPath, [join(dir, 'bin', 'mixstudy.js')], { encoding: 'utf8', env }).trim();
};

describe('bin/mixstudy.js', () => {
  it('in a clone runs dist/ when it is newer than src/, the sources otherwise', () => {
    const clone = join(tempDir('mixstudy-bin-clone-'), 'mixstudy');
    symlinkSync(join(root, 'node_modules'), join(clone, '..', 'node_modules'), 'dir');
    standIn(clone, false);
    expect(entry(clone)).toBe('dist');
    standIn(clone, true);
    expect(entry(clone)).toBe('src');
  });

  it('installed under node_modules runs dist/ even when npm unpacked src/ after it', () => {
    const project = tempDir('mixstudy-bin-installed-');
    const installed = join(project, 'node_modules', 'mixstudy');
    mkdirSync(installed, { recursive: true });
    // tsx resolvable from the package, as npm installs it beside mixstudy (a dependency).
    symlinkSync(join(root, 'node_modules', 'tsx'), join(project, 'node_modules', 'tsx'), 'dir');
    standIn(installed, true);
    expect(entry(installed)).toBe('dist');
  });
});
