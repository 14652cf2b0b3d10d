import type { CaseConfig } from './resolveConfig';
import type { CaseError, Divergence } from '../compare/Divergence';
import type { Verdict } from './verdict';
import type { ModelSpec } from '../spec/types';

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
  /** Observations that are not divergences (e.g. two weights of one side starting identical). */
  notes?: string[];
  /**
   * Tensors left alive by tfjs after a failure inside it (kept for a
   * backward pass that threw), which the harness disposed. 0 for a case
   * that ran through.
   */
  reclaimedTensors: number;
  durationMs: number;
  /** Generated cases: their own configuration (optimizer, steps, batch, loss). */
  config?: { optimizer: string; learningRate?: number; steps: number; batchSize: number; loss: string };
  /** Generated cases: a token that reruns exactly this case (`--replay`). */
  replay?: string;
  /** Diverging cases: kind, layer type and checkpoint of the first divergence. */
  signature?: string;
  /** Shrunk cases: the spec as first generated (`spec` is then the minimal one). */
  originalSpec?: ModelSpec;
  /** Shrunk cases: shrink steps fast-check took to reach `spec`. */
  shrinkSteps?: number;
}

/** Divergent cases of one signature, as one finding. */
export interface Finding {
  signature: string;
  count: number;
  /** Names of the cases that showed it. */
  cases: string[];
  /** Replay token of the minimal case. */
  replay: string;
  /** Layers in the minimal spec. */
  minimalLayers: number;
  shrinkSteps: number;
  /** Set when a documented tfjs behaviour explains every case of it: which, and its fixture. */
  known?: string;
}

/** What a fuzz campaign adds to a run's result. */
export interface FuzzSummary {
  seed: number;
  runs: number;
  mutant?: string;
  findings: Finding[];
  /** Layer kind → how many generated layers had it (every catalogue kind listed). */
  coverage: Record<string, number>;
}

/** Verdict counts of a run. */
export interface RunSummary {
  cases: number;
  /** Diverging cases whose signature is a recorded, known tfjs behaviour. */
  knownDivergence?: number;
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
  fuzz?: FuzzSummary;
  cases: CaseResult[];
  startedAt: string;
  durationMs: number;
}

/** Counts verdicts. */
export function summarize(cases: CaseResult[]): RunSummary {
  const n = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  return { cases: cases.length, parity: n('parity'), divergence: n('divergence'), agreedError: n('agreed-error'), harnessError: n('harness-error') };
}
