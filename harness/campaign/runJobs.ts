import type { CaseResult } from '../engine/CaseResult';
import type { CaseJob } from './CaseJob';

/**
 * Runs jobs with at most `concurrency` at once, dispatched in index order.
 * Once `signal` aborts, no job is started; jobs already running end as the
 * executor ends them (a stopped job gives no result). Results come back in
 * index order, whatever order they finished in; `onResult` sees each as
 * it finishes (to stream it).
 */
export async function runJobs(
  jobs: CaseJob[],
  run: (job: CaseJob) => Promise<CaseResult | undefined>,
  concurrency: number,
  options: { signal?: AbortSignal; onResult?: (r: CaseResult) => void } = {},
): Promise<CaseResult[]> {
  const results = new Map<number, CaseResult>();
  let next = 0;
  const lane = async () => {
    while (next < jobs.length && !options.signal?.aborted) {
      const job = jobs[next++];
      const r = await run(job);
      if (r === undefined) continue;
      results.set(job.index, r);
      options.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, lane));
  return [...results.values()].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}
