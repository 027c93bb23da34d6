/**
 * The summary of a run (./summary.ts) prepared ahead of its end. Its theory values (the k-means limit, the
 * Fisher sd∞, the Bayes error of each mixture: ./theoryTargets.ts) depend on the config alone, and on the paper's
 * d = 5, K = 4 mixture take longer than a replication; computed after the last replication they kept every
 * other thread idle. A run instead loads the summary code while replications run (`prefetch`, after the worker
 * threads have their first tasks, so it does not delay them) and computes the theory when its own thread has
 * no task left but worker threads are still finishing theirs (`prepare`, src/runner/pool.ts `whenDrained`).
 * `write` builds the summary from the rows; the bytes are those of buildSummary computing everything at the end,
 * since the theory values are a pure function of the config (test/runner/summaryAhead.test.ts).
 */
import type { ExperimentConfig } from '../config/index.js';
import type { ConditionPrecision, MixtureTheory } from '../results/summary.js';
import type { ReplicationRow } from '../results/rows.js';

type SummaryCode = [typeof import('./summary.js'), typeof import('../results/summary.js')];

export class SummaryAhead {
  private code: Promise<SummaryCode> | null = null;
  private theories: MixtureTheory[] | null = null;

  constructor(private readonly config: ExperimentConfig) {}

  /** Starts loading the summary code without waiting for it. */
  prefetch(): void {
    this.load().catch(() => undefined); // a failure to load surfaces again in write()
  }

  /** Loads the code and computes the theory values now, when this thread has nothing else to do. */
  async prepare(): Promise<void> {
    try {
      const [{ summaryTheories }] = await this.load();
      this.theories ??= summaryTheories(this.config);
    } catch {
      // loaded or computed again in write(), where the error reaches the caller
    }
  }

  /** Builds `summary.json` from the rows and writes it into `dir`. */
  async write(dir: string, hash: string, rows: readonly ReplicationRow[], precision?: readonly ConditionPrecision[]): Promise<void> {
    const [{ buildSummary, summaryTheories }, { writeSummary }] = await this.load();
    writeSummary(dir, buildSummary(this.config, hash, rows, precision, this.theories ?? summaryTheories(this.config)));
  }

  private load(): Promise<SummaryCode> {
    this.code ??= Promise.all([import('./summary.js'), import('../results/summary.js')]);
    return this.code;
  }
}
