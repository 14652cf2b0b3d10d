import type { TfLayer } from '../spec/catalogue';
import { tf } from '../tf';
import { SpecSubclass } from './SpecSubclass';

/**
 * Structural keys of one layer's weights: `layerId/param`, where param is
 * the last segment of tfjs's scoped name (`kernel`, `moving_mean`, …).
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
    for (const inner of layer.layers) if (inner.getClassName() !== 'InputLayer') weightKeys(`${layerId}/${inner.name}`, inner, into);
    return;
  }
  const used = new Set<string>();
  for (const w of layer.weights) {
    let key = `${layerId}/${w.originalName.split('/').pop()}`;
    for (let i = 1; used.has(key); i++) key = `${layerId}/${w.originalName.split('/').pop()}#${i}`;
    used.add(key);
    into.set(w.name, key);
  }
}
