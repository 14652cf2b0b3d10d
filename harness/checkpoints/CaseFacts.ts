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
  /** Its `trainable` flag. */
  trainable?: boolean;
  /** A dropout-family layer's `seed` (undefined: none, or not such a layer). */
  dropoutSeed?: number;
  /** Its random initializers (`kernelInitializer` …): class, distribution (variance scaling) and seed (null when it has none). */
  initializers?: { field: string; className: string; distribution?: string; seed: number | null }[];
  /** A graph node of it stores `training: true` as a call argument (`layer.apply(x, { training: true })` in a graph). */
  trainingOnNode?: boolean;
  /** Most tensors one of its graph nodes returns (2 and more: a layer with several outputs inside a `tf.model`). */
  outputsPerNode?: number;
}

/** What building and the first (eager) call showed on one side. */
export interface BuildFact {
  /** Variables created but not exposed as weights that are weights of a layer the side holds or called (a sublayer's). */
  unexposedSublayerWeights: string[];
  /** Variables created but not exposed that no layer holds (a bare `tf.variable`). */
  unexposedBare: string[];
  /** Output shapes of the first (eager) call, batch excluded. */
  eagerOutputShapes: number[][];
  /** Whether the side's own class defines `getConfig` (rather than inheriting tfjs's Layer default). */
  ownGetConfig: boolean;
  /** Layer classes it holds (itself included) that tfjs's serialization map does not know: `loadLayersModel` cannot rebuild them. */
  unregisteredClasses: string[];
  /** Layers it holds with `trainable = false` whose weights the side still lists as trainable. */
  frozenButTrainable: string[];
  /** Distinct regularization penalties its layers hold after the first call. */
  penaltiesHeld: number;
  /** Layers the first call applied to the output of a mask-making layer (Masking, Embedding with `maskZero`) without a `mask` argument. */
  unmaskedAfterMask: string[];
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
  /** The first build, per side (read after its first call). */
  build?: Partial<Record<SideName, BuildFact>>;
  /** The weights each side exposed at `init` (after its first call). */
  exposed?: Partial<Record<SideName, { trainable: number; nonTrainable: number }>>;
  /** Per side: whether its training-mode call (`forward-training`) returned exactly what its inference call (`forward`) did. */
  trainingIgnored?: Partial<Record<SideName, boolean>>;
  /** How the custom loop ran: `training: true` passed per side, one optimizer shared, and the regularization losses each side's `calculateLosses()` returned at step 1. */
  loop?: {
    training: Record<SideName, boolean>;
    sharedOptimizer: boolean;
    penalties: Partial<Record<SideName, number>>;
  };
  /** What `compile` saw on the fresh, never-called build `fit` trains: the trainable weights it collected and the model's symbolic output shapes (batch excluded). */
  compiled?: Partial<Record<SideName, { trainable: number; outputShapes: (number | null)[][] }>>;
}
