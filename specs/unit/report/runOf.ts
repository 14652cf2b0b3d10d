import { summarize, type CaseResult, type RunResult } from '../../../harness';

/** A run result holding these cases, as the CLI would write it. */
export function runOf(cases: CaseResult[], strict = false): RunResult {
  const defaults = {
    seed: 42,
    optimizer: 'adam',
    optimizerOptions: {},
    steps: 2,
    batchSize: 4,
    loss: 'meanSquaredError',
    tolerance: 'exact',
    fit: false,
    reload: true,
  };
  return {
    tool: { name: 'parity-check', version: '0' },
    tfjs: { version: '4.22.0', backend: 'cpu', skippedBackends: [] },
    // The run's options as its first case ran them.
    config: { ...defaults, ...cases[0]?.config, backend: 'cpu', strict },
    summary: summarize(cases, strict),
    cases,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
  };
}

/** A hand-made case result (no engine run), for what only a report reads. */
export function madeCase(over: Partial<CaseResult> = {}): CaseResult {
  return {
    name: 'made',
    source: 'spec',
    verdict: 'parity',
    divergences: [],
    errors: [],
    checkpoints: ['build', 'init'],
    backend: 'cpu',
    config: {
      seed: 1,
      optimizer: 'adam',
      optimizerOptions: {},
      steps: 2,
      batchSize: 4,
      loss: 'meanSquaredError',
      tolerance: 'exact',
      fit: true,
      reload: true,
    },
    resources: [],
    reclaimedTensors: 0,
    durationMs: 1,
    ...over,
  };
}
