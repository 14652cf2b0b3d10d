import { tf } from '../runtime/tf';
import { tensorIds } from '../trace/tensorsIn';
import type { TfLayer } from '../architecture/catalogue';

/** One eager application of a layer: the ids of the tensors it took and returned. */
export interface LayerCall {
  layer: TfLayer;
  inputs: number[];
  outputs: number[];
  /** Whether the call passed a `mask` argument. */
  masked: boolean;
}

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
    const ins = tensorIds(inputs);
    if (ins.length > 0)
      calls.push({
        layer: this,
        inputs: ins,
        outputs: tensorIds(out),
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
