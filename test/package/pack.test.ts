/**
 * The npm package works outside the repository: it is built into a scratch copy (so the repository's own dist/
 * is never rewritten under running tests), packed with `npm pack`, installed into an empty project, imported
 * *by its name* from JavaScript, and type-checked from TypeScript against its declarations.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', '.bin', 'tsc');

const usage = `
import { createStream, fitMethod, kmeansLimit, methodNames, sampleMixture, type Fit } from 'mixstudy';
const sample = sampleMixture({ weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] }, 2000, createStream(7, 'data'));
const fit: Fit = fitMethod({ method: 'em', options: { covariance: 'equal' } }, sample.data, 2, createStream(7, 'fit'));
const limit = kmeansLimit({ weights: [0.5, 0.5], means: [[-1], [1]], sigmas: [1, 1] });
// @ts-expect-error a status is a string: the declarations are real types, not any
const wrong: number = fit.status;
void wrong;
console.log(JSON.stringify({ methods: methodNames(), status: fit.status, separation: Math.abs(fit.means[1] - fit.means[0]), limit: limit.separation }));
`;

describe('the npm package', () => {
  it('installs from its tarball into an empty project and is imported by name, with types', () => {
    const work = mkdtempSync(join(tmpdir(), 'mixstudy-pack-'));
    // An installed project is ~100 MB: never leave one behind, pass or fail.
    onTestFinished(() => rmSync(work, { recursive: true, force: true }));
    const pkg = join(work, 'pkg');
    mkdirSync(pkg);
    for (const entry of ['package.json', 'README.md', 'bin', 'src', 'docs', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(root, entry), join(pkg, entry), { recursive: true });
    // The build needs the repository's type packages; npm pack never includes node_modules.
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    execFileSync(tsc, ['-p', join(pkg, 'tsconfig.build.json')], { cwd: pkg, stdio: 'pipe' });
    writeFileSync(join(pkg, 'dist', '.built'), 'test');
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: pkg, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    execFileSync('npm', ['install', join(work, tarball as string), '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, stdio: 'pipe', timeout: 240_000 });

    writeFileSync(join(project, 'usage.mts'), usage);
    const compilerOptions = { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: true, types: [], outDir: 'out' };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['usage.mts'] }));
    execFileSync(tsc, ['-p', project], { cwd: project, stdio: 'pipe' });
    const out = JSON.parse(execFileSync(process.execPath, [join('out', 'usage.mjs')], { cwd: project, encoding: 'utf8' })) as {
      methods: string[];
      status: string;
      separation: number;
      limit: number;
    };
    expect(out.methods).toContain('kmeans-hw');
    expect(out.status).toBe('ok');
    expect(Math.abs(out.separation - 2)).toBeLessThan(0.3);
    expect(out.limit).toBeCloseTo(2.333262, 6);

    const cli = execFileSync(join(project, 'node_modules', '.bin', 'mixstudy'), ['limit', '--weights', '0.5,0.5', '--means=-1,1', '--sigma', '1', '--json'], { cwd: project, encoding: 'utf8' });
    expect((JSON.parse(cli) as { kmeansLimit: { separation: number } }).kmeansLimit.separation).toBeCloseTo(2.333262, 6);
  }, 300_000);
});
