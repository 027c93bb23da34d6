/** `mixstudy slurm` end to end as a child process: files written, instructions printed, bad input exit 2. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slurmCommand } from '../../src/commands/slurm.js';
import { UserError } from '../../src/errors/userError.js';
import { smallConfig, tempDir, writeConfig } from '../runner/helpers.js';

const cli = join(import.meta.dirname, '../../bin/mixstudy.js');

function mixstudy(args: string[], cwd: string) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
}

describe('mixstudy slurm', () => {
  it('writes the array and merge scripts with absolute paths and prints how to submit and resume', () => {
    const dir = tempDir('mixstudy-slurmcmd-');
    writeConfig(dir, smallConfig());
    const r = mixstudy(['slurm', 'small.json', '--array', '4', '--time', '00:20:00', '--mem', '1G', '-c', '2'], dir);
    expect(r.status, r.stderr).toBe(0);
    const arrayPath = join(dir, 'slurm', 'small.sbatch');
    const mergePath = join(dir, 'slurm', 'small.merge.sbatch');
    expect(existsSync(join(dir, 'slurm', 'logs'))).toBe(true);
    const array = readFileSync(arrayPath, 'utf8');
    expect(array).toContain('#SBATCH --array=0-3');
    expect(array).toContain(`run ${join(dir, 'small.json')} --results ${join(dir, 'results')}`);
    expect(array).toContain('--shard "${SLURM_ARRAY_TASK_ID}/4"');
    expect(readFileSync(mergePath, 'utf8')).toContain(`merge small --results ${join(dir, 'results')}`);
    expect(r.stdout).toContain(`jid=$(sbatch --parsable ${arrayPath}) && sbatch --dependency=afterok:\${jid%%;*} ${mergePath}`);
    expect(r.stdout).toContain('--array=i');
  }, 120_000);

  it('rejects bad options with exit 2 and a message naming the flag', () => {
    const dir = tempDir('mixstudy-slurmcmd-');
    writeConfig(dir, smallConfig());
    const bad = mixstudy(['slurm', 'small.json', '--array', '4', '--time', '2h'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--time');
    const noArray = mixstudy(['slurm', 'small.json'], dir);
    expect(noArray.status).toBe(2);
    expect(noArray.stderr).toContain('array');
    expect(existsSync(join(dir, 'slurm'))).toBe(false);
  }, 120_000);

  it('refuses more shards than tasks, and a missing config, before writing anything', async () => {
    const dir = tempDir('mixstudy-slurmcmd-');
    writeConfig(dir, smallConfig());
    const args = (config: string, array: number) => ({
      config: join(dir, config),
      array,
      'cpus-per-task': 1,
      cpusPerTask: 1,
      out: join(dir, 'slurm'),
      results: join(dir, 'results'),
      _: [],
      $0: 'mixstudy',
    });
    // The handler is async: it loads the config's plugins (src/plugins/loadPlugins.ts) before validating it.
    await expect(Promise.resolve().then(() => slurmCommand.handler(args('small.json', 13)))).rejects.toThrow(/only 12 replication tasks/);
    await expect(Promise.resolve().then(() => slurmCommand.handler(args('nope.json', 2)))).rejects.toThrow(UserError);
    expect(existsSync(join(dir, 'slurm'))).toBe(false);
  });

  it('has --help with an example', () => {
    const r = mixstudy(['slurm', '--help'], process.cwd());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Examples:[\s\S]*mixstudy slurm experiments\/bw1978\.json --array 16/);
  }, 120_000);
});
