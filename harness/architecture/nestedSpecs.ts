import type { LayerSpec, ModelSpec } from './types';

/** The spec a block layer holds (its config is a whole spec), or undefined for any other layer. */
export function blockSpecOf(layer: LayerSpec): ModelSpec | undefined {
  return layer.kind === 'block' ? (layer.config as { spec: ModelSpec }).spec : undefined;
}

/**
 * Every spec in a model, outermost first: the model itself and, recursively,
 * the spec of each of its blocks. Questions about "any layer of the case"
 * (known causes, coverage) must look inside blocks too, because a block's
 * layers are real tfjs layers on both sides.
 */
export function nestedSpecs(spec: ModelSpec): ModelSpec[] {
  return [
    spec,
    ...spec.layers.flatMap((l) => {
      const inner = blockSpecOf(l);
      return inner ? nestedSpecs(inner) : [];
    }),
  ];
}

/** Every layer of a model and of its blocks (block layers included), outermost first. */
export function allLayers(spec: ModelSpec): LayerSpec[] {
  return nestedSpecs(spec).flatMap((s) => s.layers);
}
