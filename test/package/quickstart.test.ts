/**
 * The README's quick start from the packed package (README "Set up", installed package): `npm pack` builds
 * dist/ in `prepack` and ships what a user runs — dist/, the experiments and the regression baselines, not
 * test/, bench/ or .ci/ — and in an empty project `npx mixstudy` runs a shipped experiment by name, writes its
 * report and its tidy CSV export, and checks it against its shipped baseline. The run's files are
 * byte-identical to the same experiment run from this repository.
 *
 * The package is copied to a scratch folder first, so the repository's own dist/ is never rebuilt under running
 * tests (test/package/pack.test.ts does the same).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { runExperiment } from '../../src/runner/runExperiment.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NAME = 'regression-canonical';

/** The package's files as `files` in package.json selects them from a clean checkout, plus what `prepack` builds from. */
function scratchPackage(work: string): string {
  const pkg = join(work, 'pkg');
  mkdirSync(pkg);
  for (const entry of ['package.json', 'README.md', 'bin', 'src', 'docs', 'experiments', 'scripts', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(join(root, entry), join(pkg, entry), { recursive: true });
  }
  for (const name of readdirSync(join(root, 'results')).filter((n) => n.startsWith('regression-'))) {
    const baseline = join(root, 'results', name, 'baseline.json');
    if (existsSync(baseline)) cpSync(baseline, join(pkg, 'results', name, 'baseline.json'));
  }
  // Test-only residue the packer must leave out even when present.
  mkdirSync(join(pkg, 'test'));
  writeFileSync(join(pkg, 'test', 'x.test.ts'), '');
  cpSync(join(root, 'bin', 'bench.js'), join(pkg, 'bin', 'bench.js'));
  symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  return pkg;
}

describe('the README quick start from the packed package', () => {
  it('packs dist/, experiments and baselines (built in prepack), installs, and runs, reports, exports and checks a shipped experiment by name', async () => {
    const work = mkdtempSync(join(tmpdir(), 'mixstudy-quickstart-'));
    // An installed project is ~100 MB: never leave one behind, pass or fail.
    onTestFinished(() => rmSync(work, { recursive: true, force: true }));
    const pkg = scratchPackage(work);
    // Not --ignore-scripts: prepack must build dist/ (the scratch copy has none).
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: pkg, stdio: 'pipe', timeout: 240_000 });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const shipped = execFileSync('tar', ['-tzf', join(work, tarball as string)], { encoding: 'utf8' }).trim().split('\n');
    for (const f of ['dist/cli.js', 'dist/.built', 'dist/index.d.ts', 'bin/mixstudy.js', 'experiments/bw1978.json', `experiments/regression/${NAME}.json`, `results/${NAME}/baseline.json`]) {
      expect(shipped, f).toContain(`package/${f}`);
    }
    expect(shipped.filter((f) => /^package\/(test|bench|\.ci|scripts)\//.test(f) || f === 'package/bin/bench.js')).toEqual([]);

    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', join(work, tarball as string), '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, stdio: 'pipe', timeout: 240_000 });

    // The installed package runs its compiled dist/, never its TypeScript sources (npm unpacks src/ after dist/, so
    // a comparison of file times there chose the sources): a source entry point that throws proves which one ran.
    writeFileSync(join(project, 'node_modules', 'mixstudy', 'src', 'cli.ts'), "throw new Error('the installed package ran its TypeScript sources');\n");
    const npx = (...args: string[]) => spawnSync('npx', ['mixstudy', ...args], { cwd: project, encoding: 'utf8', timeout: 240_000 });
    const version = npx('--version');
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);

    const run = npx('run', NAME, '-q');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/is not here; using the one shipped with mixstudy/);
    const report = npx('report', NAME);
    expect(report.status, report.stderr).toBe(0);
    const exported = npx('export', NAME);
    expect(exported.status, exported.stderr).toBe(0);
    const check = npx('check', NAME);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`PASS ${NAME}`));

    for (const f of [`results/${NAME}/summary.json`, `reports/${NAME}/index.html`, `reports/${NAME}/report.md`, `exports/${NAME}/replications.csv`, `exports/${NAME}/summary.csv`]) {
      expect(existsSync(join(project, f)), f).toBe(true);
    }

    // The same experiment run from the repository: the same rows and the same summary, byte for byte.
    const clone = await runExperiment({ config: loadConfig(join(root, 'experiments', 'regression', `${NAME}.json`)).config, resultsRoot: join(work, 'clone'), workers: 1, shard: null, fresh: false });
    for (const f of ['replications.ndjson', 'summary.json']) {
      expect(readFileSync(join(project, 'results', NAME, f), 'utf8'), f).toBe(readFileSync(join(clone.dir, f), 'utf8'));
    }
  }, 600_000);
});
