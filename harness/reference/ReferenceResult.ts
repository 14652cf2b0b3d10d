import type { Untranslated } from './keras/translateLayer';

export type { Untranslated };

/** The reference's checkpoint groups, each with its own calibrated tolerance. */
export const REFERENCE_PHASES = ['forward', 'loss', 'gradients', 'steps'] as const;
export type ReferencePhase = (typeof REFERENCE_PHASES)[number];

/**
 * A tolerance for tfjs vs Keras: |tfjs − keras| ≤ atol + rtol · max(|tfjs|, |keras|),
 * with atol = rtol · floor — one calibrated number a phase.
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
  /** max |a − b| / (floor + max(|a|, |b|)) over the elements: what the tolerance's rtol is calibrated from. */
  maxScaled: number;
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
  /** The tolerance each phase was compared under, and where it comes from. */
  tolerance: Record<ReferencePhase, ReferenceTolerance> & { source: string };
  /** Checkpoints the reference compared. */
  checkpoints: string[];
  /** Checkpoints it did not compare, and why (training-time randomness has no common stream). */
  notCompared?: string;
  comparisons: ReferenceComparison[];
  versions?: { keras: string; tensorflow: string };
}
