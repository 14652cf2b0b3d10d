import type { CaseResult, RanConfig } from '../engine/CaseResult';
import type { RunSummary } from '../triage/summarize';
import type { TensorflowRuntime } from '../runtime/tensorflowRuntime';
import type { Shard } from './shard';

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
  /** Candidate cases the shrink ran (0 when not shrunk). */
  shrinkCandidates: number;
  /** Of those, the candidates run until one with the minimal case's number of layers was found. */
  shrinkCandidatesToLayers: number;
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
  /** Generator feature → how many generated cases reached it (every feature of `FEATURES` listed). */
  features?: Record<string, number>;
}

/** An input the run refused (a spec or pair that cannot be loaded or is malformed): its cases did not run. */
export interface RefusedInput {
  /** The file (or object's name) refused. */
  input: string;
  /** One line naming the file and what is wrong with it. */
  message: string;
}

/** A whole run, as written by `--json`. */
export interface RunResult {
  tool: { name: 'parity-check'; version: string };
  /** What identifies the run's cases and options: shards of one run share it, a resume must match it. */
  plan?: string;
  /** The slice this result holds, when the run was sharded (a merge of all shards has none). */
  shard?: Shard;
  /** Set when the run was stopped before it finished: the result holds the cases that finished, of `planned`. */
  interrupted?: boolean;
  planned?: number;
  /** The config file the run read (`parity-check.config.*`), when there was one. */
  configFile?: string;
  /** Inputs refused before anything ran; the run's other cases ran (exit code 2). */
  refused?: RefusedInput[];
  /** What went wrong outside any one case (an error a case threw after it returned). */
  warnings?: string[];
  /** The tfjs the run used; on `tensorflow`, also TensorFlow's version and the settings that change its results. */
  tfjs: {
    version: string;
    backend: string;
    skippedBackends: { backend: string; reason: string }[];
    tensorflow?: TensorflowRuntime;
  };
  /** The run's options (each case records the config it actually ran, in `cases[i].config`). */
  config: RanConfig & { backend: string; strict: boolean };
  summary: RunSummary;
  fuzz?: FuzzSummary;
  cases: CaseResult[];
  startedAt: string;
  durationMs: number;
}
