/**
 * What `mixstudy slurm` prints after writing the scripts: the exact commands to submit the array and its
 * dependent merge job, to watch them, and to resume a task that timed out, with this run's paths filled in so
 * they can be pasted as they are.
 */
import { shellQuote } from './shellQuote.js';

export interface InstructionSpec {
  readonly name: string;
  readonly shards: number;
  /** Absolute paths. */
  readonly arrayScript: string;
  readonly mergeScript: string;
  readonly logDir: string;
  readonly resultsRoot: string;
  readonly projectDir: string;
}

export function submitInstructions(s: InstructionSpec): string {
  const array = shellQuote(s.arrayScript);
  const merge = shellQuote(s.mergeScript);
  const shardsDir = `${s.resultsRoot}/${s.name}/shards`;
  return [
    `wrote ${s.arrayScript}  (array job: ${s.shards} shards, task i runs shard i/${s.shards})`,
    `wrote ${s.mergeScript}  (merge job)`,
    '',
    'Submit both; the merge starts only when every array task has succeeded:',
    `  jid=$(sbatch --parsable ${array}) && sbatch --dependency=afterok:\${jid%%;*} ${merge}`,
    '',
    `Watch:   squeue --me        Logs: ${s.logDir}/${s.name}-<jobid>_<task>.out`,
    `Result:  ${s.resultsRoot}/${s.name}/ (replications.ndjson, summary.json) once the merge job has finished`,
    '',
    `If task i times out or fails, the merge job stays pending (DependencyNeverSatisfied). Cancel it and re-submit`,
    `task i alone (optionally with a longer --time); it resumes shard i/${s.shards} where it stopped:`,
    `  scancel <merge jobid>`,
    `  jid=$(sbatch --parsable --array=i ${array}) && sbatch --dependency=afterok:\${jid%%;*} ${merge}`,
    `(several tasks: --array=1,3. Once every shard in ${shardsDir}/ is complete you can also merge directly:`,
    `  cd ${shellQuote(s.projectDir)} && node bin/mixstudy.js merge ${shellQuote(s.name)} --results ${shellQuote(s.resultsRoot)})`,
    '',
  ].join('\n');
}
