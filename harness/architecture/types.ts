/**
 * The spec: a versioned JSON description of an architecture. Layer instances
 * (`layers`) are separate from their applications (`nodes`), which is what
 * makes a shared layer expressible.
 */

/** Shape of one example: the batch dimension is excluded. */
export type Shape = number[];

/** Element types a spec input can have. */
export type DType = 'float32' | 'int32';

/** An input's shape: like {@link Shape}, but an axis may be `null` for a variable length (a sequence of any length). */
export type InputShape = (number | null)[];

/** A model input. */
export interface InputSpec {
  id: string;
  shape: InputShape;
  /** Defaults to `float32`. `int32` inputs draw integers from [0, maxValue). */
  dtype?: DType;
  /** Exclusive upper bound for `int32` inputs (default 10). */
  maxValue?: number;
  /**
   * A fixed batch size (`tf.input({batchShape})`), which a stateful RNN
   * needs; every input of the spec gives the same one, and the case's batch
   * is this one whatever the case config says.
   */
  batchSize?: number;
}

/** One layer instance; it may be applied by several nodes (a shared layer). */
export interface LayerSpec {
  id: string;
  /** A catalogue kind, e.g. `dense`, `conv2d`, `lstm`. */
  kind: string;
  /** Kind-specific options, validated by the catalogue entry's schema. */
  config?: Record<string, unknown>;
  /** `false` freezes the layer (tfjs `layer.trainable = false`) on both sides. */
  trainable?: boolean;
  /**
   * `layer.trainable` set between custom-loop steps, as user code freezes
   * or unfreezes a layer mid-training: before step `beforeStep` (2 or
   * later) both sides set it to `trainable`. Read on the case's own layers
   * (a nested block's layers take none); `model.fit` runs without it.
   */
  trainableSchedule?: TrainableChange[];
}

/** One change of a layer's `trainable` flag in a {@link LayerSpec.trainableSchedule}. */
export interface TrainableChange {
  /** The custom-loop step (1-based) the change comes before. */
  beforeStep: number;
  trainable: boolean;
}

/** One application of a layer to earlier nodes or inputs. */
export interface NodeSpec {
  id: string;
  /** Id of a layer in `layers`. */
  layer: string;
  /** Ids of inputs or earlier nodes; merge layers take two or more. */
  inputs: string[];
}

/**
 * How the subclass construction holds its sublayers: a `Map` by id (the
 * default), one array, or one plain object keyed by id — the three ways
 * hand-written layers keep them. tfjs tracks sublayers in none of them
 * (nor in plain fields): a Layer subclass must expose their weights itself.
 * The functional construction ignores it.
 */
export type SubclassHolding = 'map' | 'array' | 'object';

/** A complete architecture. */
export interface ModelSpec {
  version: 1;
  name: string;
  description?: string;
  /** How the subclass side holds its sublayers (default `map`); see {@link SubclassHolding}. */
  subclassHolding?: SubclassHolding;
  inputs: InputSpec[];
  layers: LayerSpec[];
  nodes: NodeSpec[];
  /** Ids of nodes (or inputs) that are the model's outputs. */
  outputs: string[];
}
