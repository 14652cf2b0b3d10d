import type { TfLayer } from '../architecture/catalogue';
import { tf } from '../runtime/tf';
import { SpecSubclass } from './SpecSubclass';

/**
 * Structural keys of one layer's weights: `layerId/param`, where param is
 * the weight's tfjs name below the layer's own name scope: `kernel`,
 * `moving_mean`, or for weights a layer builds in inner scopes
 * `forward_lstm/kernel` (bidirectional), `RNNCell_0/kernel` (stacked cells).
 * Both builders derive keys with this one function, from the spec layer id,
 * so the same weight gets the same key on both sides. A nested block's
 * weights are keyed through it: `blockId/innerLayerId/param`.
 */
export function weightKeys(layerId: string, layer: TfLayer, into: Map<string, string>): void {
  if (layer instanceof SpecSubclass) {
    for (const [id, inner] of layer.sublayers) weightKeys(`${layerId}/${id}`, inner, into);
    return;
  }
  if (layer instanceof tf.LayersModel) {
    for (const inner of layer.layers)
      if (inner.getClassName() !== 'InputLayer') weightKeys(`${layerId}/${inner.name}`, inner, into);
    return;
  }
  const used = new Set<string>();
  for (const w of layer.weights) {
    const param = paramPath(w.originalName, layer.name);
    let key = `${layerId}/${param}`;
    for (let i = 1; used.has(key); i++) key = `${layerId}/${param}#${i}`;
    used.add(key);
    into.set(w.name, key);
  }
}

/**
 * The part of a scoped weight name below the layer's own scope. The scopes
 * above it differ between the sides (the subclass side adds its own name),
 * the ones below are the layer's own doing and agree. Falls back to the
 * last segment when the layer's name is not among the scopes.
 */
export function paramPath(originalName: string, layerName: string): string {
  const parts = originalName.split('/');
  const own = parts.length < 2 ? -1 : parts.lastIndexOf(layerName, parts.length - 2);
  return own < 0 ? parts[parts.length - 1] : parts.slice(own + 1).join('/');
}
