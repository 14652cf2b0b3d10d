import { loadPair, type PairModule } from '../construct/PairModule';
import type { CaseResult } from '../engine/CaseResult';
import type { InputFeed } from '../engine/CaseSource';
import { preflightPair } from '../engine/preflightPair';
import type { CaseJob } from './CaseJob';
import { executeJob, shrinkJob } from './executeJob';
import { pairInfo, type Executor, type PairInfo } from './Executor';

/**
 * Runs jobs in this process, one at a time (tfjs has one engine per
 * process): what the library does by default, and the only way for pairs
 * given as objects. A case that never returns blocks the run here; the
 * CLI runs cases in workers, where it would be stopped.
 */
export class InProcessExecutor implements Executor {
  readonly concurrency = 1;
  private readonly modules = new Map<string, Promise<PairModule>>();

  private load = (file: string): Promise<PairModule> => {
    if (!this.modules.has(file)) this.modules.set(file, loadPair(file));
    return this.modules.get(file)!;
  };

  async inspectPair(file: string): Promise<PairInfo> {
    const pair = await this.load(file);
    const { feed } = await preflightPair(pair, file);
    return pairInfo(pair, feed);
  }

  /** Pre-flights a pair given as an object (it runs here, never in a worker). */
  async inspectObject(pair: PairModule): Promise<InputFeed> {
    return (await preflightPair(pair, `pair '${pair.name}'`)).feed;
  }

  run(job: CaseJob): Promise<CaseResult> {
    return executeJob(job, this.load);
  }

  async shrink(job: CaseJob, result: CaseResult, label: string) {
    return { shrunk: await shrinkJob(job, result, label) };
  }

  async close(): Promise<void> {}
}
