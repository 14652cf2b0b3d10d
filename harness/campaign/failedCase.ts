import { ranConfig } from '../engine/resolveConfig';
import type { CaseResult } from '../engine/CaseResult';
import { tensorflowRuntime } from '../runtime/tensorflowRuntime';
import type { CaseJob } from './CaseJob';

/**
 * The result of a job that never gave one: it ran past its time (`timeout`)
 * or its worker died (`crashed`), with what it was running then, on the
 * backend the run uses (`auto` resolved, as a finished case names it).
 */
export function failedCase(
  job: CaseJob,
  verdict: 'timeout' | 'crashed',
  message: string,
  running: string,
  durationMs: number,
  backend: string = job.backend,
): CaseResult {
  const s = job.source;
  return {
    index: job.index,
    name: s.name,
    source: s.kind === 'spec' ? s.origin : 'pair',
    file: s.kind === 'spec' ? s.file : s.kind === 'pairFile' ? s.file : undefined,
    verdict,
    spec: s.kind === 'spec' ? s.spec : undefined,
    divergences: [],
    errors: [{ side: 'harness', checkpoint: running, message }],
    checkpoints: [],
    backend,
    // The main process runs the run's backend too, so it knows what a worker's library was.
    tensorflow: backend === 'tensorflow' ? tensorflowRuntime() : undefined,
    notes: job.notes,
    config: ranConfig(job.config),
    resources: [],
    reclaimedTensors: 0,
    durationMs,
    replay: job.generated?.replay,
  };
}
