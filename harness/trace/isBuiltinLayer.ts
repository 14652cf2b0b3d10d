import { tf } from '../runtime/tf';
import type { TfLayer } from '../architecture/catalogue';

type Registry = Record<string, [new (...a: unknown[]) => unknown, unknown]>;

/**
 * The classes tfjs registered for serialization when it loaded — its own
 * layers (and initializers, regularizers …), read before any user module
 * registers one of its own.
 */
const BUILTIN = new Set(
  Object.values((tf.serialization.SerializationMap.getMap() as unknown as { classNameMap: Registry }).classNameMap).map(
    ([cls]) => cls,
  ),
);

/**
 * Whether a layer is one of tfjs's own leaf layers (`Dense`, `LSTM`,
 * `Bidirectional` …), whose arithmetic and plumbing tfjs's functional
 * machinery already knows: the derived twin applies a fresh copy of it as
 * a node. A custom layer, or a `tf.model` used as a layer, is not: its
 * `call()` is traced into.
 */
export function isBuiltinLayer(layer: TfLayer): boolean {
  return BUILTIN.has(layer.constructor as never) && !(layer instanceof tf.LayersModel);
}
