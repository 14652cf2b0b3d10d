import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../runtime/tf';
import type { TfLayer } from '../architecture/catalogue';

/** One eager application of a layer: the ids of the tensors it took and returned. */
export interface LayerCall {
  layer: TfLayer;
  inputs: number[];
  outputs: number[];
  /** Whether the call passed a `mask` argument. */
  masked: boolean;
}

const ids = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(ids) : x instanceof tf.Tensor ? [x.id] : []);

/**
 * Runs `run` and records every eager `apply` of every layer meanwhile, by
 * wrapping `Layer.prototype.apply` for the duration: a custom layer calls
 * its sublayers' `apply`, and tfjs's functional executor calls each
 * layer's `apply` too, so both constructions are seen the same way. What
 * flows between layers (tensor ids) is the graph a subclass never declares.
 */
export function traceLayerCalls<T>(run: () => T): { result: T; calls: LayerCall[] } {
  const proto = tf.layers.Layer.prototype as unknown as {
    apply: (this: TfLayer, inputs: unknown, kwargs?: unknown) => unknown;
  };
  const original = proto.apply;
  const calls: LayerCall[] = [];
  proto.apply = function (this: TfLayer, inputs: unknown, kwargs?: unknown) {
    const out = original.call(this, inputs, kwargs);
    const ins = ids(inputs);
    if (ins.length > 0)
      calls.push({
        layer: this,
        inputs: ins,
        outputs: ids(out),
        masked: (kwargs as { mask?: unknown } | undefined)?.mask != null,
      });
    return out;
  };
  try {
    return { result: run(), calls };
  } finally {
    proto.apply = original;
  }
}

/** The tensors a value holds, flattened. */
export function tensorsIn(x: unknown): Tensor[] {
  return Array.isArray(x) ? x.flatMap(tensorsIn) : x instanceof tf.Tensor ? [x as Tensor] : [];
}
