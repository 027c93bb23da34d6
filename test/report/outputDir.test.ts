/**
 * Output folders: `report` and `figures` write only into a folder mixstudy owns, and only ever remove files
 * they wrote there. A user's own file in `<out>/figures/` survives a regeneration; a folder holding files
 * mixstudy did not write is refused (exit 2) before anything is written or removed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/userError.js';
import type { Figure } from '../../src/report/figure.js';
import { beginOutput, claimOutputDir, finishOutput, OUTPUT_MANIFEST } from '../../src/report/outputDir.js';
import { writeReport } from '../../src/report/writeReport.js';
import { tempDir } from '../runner/helpers.js';
import { writeSyntheticResults } from './fixtures.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

function tinyFigure(id: string): Figure {
  return {
    id,
    title: id,
    caption: `figure ${id}`,
    spec: { data: { values: [{ n: 1, v: 1 }, { n: 2, v: 3 }] }, mark: 'line', encoding: { x: { field: 'n', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } } },
  };
}

const manifestFiles = (dir: string): string[] => Object.keys((JSON.parse(readFileSync(join(dir, OUTPUT_MANIFEST), 'utf8')) as { files: Record<string, string> }).files);

describe('claimOutputDir / beginOutput / finishOutput', () => {
  it('owns a new folder, records what it wrote, and removes only its own stale files', () => {
    const dir = join(tempDir('mixstudy-out-'), 'out');
    let claim = claimOutputDir(dir);
    beginOutput(claim, ['index.html', 'figures/a.svg', 'figures/b.svg']);
    mkdirSync(join(dir, 'figures'));
    for (const f of ['index.html', 'figures/a.svg', 'figures/b.svg']) writeFileSync(join(dir, f), f);
    expect(finishOutput(claim, ['index.html', 'figures/a.svg', 'figures/b.svg'])).toEqual([]);
    expect(manifestFiles(dir)).toEqual(['figures/a.svg', 'figures/b.svg', 'index.html']);

    // The user adds a file of their own and edits one of ours; the next write drops both a.svg and b.svg.
    writeFileSync(join(dir, 'figures', 'mine.txt'), 'notes');
    writeFileSync(join(dir, 'figures', 'b.svg'), 'edited by the user');
    claim = claimOutputDir(dir);
    beginOutput(claim, ['index.html', 'figures/c.svg']);
    writeFileSync(join(dir, 'index.html'), 'index 2');
    writeFileSync(join(dir, 'figures', 'c.svg'), 'c');
    expect(finishOutput(claim, ['index.html', 'figures/c.svg'])).toEqual(['figures/a.svg']);
    expect(readdirSync(join(dir, 'figures')).sort()).toEqual(['b.svg', 'c.svg', 'mine.txt']);
    expect(readFileSync(join(dir, 'figures', 'mine.txt'), 'utf8')).toBe('notes');
    expect(readFileSync(join(dir, 'figures', 'b.svg'), 'utf8')).toBe('edited by the user');
    expect(manifestFiles(dir)).toEqual(['figures/c.svg', 'index.html']);
  });

  it('refuses to overwrite a file it wrote that the user has edited since', () => {
    const dir = join(tempDir('mixstudy-out-'), 'out');
    const claim = claimOutputDir(dir);
    beginOutput(claim, ['report.md']);
    writeFileSync(join(dir, 'report.md'), 'generated');
    finishOutput(claim, ['report.md']);
    writeFileSync(join(dir, 'report.md'), 'generated, then annotated by the user');
    expect(() => beginOutput(claimOutputDir(dir), ['report.md'])).toThrow(/report\.md was changed after mixstudy wrote it/);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('generated, then annotated by the user');
  });

  it('refuses a non-empty folder without a manifest, and a file of the user’s in the way', () => {
    const dir = tempDir('mixstudy-out-user-');
    mkdirSync(join(dir, 'figures'));
    writeFileSync(join(dir, 'figures', 'thesis.png'), 'precious');
    expect(() => claimOutputDir(dir)).toThrow(UserError);
    expect(() => claimOutputDir(dir)).toThrow(/holds files mixstudy did not write \(e\.g\. figures\/thesis\.png\)/);
    expect(existsSync(join(dir, OUTPUT_MANIFEST))).toBe(false);

    const owned = join(tempDir('mixstudy-out-owned-'), 'out');
    finishOutput(claimOutputDir(owned), []);
    mkdirSync(join(owned, 'figures'));
    writeFileSync(join(owned, 'figures', 'x.png'), 'the user’s x.png');
    expect(() => beginOutput(claimOutputDir(owned), ['figures/x.png'])).toThrow(/figures\/x\.png exists and was not written by mixstudy/);

    const file = join(owned, 'figures', 'x.png');
    expect(() => claimOutputDir(file)).toThrow(/exists and is not a folder/);
  });

  it('never follows a manifest out of its folder', () => {
    const root = tempDir('mixstudy-out-escape-');
    writeFileSync(join(root, 'victim.txt'), 'keep');
    const dir = join(root, 'out');
    mkdirSync(dir);
    writeFileSync(join(dir, OUTPUT_MANIFEST), JSON.stringify({ tool: 'mixstudy', files: { '../victim.txt': '' } }));
    expect(() => claimOutputDir(dir)).toThrow(/lists "\.\.\/victim\.txt", which is not a file inside the folder/);
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('keep');
  });
});

describe('writeReport into a folder', () => {
  const fixture = writeSyntheticResults();

  it('keeps the user’s file in figures/ and removes only the figures it wrote that are gone', async () => {
    const out = join(tempDir('mixstudy-out-report-'), 'report');
    await writeReport(fixture.dir, out, { figures: () => [tinyFigure('one'), tinyFigure('two')], pngScale: 1 });
    writeFileSync(join(out, 'figures', 'my-notes.md'), 'my notes');
    const second = await writeReport(fixture.dir, out, { figures: () => [tinyFigure('one')], pngScale: 1 });
    expect(readFileSync(join(out, 'figures', 'my-notes.md'), 'utf8')).toBe('my notes');
    expect(readdirSync(join(out, 'figures')).sort()).toEqual(['my-notes.md', 'one.png', 'one.svg', 'one.vl.json']);
    expect(second.files.map((f) => f.slice(out.length + 1))).toEqual(['index.html', 'report.md', 'figures/one.vl.json', 'figures/one.svg', 'figures/one.png']);
  });

  it('adopts a report written before the manifest existed, deleting nothing', async () => {
    const out = join(tempDir('mixstudy-out-legacy-'), 'report');
    await writeReport(fixture.dir, out, { figures: () => [tinyFigure('old'), tinyFigure('kept')], pngScale: 1 });
    unlinkSync(join(out, OUTPUT_MANIFEST)); // as an earlier mixstudy left it
    await writeReport(fixture.dir, out, { figures: () => [tinyFigure('kept')], pngScale: 1 });
    expect(existsSync(join(out, 'figures', 'old.png'))).toBe(true);
    expect(manifestFiles(out)).toEqual(['figures/kept.png', 'figures/kept.svg', 'figures/kept.vl.json', 'index.html', 'report.md']);
  });

  it('mixstudy report --out exits 2 on a folder of the user’s and leaves it untouched', () => {
    const out = tempDir('mixstudy-out-cli-');
    mkdirSync(join(out, 'figures'));
    writeFileSync(join(out, 'index.html'), '<p>my homepage</p>');
    writeFileSync(join(out, 'figures', 'photo.png'), 'photo');
    const r = spawnSync(process.execPath, [cli, 'report', 'synth', '--results', fixture.root, '--out', out], { cwd: fixture.root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('holds files mixstudy did not write');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<p>my homepage</p>');
    expect(readdirSync(out).sort()).toEqual(['figures', 'index.html']);
    expect(readdirSync(join(out, 'figures'))).toEqual(['photo.png']);
  });
});
