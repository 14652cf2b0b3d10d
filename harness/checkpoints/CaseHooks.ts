import type { Side, SideName } from '../construct/Side';
import type { tf } from '../runtime/tf';

type LayersModel = InstanceType<typeof tf.LayersModel>;

/**
 * Ways to rerun a case with one thing changed — how a known cause is
 * proven: neutralise the cause, rerun, and the divergences it explains
 * must be gone while nothing else moves (triage/explainCase.ts). A normal
 * run has no hooks; nothing here changes what a user's path does.
 */
export interface CaseHooks {
  /** Called on every model the case constructs for a side — each build, before its first call, and each model `reload` loads. */
  afterConstruct?(side: Side): void;
  /** Called on the model a side is about to fit (the functional model, or the subclass wrapped in `tf.model`); returns an undo. */
  beforeFit?(model: LayersModel, side: SideName): (() => void) | void;
  /**
   * Called on the Keras model a reference translates (`--reference keras`) before it is built: a
   * counterfactual imitates in Keras exactly the tfjs behaviour a cause claims (the layers as
   * keras_reference.py instantiates them).
   */
  referenceModel?: (model: { layers: { id: string; class: string; config: Record<string, unknown> }[] }) => void;
  /**
   * Called on the Keras optimizer a reference translates: a counterfactual may ask keras_reference.py for
   * tfjs's own update formula instead (`class: 'tfjs:Adam'`), to prove a step divergence is that formula.
   */
  referenceOptimizer?: (optimizer: { class: string; config: Record<string, number | boolean> }) => void;
  /** Wraps the whole case (e.g. to swap a backend kernel in and out). */
  around?<T>(run: () => Promise<T>): Promise<T>;
}
