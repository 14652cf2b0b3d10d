import type { CaseConfig } from './config/resolveConfig';
import type { CaseError, Divergence } from './compare/Divergence';
import type { Verdict } from './compare/verdict';
import type { ModelSpec } from './spec/types';

/** Where a case came from. */
export type CaseOrigin = 'fixture' | 'spec' | 'pair' | 'fuzz' | 'regression' | 'replay';

/** One case's outcome: data only; reporters and the CLI decide what it means. */
export interface CaseResult {
  name: string;
  source: CaseOrigin;
  file?: string;
  verdict: Verdict;
  spec?: ModelSpec;
  /** When shape inference predicted that tfjs must reject the spec: why. */
  predictedRejection?: string;
  divergences: Divergence[];
  errors: CaseError[];
  /** Checkpoints the case got through, in order. */
  checkpoints: string[];
  /** The backend both sides ran on. */
  backend: string;
  /** Why the case ran on another backend than the run's (auto fallback). */
  backendNote?: string;
  /**
   * Tensors left alive by tfjs after a failure inside it (kept for a
   * backward pass that threw), which the harness disposed. 0 for a case
   * that ran through.
   */
  reclaimedTensors: number;
  durationMs: number;
}

/** Verdict counts of a run. */
export interface RunSummary {
  cases: number;
  parity: number;
  divergence: number;
  agreedError: number;
  harnessError: number;
}

/** A whole run, as written by `--json`. */
export interface RunResult {
  tool: { name: 'parity-check'; version: string };
  tfjs: { version: string; backend: string; skippedBackends: { backend: string; reason: string }[] };
  config: Omit<CaseConfig, 'tolerance'> & { tolerance: string };
  summary: RunSummary;
  cases: CaseResult[];
  startedAt: string;
  durationMs: number;
}

/** Counts verdicts. */
export function summarize(cases: CaseResult[]): RunSummary {
  const n = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  return { cases: cases.length, parity: n('parity'), divergence: n('divergence'), agreedError: n('agreed-error'), harnessError: n('harness-error') };
}
