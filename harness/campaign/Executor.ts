import type { PairModule } from '../construct/PairModule';
import type { CaseResult, ShrunkCase } from '../engine/CaseResult';
import type { InputFeed } from '../engine/CaseSource';
import type { CaseJob } from './CaseJob';

/** What planning needs to know of a pair module file, read where the module loaded. */
export type PairInfo = Pick<PairModule, 'name' | 'inputs' | 'loss' | 'optimizer' | 'optimizerOptions'> & {
  /** The dtype each input is fed in: the functional model's (preflight reads it). */
  feed?: InputFeed;
};

/**
 * Runs a run's jobs: here, one at a time ({@link InProcessExecutor}), or
 * in a pool of isolated workers ({@link PoolExecutor}). Either way a job
 * ends in a result: a case that never finishes or kills its worker comes
 * back as a `timeout` or `crashed` verdict, never as a thrown error.
 */
export interface Executor {
  /** How many jobs may run at once. */
  readonly concurrency: number;
  /** Loads, validates and pre-flights a pair module file; a module that cannot work throws a BadModuleError. */
  inspectPair(file: string): Promise<PairInfo>;
  /** The job's result; undefined when the run was stopped (`close()`) before the job finished. */
  run(job: CaseJob): Promise<CaseResult | undefined>;
  /** Shrinks a generated job's finding (undefined when nothing smaller keeps its label, or the shrink did not finish). */
  shrink(job: CaseJob, result: CaseResult, label: string): Promise<{ shrunk?: ShrunkCase; note?: string }>;
  /** Stops every running job (their results are not reported) and frees the workers. */
  close(): Promise<void>;
}

/** Only what a pair module file declares for planning. */
export function pairInfo(p: PairModule, feed?: InputFeed): PairInfo {
  return {
    name: p.name,
    inputs: p.inputs,
    loss: p.loss,
    optimizer: p.optimizer,
    optimizerOptions: p.optimizerOptions,
    feed,
  };
}
