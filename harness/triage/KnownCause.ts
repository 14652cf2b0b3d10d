import type { CaseHooks } from '../checkpoints/CaseHooks';
import type { Divergence } from '../compare/Divergence';
import type { CaseResult } from '../engine/CaseResult';

/** A divergence a cause proved, and how. */
export interface Proof {
  divergence: Divergence;
  evidence: string;
}

/**
 * A documented tfjs behaviour that can explain divergences — never by the
 * look of a case, only by a proof on the case itself:
 *
 * - a **counterfactual**: the case runs again with the cause neutralised
 *   (hooks that patch exactly the tfjs behaviour claimed); the divergences
 *   that vanish are explained, provided nothing else moved; or
 * - a **check** against what the case recorded (`facts`): a predicted
 *   value, an exact object, an exact message.
 *
 * `suspect` only decides whether trying the proof is worth a rerun; it
 * never explains anything. Each cause has a regression fixture that shows
 * it, and near misses (the mutants on that fixture) that it must not explain.
 */
export interface KnownCause {
  id: string;
  summary: string;
  /** The regression fixture(s) under fixtures/regressions/ that record it (a glob). */
  fixture: string;
  /** Whether the case has what this cause needs at all (read from its facts). */
  suspect(r: CaseResult): boolean;
  /** Hooks that neutralise the cause, and what the rerun shows when it explains a divergence. */
  counterfactual?: { hooks(r: CaseResult): CaseHooks; evidence: string };
  /** The divergences of `r` this cause's prediction matches exactly. */
  check?(r: CaseResult): Proof[];
  /**
   * The behaviour varies from run to run (a kernel reading memory it does not own, so its result depends on what
   * ran before). While it is in the case, another cause's rerun may lose a divergence by chance: its counterfactual
   * is tried first, so that what it explains is never claimed by another cause.
   */
  varies?: boolean;
}
