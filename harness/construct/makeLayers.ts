import { catalogue, type TfLayer } from '../architecture/catalogue';
import type { LayerSpec, ModelSpec } from '../architecture/types';
import type { Tf } from '../runtime/tf';
import { seededInitializer } from './seededInitializer';
import { seedFor } from '../runtime/seedFor';

/** How a side builds a nested block: spec, seed, name → a layer. */
export type NestedBuilder = (spec: ModelSpec, caseSeed: number, name: string) => TfLayer;

/**
 * Constructs the tfjs layer for one spec layer, with every initializer and
 * random seed derived from (case seed, layer id, param). Both builders call
 * this, so their layers differ only in identity, never in configuration.
 * `configPatch` lets a mutant alter one layer's config.
 */
export function makeLayer(
  tf: Tf,
  layer: LayerSpec,
  caseSeed: number,
  nested: NestedBuilder,
  configPatch?: Record<string, unknown>,
): TfLayer {
  const kind = catalogue.get(layer.kind)!;
  const config = kind.config.parse({ ...(layer.config ?? {}), ...(configPatch ?? {}) });
  const created = kind.create({
    tf,
    name: layer.id,
    config,
    init: (param, name, fallback) => seededInitializer(tf, name ?? fallback, seedFor(caseSeed, layer.id, param)),
    seed: (param) => seedFor(caseSeed, layer.id, param),
    // A block's inner seeds derive from its own id, so two blocks with the same inner spec differ.
    nested: (spec, name) => nested(spec, seedFor(caseSeed, layer.id, 'block'), name),
  });
  if (layer.trainable === false) created.trainable = false;
  return created;
}
