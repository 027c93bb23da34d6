/**
 * Provenance of a run: what was run (config and its hash), with what (package version, git commit, Node,
 * CPU) and when. Kept in `manifest.json` beside the results so `summary.json` itself stays deterministic and
 * byte-comparable between runs.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Environment } from '../results/manifest.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The commit of the source tree, with `+dirty` when it has uncommitted changes; null outside a git checkout. */
export function gitCommit(): string | null {
  const cwd = new URL('../..', import.meta.url);
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return dirty.length > 0 ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

/**
 * gitCommit() without blocking this thread: both git commands run at once as child processes. A run starts it
 * before its own set-up (src/runner/runExperiment.ts), which the two synchronous spawns lengthened by 20–40 ms.
 */
export async function gitCommitAsync(): Promise<string | null> {
  const cwd = new URL('../..', import.meta.url);
  const git = (args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = execFile('git', args, { cwd }, (err, stdout) => (err === null ? resolve(stdout.trim()) : reject(err)));
      child.stdin?.end();
    });
  try {
    const [head, dirty] = await Promise.all([git(['rev-parse', 'HEAD']), git(['status', '--porcelain', '--untracked-files=no'])]);
    return dirty.length > 0 ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

/** environment() with the git commit from gitCommitAsync(). */
export async function environmentAsync(): Promise<Environment> {
  return environmentWith(await gitCommitAsync());
}

export function environment(): Environment {
  return environmentWith(gitCommit());
}

function environmentWith(commit: string | null): Environment {
  const cpuList = cpus();
  return {
    packageVersion: packageVersion(),
    gitCommit: commit,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
  };
}
