import type { Untranslated } from './keras/translateLayer';

export type { Untranslated };

/** The reference's checkpoint groups, each with its own calibrated tolerance. */
export const REFERENCE_PHASES = ['forward', 'loss', 'gradients', 'steps'] as const;
export type ReferencePhase = (typeof REFERENCE_PHASES)[number];

/**
 * A tolerance for tfjs vs Keras: |tfjs − keras| ≤ atol + rtol · max(|tfjs|, |keras|) per element, with
 * atol = rtol · scale, the scale of the tensor's group (the largest magnitude among the tensors of its kind at its
 * checkpoint, on either side, at least the calibration's floor: `groupScale`) — one calibrated number a phase.
 * `atol` here is the least one, rtol · floor.
 */
export interface ReferenceTolerance {
  atol: number;
  rtol: number;
}

/** One tensor compared between tfjs and Keras, with its errors (all of them, within tolerance or not). */
export interface ReferenceComparison {
  checkpoint: string;
  key: string;
  total: number;
  /** Elements outside the tolerance. */
  mismatched: number;
  /** Elements whose bits differ at all. */
  differing: number;
  maxAbs: number;
  maxRel: number;
  maxUlp: number;
  /** max |a − b| / (scale + max(|a|, |b|)) over the elements: what the tolerance's rtol is calibrated from. */
  maxScaled: number;
  /** The scale it was compared at (`groupScale`: its kind at its checkpoint); absent in older results. */
  scale?: number;
  /** Set when shapes or dtypes differ (then no element is compared). */
  structural?: string;
}

/** What `--reference keras` did for one case (`cases[i].reference` in the JSON). */
export interface ReferenceResult {
  name: 'keras';
  /** Whether the Keras model ran; when not, `reason` says why (an untranslated layer, a pair, the process). */
  ran: boolean;
  reason?: string;
  /** Everything of the spec without a Keras counterpart; blocking entries keep the reference from running. */
  untranslated: Untranslated[];
  /**
   * The tolerance each phase was compared under, where it comes from, and the least scale a tensor is compared at
   * (absent in results written before tolerances scaled with the tensor).
   */
  tolerance: Record<ReferencePhase, ReferenceTolerance> & { source: string; floor?: number };
  /** Checkpoints the reference compared. */
  checkpoints: string[];
  /** Checkpoints it did not compare, and why (training-time randomness has no common stream). */
  notCompared?: string;
  comparisons: ReferenceComparison[];
  versions?: { keras: string; tensorflow: string };
}
