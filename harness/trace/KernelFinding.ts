import type { KernelCall, KernelTensor } from './recordKernels';

/** How far two backends' values of one kernel (or one compared tensor) are apart. */
export interface BackendDifference {
  mismatched: number;
  total: number;
  maxAbs: number;
  maxRel: number;
  maxUlp: number;
  /** The first element beyond the tolerance, with the reference backend's and the other backend's values. */
  first?: { index: number[]; reference: number; other: number };
}

/**
 * One kernel that computes other values on two backends from identical
 * inputs: the proof that it, not accumulated rounding, makes a case
 * differ between backends. Plain data with every value needed to run the
 * kernel again anywhere (`parity-check export` turns it into a script).
 */
export interface KernelFinding {
  /** The reference backend, then the one that differs from it. */
  backends: [string, string];
  /** The kernel as traced on the reference backend: name, attributes, input values (and its outputs there). */
  call: KernelCall;
  /** What each of the two backends returned when the kernel was replayed on those very input values. */
  outputs: Record<string, KernelTensor[]>;
  /** The replays' difference, under `tolerance`. */
  difference: BackendDifference;
  tolerance: string;
  /** Where it was met: the side and checkpoint of the case (absent for a `--kernels` case). */
  side?: string;
  checkpoint?: string;
  /** Set when a known cause is proven on this finding: its id, and how. */
  cause?: string;
  evidence?: string;
}

/** One backend's run of a case in `--backends` mode. */
export interface BackendRun {
  backend: string;
  verdict: string;
  /** The run's own subclass-vs-functional divergences (exact, as on one backend). */
  divergences: number;
  /** TensorFlow's version and settings, on `tensorflow`. */
  tensorflow?: string;
}

/** One side compared between the reference backend and another, over every value the case compared. */
export interface BackendPairRecord {
  backend: string;
  side: string;
  /** Tensors compared; those beyond the tolerance. */
  compared: number;
  differing: number;
  /** The greatest difference seen, within the tolerance or not (what calibrates the tolerance). */
  maxAbs: number;
  maxRel: number;
  maxUlp: number;
}

/** What `--backends` recorded for one case. */
export interface CrossBackendRecord {
  reference: string;
  tolerance: string;
  runs: BackendRun[];
  pairs: BackendPairRecord[];
  /**
   * Where the first cross-backend divergence comes from: `kernel` (one
   * kernel differs on identical inputs: see the case's `kernelFinding`),
   * `rounding` (every kernel whose outputs differ agrees when replayed on
   * identical inputs: accumulated rounding, no kernel blamed), or
   * `unaligned` (the two backends ran different kernels: nothing to replay).
   */
  isolation?: { kind: 'kernel' | 'rounding' | 'unaligned'; message: string };
}
