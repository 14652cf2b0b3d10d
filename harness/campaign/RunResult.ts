import type { CaseResult, RanConfig } from '../engine/CaseResult';
import type { RunSummary } from '../triage/summarize';

export type { RunSummary };

/** Divergent cases that share a signature and an explanation, as one finding. */
export interface Finding {
  signature: string;
  /** The known cause(s) proven on every case of it, or undefined: a new finding. */
  knownCause?: string;
  count: number;
  /** Names of the cases that showed it. */
  cases: string[];
  /** Replay token of the minimal case (the first case's own when it was not shrunk). */
  replay: string;
  /** Layers in the minimal spec. */
  minimalLayers: number;
  /** Layers in the first case as generated. */
  originalLayers: number;
  shrinkSteps: number;
  /** For a known finding: the cause's summary and fixture. */
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

/** A whole run, as written by `--json`. */
export interface RunResult {
  tool: { name: 'parity-check'; version: string };
  tfjs: { version: string; backend: string; skippedBackends: { backend: string; reason: string }[] };
  /** The run's options (each case records the config it actually ran, in `cases[i].config`). */
  config: RanConfig & { backend: string; strict: boolean };
  summary: RunSummary;
  fuzz?: FuzzSummary;
  cases: CaseResult[];
  startedAt: string;
  durationMs: number;
}
