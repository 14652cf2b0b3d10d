import type { ReferenceResult } from '../reference/ReferenceResult';
import type { PairingEntry } from '../compare/pairByRole';
import type { CaseFacts } from '../checkpoints/CaseFacts';
import type { BackendLimitation, ResourceRecord } from '../checkpoints/CaseRecorder';
import type { TensorflowRuntime } from '../runtime/tensorflowRuntime';
import type { Evolution } from '../checkpoints/Evolution';
import type { FirstMismatch } from '../checkpoints/FirstMismatch';
import type { ModelGraph } from '../checkpoints/ModelGraph';
import type { CaseError, Divergence } from '../compare/Divergence';
import type { ModelSpec } from '../architecture/types';
import type { Verdict } from './verdict';
import type { CrossBackendRecord, KernelFinding } from '../trace/KernelFinding';

/** What a case of a layer module says about its derived twin. */
export interface TwinSummary {
  derived: true;
  scope: string;
  /** Applications of tfjs layers, kernels replayed by op layers, weights the custom layers own, constants (absent when the twin was not built). */
  nodes?: number;
  ops?: number;
  weights?: number;
  constants?: number;
}

/** Where a case came from. */
export type CaseOrigin = 'fixture' | 'spec' | 'pair' | 'fuzz' | 'regression' | 'replay';

/** The configuration a case actually ran with, as reports show it. */
export interface RanConfig {
  seed: number;
  optimizer: string;
  optimizerOptions: Record<string, unknown>;
  steps: number;
  batchSize: number;
  loss: string;
  tolerance: string;
  fit: boolean;
  reload: boolean;
  mutant?: string;
  /** Divergence kinds this case was allowed to show without failing (`--allow`). */
  allow?: string[];
  /** The reference implementation the case was also compared with (`--reference keras`). */
  reference?: 'keras';
  /** `--backends`: the backends each side ran on (the first is the reference). */
  backends?: string[];
  /** `--backends`: the tolerance between backends, as text. */
  backendTolerance?: string;
}

/** A generated case's minimal form, found by shrinking while the signature and the explanation held. */
export interface ShrunkCase {
  spec: ModelSpec;
  replay: string;
  /** Shrink steps fast-check (and the step-dropping pass) took. */
  steps: number;
  /** Candidate cases the shrink ran (every pass, and the minimal case's full run). */
  candidates: number;
  /** Candidates run until one as small (in layers) as this minimal case was found. */
  candidatesToLayers: number;
  verdict: Verdict;
  divergences: Divergence[];
  knownCause?: string;
}

/** One case's outcome: data only; reporters and the CLI decide what it means. */
export interface CaseResult {
  /** Its place in the run: results are ordered by it, shards split by it, a resumed run skips it. */
  index?: number;
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
  /** The backend the case's result comes from. */
  backend: string;
  /** On the `tensorflow` backend: TensorFlow's version and the settings that change its results (oneDNN). */
  tensorflow?: TensorflowRuntime;
  /** When the case ran on two backends (auto fell back to cpu): why, and what the first one found. */
  backendNote?: string;
  /** The kernel the backend lacked (verdict `backend-limitation`, or the reason for a fallback). */
  limitation?: BackendLimitation;
  /** Observations that are not divergences (e.g. two weights of one side starting identical). */
  notes?: string[];
  /** The configuration the case ran with. */
  config: RanConfig;
  /** What each side's calls left alive, per checkpoint that runs a side's code. */
  resources: ResourceRecord[];
  /**
   * Tensors still alive at the end of the case that nothing disposed —
   * left by a side's calls (see `resources`) or by tfjs after a failure —
   * which the harness's ledger freed so the run goes on. Reported, never hidden.
   */
  reclaimedTensors: number;
  /** Set when both sides' outputs or loss were non-finite alike: agreement there says little. */
  uninformative?: string;
  durationMs: number;
  /**
   * Set by triage when every divergence is proven to come from documented
   * tfjs behaviour: the cause of the first divergence (`knownCauses` lists all).
   */
  knownCause?: string;
  knownCauses?: string[];
  /** Diverging cases: kind, layer type and checkpoint of the first divergence no known cause explains (or of the first, when all are known). */
  signature?: string;
  /** Generated cases: a token that reruns exactly this case (`--replay`). */
  replay?: string;
  /** Set by the CLI: where each setting of `config` (and the backend) came from — `flag`, `config`, `pair`, `generated` or `default`. */
  settingSources?: Record<string, string>;
  /** Generated cases that were shrunk: the minimal case. `spec` and `divergences` stay the original's. */
  shrunk?: ShrunkCase;
  /**
   * How the difference evolves: the greatest weight difference at every
   * checkpoint that compared weights, and both sides' loss per step and
   * per `fit` epoch (for the report's plots; no verdict reads it).
   */
  evolution?: Evolution;
  /** The first divergence with element statistics: both sides' values around its first mismatch (the report's heatmap). */
  firstMismatch?: FirstMismatch;
  /** Pair cases: the functional model's graph, read from the built model (spec cases draw theirs from `spec`). */
  graph?: ModelGraph;
  /**
   * Layer modules (`--layer`): the functional side is the twin derived from
   * the layer's own trace. `scope` says what that can and cannot check
   * (plumbing, not arithmetic); the counts say what the trace held.
   */
  twin?: TwinSummary;
  /**
   * Pair cases: how each variable was paired with its twin (rule 4) — by
   * its role (initial value and effect on the outputs), interchangeably, by
   * the closest effect, or by a fallback — and why one stayed unpaired.
   * Variable names are stable (tfjs's counters stripped).
   */
  pairing?: PairingEntry[];
  /**
   * Set when the case diverged only in kinds its config allows (`--allow`):
   * the kinds it showed. Still a divergence, reported in full; the verdict
   * policy counts it `allowed`, not failing.
   */
  allowed?: string[];
  /**
   * `--backends`: each backend's own run of the case (its verdict, and the
   * greatest difference seen from the reference backend, within tolerance
   * or not) and, when the sides differ between backends, the first kernel
   * that differs — replayed on identical inputs — or that no kernel does.
   */
  crossBackend?: CrossBackendRecord;
  /** The kernel a cross-backend divergence was isolated to, with both backends' outputs on identical inputs (what `export` turns into a script). */
  kernelFinding?: KernelFinding;
  /** Observations triage checks known causes against; not written to reports. */
  facts?: CaseFacts;
  /** What `--reference keras` compared, under which tolerance, and what it could not translate. */
  reference?: ReferenceResult;
}
