/**
 * The generated batch scripts: their #SBATCH headers, and (run with bash against a stub `node`) the exact
 * command each array task and the merge job execute, from any working directory.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { submitInstructions } from '../../src/slurm/instructions.js';
import { arrayScript, mergeScript, type ScriptSpec } from '../../src/slurm/sbatchScripts.js';
import { shellQuote } from '../../src/slurm/shellQuote.js';
import { tempDir } from '../runner/helpers.js';

function spec(overrides: Partial<ScriptSpec> = {}): ScriptSpec {
  return {
    name: 'bw1978',
    configPath: '/home/me/study/experiments/bw1978.json',
    resultsRoot: '/scratch/me/results',
    projectDir: '/home/me/study',
    nodePath: '/usr/bin/node',
    logDir: '/home/me/study/slurm/logs',
    job: { array: 4, cpusPerTask: 2 },
    ...overrides,
  };
}

/** A stand-in for `node` that records its working directory and arguments, one per line. */
function stubNode(dir: string): { path: string; record: string } {
  const path = join(dir, 'fake node');
  const record = join(dir, 'argv.txt');
  writeFileSync(path, `#!/bin/bash\n{ pwd; printf '%s\\n' "$@"; } > ${shellQuote(record)}\n`);
  chmodSync(path, 0o755);
  return { path, record };
}

function runScript(script: string, env: Record<string, string>, cwd: string): { status: number | null; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, cwd, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('arrayScript', () => {
  it('declares an N-task array with per-task logs and the requested resources', () => {
    const text = arrayScript(spec({ job: { array: 4, cpusPerTask: 2, time: '01:00:00', mem: '2G', partition: 'short' } }));
    const sbatch = text.split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(sbatch).toEqual([
      '#SBATCH --job-name=mixstudy-bw1978',
      '#SBATCH --array=0-3',
      '#SBATCH --ntasks=1',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --time=01:00:00',
      '#SBATCH --mem=2G',
      '#SBATCH --partition=short',
      '#SBATCH --signal=B:INT@90',
      '#SBATCH --output=/home/me/study/slurm/logs/bw1978-%A_%a.out',
    ]);
    expect(text.startsWith('#!/bin/bash\n')).toBe(true);
    // No command may come before the #SBATCH lines, or sbatch ignores them.
    const lines = text.split('\n');
    const firstCommand = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
    const lastSbatch = lines.map((l) => l.startsWith('#SBATCH')).lastIndexOf(true);
    expect(firstCommand).toBeGreaterThan(lastSbatch);
  });

  it('leaves out resources that were not asked for, and the stop signal for short limits', () => {
    const text = arrayScript(spec());
    expect(text).not.toMatch(/--time|--mem|--partition|--signal/);
    expect(arrayScript(spec({ job: { array: 4, cpusPerTask: 1, time: '2' } }))).not.toContain('--signal');
  });

  it('runs shard $SLURM_ARRAY_TASK_ID of the fixed N from the project directory, even when re-submitted alone', () => {
    const dir = tempDir('mixstudy-slurm-');
    const project = join(dir, 'my project');
    mkdirSync(project);
    const node = stubNode(dir);
    const text = arrayScript(spec({ projectDir: project, nodePath: node.path, configPath: join(dir, "it's.json") }));
    // A re-submitted single task (`sbatch --array=2`): SLURM says COUNT=1, MIN=2; the shard must stay 2/4.
    const r = runScript(text, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '1', SLURM_ARRAY_TASK_MIN: '2', SLURM_CPUS_PER_TASK: '8' }, '/');
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(node.record, 'utf8').split('\n')).toEqual([
      project,
      join(project, 'bin/mixstudy.js'),
      'run',
      join(dir, "it's.json"),
      '--results',
      '/scratch/me/results',
      '--shard',
      '2/4',
      '-j',
      '8',
      '',
    ]);
  });

  it('falls back to --cpus-per-task for -j and refuses to run outside an array job', () => {
    const dir = tempDir('mixstudy-slurm-');
    const node = stubNode(dir);
    const text = arrayScript(spec({ projectDir: dir, nodePath: node.path }));
    expect(runScript(text, { SLURM_ARRAY_TASK_ID: '0' }, dir).status).toBe(0);
    expect(readFileSync(node.record, 'utf8')).toContain('-j\n2\n');
    const outside = runScript(text, {}, dir);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/submit it with sbatch/);
  });
});

describe('mergeScript', () => {
  it('merges the experiment into the same results root, with its own log', () => {
    const dir = tempDir('mixstudy-slurm-');
    const node = stubNode(dir);
    const text = mergeScript(spec({ projectDir: dir, nodePath: node.path, job: { array: 4, cpusPerTask: 2, time: '00:30:00' } }));
    expect(text).toContain('#SBATCH --output=/home/me/study/slurm/logs/bw1978-merge-%j.out');
    expect(text).toContain('#SBATCH --time=00:30:00');
    expect(text).toContain('#SBATCH --cpus-per-task=1');
    expect(text).not.toContain('--array');
    expect(runScript(text, {}, '/').status).toBe(0);
    expect(readFileSync(node.record, 'utf8').split('\n')).toEqual([dir, join(dir, 'bin/mixstudy.js'), 'merge', 'bw1978', '--results', '/scratch/me/results', '']);
  });
});

describe('submitInstructions', () => {
  it('gives the dependent submission and the resume command with the real paths', () => {
    const text = submitInstructions({
      name: 'bw1978',
      shards: 4,
      arrayScript: '/p/slurm/bw1978.sbatch',
      mergeScript: '/p/slurm/bw1978.merge.sbatch',
      logDir: '/p/slurm/logs',
      resultsRoot: '/p/results',
      projectDir: '/p',
    });
    expect(text).toContain('jid=$(sbatch --parsable /p/slurm/bw1978.sbatch) && sbatch --dependency=afterok:${jid%%;*} /p/slurm/bw1978.merge.sbatch');
    expect(text).toContain('sbatch --parsable --array=i /p/slurm/bw1978.sbatch');
    expect(text).toContain('resumes shard i/4');
  });
});

describe('shellQuote', () => {
  it('round-trips awkward words through bash', () => {
    for (const word of ['plain/path.json', 'with space', "it's", '$HOME', 'a"b', '', '*', 'x;y']) {
      const r = spawnSync('bash', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
      expect(r.stdout).toBe(word);
    }
  });
});
