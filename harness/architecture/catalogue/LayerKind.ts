import type { z } from 'zod';
import type { Tf } from '../../runtime/tf';
import type { DType, ModelSpec, Shape } from '../types';

/** A tfjs initializer as returned by `tf.initializers.*`. */
export type Initializer = ReturnType<Tf['initializers']['zeros']>;
/** A tfjs layer instance. */
export type TfLayer = InstanceType<Tf['layers']['Layer']>;

/** What a catalogue entry gets when it constructs its tfjs layer. */
export interface CreateContext<C> {
  tf: Tf;
  /** tfjs layer name (the spec layer id). */
  name: string;
  config: C;
  /**
   * A seeded initializer for one parameter. The seed derives from
   * (case seed, layer id, param), so both sides get the same values.
   */
  init: (param: string, kind: string | undefined, fallback: string) => Initializer;
  /** A seed for a layer's own randomness (dropout masks). Never 0: tfjs treats seed 0 as unseeded. */
  seed: (param: string) => number;
  /**
   * Builds a nested block the way this side builds whole models — a
   * `tf.model` on the functional side, a Layer subclass on the subclass
   * side — seeded from this layer, named `name`.
   */
  nested: (spec: ModelSpec, name: string) => TfLayer;
}

/** Input shape and dtype of one application. */
export interface TypedShape {
  shape: Shape;
  dtype: DType;
}

/**
 * Reads small choices from a generator's recipe. Every method maps a
 * recipe entry of 0 (and an exhausted recipe) to its simplest answer, so
 * shrinking the recipe toward zeros and shortening it simplifies the model.
 */
export interface Picker {
  /** An integer in [lo, hi]; simplest is lo. */
  int(lo: number, hi: number): number;
  /** Simplest is false. */
  bool(): boolean;
  /** One of the options; simplest is the first. */
  pick<T>(options: readonly T[]): T;
}

/** What one input of a kind must look like; the generator repairs shapes to fit. */
export interface InputNeed {
  /** Rank (batch excluded): exact, or a minimum. */
  rank: number | { min: number };
  /** Defaults to float32. */
  dtype?: 'float32' | 'int32';
  /** Largest dimension the kind handles comfortably (keeps cases fast). */
  maxSize?: number;
}

/**
 * One layer type of the catalogue. Shape rules live here, next to the
 * constructor, so that validation predicts exactly what tfjs will accept.
 */
export interface LayerKind<C = Record<string, unknown>> {
  /** Spec kind, e.g. `dense`. */
  kind: string;
  /** The tfjs class name it builds, e.g. `Dense` (for coverage views). */
  className: string;
  /** `merge` layers take two or more inputs; `unary` exactly one. */
  arity: 'unary' | 'merge';
  /** Strict schema of the spec's `config` for this kind. */
  config: z.ZodType<C>;
  /** Output of one application (the first, for a layer with several); throws {@link ShapeConflict} when tfjs would reject it. */
  output(inputs: TypedShape[], config: C): TypedShape;
  /**
   * Every output of one application, for a kind that may return several
   * tensors (a recurrent layer with `returnState`, a block with several
   * outputs); absent means one. The first equals {@link output}'s.
   */
  outputs?(inputs: TypedShape[], config: C): TypedShape[];
  /** How many tensors one application returns, from the config alone (for validation); absent means one. */
  outputCount?(config: C): number;
  /**
   * What one instance fixes at its first application (e.g. a Dense's input
   * width). Later applications of a shared layer must have the same value.
   */
  signature?(inputs: TypedShape[], config: C): string;
  /** Builds the tfjs layer. */
  create(ctx: CreateContext<C>): TfLayer;
  /** What each input must look like (for the generator). */
  input: InputNeed;
  /**
   * Draws a config that fits these inputs (already repaired to `input`),
   * from simplest (all choices 0) to richer. Used by the generator.
   */
  sample(p: Picker, inputs: TypedShape[]): C;
}

/** Raised by shape rules: the architecture is well-formed but tfjs must reject it. */
export class ShapeConflict extends Error {}

/**
 * Raised by shape rules for architectures tfjs accepts but parity-check
 * does not run: an axis of length zero (tfjs builds it and computes empty
 * tensors). Validation turns it into an invalid-spec error.
 */
export class UnsupportedShape extends Error {}

/** Every output shape of one application of `kind` (one, unless the kind returns several). */
export function outputsOf<C>(kind: LayerKind<C>, inputs: TypedShape[], config: C): TypedShape[] {
  return kind.outputs ? kind.outputs(inputs, config) : [kind.output(inputs, config)];
}
