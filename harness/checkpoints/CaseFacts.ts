import type { SideName } from '../construct/Side';

/** A layer of a side, as the case saw it at build. */
export interface LayerFact {
  className: string;
  name: string;
  /** Symbolic applications (graph nodes) — see `applicationsOf`. */
  applications: number;
  /** Regularization penalties it holds (its own, not its sublayers'). */
  penalties: number;
  /** A `tf.LayersModel` used as a layer. */
  container: boolean;
  /** Masks it can start: a Masking layer, or an Embedding with `maskZero`. */
  masks: boolean;
}

/** What the `dispose` checkpoint saw on one side. */
export interface DisposeFact {
  /** Variables the side registered at build that are still alive after its `dispose()`. */
  survivors: string[];
  /** Read before `dispose()`: the weights of layers applied more than once, or inside a model applied more than once. */
  multiplyApplied: string[];
}

/** What the `reload` checkpoint saw on one side. */
export interface ReloadFact {
  /** Weight names (as `loadWeights` reads them) that two weights of the model share, first one first, with the top-level layers holding them. */
  duplicates: { name: string; owners: string[] }[];
}

/**
 * Observations a case records for triage — plain data about the built
 * models, never a verdict. Known causes check their claims against these
 * (and against reruns); reports do not show them.
 */
export interface CaseFacts {
  layers?: Partial<Record<SideName, LayerFact[]>>;
  dispose?: Partial<Record<SideName, DisposeFact>>;
  reload?: Partial<Record<SideName, ReloadFact>>;
  /** Layer classes the fitted models held, per side (the subclass wrapped in `tf.model`): outputs per node of each. */
  fit?: Partial<Record<SideName, { className: string; outputsPerNode: number }[]>>;
}
