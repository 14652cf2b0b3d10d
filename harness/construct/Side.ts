import type { Tensor } from '@tensorflow/tfjs';
import type { TfLayer } from '../architecture/catalogue';
import type { LayerCall } from './traceLayerCalls';

/** Which construction: the `tf.layers.Layer` subclass, or the `tf.model` graph. */
export type SideName = 'subclass' | 'functional';

/** The two side names in the order every report lists them. */
export const SIDES: readonly SideName[] = ['subclass', 'functional'];

/** A tfjs weight (`LayerVariable`). */
export type Weight = TfLayer['weights'][number];

/**
 * One built construction. `net` is what a user holds — a `LayersModel`
 * (which is itself a Layer) or an instance of a Layer subclass — and the
 * engine only ever talks to it through tfjs's public Layer API.
 */
export interface Side {
  name: SideName;
  net: TfLayer;
  /**
   * Structural key (`layerId/param`) of every weight the builder created,
   * by the weight's tfjs name. Keys, not tfjs names, align the sides: tfjs
   * names carry global counters that differ between sides and runs.
   * Absent for pair modules, which are aligned by value.
   */
  keys?: Map<string, string>;
  /** Every node's activation (spec sides), for naming the first divergent node. */
  activations?(inputs: Tensor[], training: boolean): Record<string, Tensor>;
  /** Output shapes (batch excluded), used to make targets. */
  outputShapes: number[][];
  /**
   * Names of the tfjs variables registered while this side was built and
   * warmed up — exposed or not — for the `dispose` checkpoint.
   */
  createdVariables?: string[];
  /** The layer calls of its first eager call, and that call's input and output tensor ids (pair alignment reads the graph from it). */
  trace?: { calls: LayerCall[]; inputs: number[]; outputs: number[] };
  /**
   * Each weight's measured effect on the outputs, by position in
   * `net.weights` (pair modules: measured on a replica, see `variableEffects`);
   * pairing by role reads it.
   */
  effects?: { inference?: Float32Array; training?: Float32Array }[];
}
