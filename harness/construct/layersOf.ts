import { tf } from '../runtime/tf';
import type { TfLayer } from '../architecture/catalogue';

/**
 * Every layer inside a net, outermost first, the net itself excluded: a
 * `tf.LayersModel`'s layers (nested models recursively), and for a Layer
 * subclass the layers it holds in its fields — directly, in arrays, Maps,
 * Sets or plain objects (SpecSubclass keeps a Map). tfjs gives a custom
 * layer no list of its sublayers; its fields are where a user puts them.
 * Input layers are left out: they hold nothing and run nothing.
 */
export function layersOf(net: TfLayer): TfLayer[] {
  const seen = new Set<unknown>([net]);
  const out: TfLayer[] = [];
  const visit = (layer: TfLayer) => {
    if (seen.has(layer)) return;
    seen.add(layer);
    if (classNameOf(layer) !== 'InputLayer') out.push(layer);
    children(layer).forEach(visit);
  };
  children(net).forEach(visit);
  return out;
}

function children(layer: TfLayer): TfLayer[] {
  if (layer instanceof tf.LayersModel) return layer.layers;
  const found: TfLayer[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, depth: number) => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 3) return;
    seen.add(value);
    if (value instanceof tf.layers.Layer) {
      found.push(value);
      return;
    }
    // Tensors, variables and tfjs's own bookkeeping (nodes, specs) hold no layers of this one's.
    if (value instanceof tf.Tensor || ArrayBuffer.isView(value)) return;
    const items =
      value instanceof Map || value instanceof Set
        ? [...value.values()]
        : Array.isArray(value)
          ? value
          : Object.getPrototypeOf(value) === Object.prototype
            ? Object.values(value)
            : [];
    for (const item of items) walk(item, depth + 1);
  };
  for (const [key, value] of Object.entries(layer)) {
    // Graph links point at other layers, not at parts of this one.
    if (
      key === 'inboundNodes' ||
      key === 'outboundNodes' ||
      key === '_trainableWeights' ||
      key === '_nonTrainableWeights'
    )
      continue;
    walk(value, 0);
  }
  return found;
}

/**
 * How many times a layer has been applied symbolically — the graph nodes
 * it is the outbound layer of, apart from the internal node a `tf.model`
 * makes for itself (which has no inbound layers). tfjs counts a layer's
 * references the same way (`_refCount` grows per application).
 */
export function applicationsOf(layer: TfLayer): number {
  return layer.inboundNodes.filter((n) => n.inboundLayers.length > 0).length;
}

/**
 * A layer's class name as tfjs knows it (`static className`), or the JS
 * class name for a user class that declares none (tfjs then returns
 * undefined, and nothing about the user's model may crash the harness).
 */
export function classNameOf(layer: TfLayer): string {
  return layer.getClassName() ?? (layer.constructor as { name?: string }).name ?? 'Layer';
}
